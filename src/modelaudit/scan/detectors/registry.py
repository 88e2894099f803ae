"""The ordered registry of detectors, and :func:`scan_text`, which runs it over one file's text.

Each detector is a module of this package with a ``find(source) -> Iterable[Hit]`` function; its line in
:data:`DETECTORS` says which kinds of text (``filetypes.py``) it reads. Order matters: when two detectors
find the same id at the same place, the earlier one's kind is kept, so the most specific come first.

Model artefacts on disk (GGUF and safetensors files, model folders, Hugging Face cache entries, Ollama stores)
are found by the detectors of :data:`ARTEFACT_DETECTORS` (``artefacts.py``), which the walker asks about
every directory it enters and every file it visits, in order: the first that recognises an entry decides.

Adding a detector touches two files: the new module (``detectors/<name>.py`` with ``find``) and its line
here (add it to the ``from . import …`` line, then ``Detector("<name>", <kinds>, <name>.find)`` to
:data:`DETECTORS` at the place its precedence calls for).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..references import ModelReference
from . import artefacts, code_regex, commands, config_keys, nested_keys, notebooks, python_ast, urls
from . import filetypes as ft
from .hits import Hit, Source, drop_wildcards, to_references

__all__ = ["ARTEFACT_DETECTORS", "DETECTORS", "Detector", "artefacts_at", "hits_for", "scan_text"]


@dataclass(frozen=True)
class Detector:
    name: str
    file_types: frozenset[str]  # the kinds of text it reads (filetypes.py)
    find: Callable[[Source], Iterable[Hit]]


DETECTORS: tuple[Detector, ...] = (
    Detector("python-ast", frozenset({ft.PYTHON}), python_ast.find),
    Detector("code-regex", frozenset({ft.CODE, ft.MARKUP, ft.PYTHON_UNPARSED}), code_regex.find),
    Detector("commands", ft.TEXT_TYPES, commands.find),
    Detector("config-keys", ft.TEXT_TYPES - {ft.PYTHON, ft.IPYTHON_MAGIC}, config_keys.find),
    Detector("nested-keys", frozenset({ft.YAML, ft.JSON, ft.TOML}), nested_keys.find),
    Detector("urls", ft.TEXT_TYPES, urls.find),
    Detector("notebooks", frozenset({ft.NOTEBOOK}), notebooks.find),
)

#: In order; the first detector that recognises a directory or file decides what it is (an Ollama store holds
#: GGUF blobs, a Hugging Face cache entry holds config.json and weights: the store and the cache come first).
ARTEFACT_DETECTORS: tuple[artefacts.ArtefactDetector, ...] = (
    artefacts.ArtefactDetector("ollama-store", True, artefacts.ollama_store),
    artefacts.ArtefactDetector("hf-cache", True, artefacts.hf_cache),
    artefacts.ArtefactDetector("model-folder", True, artefacts.model_folder),
    artefacts.ArtefactDetector("gguf", False, artefacts.gguf_file),
    artefacts.ArtefactDetector("safetensors", False, artefacts.safetensors_file),
)


def artefacts_at(entry: artefacts.Entry, directory: bool) -> artefacts.Found | None:
    """What the first artefact detector that recognises ``entry`` found (``None``: no artefact; a directory is
    then walked as code, a file read as text)."""
    for detector in ARTEFACT_DETECTORS:
        if detector.directories is directory:
            found = detector.find(entry)
            if found is not None:
                return found
    return None


# The detectors of each kind, in registry order (looked up once per file, so computed once).
_BY_TYPE: dict[str, tuple[Detector, ...]] = {}


def _detectors_for(ftype: str) -> tuple[Detector, ...]:
    found = _BY_TYPE.get(ftype)
    if found is None:
        found = _BY_TYPE[ftype] = tuple(d for d in DETECTORS if ftype in d.file_types)
    return found


def hits_for(text: str, ftype: str) -> list[Hit]:
    """Every detector's hits in ``text`` read as kind ``ftype``; offsets index ``text``."""
    tree: ast.Module | None = None
    if ftype == ft.PYTHON:
        # A .py file is parsed once here: whether it parses decides which detectors read it.
        ftype, tree = python_ast.read(text)
    source = Source(text, ftype, hits_for, tree)
    hits: list[Hit] = []
    for detector in _detectors_for(ftype):
        hits.extend(detector.find(source))
    return drop_wildcards(hits, text)


def scan_text(text: str, path: str = "<text>") -> list[ModelReference]:
    """Find model references in ``text``, choosing detectors by the file name or extension of ``path``.

    References are sorted by position and carry ``path`` unchanged.
    """
    return to_references(hits_for(text, ft.file_type(path)), text, path)
