"""Detectors that find model references in the text of one file.

Two front-ends share one set of rules:

* Python is read with :mod:`ast`, which sees multi-line calls, keyword arguments and simple constants the
  way the interpreter does.  When a file does not parse (Python 2, a template, a syntax error) a regex
  front-end finds string literals and works out the enclosing call by scanning backwards; it is also used
  for JavaScript/TypeScript and for code blocks in documentation.
* Everything else (shell, Dockerfile, Makefile, YAML, TOML, JSON, .env, docs) is matched with regular
  expressions for command-line flags, configuration keys and Hub URLs.

The central false-positive defence is that a string is only reported where the surrounding code says it is
a model (a call, a flag, a key); a bare ``"org/name"`` literal is never reported.  Each candidate must also
pass :func:`~modelaudit.scan.references.is_plausible_repo_id`.
"""

from __future__ import annotations

import ast
import bisect
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .commands import CommandLines
from .references import (
    LEGACY_MODEL_IDS,
    NON_SOURCE_KEY_PREFIXES,
    ModelReference,
    ParsedValue,
    is_model_key,
    is_plausible_repo_id,
    parse_model_value,
)

__all__ = ["file_type", "scan_text"]

_SNIPPET_MAX = 200


# --------------------------------------------------------------------------------------------------
# File types
# --------------------------------------------------------------------------------------------------

_EXT_TYPES: dict[str, str] = {
    ".py": "python", ".pyw": "python", ".pyi": "python",
    ".ipynb": "notebook",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".fish": "shell", ".ps1": "shell", ".bat": "shell",
    ".cmd": "shell", ".envrc": "shell",
    ".dockerfile": "docker", ".containerfile": "docker",
    ".mk": "make", ".mak": "make",
    ".yaml": "yaml", ".yml": "yaml",
    ".toml": "toml",
    ".ini": "ini", ".cfg": "ini", ".conf": "ini", ".properties": "ini",
    ".json": "json", ".jsonc": "json", ".json5": "json",
    ".env": "env",
    ".md": "markup", ".mdx": "markup", ".rst": "markup", ".txt": "markup", ".adoc": "markup", ".qmd": "markup",
    ".js": "code", ".mjs": "code", ".cjs": "code", ".ts": "code", ".tsx": "code", ".jsx": "code", ".mts": "code",
    ".vue": "code", ".svelte": "code", ".rb": "code", ".go": "code", ".rs": "code", ".java": "code", ".kt": "code",
    ".scala": "code", ".swift": "code", ".php": "code", ".r": "code", ".jl": "code", ".lua": "code", ".cs": "code",
    ".c": "code", ".cc": "code", ".cpp": "code", ".h": "code", ".hpp": "code", ".tf": "code", ".hcl": "code",
}  # fmt: skip
_NAME_TYPES: dict[str, str] = {
    "dockerfile": "docker", "containerfile": "docker",
    "makefile": "make", "gnumakefile": "make", "justfile": "make",
    "procfile": "shell", ".envrc": "shell",
    ".env": "env",
}  # fmt: skip


def file_type(path: str) -> str:
    """Classify ``path`` by name: python, notebook, shell, docker, make, yaml, toml, ini, json, env, markup, code, other."""
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    if name in _NAME_TYPES:
        return _NAME_TYPES[name]
    # Dockerfile.gpu, Makefile.ci, .env.production, prod.env
    if name.startswith(("dockerfile.", "containerfile.")):
        return "docker"
    if name.startswith("makefile."):
        return "make"
    if name.startswith(".env.") or name.endswith(".env"):
        return "env"
    dot = name.rfind(".")
    return _EXT_TYPES.get(name[dot:], "other") if dot >= 0 else "other"


# --------------------------------------------------------------------------------------------------
# Hits and their conversion to references
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    offset: int  # character offset of the id's first character in the detector's text
    repo_id: str
    revision: str | None
    kind: str


