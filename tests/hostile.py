"""Helpers for feeding hostile text to every reader of a model card, a README, a licence or a scanned file."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from modelaudit.cards import split_front_matter
from modelaudit.evidence import read_evidence
from modelaudit.licensing.identify import identify_declared, identify_prose, identify_text
from modelaudit.licensing.knowledge_base import default_knowledge_base
from modelaudit.lineage.inference import analyse_record
from modelaudit.lineage.names import default_catalogue
from modelaudit.lineage.prose import merge_component_claims, self_derivation_sentence
from modelaudit.openness.reading import read_card
from modelaudit.scan.detectors import scan_text
from modelaudit.sources.records import FileStatus, ModelRecord

REPO = "someone/Some-Model-7B"
#: One file of each kind the scanner reads with different detectors (code and other text: as README.md).
SCAN_PATHS = ("train.py", "notebook.ipynb", "run.sh", "Dockerfile", "config.yaml", "README.md")


def record(readme: str, *, license_text: str | None = None, siblings: tuple[str, ...] = (),
           card: Mapping[str, Any] | None = None, repo_id: str = REPO) -> ModelRecord:
    """A record whose card metadata is what its README's front matter says (as the local source reads it)."""
    files = {"README.md": readme}
    if license_text is not None:
        files["LICENSE"] = license_text
    front = split_front_matter(readme)[0] or {}
    return ModelRecord(
        repo_id=repo_id, requested_id=repo_id, revision=None, card_data=dict(card if card is not None else front),
        files=files, file_status={name: FileStatus.READ for name in files},
        siblings=tuple(files) + siblings,
    )


def lineage_readers(text: str) -> list[Callable[[], object]]:
    """Every lineage reader of README text, each ready to call (``analyse_record`` runs ``prose_claims`` on the
    body, and reads the same text as a LICENSE / NOTICE file)."""
    catalogue = default_catalogue()
    return [
        lambda: merge_component_claims(read_evidence(record(text)), catalogue),
        lambda: self_derivation_sentence(read_evidence(record(text)), catalogue.attribution_phrases),
        lambda: analyse_record(read_evidence(record(text, license_text=text)), catalogue),
    ]


def licence_readers(text: str) -> list[Callable[[], object]]:
    """Every licence and openness reader of README / LICENSE text, each ready to call."""
    kb = default_knowledge_base()
    return [
        lambda: split_front_matter(text),
        lambda: identify_declared(read_evidence(record(text, license_text=text)), kb),
        # "other" sends identification through the README prose and the licence files.
        lambda: identify_declared(read_evidence(record(text, license_text=text, card={"license": "other"})), kb),
        lambda: identify_text(kb, text),
        lambda: identify_prose(kb, text),
        lambda: read_card(read_evidence(record(text))),
    ]


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the run) when the block is still running after ``seconds``: a catastrophic
    pattern would otherwise take hours. The regex engine checks for signals, so the alarm interrupts it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(call: Callable[[], object], limit: float) -> float:
    """Seconds ``call`` took; it must raise nothing and end within ``limit`` (checked by the caller)."""
    with deadline(limit * 5):
        start = time.perf_counter()
        call()
        return time.perf_counter() - start


__all__ = ["REPO", "SCAN_PATHS", "deadline", "licence_readers", "lineage_readers", "record", "scan_text", "timed"]
