"""Find the Hugging Face models a code base uses (the library behind ``modelaudit scan PATH``).

>>> from modelaudit.scan import scan_path
>>> result = scan_path("path/to/repo")            # doctest: +SKIP
>>> result.models()                               # doctest: +SKIP
['meta-llama/Llama-3.1-8B-Instruct', 'BAAI/bge-small-en-v1.5@v1']
"""

from __future__ import annotations

from .detectors import scan_text
from .references import ModelReference, ScanResult, is_plausible_repo_id
from .walker import scan_path

__all__ = ["ModelReference", "ScanResult", "is_plausible_repo_id", "scan_path", "scan_text"]