class _LineIndex:
    """Maps character offsets to 1-based (line, column) and returns the line's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Lines end at "\n" only: that is what the Python tokenizer and editors count, and "\r\n" then
        # leaves a harmless "\r" at the end of a line, which strip() removes from snippets.
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1


def _snippet(line_text: str, column: int, stripped: tuple[str, int] | None = None) -> str:
    """The line around ``column``; ``stripped`` is ``_stripped(line_text)`` when already known (a long line
    with thousands of hits is stripped once, not once per hit)."""
    stripped_text, indent = stripped or _stripped(line_text)
    if len(stripped_text) <= _SNIPPET_MAX:
        return stripped_text
    # Minified JSON and long shell lines: keep a window around the id rather than the start of the line.
    pos = max(0, column - 1 - indent)
    start = max(0, min(pos - 60, len(stripped_text) - _SNIPPET_MAX))
    return stripped_text[start : start + _SNIPPET_MAX]


def _stripped(line_text: str) -> tuple[str, int]:
    return line_text.strip(), len(line_text) - len(line_text.lstrip())


def _dedupe(hits: Iterable[_Hit]) -> list[_Hit]:
    # Several detectors can see the same literal (the AST and the URL scan both see a Hub URL inside
    # from_pretrained); the first, most specific one wins.
    seen: set[tuple[int, str]] = set()
    out: list[_Hit] = []
    for hit in hits:
        key = (hit.offset, hit.repo_id.casefold())
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def _to_references(hits: Iterable[_Hit], text: str, path: str) -> list[ModelReference]:
    unique = _dedupe(hits)
    if not unique:
        return []
    index = _LineIndex(text)
    refs = []
    lines: dict[int, tuple[str, int]] = {}
    for hit in unique:
        line, column = index.locate(hit.offset)
        if line not in lines:
            lines[line] = _stripped(index.line_text(line))
        snippet = _snippet("", column, lines[line])
        refs.append(ModelReference(hit.repo_id, hit.revision, path, line, column, hit.kind, snippet))
    refs.sort(key=lambda r: (r.line, r.column))
    return refs


# --------------------------------------------------------------------------------------------------
# Call rules shared by the AST and regex front-ends
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CallRule:
    kind: str
    positions: tuple[int, ...]
    keywords: frozenset[str]
    hub_download: bool = False  # honour repo_type="dataset"/"space" by ignoring the call


def _rule(kind: str, positions: tuple[int, ...], *keywords: str, hub_download: bool = False) -> _CallRule:
    return _CallRule(kind, positions, frozenset(keywords), hub_download)


_FROM_PRETRAINED = _rule(
    "from_pretrained",
    (0,),
    *("pretrained_model_name_or_path", "model_name_or_path", "model_id", "repo_id", "model_name", "model"),
)
# PeftModel.from_pretrained(base_model, "org/adapter"): the adapter id is the second argument.
_PEFT_FROM_PRETRAINED = _rule("from_pretrained", (1,), "model_id", "pretrained_model_name_or_path")

_CALL_RULES: dict[str, _CallRule] = {
    "from_pretrained": _FROM_PRETRAINED,
    "load_adapter": _rule("adapter", (0,), "peft_model_id", "model_id", "pretrained_model_name_or_path"),
    "load_lora_weights": _rule("adapter", (0,), "pretrained_model_name_or_path_or_dict", "pretrained_model_name_or_path"),
    "pipeline": _rule("pipeline", (1,), "model", "tokenizer"),
    "hf_hub_download": _rule("hf_hub_download", (0,), "repo_id", hub_download=True),
    "hf_hub_url": _rule("hf_hub_download", (0,), "repo_id", hub_download=True),
    "try_to_load_from_cache": _rule("hf_hub_download", (0,), "repo_id", hub_download=True),
    "snapshot_download": _rule("snapshot_download", (0,), "repo_id", hub_download=True),
    "SentenceTransformer": _rule("sentence_transformers", (0,), "model_name_or_path", "model_name"),
    "CrossEncoder": _rule("sentence_transformers", (0,), "model_name_or_path", "model_name"),
    "SparseEncoder": _rule("sentence_transformers", (0,), "model_name_or_path", "model_name"),
    "LLM": _rule("vllm", (0,), "model", "tokenizer"),
    "EngineArgs": _rule("vllm", (0,), "model", "tokenizer"),
    "AsyncEngineArgs": _rule("vllm", (0,), "model", "tokenizer"),
    "InferenceClient": _rule("inference_client", (0,), "model"),
    "AsyncInferenceClient": _rule("inference_client", (0,), "model"),
    # LangChain wrappers around the Inference API
    "HuggingFaceEndpoint": _rule("inference_client", (), "repo_id", "model"),
    "HuggingFaceHub": _rule("inference_client", (), "repo_id"),
    # Hub metadata lookups: the code depends on that repository existing and on its card
    "model_info": _rule("hub_api", (0,), "repo_id"),
    "list_repo_files": _rule("hub_api", (0,), "repo_id", hub_download=True),
}
# mlx_lm.load("mlx-community/..."): "load" is far too common a name to trust without mlx_lm in the file.
_MLX_LOAD = _rule("mlx", (0,), "path_or_hf_repo")

# Calls whose arguments name datasets, or repositories the code writes to, never a model it uses.
_IGNORED_CALLS = frozenset(
    {
        "load_dataset", "load_dataset_builder", "load_from_disk", "get_dataset_config_names", "get_dataset_split_names",
        "push_to_hub", "create_repo", "upload_file", "upload_folder", "delete_repo", "create_commit", "save_pretrained",
    }
)  # fmt: skip
_ARGPARSE_CALLS = frozenset({"add_argument", "option", "Option", "argument"})
_ENV_RECEIVERS = frozenset({"environ", "env"})
_NON_MODEL_REPO_TYPES = frozenset({"dataset", "datasets", "space", "spaces"})


def _rule_for(name: str, receiver: str | None, uses_mlx: bool = False) -> _CallRule | None:
    if name == "from_pretrained" and receiver and receiver.startswith("Peft"):
        return _PEFT_FROM_PRETRAINED
    if name == "load" and (receiver == "mlx_lm" or (receiver is None and uses_mlx)):
        return _MLX_LOAD
    return _CALL_RULES.get(name)


def _is_env_getter(name: str, receiver: str | None) -> bool:
    return name == "getenv" or (name in {"get", "setdefault"} and receiver in _ENV_RECEIVERS)


def _flag_is_model(flag: str) -> bool:
    return flag.startswith("-") and is_model_key(flag.lstrip("-"))


def _valid_revision(value: str) -> str | None:
    value = value.strip()
    return value if value and len(value) <= 200 and not any(c.isspace() for c in value) else None


# --------------------------------------------------------------------------------------------------
# Python via ast
# --------------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Literal:
    node: ast.Constant
    value: str


class _PythonScanner:
    """One pass over a parsed module; results are hits with offsets into ``text``."""

    def __init__(self, tree: ast.Module, text: str) -> None:
        self.tree = tree
        self.text = text
        self._index: _LineIndex | None = None
        self.hits: list[_Hit] = []
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
        while stack:
            node = pop()
            if isinstance(node, ast.Call):
                calls.append(node)
            elif type(node) in collected:
                nodes.append(node)
                self._remember(node)
            for name in node._fields:
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
            if name and _is_env_getter(name, receiver):
                return self.resolve(self._env_default(node), depth + 1)
            if name in {"field", "Field"}:  # dataclasses.field(default=...), pydantic.Field(...)
                return self.resolve(_keyword(node, "default") or (node.args[0] if node.args else None), depth + 1)
        return None

    @staticmethod
    def _env_default(call: ast.Call) -> ast.expr | None:
        return call.args[1] if len(call.args) > 1 else _keyword(call, "default")

    # -- emitting -----------------------------------------------------------------------------------

    @property
    def index(self) -> _LineIndex:
        # Built on first use: most files have no hit and never need line offsets.
        if self._index is None:
            self._index = _LineIndex(self.text)
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
        self.hits.append(_Hit(offset, parsed.repo_id, parsed.revision or revision, kind))
        return True

    def _revision(self, call: ast.Call) -> str | None:
        literal = self.resolve(_keyword(call, "revision"))
        return _valid_revision(literal.value) if literal else None

    # -- passes -------------------------------------------------------------------------------------

    def run(self) -> list[_Hit]:
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
        if name is None or name in _IGNORED_CALLS:
            return
        if _is_env_getter(name, receiver):
            key = self.resolve(call.args[0]) if call.args else None
            if key is not None and is_model_key(key.value):
                self.emit(self._env_default(call), "env")
            return
        if name in _ARGPARSE_CALLS:
            flags = [self.resolve(arg) for arg in call.args]
            dest = self.resolve(_keyword(call, "dest"))
            if any(f is not None and _flag_is_model(f.value) for f in flags) or (dest and is_model_key(dest.value)):
                self.emit(_keyword(call, "default"), "cli-flag")
            return
        rule = _rule_for(name, receiver, self.uses_mlx)
        if rule is None:
            return
        if rule.hub_download:
            repo_type = self.resolve(_keyword(call, "repo_type"))
            if repo_type is not None and repo_type.value.lower() in _NON_MODEL_REPO_TYPES:
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
        if name in _IGNORED_CALLS or name in _ARGPARSE_CALLS:
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
                is_key = isinstance(key, ast.Constant) and isinstance(key.value, str) and is_model_key(key.value)
                if is_key and isinstance(value, ast.Constant):
                    self.emit(value, "config-key")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for arg, default in _defaults(node.args):
                if is_model_key(arg.arg) and isinstance(default, ast.Constant):
                    self.emit(default, "config-key")
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            # for model_id in ["org/a", "org/b"]: ...
            name = _target_name(node.target)
            if name is not None and (is_model_key(name) or _is_model_collection(name)):
                self._emit_elements(node.iter)

    def _emit_elements(self, value: ast.expr) -> None:
        elements = value.values if isinstance(value, ast.Dict) else getattr(value, "elts", None)
        if isinstance(value, (ast.List, ast.Tuple, ast.Set, ast.Dict)) and elements is not None:
            for element in elements:
                if isinstance(element, ast.Constant):
                    self.emit(element, "config-key")

    def _assigned(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Subscript) and _receiver_name(target.value) in _ENV_RECEIVERS:
            key = self.resolve(target.slice)
            if key is not None and is_model_key(key.value) and isinstance(value, ast.Constant):
                self.emit(value, "env")
            return
        name = _target_name(target)
        if name is not None and _is_model_collection(name):  # MODELS = ["org/a", "org/b"]
            self._emit_elements(value)
            return
        if name is None or not is_model_key(name):
            return
        is_field = isinstance(value, ast.Call) and _call_name(value.func)[0] in {"field", "Field"}
        if isinstance(value, ast.Constant) or is_field:
            self.emit(value, "config-key")


def _is_model_collection(name: str) -> bool:
    """Plural model names (MODELS, model_ids, EMBEDDING_MODELS) whose list, tuple or dict values are ids."""
    k = name.lower()
    return k.endswith(("models", "model_ids", "model_names", "model_list")) and not k.startswith(NON_SOURCE_KEY_PREFIXES)


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
_LITERAL_HINTS = ("huggingface.co", "huggingface/", "hf.co", "hf-hub:", "hf_hub:", "${")


def _may_name_a_model(text: str) -> bool:
    """Cheap gate before parsing: could any string literal in ``text`` hold a model id?"""
    if any(hint in text for hint in _LITERAL_HINTS):
        return True
    if any(is_plausible_repo_id(m.group(1)) for m in _QUOTED_ID_RE.finditer(text)):
        return True
    return _QUOTED_LEGACY_RE.search(text) is not None


def _python_hits(text: str) -> list[_Hit] | None:
    """Hits from the AST, or ``None`` when the text is not valid Python 3."""
    if not _may_name_a_model(text):
        # Nothing could match, so neither the AST nor the regex fallback has anything to find.
        return []
    try:
        with warnings.catch_warnings():
            # Scanned code is not ours: its invalid escape sequences must not print SyntaxWarnings.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    return _PythonScanner(tree, text).run()


# --------------------------------------------------------------------------------------------------
# Regex front-end for code that is not parsable Python (JS/TS, docs, broken .py)
# --------------------------------------------------------------------------------------------------

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


def _regex_code_hits(text: str) -> Iterator[_Hit]:
    uses_mlx = "mlx_lm" in text
    scans: _Scans = {}
    spans: dict[int, str] = {}
    for match in _STRING_RE.finditer(text):
        value = match.group("val")
        parsed = parse_model_value(value)
        if parsed is None:
            continue
        ctx = _enclosing_call(text, match.start(), scans)
        if ctx is None or ctx.name in _IGNORED_CALLS:
            continue
        kind = _classify(ctx, text, uses_mlx, spans)
        if kind is None:
            continue
        span = _call_span(text, ctx.open_paren, spans)
        revision_match = _REVISION_KW_RE.search(span) if "revision" in span else None  # a fast literal check first
        revision = parsed.revision or (revision_match.group(1) if revision_match else None)
        yield _Hit(match.start("val") + parsed.offset, parsed.repo_id, revision, kind)


def _classify(ctx: _CallContext, text: str, uses_mlx: bool, spans: dict[int, str] | None = None) -> str | None:
    if _is_env_getter(ctx.name, ctx.receiver):
        key = _STRING_RE.search(text, ctx.open_paren + 1, ctx.open_paren + 200)
        ok = key is not None and is_model_key(key.group("val")) and (ctx.position == 1 or ctx.keyword == "default")
        return "env" if ok else None
    if ctx.name in _ARGPARSE_CALLS:
        span = _call_span(text, ctx.open_paren, spans)
        flags = _FLAG_LITERAL_RE.findall(span)
        return "cli-flag" if ctx.keyword == "default" and any(_flag_is_model(f) for f in flags) else None
    rule = _rule_for(ctx.name, ctx.receiver, uses_mlx)
    if rule is not None:
        if rule.hub_download:
            span = _call_span(text, ctx.open_paren, spans)
            repo_type = _REPO_TYPE_KW_RE.search(span) if "repo_type" in span else None
            if repo_type and repo_type.group(1).lower() in _NON_MODEL_REPO_TYPES:
                return None
        if (ctx.keyword is None and ctx.position in rule.positions) or ctx.keyword in rule.keywords:
            return rule.kind
    if ctx.keyword is not None and is_model_key(ctx.keyword):
        return "model-kwarg"
    return None


# --------------------------------------------------------------------------------------------------
# Command lines (shell, Dockerfile, Makefile, CI, docs, strings inside code)
# --------------------------------------------------------------------------------------------------

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
    return _valid_revision(match.group("val")) if match else None


def _value_hit(commands: CommandLines, match: re.Match[str], kind: str, *, strip_tag: bool = False) -> _Hit | None:
    parsed: ParsedValue | None = parse_model_value(match.group("val"), strip_tag=strip_tag)
    if parsed is None:
        return None
    revision = parsed.revision or _flag_revision(commands, match.start())
    return _Hit(match.start("val") + parsed.offset, parsed.repo_id, revision, kind)


def _hf_download_hit(commands: CommandLines, match: re.Match[str]) -> _Hit | None:
    _start, end = commands.extent(match.end())
    args = commands.download_args(match.end(), end)
    if args.repo is None or (args.repo_type and args.repo_type.lower() in _NON_MODEL_REPO_TYPES):
        return None
    repo_start, repo = args.repo
    parsed = parse_model_value(repo)
    if parsed is None:
        return None
    return _Hit(repo_start + parsed.offset, parsed.repo_id, parsed.revision or args.revision, "hf-cli")


def _at_word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_-")


def _cli_hits(text: str) -> Iterator[_Hit]:
    hit: _Hit | None
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


# --------------------------------------------------------------------------------------------------
# Configuration keys (YAML, TOML, JSON, .env, compose, Dockerfile ENV, Makefile variables)
# --------------------------------------------------------------------------------------------------

# Keys are looked for where keys live: at the start of a line (after indentation, a YAML "- " item, or
# export/ENV/ARG/set), after "{" "," ";" in inline maps, and after `docker run -e`.  Anchoring keeps the
# engine from trying every word of every file, which made this the slowest detector.
_KEY_RE = re.compile(
    r"""(?:^|[{,;]|(?<=\s)(?:-e|--env)[ \t=])[ \t]*(?:-[ \t]+)?(?:(?:export|ENV|ARG|set)[ \t]+)?"""
    r"""["']?(?P<key>[A-Za-z_][\w.-]*)["']?[ \t]*"""
    r"""(?P<sep>[?:+]?=|:)[ \t]*(?P<val>"[^"\n]*"|'[^'\n]*'|[^\s"'#,;]+)""",
    re.MULTILINE,
)
# Kubernetes / CI env lists: `- name: MODEL_ID` followed by `value: org/name` on the next line.
_NAME_VALUE_RE = re.compile(
    r"""(?m)\bname:[ \t]*["']?(?P<key>[A-Za-z_]\w*)["']?[ \t]*\r?\n"""
    r"""[ \t]*value:[ \t]*(?P<val>"[^"\n]*"|'[^'\n]*'|[^\s"'#]+)"""
)
_DOCKER_ENV_RE = re.compile(r"(?im)^[ \t]*(?:ENV|ARG)[ \t]+(?P<key>[A-Za-z_]\w*)[ \t]+(?P<val>[^\s=]+)[ \t]*$")
_ENV_STYLE_TYPES = frozenset({"env", "docker", "shell", "make"})
_NEVER_ENV_TYPES = frozenset({"toml", "ini", "json", "code", "python"})
_KEY_TRIGGERS = ("model", "repo", "name_or_path", "tokenizer")


def _key_kind(key: str, sep: str, ftype: str) -> str:
    # Upper-case keys are environment variables by convention, also in YAML (`environment:` in compose,
    # `env:` in CI); lower-case keys are configuration unless the file itself is an env/shell file.
    if ftype in _NEVER_ENV_TYPES:
        return "config-key"
    return "env" if key.isupper() or ("=" in sep and ftype in _ENV_STYLE_TYPES) else "config-key"


def _key_hits(text: str, lower: str, ftype: str) -> Iterator[_Hit]:
    if not any(t in lower for t in _KEY_TRIGGERS):
        return
    for match in _KEY_RE.finditer(text):
        key = match.group("key")
        if not is_model_key(key):
            continue
        parsed = parse_model_value(match.group("val"))
        if parsed is not None:
            kind = _key_kind(key, match.group("sep"), ftype)
            yield _Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, kind)
    if ftype == "yaml" and "value:" in text:
        for match in _NAME_VALUE_RE.finditer(text):
            if is_model_key(match.group("key")) and (parsed := parse_model_value(match.group("val"))) is not None:
                yield _Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "env")
    if ftype == "docker":
        for match in _DOCKER_ENV_RE.finditer(text):
            if is_model_key(match.group("key")) and (parsed := parse_model_value(match.group("val"))) is not None:
                yield _Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "env")


