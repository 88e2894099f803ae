"""What users of other CLI tools expect: -V, shell completion, help without type labels on flags,
and text reports as wide as the terminal."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import run_cli
from modelaudit._version import __version__
from test_cli_lineage import COMMANDS


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_short_and_long(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    result = run_cli(capsys, flag)
    assert result.code == 0 and result.out.strip() == f"modelaudit {__version__}"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "modelaudit")
def test_help_has_no_type_label_on_flags(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                         path: tuple[str, ...]) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = run_cli(capsys, *path, "--help")
    assert result.code == 0
    assert "<bool>" not in result.out and "--help" in result.out
    assert "-h" in result.out  # the short help option survives the tidying


def test_root_help_offers_shell_completion(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    out = run_cli(capsys, "--help").out
    assert "--install-completion" in out and "--show-completion" in out and "-V" in out


def test_show_completion_prints_a_bash_script() -> None:
    # A child process: typer's completion machinery reads the program name and environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith("_MODELAUDIT")}
    done = subprocess.run([sys.executable, "-m", "modelaudit", "--show-completion", "bash"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "complete" in done.stdout and "_MODELAUDIT_COMPLETE" in done.stdout.upper()


def test_completion_completes_commands() -> None:
    env = {**os.environ, "_MODELAUDIT_COMPLETE": "complete_bash", "COMP_WORDS": "modelaudit che", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-m", "modelaudit"], capture_output=True, text=True, env=env, timeout=60)
    assert "check" in done.stdout.split()


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_text_report_follows_the_terminal_width(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "google/gemma-2-9b", "--offline", "-q")
    monkeypatch.setenv("COLUMNS", "70")
    narrow = run_cli(capsys, *args).out
    monkeypatch.setenv("COLUMNS", "200")
    wide = run_cli(capsys, *args).out
    assert _widest(narrow) <= 70 < _widest(wide) <= 200
    monkeypatch.delenv("COLUMNS")
    assert _widest(run_cli(capsys, *args).out) <= 120  # not a terminal: the stable default


def test_width_of_a_real_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from modelaudit.formats import width

    monkeypatch.delenv("COLUMNS", raising=False)

    class Tty:
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 1

    monkeypatch.setattr(width.sys, "stdout", Tty())
    monkeypatch.setattr(width.os, "get_terminal_size", lambda fd: os.terminal_size((93, 40)))
    assert width.text_width() == 93
    monkeypatch.setattr(width.os, "get_terminal_size", lambda fd: os.terminal_size((5, 40)))
    assert width.text_width() == width.MIN_WIDTH
    monkeypatch.setenv("COLUMNS", "abc")
    assert width.text_width() == width.MIN_WIDTH  # a junk COLUMNS is ignored, the terminal answers


def test_lineage_and_licenses_follow_the_width_too(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "64")
    assert _widest(run_cli(capsys, "lineage", "google/gemma-2-9b", "--offline").out) <= 64
    assert _widest(run_cli(capsys, "licenses").out) <= 64


