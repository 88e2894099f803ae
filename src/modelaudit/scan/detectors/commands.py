"""Command lines wherever they are written (shell, Dockerfile, Makefile, CI and compose files, docs, strings
inside code): ``--model …`` and its kin, llama.cpp ``-hf``, lm-eval ``pretrained=``, ``vllm serve …``,
``huggingface-cli download`` / ``hf download``, each with its ``--revision``. Where a command ends and
what ``hf download`` is given is answered by ``scan/commands.py``, in time linear in the file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..commands import CommandLines
from ..values import ParsedValue, parse_model_value, revision_value
from .calls import NON_MODEL_REPO_TYPES
from .hits import Hit, Source

__all__ = ["find"]


def find(source: Source) -> Iterator[Hit]:
    return _cli_hits(source.text)


# Between a flag and its value: "=", whitespace, shell line continuations, or the `", "` of an exec-form
# list (`CMD ["--model", "org/name"]`) and a YAML list item on the next line (`- --model` / `- org/name`).
_SEP = r"""(?:=["'`]?|["'`]?(?:[\s,]|\\(?=\r?\n))+(?:-[ \t]+)?["'`]?)"""
_VALUE = r"""(?P<val>[^\s"'`,;|&]+)"""
_MODEL_FLAGS = (
    r"model|model[-_]id|model[-_]name|model[-_]name[-_]or[-_]path|model[-_]path|pretrained[-_]model[-_]name[-_]or[-_]path"
    r"|base[-_]model|tokenizer|tokenizer[-_]name|hf[-_]model|hf[-_]model[-_]id|speculative[-_]model|draft[-_]model"
)
# Patterns start with a literal (no lookbehind) so the regex engine can jump between occurrences; the word
# boundary before the match is checked in Python by _at_word_start.
_FLAG_RE = re.compile(rf"--(?:{_MODEL_FLAGS}){_SEP}{_VALUE}")
_FLAG_HINTS = ("--model", "--tokenizer", "--base", "--pretrained", "--hf", "--speculative", "--draft")
# llama.cpp: llama-server -hf org/name:Q4_K_M / --hf-repo org/name
_LLAMACPP_RE = re.compile(rf"-(?:hfr?|-hf-repo){_SEP}{_VALUE}")
# lm-evaluation-harness: --model_args pretrained=org/name,dtype=float16
_PRETRAINED_ARG_RE = re.compile(r"pretrained=(?P<val>[^\s,\"']+)")
_VLLM_SERVE_RE = re.compile(rf"""vllm["'`]?(?:[\s,]|\\(?=\r?\n))+["'`]?serve{_SEP}{_VALUE}""")
_HF_DOWNLOAD_RE = re.compile(r"""(?:huggingface-cli|hf)["'`]?(?:[\s,])+["'`]?download(?![\w-])""")


def _flag_revision(commands: CommandLines, pos: int) -> str | None:
    match = commands.revision_match(*commands.extent(pos))
    return revision_value(match.group("val")) if match else None


def _value_hit(commands: CommandLines, match: re.Match[str], kind: str, *, strip_tag: bool = False) -> Hit | None:
    parsed: ParsedValue | None = parse_model_value(match.group("val"), strip_tag=strip_tag)
    if parsed is None:
        return None
    revision = parsed.revision or _flag_revision(commands, match.start())
    return Hit(match.start("val") + parsed.offset, parsed.repo_id, revision, kind)


def _hf_download_hit(commands: CommandLines, match: re.Match[str]) -> Hit | None:
    _start, end = commands.extent(match.end())
    args = commands.download_args(match.end(), end)
    if args.repo is None or (args.repo_type and args.repo_type.lower() in NON_MODEL_REPO_TYPES):
        return None
    repo_start, repo = args.repo
    parsed = parse_model_value(repo)
    if parsed is None:
        return None
    return Hit(repo_start + parsed.offset, parsed.repo_id, parsed.revision or args.revision, "hf-cli")


def _at_word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-")


def _cli_hits(text: str) -> Iterator[Hit]:
    hit: Hit | None
    matches: list[tuple[re.Match[str], str, bool]] = []
    if any(hint in text for hint in _FLAG_HINTS):
        matches += [(m, "cli-flag", False) for m in _FLAG_RE.finditer(text)]
    if "-hf" in text:
        matches += [(m, "cli-flag", True) for m in _LLAMACPP_RE.finditer(text)]
    if "pretrained=" in text:
        matches += [(m, "cli-flag", False) for m in _PRETRAINED_ARG_RE.finditer(text)]
    if "vllm" in text:
        matches += [(m, "vllm", False) for m in _VLLM_SERVE_RE.finditer(text)]
    commands = CommandLines(text) if matches or "download" in text else None
    for match, kind, strip_tag in matches:
        assert commands is not None
        if _at_word_start(text, match.start()) and (hit := _value_hit(commands, match, kind, strip_tag=strip_tag)):
            yield hit
    if commands is not None and "download" in text:
        for match in _HF_DOWNLOAD_RE.finditer(text):
            if _at_word_start(text, match.start()) and (hit := _hf_download_hit(commands, match)):
                yield hit
