"""Reading the user's files (profiles, policies, waivers, inventories, model lists) with one-line errors.

Every read is bounded: a file larger than ``MAX_USER_FILE_BYTES`` is refused, and a device or pipe
given as a file (``--profile /dev/zero``) is read up to the same cap, never forever. YAML aliases
are bounded too: a document whose aliases would expand it by more than ``ALIAS_BUDGET`` nodes
("billion laughs": a few lines that turn into gigabytes once walked or printed), or that refers
to itself, is refused before anything walks it.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelaudit.errors import UsageError

if TYPE_CHECKING:
    import yaml

MAX_USER_FILE_BYTES = 10 * 1024 * 1024
ALIAS_BUDGET = 10_000  # nodes that aliases may add to a document beyond the ones written out


def read_user_bytes(path: Path, what: str, limit: int = MAX_USER_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes of the file ``what`` (e.g. "profile file"); UsageError otherwise."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise UsageError(f"{what} {path} is a directory")
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(path, what, limit)
            # Devices and pipes have no size: read one byte past the cap to tell "too large".
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise UsageError(f"{what} {path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{what} {path} is a directory") from None
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _too_large(path, what, limit)
    return data


def _too_large(path: Path, what: str, limit: int) -> UsageError:
    return UsageError(f"{what} {path} is larger than {_size(limit)}")


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def read_user_text(path: Path, what: str, limit: int = MAX_USER_FILE_BYTES) -> str:
    data = read_user_bytes(path, what, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{what} {path} is not UTF-8 text (byte {exc.start})") from None


def parse_yaml(text: str, where: str) -> tuple[Any, yaml.Node | None]:
    """The document in ``text`` and its node tree (for line numbers); one-line UsageError naming
    ``where`` for invalid YAML, too deep a nesting, or aliases over the budget."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise UsageError(f"{where}{line}: {' '.join(str(problem).split())}") from None
    except RecursionError:
        raise UsageError(f"{where}: the YAML is nested too deeply") from None
    finally:
        loader.dispose()


def load_yaml(path: Path, what: str) -> Any:
    return parse_yaml(read_user_text(path, f"{what} file"), str(path))[0]


def load_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    data = load_yaml(path, what)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a {what} file must be a YAML mapping, got {type(data).__name__}")
    return data


@lru_cache(maxsize=1)
def _loader_class() -> type[Any]:
    """A safe loader (libyaml's when installed: it also caps nesting at 1000 levels) that refuses
    alias expansion over the budget."""
    import yaml

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class BoundedLoader(base):  # type: ignore[misc]
        def get_single_node(self) -> yaml.Node | None:
            node: yaml.Node | None = super().get_single_node()
            if node is not None:
                _check_aliases(node)
            return node

    return BoundedLoader


def _yaml_error(problem: str, node: yaml.Node) -> Exception:
    import yaml

    return yaml.MarkedYAMLError(problem=problem, problem_mark=node.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


_SATURATED = 1 << 40  # far above any real document: sizes stop growing here, no huge integers


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a node graph whose expanded size (every alias counted as a copy) exceeds the nodes
    written out by more than ALIAS_BUDGET, or that contains itself. Iterative, memoised by node."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            sizes[key] = min(_SATURATED, 1 + sum(sizes[id(child)] for child in _children(node)))
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _yaml_error("an alias refers to a node that contains it (a recursive alias)", node)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    if sizes[id(root)] > len(sizes) + ALIAS_BUDGET:
        raise _yaml_error(f"aliases expand this document by more than {ALIAS_BUDGET:,} nodes; "
                          f"write the repeated parts out instead", root)
