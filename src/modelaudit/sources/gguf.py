"""A GGUF file's metadata header, read with bounds: what the file says it is, never its tensors.

A GGUF file is ``GGUF`` + version + tensor count + KV count, then the key/value pairs, then the tensor
infos and the tensor data (gigabytes). Only the key/value section says anything about licence and lineage
(``general.license``, ``general.base_model.N.*``, ``general.name`` ...), so only that is read, with one
bounded loop over a buffered file: ``gguf.GGUFReader`` memory-maps the whole file and materialises every
array (a 256k-entry token list) and every tensor info, which a hostile or merely large file turns into
seconds and hundreds of MiB. The value types and key names are the ``gguf`` package's own.

Every bound below is far above what a real file holds; a file that crosses one is not read at all (a
one-line reason), because a header we only partly understood cannot establish anything.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from modelaudit.hubrefs import RepoType, parse_hub_url
from modelaudit.kinds import SourceKind
from modelaudit.refs import is_repo_id
from modelaudit.sources.local import now, read_folder
from modelaudit.sources.records import FetchOutcome, ModelRecord

__all__ = ["GgufDataset", "GgufMetadata", "GgufModelRef", "GgufSource", "gguf_metadata", "header_card", "read_gguf",
           "shard_paths"]

MAX_STRING = 1 << 20  # one string value or key: 1 MiB (a chat template is a few KiB)
MAX_ARRAY = 1_000_000  # items of one array (a 256k vocabulary is the largest real one)
MAX_KEPT_ARRAY = 1024  # items of an array we keep (general.tags, general.languages)
MAX_HEADER = 64 << 20  # bytes of the whole KV section (token lists and merges of a large vocabulary: ~10 MiB)
MAX_KV = 100_000  # key/value pairs (real files: 20-60)
_CHUNK = 1 << 20  # bytes read at once when skipping a list of strings
_MAX_NESTING = 4  # arrays of arrays (none in real files): bounded so a crafted file cannot exhaust the stack
_MAGIC = b"GGUF"
_SPLIT_NAME = re.compile(r"^(?P<stem>.+)-(?P<no>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
#: Keys kept besides ``general.*``: the split keys say whether this is one shard of a set.
_KEPT = ("split.no", "split.count")


class _Refused(Exception):
    """The header cannot be read; the message is the one-line reason."""


@dataclass(frozen=True)
class GgufModelRef:
    """One ``general.base_model.N.*`` entry: a model this file was made from."""

    name: str | None = None
    organization: str | None = None
    repo_url: str | None = None
    version: str | None = None


@dataclass(frozen=True)
class GgufDataset:
    """One ``general.dataset.N.*`` entry: a dataset the model was trained on."""

    name: str | None = None
    organization: str | None = None
    repo_url: str | None = None


@dataclass(frozen=True)
class GgufMetadata:
    """What a GGUF header says about the model (``None``: the key is absent)."""

    version: int
    kv_count: int
    architecture: str | None = None
    name: str | None = None
    basename: str | None = None
    finetune: str | None = None
    size_label: str | None = None
    organization: str | None = None
    quantized_by: str | None = None
    license: str | None = None
    license_name: str | None = None
    license_link: str | None = None
    source_url: str | None = None
    source_repo_url: str | None = None
    repo_url: str | None = None
    base_models: tuple[GgufModelRef, ...] = ()
    datasets: tuple[GgufDataset, ...] = ()
    tags: tuple[str, ...] = ()
    file_type: int | None = None
    #: The quantization ``general.file_type`` names ("Q4_K_M", "F16"), when the gguf package knows it.
    quantization: str | None = None
    split_no: int | None = None
    split_count: int | None = None
    #: Every kept key (``general.*`` and the split keys) with its value, for notes and evidence.
    general: Mapping[str, Any] = field(default_factory=dict)


class _Header:
    """A bounded reader over the start of a file: every read counts against ``MAX_HEADER``."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self._stream = stream
        self._size = size
        self.pos = 0
        self.endian = "<"
        self.wide = True  # GGUF v2+: lengths and counts are 64-bit; v1: 32-bit

    def _need(self, n: int, what: str) -> None:
        if self.pos + n > self._size:
            raise _Refused(f"truncated: {what} runs past the end of the file")
        if self.pos + n > MAX_HEADER:
            raise _Refused(f"metadata header is larger than {MAX_HEADER >> 20} MiB")

    def read(self, n: int, what: str) -> bytes:
        self._need(n, what)
        data = self._stream.read(n)
        if len(data) != n:
            raise _Refused(f"truncated: {what} runs past the end of the file")
        self.pos += n
        return data

    def skip(self, n: int, what: str) -> None:
        self._need(n, what)
        self._stream.seek(n, 1)
        self.pos += n

    def skip_strings(self, count: int, what: str) -> None:
        """Skip ``count`` strings (a token list) in large reads: one read and seek per string would cost
        about a second for a 256k vocabulary."""
        size = struct.calcsize(self.endian + ("Q" if self.wide else "I"))
        fmt = struct.Struct(self.endian + ("Q" if self.wide else "I"))
        buffer, offset = b"", 0
        for _ in range(count):
            if len(buffer) - offset < size:
                buffer, offset = buffer[offset:] + self._chunk(what), 0
                if len(buffer) < size:
                    raise _Refused(f"truncated: {what} runs past the end of the file")
            n = fmt.unpack_from(buffer, offset)[0]
            if n > MAX_STRING:
                raise _Refused(f"a string of {what} is {n} bytes long (at most {MAX_STRING >> 20} MiB is read)")
            offset += size + n
            while offset > len(buffer):  # the string runs past what is buffered: drop the buffer, keep reading
                offset -= len(buffer)
                buffer = self._chunk(what)
                if not buffer:
                    raise _Refused(f"truncated: {what} runs past the end of the file")
        # Give back what was read beyond the last string.
        extra = len(buffer) - offset
        self._stream.seek(-extra, 1)
        self.pos -= extra

    def _chunk(self, what: str) -> bytes:
        n = min(_CHUNK, self._size - self.pos)
        if self.pos + n > MAX_HEADER:
            raise _Refused(f"metadata header is larger than {MAX_HEADER >> 20} MiB")
        data = self._stream.read(n)
        self.pos += len(data)
        return data

    def unpack(self, fmt: str, what: str) -> Any:
        return struct.unpack(self.endian + fmt, self.read(struct.calcsize(fmt), what))[0]

    def length(self, what: str) -> int:
        return int(self.unpack("Q" if self.wide else "I", what))

    def string_length(self, what: str) -> int:
        n = self.length(what)
        if n > MAX_STRING:
            raise _Refused(f"{what} is {n} bytes long (at most {MAX_STRING >> 20} MiB is read)")
        return n

    def string(self, what: str) -> str:
        raw = self.read(self.string_length(what), what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(f"{what} is not UTF-8") from None


def _scalar_formats() -> dict[Any, str]:
    from gguf.constants import GGUFValueType as T

    return {T.UINT8: "B", T.INT8: "b", T.UINT16: "H", T.INT16: "h", T.UINT32: "I", T.INT32: "i", T.FLOAT32: "f",
            T.BOOL: "?", T.UINT64: "Q", T.INT64: "q", T.FLOAT64: "d"}


def _value_type(header: _Header, what: str) -> Any:
    from gguf.constants import GGUFValueType

    code = header.unpack("I", what)
    try:
        return GGUFValueType(code)
    except ValueError:
        raise _Refused(f"{what} has unknown value type {code}") from None


def _value(header: _Header, key: str, kind: Any, keep: bool, formats: dict[Any, str], depth: int = 0) -> Any:
    """The value of ``key`` (``None`` when not kept: skipped without materialising it)."""
    from gguf.constants import GGUFValueType

    if kind is GGUFValueType.STRING:
        if keep:
            return header.string(f"value of {key}")
        header.skip(header.string_length(f"value of {key}"), f"value of {key}")
        return None
    if kind is GGUFValueType.ARRAY:
        if depth >= _MAX_NESTING:
            raise _Refused(f"array {key} is nested more than {_MAX_NESTING} deep")
        item = _value_type(header, f"item type of {key}")
        count = header.length(f"length of {key}")
        if count > MAX_ARRAY:
            raise _Refused(f"array {key} has {count} items (at most {MAX_ARRAY} are read)")
        keep = keep and count <= MAX_KEPT_ARRAY and item is not GGUFValueType.ARRAY
        if item in formats and not keep:
            header.skip(count * struct.calcsize(formats[item]), f"value of {key}")  # fixed size: one seek
            return None
        if not keep and item is GGUFValueType.STRING:
            header.skip_strings(count, f"value of {key}")
            return None
        if not keep:
            for _ in range(count):
                _value(header, key, item, False, formats, depth + 1)
            return None
        return [_value(header, key, item, True, formats, depth + 1) for _ in range(count)]
    fmt = formats.get(kind)
    if fmt is None:
        raise _Refused(f"{key} has unknown value type {kind}")
    value = header.unpack(fmt, f"value of {key}")
    return value if keep else None


def _keep(key: str) -> bool:
    return key.startswith("general.") or key in _KEPT


def _read_kv(path: Path) -> tuple[int, int, dict[str, Any]]:
    with path.open("rb") as stream:
        size = path.stat().st_size
        header = _Header(stream, size)
        if header.read(4, "magic") != _MAGIC:
            raise _Refused("not a GGUF file (wrong magic)")
        version = header.unpack("I", "version")
        if version & 0xFFFF == 0 and version >> 16:  # a big-endian file read as little-endian
            header.endian = ">"
            version = struct.unpack(">I", struct.pack("<I", version))[0]
        if version not in (1, 2, 3):
            raise _Refused(f"unsupported GGUF version {version}")
        header.wide = version >= 2
        header.length("tensor count")
        kv_count = header.length("key/value count")
        if kv_count > MAX_KV:
            raise _Refused(f"{kv_count} metadata keys (at most {MAX_KV} are read)")
        formats = _scalar_formats()
        kept: dict[str, Any] = {}
        for index in range(kv_count):
            key = header.string(f"key {index}")
            kind = _value_type(header, f"type of {key}")
            value = _value(header, key, kind, _keep(key), formats)
            if value is not None:
                kept[key] = value
        return version, kv_count, kept


def _text(kv: Mapping[str, Any], key: str) -> str | None:
    value = kv.get(key)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _int(kv: Mapping[str, Any], key: str) -> int | None:
    value = kv.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _indexed(kv: Mapping[str, Any], count_key: str, template: str) -> range:
    """The indices of ``general.base_model.N.*`` entries: the count key, else those present."""
    count = _int(kv, count_key)
    if count is None:
        prefix = template.split("{id}")[0]
        ids = {int(m.group(1)) for k in kv if (m := re.match(re.escape(prefix) + r"(\d{1,4})\.", k))}
        count = max(ids) + 1 if ids else 0
    return range(min(count, MAX_KEPT_ARRAY))


def _quantization(file_type: int | None) -> str | None:
    from gguf.constants import LlamaFileType

    if file_type is None:
        return None
    try:
        name = LlamaFileType(file_type).name
    except ValueError:
        return None
    return name.removeprefix("MOSTLY_").removeprefix("ALL_")


def _metadata(version: int, kv_count: int, kv: dict[str, Any]) -> GgufMetadata:
    from gguf.constants import Keys

    g = Keys.General
    bases = tuple(
        GgufModelRef(_text(kv, g.BASE_MODEL_NAME.format(id=i)), _text(kv, g.BASE_MODEL_ORGANIZATION.format(id=i)),
                     _text(kv, g.BASE_MODEL_REPO_URL.format(id=i)), _text(kv, g.BASE_MODEL_VERSION.format(id=i)))
        for i in _indexed(kv, g.BASE_MODEL_COUNT, g.BASE_MODEL_NAME))
    datasets = tuple(
        GgufDataset(_text(kv, g.DATASET_NAME.format(id=i)), _text(kv, g.DATASET_ORGANIZATION.format(id=i)),
                    _text(kv, g.DATASET_REPO_URL.format(id=i)))
        for i in _indexed(kv, g.DATASET_COUNT, g.DATASET_NAME))
    tags = kv.get(g.TAGS)
    file_type = _int(kv, g.FILE_TYPE)
    return GgufMetadata(
        version=version, kv_count=kv_count, architecture=_text(kv, g.ARCHITECTURE), name=_text(kv, g.NAME),
        basename=_text(kv, g.BASENAME), finetune=_text(kv, g.FINETUNE), size_label=_text(kv, g.SIZE_LABEL),
        organization=_text(kv, g.ORGANIZATION), quantized_by=_text(kv, g.QUANTIZED_BY), license=_text(kv, g.LICENSE),
        license_name=_text(kv, g.LICENSE_NAME), license_link=_text(kv, g.LICENSE_LINK),
        source_url=_text(kv, g.SOURCE_URL), source_repo_url=_text(kv, g.SOURCE_REPO_URL), repo_url=_text(kv, g.REPO_URL),
        base_models=tuple(b for b in bases if b != GgufModelRef()),
        datasets=tuple(d for d in datasets if d != GgufDataset()),
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
        file_type=file_type, quantization=_quantization(file_type),
        split_no=_int(kv, "split.no"), split_count=_int(kv, "split.count"),
        general=kv,
    )


def gguf_metadata(path: str | Path) -> GgufMetadata | str:
    """The metadata of the GGUF file at ``path``, or a one-line reason it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            return f"{path.name} is a directory, not a GGUF file"
        return _metadata(*_read_kv(path))
    except _Refused as exc:
        return f"{path.name}: {exc}"
    except OSError as exc:
        return f"{path.name}: cannot be read ({exc.strerror or exc})"


def shard_paths(path: Path) -> tuple[Path, ...] | str:
    """The files of the split set ``path`` belongs to (``name-00001-of-00003.gguf``), first shard first;
    ``(path,)`` for a single file; a one-line reason when a shard is missing."""
    match = _SPLIT_NAME.match(path.name)
    if not match:
        return (path,)
    count = int(match.group("count"))
    if count < 1 or int(match.group("no")) > count:
        return f"{path.name}: shard number beyond the shard count"
    stem = match.group("stem")
    paths = tuple(path.with_name(f"{stem}-{i:05d}-of-{count:05d}.gguf") for i in range(1, count + 1))
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        return f"{path.name}: split GGUF set is incomplete ({missing[0]}{more} missing)"
    return paths


# ---------------------------------------------------------------------------------------------------------
# A GGUF file as a model record.


def _hub_model(url: str | None) -> str | None:
    """The Hub model id of a ``https://huggingface.co/org/name`` link (``None``: not a Hub model link)."""
    ref = parse_hub_url(url) if url else None
    return ref.repo_id if ref is not None and ref.type is RepoType.MODEL else None


def _hub_dataset(url: str | None) -> str | None:
    ref = parse_hub_url(url) if url else None
    return ref.repo_id if ref is not None and ref.type is RepoType.DATASET else None


def _spelled_id(organization: str | None, name: str | None) -> str | None:
    """``organization/name`` when that is a Hub id as written ("meta-llama" / "Llama-3.2-1B"); "Meta Llama" /
    "Llama 3.2 1B" (display names) are not ids and are left to the name signal."""
    if organization and name and is_repo_id(f"{organization}/{name}"):
        return f"{organization}/{name}"
    return None


def header_card(meta: GgufMetadata) -> dict[str, Any]:
    """Card front matter the header stands for: licence, base models (quantized), datasets, and the naming
    keys (``gguf:``) the ``gguf-name`` lineage signal reads when no base is declared.

    ``general.source.repo_url`` is the repository the file was converted from, its direct parent; the
    ``general.base_model.N`` entries are that repository's own bases (llama.cpp copies them from its card),
    so they stand for the parent only when no source is named."""
    card: dict[str, Any] = {}
    if meta.license:
        card["license"] = meta.license
    elif meta.license_name or meta.license_link:
        card["license"] = "other"
    if meta.license_name:
        card["license_name"] = meta.license_name
    if meta.license_link:
        card["license_link"] = meta.license_link
    source = _hub_model(meta.source_repo_url) or _hub_model(meta.source_url)
    bases = [source] if source else [
        b for b in (_hub_model(m.repo_url) or _spelled_id(m.organization, m.name) for m in meta.base_models) if b]
    unnamed = [m.name for m in meta.base_models if not (_hub_model(m.repo_url) or _spelled_id(m.organization, m.name))]
    if bases:
        card["base_model"] = bases
        card["base_model_relation"] = "quantized"
    datasets = [d for d in (_hub_dataset(s.repo_url) or _spelled_id(s.organization, s.name) for s in meta.datasets) if d]
    if datasets:
        card["datasets"] = datasets
    names = {"name": meta.name, "basename": meta.basename, "finetune": meta.finetune, "size_label": meta.size_label,
             "organization": meta.organization, "quantization": meta.quantization, "quantized_by": meta.quantized_by}
    card["gguf"] = {k: v for k, v in names.items() if v}
    if not bases and unnamed:
        card["gguf"]["base_model_names"] = [n for n in unnamed if n]
    return card


def _describe(meta: GgufMetadata, filename: str, shards: int) -> str:
    what = ", ".join(x for x in (meta.architecture, meta.quantization) if x)
    set_ = f" (first of {shards} shards)" if shards > 1 else ""
    return f"read from the GGUF header of {filename}{set_}" + (f": {what}" if what else "")


def read_gguf(path: str | Path, *, display_id: str | None = None) -> FetchOutcome:
    """A GGUF file (or the split set it belongs to) as a model record: the header's licence and lineage as its
    card, the README / config / licence files beside it as its files. Unreadable → a missing outcome whose
    message is one line (the model's verdict is then unknown)."""
    kind = SourceKind.LOCAL_FILE
    shown = display_id or str(path)
    file = Path(path).expanduser()
    if file.is_dir():
        return FetchOutcome.missing(shown, f"{shown} is a directory, not a GGUF file", kind)
    if not file.is_file():
        return FetchOutcome.missing(shown, f"{shown}: no such file", kind)
    shards = shard_paths(file)
    if isinstance(shards, str):
        return FetchOutcome.missing(shown, shards, kind)
    meta = gguf_metadata(shards[0])
    if isinstance(meta, str):
        return FetchOutcome.missing(shown, meta, kind)
    folder = read_folder(file.parent)
    card = header_card(meta)
    readme_card = folder.card
    merged = {**{k: v for k, v in readme_card.items() if k not in card}, **card}
    # Only this model's files: other GGUFs in the same folder (other quants, other models) are not its files.
    siblings = tuple(dict.fromkeys((*folder.files, *(p.name for p in shards))))
    record = ModelRecord(
        repo_id=shown, requested_id=shown, revision=None, card_data=merged,
        tags=tuple(dict.fromkeys(("gguf", *meta.tags))), library_name="gguf", config=folder.config,
        siblings=siblings, files=folder.files, file_status=folder.statuses, source=kind, fetched_at=now(),
        notes=(_describe(meta, shards[0].name, len(shards)),),
    )
    return FetchOutcome.ok(record)


class GgufSource:
    """Reads GGUF files (the reference is the path as written)."""

    kind = SourceKind.LOCAL_FILE

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        return read_gguf(repo_id, display_id=repo_id)
