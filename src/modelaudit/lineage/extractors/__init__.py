"""The ordered registry of lineage claim extractors.

Each row of ``modelaudit.lineage_signals.SIGNALS`` (name, evidence, rank, stage, files: data the file plan
reads too) is bound here to the module that reads it, ``modelaudit.lineage.extractors.<extractor>``, which
defines ``READER = SignalReader(read=..., supplement=..., unread=...)``. Modules are loaded when lineage is
imported, so a row without its module (or a module without a reader) fails at once, naming both.

A new lineage signal is one module in this package and one ``Signal(...)`` row in ``lineage_signals.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module

from modelaudit.lineage.extractors.base import Extractor, Findings, Reading, SignalReader
from modelaudit.lineage_signals import SIGNALS, Signal


def _bind(signal: Signal) -> Extractor:
    name = f"{__name__}.{signal.extractor}"
    try:
        module = import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise ImportError(f"lineage signal {signal.name!r}: no extractor module {name}") from None
    reader = getattr(module, "READER", None)
    if not isinstance(reader, SignalReader):
        raise ImportError(f"lineage signal {signal.name!r}: {name} defines no READER = SignalReader(...)")
    return Extractor(signal, reader)


def bind(signals: Sequence[Signal]) -> tuple[Extractor, ...]:
    """The extractors of ``signals``, in their order (``analyse_record`` reads them stage by stage, in this
    order within a stage)."""
    return tuple(_bind(signal) for signal in signals)


REGISTRY: tuple[Extractor, ...] = bind(SIGNALS)

__all__ = ["REGISTRY", "Extractor", "Findings", "Reading", "SignalReader", "bind"]
