"""Output and display (issue 11, F): --output onto a device or FIFO writes into it instead of
replacing it; control sequences and bidi overrides from outside text never reach the terminal or a
Markdown reader as such; SPDX ids stay valid whatever the revision; an over-long owner is a usage
error."""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from pathlib import Path

import pytest

from fakehub import FakeHub
from helpers import repo, run_cli

MODEL = "mistralai/Mistral-7B-v0.1"
# A screen clear, an OSC 8 hyperlink, an OSC 52 clipboard write, SGR 8 (conceal), a bare CR,
# an 8-bit CSI and a right-to-left override.
HOSTILE = "a\x1b[2Jb\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07c\x1b]52;c;cm0gLXJmIC8=\x07d\x1b[8me\rf\x9b31mg\u202eh"
ESCAPES = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def _inventory(tmp_path: Path, note: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(f"models:\n  - id: {MODEL}\n    note: {json.dumps(note)}\n")
    return path


# -- --output onto devices, FIFOs and symlinks -----------------------------------------------------

def test_output_to_dev_null_writes_into_the_device(capsys: pytest.CaptureFixture[str]) -> None:
    before = set(os.listdir("/dev"))
    result = run_cli(capsys, "check", MODEL, "--offline", "-q", "-o", os.devnull)
    assert result.code == 0 and result.err == "" and result.out == ""
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device, not a regular file
    assert {n for n in set(os.listdir("/dev")) - before if n.startswith(".null")} == set()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_to_a_fifo_writes_into_the_pipe(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until the writer opens the FIFO
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        result = run_cli(capsys, "check", MODEL, "--offline", "-q", "-f", "json", "-o", str(fifo))
        reader.join(10)
    finally:
        if reader.is_alive():  # the report never came: unblock the reader before failing
            with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
                pass
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and json.loads(received[0])["results"][0]["model"] == MODEL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left


def test_output_through_a_symlink_replaces_the_target_not_the_link(capsys: pytest.CaptureFixture[str],
                                                                   tmp_path: Path) -> None:
    target = tmp_path / "reports" / "audit.json"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert run_cli(capsys, "check", MODEL, "--offline", "-q", "-f", "json", "-o", str(link)).code == 0
    assert link.is_symlink() and json.loads(target.read_text())["results"][0]["model"] == MODEL


def test_output_to_a_regular_file_is_still_atomic(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    out.write_text("old\n")
    inode = out.stat().st_ino
    assert run_cli(capsys, "check", MODEL, "--offline", "-q", "-f", "json", "-o", str(out)).code == 0
    assert out.stat().st_ino != inode  # a new file renamed into place, not rewritten in place
    assert json.loads(out.read_text())["results"][0]["model"] == MODEL


# -- escape sequences and bidi overrides -----------------------------------------------------------

def test_safe_text_escapes_controls_and_bidi_visibly() -> None:
    from modelaudit.safetext import safe_line, safe_text

    assert safe_text(HOSTILE) == ("a\\x1b[2Jb\\x1b]8;;https://evil.example/\\x07link\\x1b]8;;\\x07c"
                                  "\\x1b]52;c;cm0gLXJmIC8=\\x07d\\x1b[8me\\x0df\\x9b31mg\\u202eh")
    assert safe_text("one\n\ttwo") == "one\n\ttwo"
    assert safe_line("one\ntwo\u2066") == "one\\x0atwo\\u2066"
    assert safe_text("Llama 3.3 — Gemma ✓ ≈ →") == "Llama 3.3 — Gemma ✓ ≈ →"


@pytest.mark.parametrize("color", [False, True])
def test_the_text_report_shows_card_text_escaped(tmp_path: Path, color: bool) -> None:
    from modelaudit.formats import render
    from report_factory import build_report, with_model

    report = with_model(build_report([MODEL]), 0, note=HOSTILE)
    text = render(report, "text", color=color)
    assert "note: a\\x1b[2Jb" in text and "\\u202eh" in text
    for bad in ("\x1b[2J", "\x1b]", "\x1b[8m", "\x07", "\r", "\x9b", "\u202e"):
        assert bad not in text
    if color:
        assert "\x1b[" in text  # rich's own colours survive
    else:
        assert "\x1b" not in text
    last = re.sub(r"\x1b\[[0-9;]*m", "", text.rstrip().splitlines()[-1])  # without rich's own colours
    assert last.startswith(" PASS ")  # the verdict line is last and visible


def test_check_text_via_cli_escapes_an_inventory_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "check", "--from-file", str(_inventory(tmp_path, HOSTILE)), "--offline", "-q")
    assert result.code == 0
    assert not any(c in result.out for c in ESCAPES)
    assert "\\x1b]52;c;" in result.out


def test_markdown_shows_bidi_overrides_and_controls_escaped(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    result = run_cli(capsys, "check", "--from-file", str(_inventory(tmp_path, HOSTILE)), "--offline", "-q",
                     "-f", "markdown")
    assert result.code == 0
    assert not any(c in result.out for c in ESCAPES)
    assert "\\u202eh" in result.out


def test_html_shows_bidi_overrides_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "check", "--from-file", str(_inventory(tmp_path, "x\u202ey\u2067z")), "--offline",
                     "-q", "-f", "html")
    assert result.code == 0
    assert "\u202e" not in result.out and "\u2067" not in result.out and "x\\u202ey\\u2067z" in result.out


def test_lineage_text_escapes_a_card_licence(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("odd/model", license="mine\x1b[2J\x1b]52;c;eA==\x07v7\u202e"))
    for command in ("lineage", "check"):
        result = run_cli(capsys, command, "odd/model", "-q") if command == "check" else run_cli(
            capsys, command, "odd/model")
        assert not any(c in result.out + result.err for c in ESCAPES), command
        # (rich itself drops BEL, BS and CR from text; what it lets through is shown escaped)
        assert "mine\\x1b[2J\\x1b]52;c;eA==" in result.out and "v7\\u202e" in result.out, command


def test_errors_and_notices_on_stderr_are_escaped_and_one_line(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    result = run_cli(capsys, "check", MODEL, "--offline", "--profile", str(tmp_path / "p\x1b[2J\nq.yaml"))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "\x1b" not in result.err and "p\\x1b[2J\\x0aq.yaml does not exist" in result.err
    code_base = tmp_path / "code"
    (code_base / "d\x1b]52;c;eA==\x07").mkdir(parents=True)
    (code_base / "d\x1b]52;c;eA==\x07" / ".gitignore").write_bytes(b"#" * (300 * 1024))
    (code_base / "a\nb.py").write_text(f"from_pretrained('{MODEL}')\n")
    result = run_cli(capsys, "scan", str(code_base), "--list")
    assert result.code == 0
    assert "d\\x1b]52;c;eA==\\x07/.gitignore: ignore file is larger" in result.err
    assert result.out == f"a\\x0ab.py:1:18: {MODEL}\n"  # one line per reference, whatever the file name
    assert not any(c in result.out + result.err for c in ESCAPES)


# -- SPDX ids --------------------------------------------------------------------------------------

SPDX_ID = re.compile(r"^SPDXRef-[A-Za-z0-9.-]+$")


def test_spdx_ids_stay_valid_for_unusual_revisions(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("org/local-build", license="apache-2.0", sha="v1.0+local_build"))
    result = run_cli(capsys, "check", "org/local-build@v1.0+local_build", "-q", "-f", "spdx")
    assert result.code == 0, result.err
    ids = [p["SPDXID"] for p in json.loads(result.out)["packages"]]
    assert ids and all(SPDX_ID.match(i) for i in ids)
    assert ids == ["SPDXRef-Model-org-local-build-v1.0-local-b"]  # the revision's first 12 characters


def test_spdx_ids_are_unique_when_sanitising_makes_names_collide() -> None:
    from modelaudit.formats.spdx import _Builder
    from modelaudit.lineage.graph import LineageNode, NodeStatus
    from report_factory import build_report

    builder = _Builder(build_report([MODEL]))
    nodes = [LineageNode(id="org/m", status=NodeStatus.RESOLVED, revision=r) for r in ("refs/pr/1", "refs_pr_1")]
    nodes.append(LineageNode(id="org_m", status=NodeStatus.RESOLVED, revision="refs/pr/1"))
    ids = [builder._new_id(node) for node in nodes]
    assert ids == ["SPDXRef-Model-org-m-refs-pr-1", "SPDXRef-Model-org-m-refs-pr-1-2",
                   "SPDXRef-Model-org-m-refs-pr-1-3"]
    assert all(SPDX_ID.match(i) for i in ids)


# -- an over-long owner ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "args",
    [
        ["check", "a" * 300 + "/x", "--offline"],
        ["check", "a" * 300 + "/x@main", "--offline"],
        ["check", "./" + "a" * 300, "--offline"],
        ["lineage", "a" * 300 + "/x", "--offline"],
        ["snapshot", "build", "a" * 300 + "/x", "-o", os.devnull],
    ],
)
def test_a_300_character_owner_is_a_usage_error(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    result = run_cli(capsys, *args)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "internal error" not in result.err, result.err


def test_a_300_character_owner_in_an_inventory_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    for name, text in (("models.txt", "a" * 300 + "/x\n"), ("models.yaml", f"models: [{'a' * 300}/x]\n")):
        path = tmp_path / name
        path.write_text(text)
        result = run_cli(capsys, "check", "--from-file", str(path), "--offline")
        assert result.code == 2 and "internal error" not in result.err and f"{path}" in result.err
        assert "model id is too long" in result.err
