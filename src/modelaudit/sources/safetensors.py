"""A ``.safetensors`` file's header, read with bounds, and the file as a model record.

The format is an 8-byte little-endian header length, that many bytes of JSON (tensor names, shapes,
offsets, and an optional ``__metadata__`` object of strings), then the tensor data. Only the header is
read, and only when its length is plausible: a length beyond the file or over 100 MB is refused (a
hostile file would otherwise make us allocate it). ``__metadata__`` rarely says more than
``{"format": "pt"}``; the model's licence and lineage come from the ``config.json``, README and licence
files beside it, as for a model folder.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from modelaudit.kinds import SourceKind
from modelaudit.sources.local import card_metadata, now, read_folder
from modelaudit.sources.records import FetchOutcome, ModelRecord

__all__ = ["MAX_HEADER", "SafetensorsHeader", "SafetensorsSource", "read_safetensors", "safetensors_header"]

MAX_HEADER = 100_000_000  # bytes of JSON header (the format's own limit)
_MAX_METADATA_VALUE = 4096  # characters of one metadata value kept
_MAX_METADATA = 256  # metadata keys kept


@dataclass(frozen=True)
class SafetensorsHeader:
    tensor_count: int
    metadata: Mapping[str, str]  # ``__metadata__`` (string values only, as the format requires)


def safetensors_header(path: str | Path) -> SafetensorsHeader | str:
    """The header of the safetensors file at ``path``, or a one-line reason it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            return f"{path.name} is a directory, not a safetensors file"
        size = path.stat().st_size
        with path.open("rb") as stream:
            prefix = stream.read(8)
            if len(prefix) < 8:
                return f"{path.name}: truncated (no header length)"
            length = struct.unpack("<Q", prefix)[0]
            if length > MAX_HEADER:
                return f"{path.name}: header length {length} is over {MAX_HEADER // 1_000_000} MB"
            if length > size - 8:
                return f"{path.name}: header length {length} runs past the end of the file ({size} bytes)"
            raw = stream.read(length)
    except OSError as exc:
        return f"{path.name}: cannot be read ({exc.strerror or exc})"
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return f"{path.name}: the header is not valid UTF-8 JSON"
    if not isinstance(header, dict):
        return f"{path.name}: the header is not a JSON object"
    meta = header.get("__metadata__")
    kept: dict[str, str] = {}
    if isinstance(meta, dict):
        for key, value in list(meta.items())[:_MAX_METADATA]:
            if isinstance(value, str):
                kept[str(key)] = value[:_MAX_METADATA_VALUE]
    return SafetensorsHeader(tensor_count=sum(1 for k in header if k != "__metadata__"), metadata=kept)


#: ``__metadata__`` keys some exporters write that mean what the card field of the same name means.
_CARD_KEYS = ("license", "license_name", "license_link", "base_model")


def read_safetensors(path: str | Path, *, display_id: str | None = None) -> FetchOutcome:
    """A safetensors file as a model record: what the folder it sits in says (``config.json``, README, licence
    files), plus the licence-like keys of its ``__metadata__`` where the README's card has none."""
    kind = SourceKind.LOCAL_FILE
    shown = display_id or str(path)
    file = Path(path).expanduser()
    if not file.is_file() and not file.is_dir():
        return FetchOutcome.missing(shown, f"{shown}: no such file", kind)
    header = safetensors_header(file)
    if isinstance(header, str):
        return FetchOutcome.missing(shown, header, kind)
    folder = read_folder(file.parent)
    card = dict(folder.card)
    for key in _CARD_KEYS:
        value = header.metadata.get(key, "").strip()
        if value and key not in card:
            card[key] = value
    fmt = header.metadata.get("format")
    note = f"read from the safetensors header of {file.name}: {header.tensor_count} tensors" + (
        f", format {fmt}" if fmt else "")
    record = ModelRecord(
        repo_id=shown, requested_id=shown, revision=None, card_data=card,
        **card_metadata(card),
        config=folder.config, siblings=tuple(dict.fromkeys((*folder.files, file.name))), files=folder.files,
        file_status=folder.statuses, source=kind, fetched_at=now(), notes=(note,),
    )
    return FetchOutcome.ok(record)


class SafetensorsSource:
    """Reads safetensors files (the reference is the path as written)."""

    kind = SourceKind.LOCAL_FILE

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        return read_safetensors(repo_id, display_id=repo_id)
