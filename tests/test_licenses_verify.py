"""``modelaudit licenses show`` shows what is unverified, and ``licenses verify [--online]`` checks the knowledge base.

The online check runs against a local HTTP server (127.0.0.1) serving a licence text unchanged, a text changed
since it was recorded, and a page that is gone.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from helpers import run_cli
from modelaudit.licensing.verify import verify_offline
from modelaudit.resources import data_dir

TEXTS = Path(__file__).parent / "fixtures" / "licence_texts"
LICENSES = data_dir("licenses")


# -- licenses show -------------------------------------------------------------------------------------


def test_show_marks_unverified_terms_and_lists_unverified_items_outputs_and_notes(
        capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses", "show", "mistral-modified-mit")
    assert result.code == 0
    out = " ".join(result.out.split())
    assert "terms (2 marked UNVERIFIED" in out
    rows = result.out.splitlines()

    def flag_under(term: str) -> str:  # the term column's second line
        at = next(i for i, row in enumerate(rows) if row.startswith(f"│ {term} "))
        return rows[at + 1].split("│")[1].strip()

    assert flag_under("revenue_threshold") == "UNVERIFIED" and flag_under("attribution (notice)") == ""
    assert "not verified against the licence text (UNVERIFIED)" in out and "- the whole licence text" in out
    assert "models trained on its outputs reach: unknown (not read) UNVERIFIED" in out
    assert "notes Reported for Devstral 2 123B" in out
    assert "modifies: mit" in out and "period: monthly" in out


def test_show_json_carries_the_flags_notes_outputs_and_reference(capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(run_cli(capsys, "licenses", "show", "etalab-2.0", "-f", "json").out)
    assert [t["unverified"] for t in doc["terms"] if t["type"] == "governing_law"] == [True]
    assert doc["unverified"] and "was not re-read" in doc["unverified"][0]
    verified = json.loads(run_cli(capsys, "licenses", "show", "mnpl", "-f", "json").out)
    assert [t["unverified"] for t in verified["terms"] if t["type"] == "governing_law"] == [False]
    assert doc["notes"] and doc["outputs"]["reach"] in {"none", "whole", "duties", "restriction", "unknown"}
    mit = json.loads(run_cli(capsys, "licenses", "show", "mit", "-f", "json").out)
    assert mit["reference"]["sentences"] == 4 and len(mit["reference"]["sha256"]) == 64
    assert mit["outputs"] == {"reach": "none", "terms": [], "except_own_derivatives": False,
                              "clause": "not addressed", "summary": mit["outputs"]["summary"], "unverified": False}
    kimi = json.loads(run_cli(capsys, "licenses", "show", "kimi-k2-modified-mit", "-f", "json").out)
    assert kimi["modifies"] == "mit" and any(t.get("kind") == "display" and t["text"] == "Kimi K2"
                                              for t in kimi["terms"])


# -- licenses verify (offline) ---------------------------------------------------------------------------


def test_the_shipped_knowledge_base_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses", "verify")
    assert result.code == 0, result.out + result.err
    assert "no problems" in result.out and "5 reference texts" in result.out


def _copy(tmp_path: Path, *ids: str, references: tuple[str, ...] = ()) -> Path:
    target = tmp_path / "licenses"
    (target / "references").mkdir(parents=True)
    for license_id in ids:
        shutil.copy(LICENSES / f"{license_id}.yaml", target)
    for license_id in references:
        shutil.copy(LICENSES / "references" / f"{license_id}.yaml", target / "references")
    return target


def _edit(path: Path, **changes: object) -> None:
    doc = yaml.safe_load(path.read_text())
    for dotted, value in changes.items():
        node = doc
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    path.write_text(yaml.safe_dump(doc, sort_keys=False))


def test_verify_reports_every_problem_one_line_each(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    kb = _copy(tmp_path, "mit", "isc", "kimi-k2-modified-mit", "apache-2.0", references=("isc",))
    _edit(kb / "isc.yaml", identify__names=["isc", "expat"])  # "expat" is MIT's
    _edit(kb / "apache-2.0.yaml", url="htps:/apache.org licenses")  # malformed
    (kb / "broken.yaml").write_text("id: broken\nname: [not, a, string]\n")
    (kb / "references" / "gpl.yaml").write_text((LICENSES / "references" / "mit.yaml").read_text()
                                                .replace("id: mit", "id: gpl"))
    result = run_cli(capsys, "licenses", "verify", "--dir", str(kb))
    assert result.code == 1
    lines = result.out.strip().splitlines()
    expected = [
        "licenses/broken.yaml:",
        "'expat' is also claimed by",
        "licenses/apache-2.0.yaml: url: not a well-formed http(s) URL",
        "licenses/kimi-k2-modified-mit.yaml: identify.modifies: 'mit' has no reference text",
        "licenses/references/gpl.yaml: id: 'gpl' is not a licence of the knowledge base",
    ]
    for fragment in expected:
        assert sum(fragment in line for line in lines) == 1, (fragment, lines)
    assert len(lines) == len(expected)
    assert "5 problem(s)" in result.err


def test_verify_of_a_consistent_copy_passes(tmp_path: Path) -> None:
    kb = _copy(tmp_path, "mit", "kimi-k2-modified-mit", references=("mit",))
    result = verify_offline(kb)
    assert result.ok and (result.licenses, result.references) == (2, 1)


def test_verify_rejects_a_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "licenses", "verify", "--dir", str(tmp_path / "nope"))
    assert result.code == 2 and "not a directory" in result.err and "Traceback" not in result.err


# -- licenses verify --online ------------------------------------------------------------------------------


class _Pages(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def pages() -> Iterator[str]:
    mit = (TEXTS / "MIT.txt").read_text()
    apache = (TEXTS / "Apache-2.0.txt").read_text()
    _Pages.pages = {
        "/mit.txt": ("MIT License\n\n" + mit).encode(),  # the recorded text, with a title
        "/apache.txt": apache.replace("royalty-free", "royalty-bearing").encode(),  # changed
        "/isc.html": b"<html><body>ISC</body></html>",
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_verify_online_reports_changed_and_unreachable_texts(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, pages: str) -> None:
    kb = _copy(tmp_path, "mit", "apache-2.0", "isc", "bsd-2-clause", references=("mit", "apache-2.0"))
    _edit(kb / "references" / "mit.yaml", url=f"{pages}/mit.txt")
    _edit(kb / "references" / "apache-2.0.yaml", url=f"{pages}/apache.txt")
    _edit(kb / "isc.yaml", url=f"{pages}/isc.html")
    _edit(kb / "bsd-2-clause.yaml", url=f"{pages}/gone")
    result = run_cli(capsys, "licenses", "verify", "--dir", str(kb), "--online", "--timeout", "10")
    assert result.code == 1
    lines = result.out.strip().splitlines()
    assert len(lines) == 2, (lines, result.err)
    [changed] = [line for line in lines if "apache" in line]
    assert changed.startswith("licenses/references/apache-2.0.yaml: the text at ") and "changed since" in changed
    [gone] = [line for line in lines if "bsd-2-clause" in line]
    assert gone.startswith("licenses/bsd-2-clause.yaml: url: ") and "HTTP 404" in gone
    assert "4 URLs fetched" in result.err
