"""Reports legal can use (issue 17).

- Page one of the Markdown, HTML and PDF reports states the verdict with its reasons — rule, clause,
  the numbers, the lineage path and whether it rests on inferred lineage — before any table.
- One count: every format (text, JSON, Markdown, HTML, SARIF, JUnit, PDF) reports the same numbers.
- The obligations checklist holds only what the organisation must do; governing law and terms the
  licensor may change are facts to know, listed apart (decided by the rule's ``fact: true``).
- A reproducibility block (report id, versions, input hashes, data dates, command) and a sign-off block.
- ``--format pdf``: paginated, headings kept with their content, read back as text.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from modelaudit.errors import UsageError
from modelaudit.formats import render, render_bytes
from modelaudit.results import AuditReport
from pdf_helpers import pdf_text
from report_factory import R1_LLAMA, REPO_ROOT, build_report

GEMMA = "google/gemma-2-9b"
QWEN_RESEARCH = "Qwen/Qwen2.5-3B"
MISSING = "Qwen/Qwen2-Math-1.5B-Instruct"
LARGE = REPO_ROOT / "examples" / "profiles" / "large-platform.yaml"


@pytest.fixture(scope="module")
def blocked() -> AuditReport:
    """R1-Distill-Llama for an 800M-MAU platform: blocked by Llama 3.3 §2 through inferred lineage."""
    return build_report([R1_LLAMA], profile="large-platform")


@pytest.fixture(scope="module")
def several() -> AuditReport:
    return build_report([R1_LLAMA, GEMMA, QWEN_RESEARCH, MISSING], profile="startup")


@pytest.fixture(scope="module")
def pdf_pages(several: AuditReport) -> list[str]:
    return pdf_text(render_bytes(several, "pdf"))


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- page one: the verdict and its reasons before any table -----------------------------------------------------

REASON = ("mau-threshold-exceeded", "llama3.3 §2", "above 700,000,000 monthly active users",
          "the profile states 800,000,000", "meta-llama/Llama-3.3-70B-Instruct → deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
          "inferred lineage")


def test_markdown_states_the_verdict_and_its_reasons_before_any_table(blocked: AuditReport) -> None:
    text = render(blocked, "markdown")
    first_table = text.index("\n| ")
    page_one = _flat(text[:first_table].replace("\\", ""))
    assert page_one.index("## Verdict") < page_one.index("**BLOCK**")
    assert "**inferred**" in page_one and "1 finding decides it" in page_one
    for part in REASON:
        assert part in page_one.replace("**", ""), part


def test_html_states_the_verdict_and_its_reasons_before_any_table(blocked: AuditReport) -> None:
    page = render(blocked, "html")
    before = unescape(re.sub(r"<[^>]+>", " ", page[page.index("<main>"):page.index("<table")]))
    for part in REASON:
        assert part in _flat(before), part


def test_pdf_page_one_states_the_verdict_and_its_reasons_before_any_table(blocked: AuditReport) -> None:
    first = _flat(pdf_text(render_bytes(blocked, "pdf"))[0])
    head = first[:first.index("Summary Item Value")]  # the first table: its heading and header row
    for part in REASON:
        assert part.replace("→", "->") in head, part


def test_a_passing_model_says_nothing_stands_in_the_way() -> None:
    report = build_report(["EleutherAI/pythia-6.9b"], profile="startup")
    assert report.verdict.value == "pass"
    text = render(report, "markdown")
    assert "No finding of warn severity or worse." in text[:text.index("\n| ")]


# -- one count in every format ---------------------------------------------------------------------------------


def _expected(report: AuditReport) -> list[dict[str, int]]:
    """The counting rule written out from the findings themselves."""
    out = []
    for m in report.results:
        active = [f for f in m.findings if not f.waived]
        out.append({"findings": sum(not f.obligation and not f.fact for f in active), "obligations": len(m.obligations),
                    "facts": len(m.facts), "waived": len(m.findings) - len(active)})
    return out


def test_every_format_reports_the_same_counts(several: AuditReport, pdf_pages: list[str]) -> None:
    expected = _expected(several)
    assert all(e["facts"] for e in expected[:3]) and all(e["obligations"] for e in expected[:3])
    summaries = [m.counts.summary() for m in several.results]
    # Data formats: the counts as data.
    doc = json.loads(render(several, "json"))
    assert [r["counts"] for r in doc["results"]] == expected
    assert doc["counts"] == {k: sum(e[k] for e in expected) for k in expected[0]}
    sarif = json.loads(render(several, "sarif"))["runs"][0]
    assert [m["counts"] for m in sarif["properties"]["models"]] == expected
    for model, want in zip(several.results, expected, strict=True):
        counted = [r["properties"]["counted_as"] for r in sarif["results"] if r["properties"]["model"] == model.model]
        assert counted.count("finding") == want["findings"] and counted.count("waived") == want["waived"]
        # Obligation findings are merged into checklist items, so there are at least as many as items.
        assert counted.count("obligation") >= want["obligations"] and counted.count("fact") >= want["facts"]
    # Human formats: the same sentence.
    junit = ET.fromstring(render(several, "junit").encode("utf-8"))
    texts = {"text": render(several, "text"), "markdown": render(several, "markdown"),
             "html": unescape(render(several, "html")), "pdf": _flat("\n".join(pdf_pages)),
             "junit": "\n".join(c.findtext("system-out") or "" for c in junit.iter("testcase"))}
    for fmt, text in texts.items():
        for summary in summaries:
            assert summary in text, (fmt, summary)


# -- obligations are what to do; facts what to know ------------------------------------------------------------


def test_governing_law_and_unilateral_change_are_facts_not_obligations(blocked: AuditReport) -> None:
    model = blocked.results[0]
    assert {o.term for o in model.facts} == {"governing_law", "unilateral_change"}
    assert not {"governing_law", "unilateral_change"} & {o.term.split(":")[0] for o in model.obligations}
    by_rule = {f.rule: f for f in model.findings}
    assert by_rule["governing-law"].fact and not by_rule["governing-law"].obligation
    assert by_rule["attribution-duties"].obligation and not by_rule["attribution-duties"].fact
    doc = json.loads(render(blocked, "json"))["results"][0]
    assert [f["term"] for f in doc["facts"]] == [o.term for o in model.facts]
    assert all(f["term"] not in ("governing_law", "unilateral_change") for f in doc["obligations"])


def test_which_rules_list_facts_is_data() -> None:
    from modelaudit.policy.rules import default_policy, policy_from_mapping

    facts = {r.id for r in default_policy().rules if r.fact}
    assert facts == {"governing-law", "unilateral-change"}
    rule = {"id": "law", "description": "Law.", "term": "governing_law", "severity": "info", "message": "{term.law}"}
    own = policy_from_mapping({"rules": [{**rule, "fact": True}]}).rule("law")
    assert own is not None and own.fact and not own.obligation
    with pytest.raises(UsageError, match="obligations or as facts, not both"):
        policy_from_mapping({"rules": [{**rule, "obligation": True, "fact": True}]})
    with pytest.raises(UsageError, match=r"fact.*expected true or false"):
        policy_from_mapping({"rules": [{**rule, "fact": "yes"}]})


def test_a_policy_can_make_governing_law_a_duty_again() -> None:
    import modelaudit

    policy = {"extends": "default", "disable": ["governing-law"], "rules": [
        {"id": "venue-duty", "description": "Accept the venue.", "term": "governing_law", "severity": "warn",
         "obligation": True, "when": {"in": ["license.category", ["open-weight-restricted"]]},
         "message": "{license.name} ({term.clause}): disputes go to {term.venue}."}]}
    model = modelaudit.check(R1_LLAMA, policy=policy, offline=True).results[0]
    assert "governing_law" in {o.term for o in model.obligations}
    assert "governing_law" not in {o.term for o in model.facts}


# -- reproducibility and sign-off ------------------------------------------------------------------------------


def test_the_report_id_is_stable_for_the_same_audit_and_changes_with_it(blocked: AuditReport) -> None:
    again = build_report([R1_LLAMA], profile="large-platform", generated_at="2030-01-01T00:00:00+00:00")
    assert again.report_id == blocked.report_id, "the time a report is made is not part of what it says"
    other = build_report([R1_LLAMA], profile="startup")
    assert other.report_id != blocked.report_id
    assert re.fullmatch(r"ma-[0-9a-f]{24}", blocked.report_id)
    assert json.loads(render(blocked, "json"))["report_id"] == blocked.report_id


def test_inputs_are_pinned_by_their_hashes(blocked: AuditReport) -> None:
    inputs = {i.role: i for i in blocked.inputs}
    assert inputs["profile"].sha256 == hashlib.sha256(LARGE.read_bytes()).hexdigest()
    default = REPO_ROOT / "rules" / "default.yaml"
    assert inputs["policy"].source == "default"
    assert inputs["policy"].sha256 == hashlib.sha256(default.read_bytes()).hexdigest()
    assert inputs["waivers"].sha256 is None
    assert inputs["snapshot"].detail.startswith("snapshot of 2026-") and inputs["snapshot"].sha256
    assert re.fullmatch(r"[0-9a-f]{64}", inputs["knowledge base"].sha256 or "")


def test_input_hashes_follow_the_files(tmp_path: Path) -> None:
    import modelaudit

    profile = tmp_path / "org.yaml"
    waivers = tmp_path / "waivers.yaml"
    profile.write_text("monthly_active_users: 10\nuses: [commercial]\n", encoding="utf-8")
    waivers.write_text("waivers: []\n", encoding="utf-8")
    first = modelaudit.check(R1_LLAMA, profile=profile, waivers=waivers, offline=True)
    hashes = {i.role: i.sha256 for i in first.inputs}
    assert hashes["profile"] == hashlib.sha256(profile.read_bytes()).hexdigest()
    assert hashes["waivers"] == hashlib.sha256(waivers.read_bytes()).hexdigest()
    profile.write_text("monthly_active_users: 10\nuses: [commercial]\n# reviewed\n", encoding="utf-8")
    second = modelaudit.check(R1_LLAMA, profile=profile, waivers=waivers, offline=True)
    assert {i.role: i.sha256 for i in second.inputs}["profile"] != hashes["profile"]
    assert second.report_id != first.report_id, "a changed input file is a different audit"
    data = modelaudit.check(R1_LLAMA, profile={"monthly_active_users": 10}, offline=True)
    assert {i.role: i.source for i in data.inputs}["profile"] == "given as data"


@pytest.mark.parametrize("fmt", ["markdown", "html", "pdf"])
def test_legal_formats_carry_the_reproducibility_and_sign_off_blocks(blocked: AuditReport, fmt: str) -> None:
    if fmt == "pdf":
        text = _flat("\n".join(pdf_text(render_bytes(blocked, "pdf"))))
    else:
        text = _flat(unescape(re.sub(r"<[^>]+>", " ", render(blocked, fmt))) if fmt == "html" else render(blocked, fmt))
    repro = text[text.index("Reproducibility", text.index("Policy rules") if "Policy rules" in text else 0):]
    for record in blocked.inputs:
        if record.sha256:
            assert record.sha256 in repro, (fmt, record.role)
    assert blocked.report_id in repro and "bundled Hub snapshot of 2026-11-22" in repro
    assert f"modelaudit check {R1_LLAMA}@" in repro and "--profile examples/profiles/large-platform.yaml" in repro
    if fmt == "pdf":
        assert "--format pdf -o modelaudit-report.pdf" in repro, "the command writes the PDF to a file"
    sign = text[text.index("Review and approval"):]
    for word in ("Reviewed by", "Approved by", "Name", "Role", "Date", "Signature"):
        assert word in sign, (fmt, word)


# -- PDF -------------------------------------------------------------------------------------------------------

PAGE = re.compile(r"Page (\d+) of (\d+)")
HEADING = re.compile(r"^(Verdict|Summary|Organisation profile|Models audited|Lineage|Effective licences|Openness|"
                     r"Reproducibility|Review and approval|Every lineage node at its revision|"
                     r"(Findings|Obligations checklist|Facts to know|Waivers applied) \(\d+\)|\d+\. \S+: [A-Z]+( \(.*)?)$")


def test_pdf_pages_are_numbered_and_headings_stay_with_their_content(pdf_pages: list[str]) -> None:
    total = len(pdf_pages)
    assert total >= 5, "four models make a multi-page report"
    for number, text in enumerate(pdf_pages, 1):
        assert PAGE.findall(text) == [(str(number), str(total))], number
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not PAGE.search(line) and not line.startswith("modelaudit report ma-")]
        assert body and not HEADING.match(body[-1]), f"page {number} ends with the heading {body[-1]!r}"
    headings = [line.strip() for text in pdf_pages for line in text.splitlines() if HEADING.match(line.strip())]
    assert headings[0] == "Verdict" and headings[-1] == "Review and approval"
    assert sum(h.startswith("Facts to know") for h in headings) == 4, "one facts section per model"


def test_pdf_is_the_same_bytes_for_the_same_report(several: AuditReport) -> None:
    first = render_bytes(several, "pdf")
    assert first.startswith(b"%PDF-") and first == render_bytes(several, "pdf")


def test_pdf_shows_untrusted_text_inertly(tmp_path: Path) -> None:
    from report_factory import HOSTILE, hostile_model_dir

    report = build_report([str(hostile_model_dir(tmp_path))])
    text = "\n".join(pdf_text(render_bytes(report, "pdf")))
    assert HOSTILE in text, "card mark-up is shown as the text it is, not read as layout"


def test_render_refuses_a_binary_format_as_text(blocked: AuditReport) -> None:
    with pytest.raises(TypeError, match="binary format"):
        render(blocked, "pdf")


def test_cli_writes_pdf_to_a_file_or_a_pipe_never_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import run_cli

    out = tmp_path / "audit.pdf"
    result = run_cli(capsys, "check", R1_LLAMA, "--offline", "--profile", str(LARGE), "--format", "pdf", "-o", str(out))
    assert result.code == 1 and result.out == ""
    assert "Page 1 of" in pdf_text(out.read_bytes())[0]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = run_cli(capsys, "check", R1_LLAMA, "--offline", "--format", "pdf")
    assert result.code == 2 and "binary format: write it with -o FILE" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_cli_pdf_to_a_pipe_is_the_bytes(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "modelaudit", "check", R1_LLAMA, "--offline", "-q", "--format", "pdf"],
                          capture_output=True, timeout=120, cwd=tmp_path,
                          env={"PATH": "", "HOME": str(tmp_path), "MODELAUDIT_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    assert "Page 1 of" in pdf_text(done.stdout)[0]
