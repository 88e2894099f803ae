"""Model ids under a key that names a model, in YAML, JSON and TOML (issue 14):

* ``model: {name: org/x}``, ``model:`` / ``  id: org/x`` (YAML block and flow mappings);
* ``{"model": {"path": "org/x"}}`` (JSON);
* ``[model]`` / ``name = "org/x"``, ``model = { id = "org/x" }`` (TOML tables and inline tables);
* dotted keys ``model.path: org/x`` / ``model.name = "org/x"``;
* items of a model collection: ``models: [{name: org/a}, {name: org/b}]``, ``[[models]]``.

The inner key must be one that holds an id (``name``, ``id``, ``path``, ``repo``, …) and its *direct* parent
a key that names a model (``model``, ``base_model``, ``tokenizer``, a ``models`` collection; never an output
such as ``hub_model``). A ``revision`` beside it pins it. Keys that hold an id on their own
(``model_name_or_path``) are ``config_keys.py``'s at any depth.

Each format is read by a small structural reader, not a full parser: one pass over the text, an explicit
stack, no backtracking patterns, so a hostile file is read in linear time. A file is read only when a
model-named key in it opens a mapping or a table (a cheap search over the text first).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..values import is_model_collection, is_model_key, parse_model_value, revision_value
from .filetypes import JSON, TOML, YAML
from .hits import Hit, Source

__all__ = ["LEAF_KEYS", "find"]

#: Keys that hold an id when their parent names a model.
LEAF_KEYS = frozenset({"name", "id", "path", "repo", "repo_id", "name_or_path", "pretrained"})
_PARENT_WORDS = frozenset({"tokenizer"})  # not a model key alone ("tokenizer: fast"), but a parent of one

# A key that may open a mapping (YAML "model:" at the end of a line or before "{" / "[", JSON / TOML
# "model = {", a TOML header "[tool.model]", a dotted "model.name:" / "model.name ="), searched in the
# lower-cased text; the pattern starts with a literal, so the engine jumps between occurrences.
_OPENER_RE = re.compile(
    r"""(?:model|repo|tokenizer)[\w-]{0,64}["']?[ \t]*"""
    rf"""(?:[:=][ \t]*(?:[{{\[]|#|\r?$)|\]|\.(?:{"|".join(sorted(LEAF_KEYS))})["']?[ \t]*[:=])""",
    re.MULTILINE,
)
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def find(source: Source) -> Iterator[Hit]:
    if not _may_nest(source.lower):
        return iter(())
    collector = _Collector()
    if source.ftype == YAML:
        _read_yaml(source.text, collector)
    elif source.ftype == JSON:
        _read_flow(source.text, 0, None, collector)
    elif source.ftype == TOML:
        _read_toml(source.text, collector)
    return collector.hits()


def _may_nest(lower: str) -> bool:
    """Does a key that names a model open a mapping somewhere in the (lower-cased) text?"""
    for match in _OPENER_RE.finditer(lower):
        start = end = match.start()
        while start > 0 and end - start < 64 and lower[start - 1] in _KEY_CHARS:
            start -= 1
        while end < match.end() and lower[end] in _KEY_CHARS:
            end += 1
        if _names_model(lower[start:end]):
            return True
    return False


def _names_model(key: str) -> bool:
    key = key.strip("\"'")
    return is_model_key(key) or is_model_collection(key) or key.lower() in _PARENT_WORDS


def _leaf_name(key: str) -> str:
    return key.strip("\"'").lower().replace("-", "_")


@dataclass
class _Collector:
    """The inner keys a reader meets. ``mapping`` is any value that tells one mapping from another (a counter
    for each mapping opened, extended by the path of a dotted key), so a ``revision`` pins only its siblings."""

    candidates: list[tuple[object, int, str]] = field(default_factory=list)  # (mapping, offset, value)
    revisions: dict[object, str] = field(default_factory=dict)
    ids: Iterator[int] = field(default_factory=itertools.count)

    def mapping(self) -> int:
        return next(self.ids)

    def leaf(self, mapping: object, parent: str | None, key: str, value: str, offset: int) -> None:
        """``key: value`` (``value`` as written, at ``offset``) inside ``mapping``, whose key is ``parent``."""
        key = key.strip("\"'")
        if "." in key:  # model.path: a dotted key is a path of keys
            *path, key = key.split(".")
            parent, mapping = path[-1], (mapping, tuple(path))
        name = _leaf_name(key)
        if name == "revision":
            self.revisions.setdefault(mapping, value)
        elif name in LEAF_KEYS and parent is not None and _names_model(parent):
            self.candidates.append((mapping, offset, value))

    def hits(self) -> Iterator[Hit]:
        for mapping, offset, value in self.candidates:
            parsed = parse_model_value(value)
            if parsed is None:
                continue
            pinned = self.revisions.get(mapping)
            revision = parsed.revision or (revision_value(pinned.strip("\"'")) if pinned else None)
            yield Hit(offset + parsed.offset, parsed.repo_id, revision, "config-key")


# --------------------------------------------------------------------------------------------------
# Flow mappings: JSON, YAML "{…}" / "[…]", TOML inline tables
# --------------------------------------------------------------------------------------------------

