"""The README's runnable blocks, read the way ``test_readme_commands`` runs them.

What runs:

- every ```` ```console ```` block: each line starting with ``$ `` is a command (a line ending in ``\\``
  continues on the next); the lines after it, up to the next ``$``, are sample output;
- every ```` ``` ````, ```` ```sh ```` or ```` ```shell ```` block whose every non-blank line is a command:
  ``modelaudit …``, or an ``&&`` chain of ``pip install …``, ``pytest`` and ``modelaudit …`` (the
  set-up commands: only the ``modelaudit`` part runs, the rest is what CI itself runs). A ``#`` starts
  a comment. Blocks with any other line (usage synopses, YAML, trees) are documentation, not commands.

An HTML comment directly before a block's opening fence (blank lines between are allowed) steers it:

- ``<!-- docs-test: skip REASON -->``: the block is not run (say why: it needs the network, a GPU, …);
- ``<!-- docs-test: exit=N -->``: every command of the block exits with N, or with one of ``exit=0,3``
  (offline, a model the bundled snapshot lacks is unknown: 3) (by default a console
  block's commands exit as the verdict its sample output shows — 0 for pass and warn, 1 for block,
  3 for unknown — and other blocks' commands with 0 or 1: a verdict, never a usage error);
- ``<!-- docs-test: cwd=PATH -->``: the commands run in a copy of PATH (relative to the repository
  root), e.g. a sample code base for ``scan .``; otherwise in a directory that shows the repository
  root's files (reports written with ``-o`` land there, not in the checkout).

Several settings can share one comment: ``<!-- docs-test: exit=1 cwd=tests/fixtures/scan/sample -->``.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)\s*$")
MARKER = re.compile(r"^<!--\s*docs-test:\s*(.*?)\s*-->$")
COMMAND_BLOCKS = {"", "sh", "shell", "bash"}
SETUP = ("pip ", "pytest")
VERDICT_LINE = re.compile(r"^\s*(PASS|WARN|BLOCK|UNKNOWN)\s{2,}\S")
EXIT_OF_VERDICT = {"PASS": 0, "WARN": 0, "BLOCK": 1, "UNKNOWN": 3}
ELLIPSIS = re.compile(r"…|\.\.\.")


@dataclass(frozen=True)
class Command:
    argv: tuple[str, ...]  # after "modelaudit"
    text: str  # as written
    expected: tuple[str, ...] = ()  # sample output lines (console blocks)
    exit_codes: frozenset[int] = frozenset({0, 1})


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence, 1-based
    info: str
    body: tuple[str, ...]
    settings: dict[str, str] = field(default_factory=dict)
    commands: tuple[Command, ...] = ()

    @property
    def id(self) -> str:
        return f"README.md:{self.line}"

    @property
    def key(self) -> str:
        """What names the block across edits of the README: its first line (line numbers move)."""
        return next((line.strip() for line in self.body if line.strip()), "")

    @property
    def skip(self) -> str | None:
        return self.settings.get("skip")


def _settings(text: str) -> dict[str, str]:
    if text.startswith("skip"):
        return {"skip": text[4:].strip() or "marked skip"}
    out: dict[str, str] = {}
    for token in shlex.split(text):
        key, _, value = token.partition("=")
        out[key] = value
    return out


def _argv(command: str) -> tuple[str, ...] | None:
    """The arguments of the ``modelaudit`` part of a command line; None when there is none."""
    for part in command.split("&&"):
        words = shlex.split(part, comments=True)
        if words and words[0] == "modelaudit":
            return tuple(words[1:])
    return None


def _console(body: list[str], exit_codes: frozenset[int] | None) -> tuple[Command, ...]:
    commands: list[Command] = []
    k = 0
    while k < len(body):
        line = body[k]
        if not line.startswith("$ "):
            k += 1
            continue
        text = line[2:]
        while text.rstrip().endswith("\\") and k + 1 < len(body):
            k += 1
            text = text.rstrip()[:-1] + " " + body[k].strip()
        k += 1
        expected: list[str] = []
        while k < len(body) and not body[k].startswith("$ "):
            expected.append(body[k])
            k += 1
        verdict = next((m.group(1) for m in map(VERDICT_LINE.match, expected) if m), None)
        codes = exit_codes or frozenset({EXIT_OF_VERDICT[verdict] if verdict else 0})
        argv = _argv(text)
        if argv is not None:
            commands.append(Command(argv, " ".join(text.split()), tuple(expected), codes))
    return tuple(commands)


def _listed(body: list[str], exit_codes: frozenset[int] | None) -> tuple[Command, ...]:
    lines = [line.strip() for line in body if line.strip()]
    if not lines or not all(line.startswith("modelaudit ") or line.startswith(SETUP) for line in lines):
        return ()
    commands = []
    for line in lines:
        argv = _argv(line)
        if argv is not None:
            commands.append(Command(argv, line.split("#")[0].strip(), (), exit_codes or frozenset({0, 1})))
    return tuple(commands)


def readme_blocks(readme: Path) -> list[Block]:
    """Every block of ``readme`` that holds commands (or is marked), in order."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    k = 0
    while k < len(lines):
        match = FENCE.match(lines[k])
        if not match:
            k += 1
            continue
        fence, info = match.groups()
        start = k
        body: list[str] = []
        k += 1
        while k < len(lines) and lines[k].strip() != fence:
            body.append(lines[k])
            k += 1
        k += 1
        before = start - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        marker = MARKER.match(lines[before].strip()) if before >= 0 else None
        settings = _settings(marker.group(1)) if marker else {}
        exit_codes = frozenset(int(n) for n in settings["exit"].split(",")) if settings.get("exit") else None
        if info == "console":
            commands = _console(body, exit_codes)
        elif info in COMMAND_BLOCKS:
            commands = _listed(body, exit_codes)
        else:
            continue
        if commands or settings:
            blocks.append(Block(start + 1, info, tuple(body), settings, commands))
    return blocks


def normalise(text: str) -> str:
    """Output as compared: tree-drawing characters dropped and all whitespace (line wrapping included)
    one space, so a README sample wrapped at another width still matches."""
    return " ".join(re.sub(r"[│├└─┬┼┤]", " ", text).split())


def fragments(expected: tuple[str, ...]) -> list[str]:
    """The parts of the sample output that must appear: every line, cut at an elision (``…``, ``...``)."""
    out: list[str] = []
    for line in expected:
        for part in ELLIPSIS.split(line):
            part = normalise(part)
            if part:
                out.append(part)
    return out
