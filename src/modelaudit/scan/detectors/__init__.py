"""Detectors that find model references in the text of one file, one module per kind of evidence.

* ``python_ast.py`` — Python through :mod:`ast` (calls, keyword arguments, constants, argparse defaults);
* ``code_regex.py`` — string literals in other code and in ``.py`` files that do not parse;
* ``commands.py`` — command lines (``--model``, ``vllm serve``, ``hf download``, llama.cpp ``-hf``);
* ``config_keys.py`` — ``key: value`` configuration and environment (``model_id:``, ``MODEL_ID=``);
* ``nested_keys.py`` — ids under a key that names a model (``model: {name: …}``, ``[model]``, ``model.path``);
* ``urls.py`` — Hub links anywhere (read by :mod:`modelaudit.hubrefs`);
* ``notebooks.py`` — Jupyter notebooks, cell by cell, located on the ``.ipynb`` file's lines;
* ``artefacts.py`` — model artefacts on disk, by name and layout (GGUF / safetensors files, model folders,
  Hugging Face cache entries, Ollama stores): ``registry.ARTEFACT_DETECTORS``.

``registry.py`` holds the one ordered list of detectors and :func:`scan_text`; ``hits.py`` the plumbing they
share (hits, line index, snippets, de-duplication); ``calls.py`` the call rules of the two code detectors.

The central false-positive defence is that a string is only reported where the surrounding code says it is
a model (a call, a flag, a key); a bare ``"org/name"`` literal is never reported.  Each candidate must also
pass :func:`~modelaudit.scan.references.is_plausible_repo_id`, and an id that heads a glob pattern
(``org/Llama-3.1-*``) is not a model.
"""

from __future__ import annotations

from .filetypes import file_type
from .registry import ARTEFACT_DETECTORS, DETECTORS, Detector, artefacts_at, scan_text

__all__ = ["ARTEFACT_DETECTORS", "DETECTORS", "Detector", "artefacts_at", "file_type", "scan_text"]
