"""The file-system side of :class:`fakehub.FakeHub`: what ``huggingface_hub``'s ``HfFileSystem`` asks of a repo.

``HfFileSystem`` (and DuckDB reading ``hf://`` through it) lists a repo with ``GET /api/{type}s/{id}/tree/{rev}
[/{path}]?recursive=&expand=`` (cursor pagination in a ``Link: <…>; rel="next"`` header, 1,000 entries a page, 50
with ``expand``), stats paths with ``POST /api/{type}s/{id}/paths-info/{rev}`` (a form with repeated ``paths``) and
reads files with ``Range`` requests on ``/resolve/``. These are the answers' shapes, as the Hub sends them (keys
``type``/``oid``/``size``/``path``, ``lfs`` for files stored in LFS, ``lastCommit`` and ``securityFileStatus`` when
expanded). Standard library only, like the rest of the fake.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

__all__ = ["TREE_PAGE_SIZE", "TREE_PAGE_SIZE_EXPANDED", "Request", "byte_range", "form_values", "git_blob_sha1",
           "is_lfs", "paths_info", "tree_listing", "tree_page", "truthy"]

#: Entries per page of the tree endpoint, as the Hub pages them (huggingface_hub's ``_iter_repo_tree_pages``).
TREE_PAGE_SIZE = 1000
TREE_PAGE_SIZE_EXPANDED = 50

#: What the Hub's default ``.gitattributes`` sends to LFS: binary formats (Parquet, weights, archives).
_LFS_SUFFIXES = (".parquet", ".arrow", ".safetensors", ".bin", ".gguf", ".pt", ".pth", ".h5", ".onnx", ".zip",
                 ".gz", ".zst", ".tar", ".npy", ".pkl", ".msgpack")
_LAST_COMMIT_DATE = "2025-02-01T00:00:00.000Z"


@dataclass(frozen=True)
class Request:
    """What the fake's routes read of a request."""

    method: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes


def truthy(values: list[str] | None) -> bool:
    """Query flags like ``?blobs=True`` (httpx sends Python booleans as ``true``/``false``)."""
    if not values:
        return False
    return values[-1].lower() not in ("", "0", "false", "no")


def is_lfs(path: str) -> bool:
    return path.lower().endswith(_LFS_SUFFIXES)


def git_blob_sha1(content: bytes) -> str:
    """Git's blob id, which is what the Hub reports as ``blobId`` / ``oid`` for each file."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def _file_entry(path: str, content: bytes, sha: str, expand: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "file", "oid": git_blob_sha1(content), "size": len(content), "path": path}
    if is_lfs(path):
        # The git blob of an LFS file is its pointer; ``size`` (like ``lfs.size``) is the real file's.
        entry["lfs"] = {"oid": hashlib.sha256(content).hexdigest(), "size": len(content), "pointerSize": 134}
    if expand:
        entry["lastCommit"] = {"id": sha, "title": "Upload", "date": _LAST_COMMIT_DATE}
        entry["securityFileStatus"] = {"status": "safe", "avScan": {"virusFound": False, "virusNames": None},
                                       "pickleImportScan": None}
    return entry


def _folder_entry(path: str, sha: str, expand: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "directory", "oid": hashlib.sha1(f"tree:{sha}:{path}".encode()).hexdigest(),
                             "size": 0, "path": path}
    if expand:
        entry["lastCommit"] = {"id": sha, "title": "Upload", "date": _LAST_COMMIT_DATE}
    return entry


def _folders(files: dict[str, bytes]) -> set[str]:
    out: set[str] = set()
    for name in files:
        parts = name.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return out


def tree_listing(files: dict[str, bytes], sha: str, path: str, *, recursive: bool,
                 expand: bool) -> list[dict[str, Any]] | None:
    """The entries below folder ``path`` ("" = the root), "tree first" (folders before files at each level, as
    the Hub lists them); ``None`` when ``path`` is not a folder (the Hub answers 404 EntryNotFound)."""
    path = path.strip("/")
    folders = _folders(files)
    if path and path not in folders:
        return None
    prefix = path + "/" if path else ""

    def below(name: str) -> bool:
        rest = name[len(prefix):]
        return name.startswith(prefix) and bool(rest) and (recursive or "/" not in rest)

    entries = [_folder_entry(f, sha, expand) for f in sorted(folders) if below(f)]
    entries += [_file_entry(f, files[f], sha, expand) for f in sorted(files) if below(f)]
    return entries


def paths_info(files: dict[str, bytes], sha: str, paths: list[str], *, expand: bool) -> list[dict[str, Any]]:
    """The entries of the named paths that exist (the others are left out, as the Hub does)."""
    folders = _folders(files)
    out: list[dict[str, Any]] = []
    for raw in dict.fromkeys(paths):
        p = raw.strip("/")
        if p in files:
            out.append(_file_entry(p, files[p], sha, expand))
        elif p in folders:
            out.append(_folder_entry(p, sha, expand))
    return out


def form_values(body: bytes, content_type: str) -> dict[str, list[str]]:
    """A POST body as huggingface_hub sends it (``data=`` is form-encoded; JSON accepted too)."""
    if "json" in content_type:
        import json

        raw = json.loads(body or b"{}")
        return {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in raw.items()}
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def tree_page(entries: list[dict[str, Any]], request: Request, url_path: str,
              page_size: int | None) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One page of a listing (``?cursor=`` where it starts) and its headers: a ``Link`` to the next page, an absolute
    URL like the Hub's (huggingface_hub requests it as given)."""
    size = page_size or (TREE_PAGE_SIZE_EXPANDED if truthy(request.query.get("expand")) else TREE_PAGE_SIZE)
    cursor_s = (request.query.get("cursor") or ["0"])[-1]
    cursor = int(cursor_s) if cursor_s.isdigit() else 0
    headers: dict[str, str] = {}
    if cursor + size < len(entries):
        params = [(k, v) for k, vs in request.query.items() if k != "cursor" for v in vs] + [("cursor", str(cursor + size))]
        base = "http://" + request.headers.get("host", "127.0.0.1")
        headers["Link"] = f'<{base}{url_path}?{urlencode(params)}>; rel="next"'
    return entries[cursor : cursor + size], headers


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """``(first, last)`` (inclusive) of a ``Range: bytes=…`` header over ``size`` bytes; ``None`` without one (or
    with a form the Hub's storage ignores: several ranges, no numbers). Raises ``ValueError`` when unsatisfiable."""
    if not header.lower().startswith("bytes=") or "," in header:
        return None
    first_s, _, last_s = header[6:].strip().partition("-")
    if not (first_s or last_s) or not (first_s.isdigit() or not first_s) or not (last_s.isdigit() or not last_s):
        return None
    if not first_s:  # the last N bytes
        n = int(last_s)
        if n == 0 or size == 0:
            raise ValueError("unsatisfiable")
        return max(0, size - n), size - 1
    first = int(first_s)
    last = int(last_s) if last_s else size - 1
    if first >= size or last < first:
        raise ValueError("unsatisfiable")
    return first, min(last, size - 1)
