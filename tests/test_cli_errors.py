"""Bad command lines are usage errors: one line on stderr, exit 2, never "internal error"."""

from __future__ import annotations

import pytest

from helpers import run_cli


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "--max-nodes", "0", "x/y"], "--max-nodes"),
        (["check", "x/y", "--policy", "/"], "is a directory"),
        (["check", "x/y", "--format", "docx"], "'docx' is not one of"),
        (["check", "--bogus"], "No such option"),  # click 8.4 and 8.5 word the rest differently
        (["check", "x/y", "--workers", "999"], "--workers"),
        (["lineage"], "Missing argument"),
        (["licenses", "show"], "see 'modelaudit licenses show --help'"),
        (["scan"], "give a PATH to scan, or --installed"),
        (["snapshot", "build", "--date", "yesterday", "x/y"], "--date"),
        (["nonsense-command"], "No such command"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    result = run_cli(capsys, *args)
    assert result.code == 2
    assert needle in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
