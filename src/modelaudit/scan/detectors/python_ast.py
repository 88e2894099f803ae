"""Python read through :mod:`ast`: calls, keyword arguments, assignments, argparse / click / ``os.getenv``
defaults and simple constants, the way the interpreter sees them (multi-line calls, module constants).

A ``.py`` file that does not parse (Python 2, a template, a syntax error) becomes kind ``python-unparsed``
and is read by ``code_regex.py`` instead; :func:`read` decides which.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from ..references import LEGACY_MODEL_IDS, is_plausible_repo_id
from ..values import is_model_collection, is_model_key, parse_model_value, revision_value
from .calls import ARGPARSE_CALLS, ENV_RECEIVERS, IGNORED_CALLS, NON_MODEL_REPO_TYPES, flag_is_model, is_env_getter, rule_for
from .filetypes import PYTHON, PYTHON_UNPARSED
from .hits import Hit, LineIndex, Source

__all__ = ["find", "read"]


def read(text: str) -> tuple[str, ast.Module | None]:
    """The kind of a ``.py`` file's text and its module: ``python`` with the parsed module (``None`` when
    no string literal in it could hold a model id, so there is nothing to find and nothing is parsed), or
    ``python-unparsed`` when it is not Python 3."""
    if not _may_name_a_model(text):
        return PYTHON, None
    try:
        with warnings.catch_warnings():
            # Scanned code is not ours: its invalid escape sequences must not print SyntaxWarnings.
            warnings.simplefilter("ignore")
            return PYTHON, ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return PYTHON_UNPARSED, None


def find(source: Source) -> Iterable[Hit]:
    """Hits in a parsed module (the registry parses ``.py`` files once, with :func:`read`)."""
    return [] if source.python is None else _PythonScanner(source.python, source.text).run()


def _call_name(func: ast.expr) -> tuple[str | None, str | None]:
    """(function name, receiver name) for ``f(...)``, ``obj.f(...)``, ``a.b.f(...)`` and ``Cls().f(...)``."""
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        return func.attr, _receiver_name(func.value)
    return None, None


def _receiver_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _call_name(node.func)[0]
    return None


def _target_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


_ASSIGN_TYPES = frozenset({ast.Assign, ast.AnnAssign, ast.NamedExpr})
_FUNCTION_TYPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda})
_COLLECTED_TYPES = _ASSIGN_TYPES | _FUNCTION_TYPES | {ast.Dict, ast.For, ast.AsyncFor}
# Nodes with nothing of interest below them; not descending into them saves most of the traversal.
_LEAF_TYPES = frozenset({ast.Name, ast.Constant, ast.Load, ast.Store, ast.Del, ast.Pass, ast.Import, ast.ImportFrom})
# Fields that hold names, flags and operators, never a node worth visiting; each node type's other fields
# are listed once (_CHILD_FIELDS), so the traversal does not look at these on every node.
_SCALAR_FIELDS = frozenset(
    {"id", "attr", "arg", "name", "names", "ctx", "op", "kind", "type_comment", "level", "module", "asname",
     "conversion", "is_async", "simple", "kwd_attrs", "tag"}
)  # fmt: skip
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_COLLECTION_TYPES = frozenset({ast.List, ast.Tuple, ast.Set, ast.Dict})


@dataclass(frozen=True)
class _Literal:
    node: ast.Constant
    value: str


class _PythonScanner:
    """One pass over a parsed module; results are hits with offsets into ``text``."""

    def __init__(self, tree: ast.Module, text: str) -> None:
        self.tree = tree
        self.text = text
        self._index: LineIndex | None = None
        self.hits: list[Hit] = []
        # name -> every expression assigned to it anywhere in the file (module, class or function scope).
        # Scopes are ignored on purpose: a name is only resolved when it has exactly one assignment, which
        # keeps the shortcut honest for the common `MODEL_ID = "org/name"` ... `from_pretrained(MODEL_ID)`.
        self.assignments: dict[str, list[ast.expr]] = {}
        self.calls: list[ast.Call] = []
        self.nodes: list[ast.AST] = []
        self.uses_mlx = "mlx_lm" in text

    # -- resolution ---------------------------------------------------------------------------------

    def _collect(self) -> None:
        # One hand-rolled traversal that keeps only the node types the passes need; it is several times
        # faster than ast.walk plus isinstance checks on every node, which dominated the scan time.
        stack: list[ast.AST] = [self.tree]
        push, pop = stack.append, stack.pop
        calls, nodes, leaves, collected = self.calls, self.nodes, _LEAF_TYPES, _COLLECTED_TYPES
        child_fields = _CHILD_FIELDS
        while stack:
            node = pop()
            if isinstance(node, ast.Call):
                calls.append(node)
            elif type(node) in collected:
                nodes.append(node)
                self._remember(node)
            node_type = type(node)
            fields = child_fields.get(node_type)
            if fields is None:
                fields = child_fields[node_type] = tuple(f for f in node._fields if f not in _SCALAR_FIELDS)
            for name in fields:
                child = getattr(node, name, None)
                if type(child) is list:
                    for item in reversed(child):  # reversed + stack = source order
                        if isinstance(item, ast.AST) and type(item) not in leaves:
                            push(item)
                elif isinstance(child, ast.AST) and type(child) not in leaves:
                    push(child)

    def _remember(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.assignments.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)):
            if isinstance(node.target, ast.Name) and node.value is not None:
                self.assignments.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self._collect_defaults(node.args)

    def _collect_defaults(self, args: ast.arguments) -> None:
        for arg, default in _defaults(args):
            self.assignments.setdefault(arg.arg, []).append(default)

    def resolve(self, node: ast.expr | None, depth: int = 0) -> _Literal | None:
        """The string literal that ``node`` evaluates to, when that is knowable without running code."""
        if node is None or depth > 5:
            return None
        if isinstance(node, ast.Constant):
            return _Literal(node, node.value) if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            values = self.assignments.get(node.id, [])
            return self.resolve(values[0], depth + 1) if len(values) == 1 else None
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            # os.environ.get("MODEL") or "org/name"
            for value in reversed(node.values):
                found = self.resolve(value, depth + 1)
                if found is not None:
                    return found
            return None
        if isinstance(node, ast.Call):
            name, receiver = _call_name(node.func)
            if name and is_env_getter(name, receiver):
                return self.resolve(self._env_default(node), depth + 1)
            if name in {"field", "Field"}:  # dataclasses.field(default=...), pydantic.Field(...)
                return self.resolve(_keyword(node, "default") or (node.args[0] if node.args else None), depth + 1)
        return None

    @staticmethod
    def _env_default(call: ast.Call) -> ast.expr | None:
        return call.args[1] if len(call.args) > 1 else _keyword(call, "default")

    # -- emitting -----------------------------------------------------------------------------------

    @property
    def index(self) -> LineIndex:
        # Built on first use: most files have no hit and never need line offsets.
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def _literal_offset(self, node: ast.Constant, needle: str) -> int:
        line = node.lineno
        start = self.index.offset(line, 1) + _char_column(self.index.line_text(line), node.col_offset)
        end_line = node.end_lineno or line
        end_col = node.end_col_offset if node.end_col_offset is not None else 0
        end = self.index.offset(end_line, 1) + _char_column(self.index.line_text(end_line), end_col)
        found = self.text.find(needle, start, max(end, start + 1))
        # Escapes or implicit concatenation can hide the id's text; point at the literal then.
        return found if found >= 0 else start

    def emit(self, node: ast.expr | None, kind: str, revision: str | None = None) -> bool:
        literal = self.resolve(node)
        if literal is None:
            return False
        parsed = parse_model_value(literal.value)
        if parsed is None:
            return False
        offset = self._literal_offset(literal.node, parsed.repo_id)
        self.hits.append(Hit(offset, parsed.repo_id, parsed.revision or revision, kind))
        return True

    def _revision(self, call: ast.Call) -> str | None:
        literal = self.resolve(_keyword(call, "revision"))
        return revision_value(literal.value) if literal else None

    # -- passes -------------------------------------------------------------------------------------

    def run(self) -> list[Hit]:
        self._collect()
        # Specific call rules first so that, for a literal seen twice, the precise kind survives dedupe.
        for call in self.calls:
            self._specific_call(call)
        for call in self.calls:
            self._generic_call(call)
        for node in self.nodes:
            self._assignment_like(node)
        return self.hits

    def _specific_call(self, call: ast.Call) -> None:
        name, receiver = _call_name(call.func)
        if name is None or name in IGNORED_CALLS:
            return
        if is_env_getter(name, receiver):
            key = self.resolve(call.args[0]) if call.args else None
            if key is not None and is_model_key(key.value):
                self.emit(self._env_default(call), "env")
            return
        if name in ARGPARSE_CALLS:
            flags = [self.resolve(arg) for arg in call.args]
            dest = self.resolve(_keyword(call, "dest"))
            if any(f is not None and flag_is_model(f.value) for f in flags) or (dest and is_model_key(dest.value)):
                self.emit(_keyword(call, "default"), "cli-flag")
            return
        rule = rule_for(name, receiver, self.uses_mlx)
        if rule is None:
            return
        if rule.hub_download:
            repo_type = self.resolve(_keyword(call, "repo_type"))
            if repo_type is not None and repo_type.value.lower() in NON_MODEL_REPO_TYPES:
                return
        revision = self._revision(call)
        for position in rule.positions:
            if position < len(call.args) and not isinstance(call.args[position], ast.Starred):
                self.emit(call.args[position], rule.kind, revision)
        for keyword in call.keywords:
            if keyword.arg in rule.keywords:
                self.emit(keyword.value, rule.kind, revision)

    def _generic_call(self, call: ast.Call) -> None:
        name, _receiver = _call_name(call.func)
        if name in IGNORED_CALLS or name in ARGPARSE_CALLS:
            return
        revision: str | None = None
        for keyword in call.keywords:
            if keyword.arg and is_model_key(keyword.arg) and isinstance(keyword.value, ast.Constant):
                revision = revision or self._revision(call)
                self.emit(keyword.value, "model-kwarg", revision)

    def _assignment_like(self, node: ast.AST) -> None:
        # Only literals written directly next to a model-ish name: `model_id = "org/name"`,
        # `{"model": "org/name"}`, `def f(model_name="org/name")`, `os.environ["MODEL_ID"] = "org/name"`.
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._assigned(target, node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._assigned(node.target, node.value)
        elif isinstance(node, ast.Dict):
            # keys and values always have the same length (a None key marks **spread)
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(value, ast.Constant)
                    and isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and is_model_key(key.value)
                ):
                    self.emit(value, "config-key")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg, default in _defaults(node.args):
                if isinstance(default, ast.Constant) and is_model_key(arg.arg):
                    self.emit(default, "config-key")
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            # for model_id in ["org/a", "org/b"]: ...
            name = _target_name(node.target)
            if name is not None and (is_model_key(name) or is_model_collection(name)):
                self._emit_elements(node.iter)

    def _emit_elements(self, value: ast.expr) -> None:
        elements = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", None)
        if type(value) in _COLLECTION_TYPES and elements is not None:
            for element in elements:
                if isinstance(element, ast.Constant):
                    self.emit(element, "config-key")

    def _assigned(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Subscript) and _receiver_name(target.value) in ENV_RECEIVERS:
            key = self.resolve(target.slice)
            if key is not None and is_model_key(key.value) and isinstance(value, ast.Constant):
                self.emit(value, "env")
            return
        name = _target_name(target)
        if name is None:
            return
        # The value's type is checked before the name: most assignments hold neither a literal nor a
        # collection, and the name checks are the costlier part.
        value_type = type(value)
        if value_type in _COLLECTION_TYPES:
            if is_model_collection(name):  # MODELS = ["org/a", "org/b"]
                self._emit_elements(value)
            return
        is_field = isinstance(value, ast.Call) and _call_name(value.func)[0] in {"field", "Field"}
        if (isinstance(value, ast.Constant) or is_field) and is_model_key(name):
            self.emit(value, "config-key")



def _defaults(args: ast.arguments) -> list[tuple[ast.arg, ast.expr]]:
    """(parameter, default) pairs; defaults belong to the *last* positional parameters."""
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    return pairs


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _char_column(line: str, byte_col: int) -> int:
    # ast columns are UTF-8 byte offsets; convert to characters for lines with non-ASCII text.
    if line.isascii():
        return byte_col
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


# Every AST hit comes from a string literal whose whole value is a model id, a Hub URL or a shell default,
# so a file without such a literal is not worth parsing.  The patterns start with a quote, which lets the
# regex engine skip quickly through files.
_QUOTED_ID_RE = re.compile(r"""["']([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)(?:@[^"'\s]*)?["']""")
_QUOTED_LEGACY_RE = re.compile("[\"'](?:" + "|".join(map(re.escape, sorted(LEGACY_MODEL_IDS))) + ")[\"']")
_LITERAL_HINTS = ("huggingface.co", "huggingface/", "hf.co", "hf://", "hf-hub:", "hf_hub:", "${")


def _may_name_a_model(text: str) -> bool:
    """Cheap gate before parsing: could any string literal in ``text`` hold a model id?"""
    if any(hint in text for hint in _LITERAL_HINTS):
        return True
    if any(is_plausible_repo_id(m.group(1)) for m in _QUOTED_ID_RE.finditer(text)):
        return True
    return _QUOTED_LEGACY_RE.search(text) is not None
