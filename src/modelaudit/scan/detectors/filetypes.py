"""The kinds of text the detectors tell apart, decided by a file's name.

The registry (``registry.py``) names, for each detector, the kinds it reads. Two kinds are not file names:
``python-unparsed`` is a ``.py`` file that is not Python 3 (Python 2, a template, a syntax error; the
registry decides it by parsing), and ``ipython-magic`` is the shell escapes and magics of a notebook cell.
"""

from __future__ import annotations

from pathlib import PurePosixPath

__all__ = [
    "CODE", "DOCKER", "ENV", "FILE_TYPES", "INI", "IPYTHON_MAGIC", "JSON", "MAKE", "MARKUP", "NOTEBOOK", "OTHER",
    "PYTHON", "PYTHON_UNPARSED", "SHELL", "TEXT_TYPES", "TOML", "YAML", "file_type",
]  # fmt: skip

PYTHON = "python"
PYTHON_UNPARSED = "python-unparsed"
NOTEBOOK = "notebook"
IPYTHON_MAGIC = "ipython-magic"
SHELL = "shell"
DOCKER = "docker"
MAKE = "make"
YAML = "yaml"
TOML = "toml"
INI = "ini"
JSON = "json"
ENV = "env"
MARKUP = "markup"
CODE = "code"
OTHER = "other"

FILE_TYPES: frozenset[str] = frozenset(
    {PYTHON, PYTHON_UNPARSED, NOTEBOOK, IPYTHON_MAGIC, SHELL, DOCKER, MAKE, YAML, TOML, INI, JSON, ENV, MARKUP, CODE,
     OTHER}
)  # fmt: skip
#: Every kind whose text is read as it is (a notebook is read cell by cell instead).
TEXT_TYPES: frozenset[str] = FILE_TYPES - {NOTEBOOK}

_EXT_TYPES: dict[str, str] = {
    ".py": PYTHON, ".pyw": PYTHON, ".pyi": PYTHON,
    ".ipynb": NOTEBOOK,
    ".sh": SHELL, ".bash": SHELL, ".zsh": SHELL, ".fish": SHELL, ".ps1": SHELL, ".bat": SHELL,
    ".cmd": SHELL, ".envrc": SHELL,
    ".dockerfile": DOCKER, ".containerfile": DOCKER,
    ".mk": MAKE, ".mak": MAKE,
    ".yaml": YAML, ".yml": YAML,
    ".toml": TOML,
    ".ini": INI, ".cfg": INI, ".conf": INI, ".properties": INI,
    ".json": JSON, ".jsonc": JSON, ".json5": JSON,
    ".env": ENV,
    ".md": MARKUP, ".mdx": MARKUP, ".rst": MARKUP, ".txt": MARKUP, ".adoc": MARKUP, ".qmd": MARKUP,
    ".js": CODE, ".mjs": CODE, ".cjs": CODE, ".ts": CODE, ".tsx": CODE, ".jsx": CODE, ".mts": CODE,
    ".vue": CODE, ".svelte": CODE, ".rb": CODE, ".go": CODE, ".rs": CODE, ".java": CODE, ".kt": CODE,
    ".scala": CODE, ".swift": CODE, ".php": CODE, ".r": CODE, ".jl": CODE, ".lua": CODE, ".cs": CODE,
    ".c": CODE, ".cc": CODE, ".cpp": CODE, ".h": CODE, ".hpp": CODE, ".tf": CODE, ".hcl": CODE,
}  # fmt: skip
_NAME_TYPES: dict[str, str] = {
    "dockerfile": DOCKER, "containerfile": DOCKER,
    "makefile": MAKE, "gnumakefile": MAKE, "justfile": MAKE,
    "procfile": SHELL, ".envrc": SHELL,
    ".env": ENV,
}  # fmt: skip


def file_type(path: str) -> str:
    """Classify ``path`` by name: python, notebook, shell, docker, make, yaml, toml, ini, json, env, markup, code, other."""
    name = PurePosixPath(path.replace("\\", "/")).name.lower()
    if name in _NAME_TYPES:
        return _NAME_TYPES[name]
    # Dockerfile.gpu, Makefile.ci, .env.production, prod.env
    if name.startswith(("dockerfile.", "containerfile.")):
        return DOCKER
    if name.startswith("makefile."):
        return MAKE
    if name.startswith(".env.") or name.endswith(".env"):
        return ENV
    dot = name.rfind(".")
    return _EXT_TYPES.get(name[dot:], OTHER) if dot >= 0 else OTHER