# --------------------------------------------------------------------------------------------------
# Hub URLs and hub URIs (anywhere)
# --------------------------------------------------------------------------------------------------

_URL_HOST_RE = re.compile(r"(?:huggingface|hf)\.co/")
_INFERENCE_URL_RE = re.compile(
    r"(?:api-inference\.huggingface\.co/models|router\.huggingface\.co/hf-inference/models)/(?P<val>[\w.-]+/[\w.-]+)"
)
# timm / open_clip: create_model("hf-hub:org/name")
_HUB_URI_RE = re.compile(r"(?<![\w-])hf[-_]hub:(?P<val>[\w.-]+/[\w.-]+(?:@[\w./-]+)?)")


def _url_hits(text: str) -> Iterator[_Hit]:
    if "huggingface.co" in text or "hf.co" in text:
        # Search for the host literally (fast) and widen to the scheme by hand; a regex starting with an
        # optional scheme is tried at every position of the file and was the slowest detector.
        for match in _URL_HOST_RE.finditer(text):
            start = match.start()
            if text.endswith("www.", 0, start):
                start -= 4
            for scheme in ("https://", "http://"):
                if text.endswith(scheme, 0, start):
                    start -= len(scheme)
                    break
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.@-"):
                continue  # cdn-lfs.huggingface.co, user@huggingface.co
            parsed = parse_model_value(text[start : start + 400].split(None, 1)[0])
            if parsed is not None:
                yield _Hit(start + parsed.offset, parsed.repo_id, parsed.revision, "url")
        for match in _INFERENCE_URL_RE.finditer(text):
            if (parsed := parse_model_value(match.group("val"))) is not None:
                yield _Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "url")
    if "hf-hub:" in text or "hf_hub:" in text:
        for match in _HUB_URI_RE.finditer(text):
            if (parsed := parse_model_value(match.group("val"))) is not None:
                yield _Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "hub-uri")


