"""Command lines in a scanned file: where one ends, its ``--revision``, the arguments of ``hf download``.

A scanned file is hostile input: a generated script may hold thousands of ``--model`` flags or ``hf download``
calls on one line or in one backslash-continued command. Answering each match by rescanning its command made
such a file quadratic; here every question is answered from indexes built once per file (line starts, command
ends, the tokens of a command), so a file is read in linear time however many matches it has. The answers are
exactly those of a fresh scan from the match.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

REVISION_FLAG_RE = re.compile(r"""(?<![\w-])--revision(?:=|["'`]?(?:[\s,])+["'`]?)(?P<val>[^\s"'`,;|&]+)""")
ARG_TOKEN_RE = re.compile(r"""[^\s"'`,\[\]\\]+""")
HF_CLI_VALUE_OPTIONS = frozenset(
    {"--repo-type", "--revision", "--local-dir", "--cache-dir", "--token", "--include", "--exclude", "--max-workers",
     "--local-dir-use-symlinks", "--type", "--format"}
)  # fmt: skip
COMMAND_ENDS = frozenset({"&&", "||", ";", "|", "&", ")"})

_UNSET = object()  # an option not given (``None`` is an option given without a value)


@dataclass(frozen=True)
class DownloadArgs:
    """What ``hf download`` is given after a position: the first positional argument (its offset and
    text) and the last ``--repo-type`` and ``--revision`` values, up to the end of the command."""

    repo: tuple[int, str] | None
    repo_type: str | None
    revision: str | None


@dataclass
class _Tokens:
    start: int  # where tokenizing began
    starts: list[int]
    ends: list[int]
    texts: list[str]
    # From each token to the end of the command: the index of the first positional argument and the
    # values the options set (``_UNSET`` when none does), computed right to left once.
    repo: list[int | None]
    repo_type: list[object]
    revision: list[object]


class CommandLines:
    """The commands of one file's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self._ends: dict[int, int] = {}  # line -> end of the command it is part of
        self._revisions: dict[int, tuple[int, re.Match[str] | None]] = {}
        self._tokens: dict[int, _Tokens] = {}

    def extent(self, pos: int) -> tuple[int, int]:
        """Start of the line holding ``pos`` and end of the (possibly backslash-continued) command."""
        line = bisect_right(self._starts, pos) - 1
        return self._starts[line], self._command_end(line)

    def _line_end(self, line: int) -> int:
        return self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self.text)

    def _continued(self, line: int) -> bool:
        """The line's last character other than "\\r" is a backslash."""
        start, end = self._starts[line], self._line_end(line)
        while end > start and self.text[end - 1] == "\r":
            end -= 1
        return end > start and self.text[end - 1] == "\\"

    def _command_end(self, line: int) -> int:
        path = []
        while line not in self._ends and line + 1 < len(self._starts) and self._continued(line):
            path.append(line)
            line += 1
        end = self._ends.get(line, self._line_end(line))
        for visited in (*path, line):
            self._ends[visited] = end
        return end

    def revision_match(self, start: int, end: int) -> re.Match[str] | None:
        """``REVISION_FLAG_RE.search(text, start, end)``. The last answer for the same command end is
        reused when it lies after ``start`` (a search from ``start`` meets the same positions), so a
        command is searched about once however many flags it has."""
        last = self._revisions.get(end)
        if last is not None and start >= last[0] and (last[1] is None or last[1].start() >= start):
            return last[1]
        match = REVISION_FLAG_RE.search(self.text, start, end)
        self._revisions[end] = (start, match)
        return match

    def download_args(self, pos: int, end: int) -> DownloadArgs:
        """The arguments of an ``hf download`` whose name ends at ``pos``, read as the CLI would: options
        that take a value skip it, and a command separator ends the command."""
        tokens = self._tokens.get(end)
        if tokens is None or tokens.start > pos:
            tokens = self._tokenize(pos, end)
            self._tokens[end] = tokens
        j = bisect_left(tokens.starts, pos)
        if j > 0 and tokens.ends[j - 1] > pos:
            # ``pos`` falls inside a token ("download./x"): a scan from ``pos`` sees its rest first.
            first = self.text[pos : tokens.ends[j - 1]]
            repo, repo_type, revision = _step(first, j, tokens)
            found = (pos, first) if repo == -1 else _token(tokens, repo)
        else:
            found, repo_type, revision = _token(tokens, tokens.repo[j]), tokens.repo_type[j], tokens.revision[j]
        return DownloadArgs(found, _value(repo_type), _value(revision))

    def _tokenize(self, pos: int, end: int) -> _Tokens:
        matches = list(ARG_TOKEN_RE.finditer(self.text, pos, end))
        n = len(matches)
        tokens = _Tokens(pos, [m.start() for m in matches], [m.end() for m in matches], [m.group() for m in matches],
                         [None] * (n + 1), [_UNSET] * (n + 1), [_UNSET] * (n + 1))
        for i in range(n - 1, -1, -1):
            repo, repo_type, revision = _step(tokens.texts[i], i + 1, tokens)
            tokens.repo[i] = i if repo == -1 else repo
            tokens.repo_type[i], tokens.revision[i] = repo_type, revision
        return tokens


def _token(tokens: _Tokens, i: int | None) -> tuple[int, str] | None:
    return None if i is None else (tokens.starts[i], tokens.texts[i])


def _step(token: str, following: int, tokens: _Tokens) -> tuple[int | None, object, object]:
    """One token of ``hf download``'s arguments followed by the tokens from index ``following``: the first
    positional argument (-1 for this token itself) and the option values in force after them all."""
    n = len(tokens.texts)
    if token in COMMAND_ENDS:
        return None, _UNSET, _UNSET
    if not token.startswith("-"):
        nxt = min(following, n)
        return -1, tokens.repo_type[nxt], tokens.revision[nxt]
    option, eq, inline = token.partition("=")
    takes_value = option in HF_CLI_VALUE_OPTIONS and not eq
    value = inline if eq else (tokens.texts[following] if takes_value and following < n else None)
    nxt = min(following + 1 if takes_value else following, n)
    repo_type = tokens.repo_type[nxt]
    revision = tokens.revision[nxt]
    if repo_type is _UNSET and option == "--repo-type":
        repo_type = value
    if revision is _UNSET and option == "--revision":
        revision = value
    return tokens.repo[nxt], repo_type, revision


def _value(value: object) -> str | None:
    return value if isinstance(value, str) else None
