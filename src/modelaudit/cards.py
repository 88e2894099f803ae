"""Model-card text helpers: the YAML front matter and the prose body of a README.

A card is hostile input: its front matter may be invalid, deeply nested, or use aliases that expand
to far more nodes than it has characters (a "billion laughs" document). Such metadata is treated as
absent rather than raised or walked, and the body is still returned.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Errors the YAML loader raises besides YAMLError: dates out of range ("2024-02-30"), "!!float abc",
# integers longer than Python converts, nesting deeper than the constructor's recursion.
_LOAD_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError, MemoryError)
# Nodes a document may expand to beyond its own length before its aliases count as an attack.
_EXPANSION_SLACK = 1000


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """Return (metadata, body). Metadata is ``None`` when absent, not valid YAML, not a mapping,
    cyclic, or when its aliases expand it to more nodes than the text has characters; an empty
    block (or one holding only comments) is empty metadata, ``{}``."""
    match = _FRONT.match(text)
    if not match:
        return None, text
    body = text[match.end() :]
    source = match.group(1)
    try:
        data = yaml.load(source, Loader=_Loader)
    except _LOAD_ERRORS:
        return None, body
    if data is None:
        return {}, body
    if not isinstance(data, dict) or not _bounded(data, len(source) + _EXPANSION_SLACK):
        return None, body
    return data, body


def _bounded(data: object, budget: int) -> bool:
    """Whether ``data`` is acyclic and expands to at most ``budget`` nodes, counted as every later
    reader (JSON, repr, a tree walk) would visit them. Shared subtrees are sized once (memoised by
    identity), so this costs the number of distinct nodes, not the expanded size."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children)
            if sizes[key] > budget:
                return False
            continue
        if key in sizes:
            continue
        if key in on_path:
            return False  # an alias to an ancestor: the document is infinite
        if not children:
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
    return True


def _children(node: object) -> list[object]:
    if isinstance(node, dict):
        return [*node.keys(), *node.values()]
    if isinstance(node, list):
        return node
    return []


def has_front_matter(text: str | None) -> bool:
    """Whether ``text`` starts with a front matter block, readable or not. With ``split_front_matter``
    it tells an unreadable block (``None`` metadata here) from a README that has none; no YAML is parsed."""
    return bool(text) and _FRONT.match(text or "") is not None


def readme_body(text: str | None) -> str:
    """The prose of a README: everything after the front matter, which need not be valid YAML."""
    if not text:
        return ""
    match = _FRONT.match(text)
    return text[match.end() :] if match else text