# --------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------


def _text_hits(text: str, ftype: str) -> list[_Hit]:
    """Hits for one file's (or notebook cell's) text; offsets index ``text``."""
    hits: list[_Hit] = []
    lower = text.lower()
    if ftype == "python":
        ast_hits = _python_hits(text)
        if ast_hits is None:
            hits.extend(_regex_code_hits(text))
            hits.extend(_key_hits(text, lower, "code"))
        else:
            hits.extend(ast_hits)
    elif ftype in {"code", "markup"}:
        hits.extend(_regex_code_hits(text))
    hits.extend(_cli_hits(text))
    if ftype != "python":
        hits.extend(_key_hits(text, lower, ftype))
    hits.extend(_url_hits(text))
    return hits


def scan_text(text: str, path: str = "<text>") -> list[ModelReference]:
    """Find model references in ``text``, choosing detectors by the file name or extension of ``path``.

    References are sorted by position and carry ``path`` unchanged.
    """
    ftype = file_type(path)
    if ftype == "notebook":
        refs = _scan_notebook(text, path)
        if refs is not None:
            return refs
        ftype = "other"  # not JSON: read it as plain text
    return _to_references(_text_hits(text, ftype), text, path)


# --------------------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------------------

_MAGIC_RE = re.compile(r"^([ \t]*)[!%].*$", re.MULTILINE)


