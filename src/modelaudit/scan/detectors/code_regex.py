"""Code that is not parsable Python (JavaScript/TypeScript and other languages, code in documentation,
broken ``.py`` files): string literals found by a regex, with the enclosing call worked out by scanning
backwards, judged by the same call rules as the AST detector (``calls.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..values import is_model_key, parse_model_value
from .calls import ARGPARSE_CALLS, IGNORED_CALLS, NON_MODEL_REPO_TYPES, flag_is_model, is_env_getter, rule_for
from .hits import Hit, Source

__all__ = ["find"]


def find(source: Source) -> Iterator[Hit]:
    return _regex_code_hits(source.text)


_STRING_RE = re.compile(r"""(?P<q>["'`])(?P<val>[^"'`\n\\]{2,300})(?P=q)""")
_CALLEE_RE = re.compile(r"(?:(?P<recv>[A-Za-z_$][\w$]*)\s*(?:\(\s*\))?\s*\.\s*)?(?P<name>[A-Za-z_$][\w$]*)\s*$")
_KWARG_BEFORE_RE = re.compile(r"(?P<kw>[A-Za-z_]\w*)\s*=\s*$")
# The characters a match of _CALLEE_RE / _KWARG_BEFORE_RE can hold: both end where they are searched up to, so
# they lie in the run of such characters before that point, and only that run is searched (from every
# position of a 200-character window, _CALLEE_RE backtracked through each identifier: ~0.4 µs a character).
_CALLEE_CHARS_RE = re.compile(r"[\w$\s().]*")
_KWARG_CHARS_RE = re.compile(r"[\w\s=]*")
_REVISION_KW_RE = re.compile(r"""\brevision\s*[=:]\s*["']([^"'\s]+)["']""")
_REPO_TYPE_KW_RE = re.compile(r"""\brepo_type\s*[=:]\s*["'](\w+)["']""")
_FLAG_LITERAL_RE = re.compile(r"""["'](--?[\w-]+)["']""")
_SCAN_BACK = 3000
_OPEN = "([{"
_CLOSE = ")]}"


@dataclass(frozen=True)
class _CallContext:
    name: str
    receiver: str | None
    position: int | None  # positional index of the literal, when not a keyword argument
    keyword: str | None
    open_paren: int


# What a backward scan from a literal found: the open paren, the commas passed and the comma nearest the
# literal (None: no enclosing call). Keyed by the literal's offset.
_Scans = dict[int, "tuple[int, int, int] | None"]


def _enclosing_call(text: str, pos: int, scans: _Scans | None = None) -> _CallContext | None:
    """Find the call whose argument list directly contains the literal starting at ``pos``.

    Scans backwards balancing brackets and skipping simple string literals on the way; a literal inside a
    list or dict (``["vllm", "serve", "org/name"]``) has no enclosing call and returns ``None``.
    ``scans`` remembers earlier literals' scans: reaching one at bracket depth 0, the rest of the way is
    the same, so thousands of literals in one call or list are not each scanned 3000 characters back.
    """
    found = _scan_back(text, pos, scans)
    if scans is not None:
        scans[pos] = found
    if found is None:
        return None
    i, commas, last_sep = found
    callee = _search_tail(_CALLEE_RE, _CALLEE_CHARS_RE, text, max(0, i - 200), i)
    if callee is None:
        return None
    kw = _search_tail(_KWARG_BEFORE_RE, _KWARG_CHARS_RE, text, i + 1 if commas == 0 else last_sep + 1, pos)
    keyword = kw.group("kw") if kw else None
    return _CallContext(callee.group("name"), callee.group("recv"), None if kw else commas, keyword, i)


def _search_tail(pattern: re.Pattern[str], chars: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """``pattern.search(text[start:end])`` for a pattern anchored at the end whose matches hold only ``chars``."""
    window = text[start:end]
    tail = chars.match(window[::-1])
    return pattern.search(window, len(window) - tail.end()) if tail else None


def _scan_back(text: str, pos: int, scans: _Scans | None) -> tuple[int, int, int] | None:
    depth = 0
    commas = 0
    last_sep = pos
    i = pos - 1
    stop = max(0, pos - _SCAN_BACK)
    while i >= stop:
        if depth == 0 and scans is not None and i + 1 in scans:
            # An earlier literal starts at i + 1 and its scan began here in the same state. Its path stays
            # above its open paren, so it holds here if that paren is within our reach; a scan that failed
            # fails here too (our reach is shorter).
            earlier = scans[i + 1]
            if earlier is None or earlier[0] < stop:
                return None
            return earlier[0], commas + earlier[1], last_sep if commas else earlier[2]
        ch = text[i]
        if ch in "\"'`":
            j = text.rfind(ch, stop, i)
            if j < 0 or text.rfind("\n", j, i) >= 0:
                return None
            i = j - 1
            continue
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                return (i, commas, last_sep) if ch == "(" else None
            depth -= 1
        elif ch == "," and depth == 0:
            if commas == 0:
                last_sep = i
            commas += 1
        elif ch in ";" and depth == 0:
            return None
        i -= 1
    return None


_BRACKET_RE = re.compile(r"[(\[{)\]}]")


def _call_span(text: str, open_paren: int, spans: dict[int, str] | None = None) -> str:
    """The call's text from its open paren to the matching close (at most ``_SCAN_BACK`` characters);
    ``spans`` caches it per paren for the many literals of one call."""
    if spans is not None and open_paren in spans:
        return spans[open_paren]
    depth = 0
    end = min(len(text), open_paren + _SCAN_BACK)
    span = text[open_paren:end]
    for m in _BRACKET_RE.finditer(text, open_paren, end):  # jumps between brackets, not character by character
        if m.group() in _OPEN:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                span = text[open_paren : m.end()]
                break
    if spans is not None:
        spans[open_paren] = span
    return span


def _regex_code_hits(text: str) -> Iterator[Hit]:
    uses_mlx = "mlx_lm" in text
    scans: _Scans = {}
    spans: dict[int, str] = {}
    for match in _STRING_RE.finditer(text):
        value = match.group("val")
        parsed = parse_model_value(value)
        if parsed is None:
            continue
        ctx = _enclosing_call(text, match.start(), scans)
        if ctx is None or ctx.name in IGNORED_CALLS:
            continue
        kind = _classify(ctx, text, uses_mlx, spans)
        if kind is None:
            continue
        span = _call_span(text, ctx.open_paren, spans)
        revision_match = _REVISION_KW_RE.search(span) if "revision" in span else None  # a fast literal check first
        revision = parsed.revision or (revision_match.group(1) if revision_match else None)
        yield Hit(match.start("val") + parsed.offset, parsed.repo_id, revision, kind)


def _classify(ctx: _CallContext, text: str, uses_mlx: bool, spans: dict[int, str] | None = None) -> str | None:
    if is_env_getter(ctx.name, ctx.receiver):
        key = _STRING_RE.search(text, ctx.open_paren + 1, ctx.open_paren + 200)
        ok = key is not None and is_model_key(key.group("val")) and (ctx.position == 1 or ctx.keyword == "default")
        return "env" if ok else None
    if ctx.name in ARGPARSE_CALLS:
        span = _call_span(text, ctx.open_paren, spans)
        flags = _FLAG_LITERAL_RE.findall(span)
        return "cli-flag" if ctx.keyword == "default" and any(flag_is_model(f) for f in flags) else None
    rule = rule_for(ctx.name, ctx.receiver, uses_mlx)
    if rule is not None:
        if rule.hub_download:
            span = _call_span(text, ctx.open_paren, spans)
            repo_type = _REPO_TYPE_KW_RE.search(span) if "repo_type" in span else None
            if repo_type and repo_type.group(1).lower() in NON_MODEL_REPO_TYPES:
                return None
        if (ctx.keyword is None and ctx.position in rule.positions) or ctx.keyword in rule.keywords:
            return rule.kind
    if ctx.keyword is not None and is_model_key(ctx.keyword):
        return "model-kwarg"
    return None