# Strings, brackets, separators and bare words. ":" and "=" inside a bare word ("https://…", "a=b") are part
# of it; as separators they are followed by a space, a quote, a bracket or the end. A quote that is not closed
# on its line takes the rest of the line: retried from every later quote instead, a line of '"\\"\\"\\"…'
# would be read once per quote.
_FLOW_TOKEN_RE = re.compile(
    r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|(?P<open>["'][^\n]*)|[{}\[\],]|[:=](?=[\s"'{\[]|$)"""
    r"""|(?:[^\s{}\[\],:="'#]|[:=](?![\s"'{\[]|$))+|#[^\n]*"""
)


@dataclass
class _Flow:
    bracket: str  # "{" or "["
    parent: str | None  # the key this collection is the value of (for a list: of its items)
    mapping: object
    key: str | None = None
    separated: bool = False  # the key's ":" / "=" has been read; a value comes next


def _read_flow(text: str, base: int, parent: str | None, collector: _Collector) -> None:
    """Read ``text`` (a JSON document, or a flow collection and what follows it on its line) as nested
    mappings; offsets are ``base`` plus the position in ``text``. Stops when an outer collection closes."""
    stack: list[_Flow] = []
    for match in _FLOW_TOKEN_RE.finditer(text):
        token = match.group()
        top = stack[-1] if stack else None
        if token in ("{", "["):
            if top is None:
                owner = parent
            elif top.bracket == "[":
                owner = top.parent  # the items of a list belong to the list's key: models: [{name: …}]
            else:
                owner = top.key if top.separated else None
                top.key, top.separated = None, False
            stack.append(_Flow(token, owner, collector.mapping()))
        elif token in ("}", "]"):
            if stack:
                stack.pop()
            if not stack and top is not None:
                return  # the flow collection this line opened is closed
        elif top is None or top.bracket == "[" or token[0] == "#":
            continue
        elif token == "," or match.lastgroup == "open":  # an unclosed string is neither a key nor a value
            top.key, top.separated = None, False
        elif token in (":", "="):
            top.separated = top.key is not None
        elif not top.separated:
            top.key = token
        else:
            if top.key is not None:
                collector.leaf(top.mapping, top.parent, top.key, token, base + match.start())
            top.key, top.separated = None, False


# --------------------------------------------------------------------------------------------------
# YAML block mappings
# --------------------------------------------------------------------------------------------------

_YAML_LINE_RE = re.compile(r"""(?P<dash>(?:-[ ]+)*)(?:(?P<q>["']?)(?P<key>[A-Za-z_][\w.-]*)(?P=q)[ \t]*:(?=[ \t]|$))?""")
_VALUE_RE = re.compile(r""""[^"\n]*"|'[^'\n]*'|[^\s"'#,;]+""")


@dataclass(frozen=True)
class _Frame:
    column: int
    key: str
    mapping: object


def _read_yaml(text: str, collector: _Collector) -> None:
    stack: list[_Frame] = []
    block_indent = -1  # inside a block scalar ("key: |") whose key line had this indentation
    line_start = 0
    for raw in text.split("\n"):
        start, line_start = line_start, line_start + len(raw) + 1
        line = raw.rstrip("\r")
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue
        indent = len(line) - len(content)
        if block_indent >= 0:
            if indent > block_indent:
                continue
            block_indent = -1
        if indent == 0 and content.startswith(("---", "...")):
            stack.clear()  # a new document
            continue
        match = _YAML_LINE_RE.match(content)
        assert match is not None  # every part is optional
        column = indent + len(match.group("dash"))
        sibling: object = None
        while stack and stack[-1].column >= column:
            frame = stack.pop()
            if frame.column == column:
                sibling = frame.mapping
        parent = stack[-1].key if stack else None
        mapping = sibling if sibling is not None and not match.group("dash") else collector.mapping()
        rest = content[match.end() :]
        value = rest.lstrip(" \t")
        value_at = start + indent + match.end() + len(rest) - len(value)
        key = match.group("key")
        if key is None:
            if value[:1] in ("{", "["):  # "- {name: org/x}"
                _read_flow(value, value_at, parent, collector)
            continue
        stack.append(_Frame(column, key, mapping))
        if not value or value[0] == "#":
            continue  # opens a nested block: this key is its parent
        if value[0] in "|>":
            block_indent = indent
        elif value[0] in "{[":
            _read_flow(value, value_at, key, collector)
        elif (token := _VALUE_RE.match(value)) is not None:
            collector.leaf(mapping, parent, key, token.group(), value_at)


# --------------------------------------------------------------------------------------------------
# TOML tables
# --------------------------------------------------------------------------------------------------

_TOML_HEADER_RE = re.compile(r"""\[(?P<array>\[?)(?P<name>[^\[\]\n#]*)\]""")
_TOML_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_TOML_KEY_RE = re.compile(rf"""(?P<key>{_TOML_PART}(?:[ \t]*\.[ \t]*{_TOML_PART})*)[ \t]*=[ \t]*""")


def _toml_parts(key: str) -> list[str]:
    return [part.strip().strip("\"'") for part in key.split(".")]


def _read_toml(text: str, collector: _Collector) -> None:
    table: list[str] = []
    table_mapping: object = collector.mapping()
    line_start = 0
    for raw in text.split("\n"):
        start, line_start = line_start, line_start + len(raw) + 1
        content = raw.lstrip(" \t")
        at = start + len(raw) - len(content)
        if not content or content[0] == "#":
            continue
        if content[0] == "[":
            header = _TOML_HEADER_RE.match(content)
            if header is not None:
                table, table_mapping = _toml_parts(header.group("name")), collector.mapping()
            continue
        match = _TOML_KEY_RE.match(content)
        if match is None:
            continue
        parts = _toml_parts(match.group("key"))
        path = table + parts
        leaf, parent = path[-1], (path[-2] if len(path) > 1 else None)
        mapping = (table_mapping, tuple(parts[:-1]))
        value = content[match.end() :]
        value_at = at + match.end()
        if value[:1] in ("{", "["):
            _read_flow(value, value_at, leaf, collector)
        elif (token := _VALUE_RE.match(value)) is not None:
            collector.leaf(mapping, parent, leaf, token.group(), value_at)