def _cell_source(cell: object) -> str | None:
    if not isinstance(cell, dict):
        return None
    source = cell.get("source")
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else None


def _cell_hits(source: str, cell_type: str) -> list[_Hit]:
    if cell_type != "code":
        return _text_hits(source, "markup")
    if source.lstrip().startswith("%%"):  # %%bash, %%writefile ...: not Python
        return _text_hits(source, "other")
    # IPython shell escapes and magics are not Python; blank them out (keeping the indentation and a
    # statement so blocks stay valid) and let the command-line detectors read the original lines.
    cleaned = _MAGIC_RE.sub(lambda m: m.group(1) + "pass", source)
    hits = _text_hits(cleaned, "python")
    if cleaned != source:
        hits = _relocate(hits, cleaned, source)
        hits.extend(_cli_hits(source))
        hits.extend(_url_hits(source))
    return hits


def _relocate(hits: list[_Hit], old: str, new: str) -> list[_Hit]:
    # Magic lines changed length; every other line is identical, so (line, column) carries over.
    old_index, new_index = _LineIndex(old), _LineIndex(new)
    out = []
    for hit in hits:
        line, column = old_index.locate(hit.offset)
        out.append(_Hit(new_index.offset(line, column), hit.repo_id, hit.revision, hit.kind))
    return out


def _scan_notebook(text: str, path: str) -> list[ModelReference] | None:
    """References in a notebook's cells, located on the lines of the ``.ipynb`` file itself.

    Outputs are ignored: download logs and widget state name models the notebook merely printed.
    Returns ``None`` when the file is not notebook JSON.
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep ("[[[[...")
        return None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return None
    locator = _RawLocator(text.split("\n"))
    refs: list[ModelReference] = []
    for cell in cells:
        source = _cell_source(cell)
        if not source:
            continue
        cell_type = str(cell.get("cell_type", "code")) if isinstance(cell, dict) else "code"
        cell_index = _LineIndex(source)
        cell_lines = source.split("\n")
        locator.anchor(cell_lines)
        stripped: dict[int, tuple[str, int]] = {}
        for hit in sorted(_dedupe(_cell_hits(source, cell_type)), key=lambda h: h.offset):
            line, column = cell_index.locate(hit.offset)
            cell_line = cell_lines[line - 1]
            raw_line, raw_column = locator.find(cell_line, column)
            if line not in stripped:
                stripped[line] = _stripped(cell_line)
            snippet = _snippet(cell_line, column, stripped[line])
            refs.append(ModelReference(hit.repo_id, hit.revision, path, raw_line, raw_column, hit.kind, snippet))
    refs.sort(key=lambda r: (r.line, r.column))
    return refs


class _RawLocator:
    """Finds where a cell's source line sits in the raw ``.ipynb`` text.

    nbformat writes each source line as one JSON string on its own line, so searching for the JSON
    encoding of the line (after the previous cell's position) finds it.  Only lines that carry a hit are
    searched, each cell advances a cursor (line and column, for notebooks written on one line), and a
    cell's hits (taken in order) are searched from where the previous one was found, so the cost stays
    linear in the file size; a hostile file whose lines are never found spends at most a fixed multiple of
    its size searching.  When a line cannot be found (unusual writers, or that budget spent) the cell's
    anchor line is used: approximate, but still inside the right cell.
    """

    def __init__(self, raw_lines: list[str]) -> None:
        self.raw_lines = raw_lines
        self.cursor = (0, 0)  # where the current cell starts
        self.mark = (0, 0)  # where the cell's previous hit was found
        self.after = (0, 0)  # past everything found so far: the next cell starts after it
        self.budget = 8 * sum(len(line) + 1 for line in raw_lines) + 100_000  # characters searching may read

    def _search(self, line: str, start: tuple[int, int]) -> tuple[int, bool, int] | None:
        for ascii_only in (False, True):
            encoded = json.dumps(line, ensure_ascii=ascii_only)[1:-1]
            i, column = start
            while i < len(self.raw_lines) and self.budget > 0:
                raw = self.raw_lines[i]
                col = raw.find(encoded, column)
                self.budget -= (col + len(encoded) if col >= 0 else len(raw) + 1) - column
                if col >= 0:
                    self.after = max(self.after, (i, col + len(encoded)))
                    return i, ascii_only, col
                i, column = i + 1, 0
        return None

    def anchor(self, cell_lines: list[str]) -> None:
        first = next((line for line in cell_lines if line.strip()), None)
        found = self._search(first, self.after) if first is not None else None
        if found is not None:
            self.cursor = (found[0], found[2])
        self.mark = self.cursor

    def find(self, cell_line: str, column: int) -> tuple[int, int]:
        """1-based (line, column) in the raw file for ``column`` of ``cell_line`` (hits of a cell in order)."""
        found = self._search(cell_line, self.mark)
        if found is None and self.mark != self.cursor:
            found = self._search(cell_line, self.cursor)  # out of order: from the cell's start, as for its first hit
        if found is None:
            return self.cursor[0] + 1, column
        index, ascii_only, col = found
        self.mark = (index, col)
        prefix = json.dumps(cell_line[: column - 1], ensure_ascii=ascii_only)[1:-1]
        return index + 1, col + len(prefix) + 1
