"""Walk a code base, honour ignore rules and run the detectors over every text file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from .detectors import artefacts_at, scan_text
from .detectors.artefacts import KIND_PREFIX, Entry, Found
from .references import ModelReference, ScanResult

__all__ = ["DEFAULT_SKIP_DIRS", "scan_path"]

# Directories that hold installed or generated code rather than the project's own; scanning them would
# report every model mentioned by every dependency.  .ipynb_checkpoints holds stale copies of notebooks.
DEFAULT_SKIP_DIRS: frozenset[str] = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox", "site-packages",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", ".eggs",
    }
)  # fmt: skip

# Weights, archives and media are never text; skipping them by name avoids even opening multi-GB files.
_BINARY_EXTENSIONS = frozenset(
    {
        ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".ggml", ".onnx", ".h5", ".hdf5", ".keras", ".pb",
        ".tflite", ".pkl", ".pickle", ".joblib", ".npy", ".npz", ".parquet", ".arrow", ".feather", ".zip", ".gz",
        ".tgz", ".bz2", ".xz", ".zst", ".7z", ".tar", ".rar", ".whl", ".egg", ".jar", ".png", ".jpg", ".jpeg",
        ".gif", ".bmp", ".webp", ".ico", ".tif", ".tiff", ".pdf", ".mp3", ".mp4", ".wav", ".flac", ".ogg", ".avi",
        ".mov", ".mkv", ".webm", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".so", ".dll", ".dylib", ".exe", ".o",
        ".a", ".pyc", ".pyo", ".class", ".db", ".sqlite", ".sqlite3",
    }
)  # fmt: skip
_SNIFF_BYTES = 8192


@dataclass
class _Stats:
    references: list[ModelReference] = field(default_factory=list)
    scanned: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    artefacts: int = 0

    def add_artefacts(self, found: Found) -> None:
        self.errors.extend(found.errors)
        for artefact in found.artefacts:
            self.artefacts += 1
            # Line 0: the location is the file (or folder) itself, not a line in it.
            self.references.append(ModelReference(artefact.reference, None, artefact.rel, 0, 0,
                                                  KIND_PREFIX + artefact.kind, artefact.description))


@dataclass(frozen=True)
class _Rules:
    """The ignore specs in force for one directory: (directory relative to the root, spec), outermost first."""

    exclude: pathspec.GitIgnoreSpec | None
    gitignores: tuple[tuple[str, pathspec.GitIgnoreSpec], ...]

    def ignored(self, rel: str) -> bool:
        """``rel`` is root-relative and posix; directories end with "/" so `dir/` patterns apply."""
        if self.exclude is not None and self.exclude.match_file(rel):
            return True
        # Deeper .gitignore files take precedence over shallower ones, as in git: ask the innermost spec
        # first and stop at the first one that has an opinion (an ignore or a `!` re-include).
        for base, spec in reversed(self.gitignores):
            sub = rel[len(base) + 1 :] if base else rel
            result = spec.check_file(sub)
            if result.include is not None:
                return bool(result.include)
        return False

    def with_gitignore(self, base: str, spec: pathspec.GitIgnoreSpec) -> _Rules:
        return _Rules(self.exclude, (*self.gitignores, (base, spec)))


# An ignore file is a handful of patterns; one over this size is skipped with a notice (skipping
# ignore rules only makes the scan look at more files), rather than read and compiled whole.
MAX_IGNORE_FILE_BYTES = 256 * 1024


def _load_spec(path: Path, stats: _Stats, rel: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_IGNORE_FILE_BYTES + 1)
    except OSError as exc:
        stats.errors.append(f"{rel}: cannot read ignore file: {exc.strerror or exc}")
        return None
    if len(data) > MAX_IGNORE_FILE_BYTES:
        stats.errors.append(f"{rel}: ignore file is larger than {MAX_IGNORE_FILE_BYTES // 1024} KB; "
                            f"its rules are not applied, so more files are scanned")
        return None
    return pathspec.GitIgnoreSpec.from_lines(data.decode("utf-8", errors="replace").splitlines())


def _scan_file(path: Path, rel: str, size: int, max_file_bytes: int, stats: _Stats) -> None:
    found = artefacts_at(Entry(path, rel), False)
    if found is not None:
        stats.add_artefacts(found)
        return
    if size > max_file_bytes or path.suffix.lower() in _BINARY_EXTENSIONS:
        stats.skipped += 1
        return
    try:
        with path.open("rb") as handle:
            data = handle.read(max_file_bytes + 1)
    except OSError as exc:
        stats.errors.append(f"{rel}: {exc.strerror or exc}")
        return
    if len(data) > max_file_bytes or b"\0" in data[:_SNIFF_BYTES]:  # grew since stat, or binary
        stats.skipped += 1
        return
    text = data.decode("utf-8-sig", errors="replace")
    try:
        stats.references.extend(scan_text(text, rel))
    except RecursionError:  # pathologically nested code in one file must not abort the scan
        stats.errors.append(f"{rel}: too deeply nested to analyse")
        return
    except Exception as exc:  # a detector bug on one odd file must not lose the rest of the scan
        stats.errors.append(f"{rel}: could not be analysed: {exc!r}")
        return
    stats.scanned += 1


def _list(directory: Path, rel: str, stats: _Stats) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        stats.errors.append(f"{rel or '.'}: cannot list directory: {exc.strerror or exc}")
        return []


@dataclass
class _Frame:
    """One directory being listed: its entries still to visit and the ignore rules in force there."""

    entries: Iterator[os.DirEntry[str]]
    rel: str
    rules: _Rules


#: modelaudit's own ignore file (gitignore syntax, in any directory): what a code base names as test
#: data or documentation rather than as a model it uses. Applied even with --no-gitignore, and after
#: the same directory's .gitignore, so that it may also re-include (``!pattern``) what git ignores.
IGNORE_FILE = ".modelauditignore"


def _open_directory(directory: Path, rel: str, rules: _Rules, respect_gitignore: bool, stats: _Stats) -> _Frame:
    """The frame of a directory; one with no entries when the directory is a model artefact (an Ollama store,
    a cache entry, a model folder): it is audited as a model, and its files are not code."""
    entries = _list(directory, rel, stats)
    found = artefacts_at(Entry(directory, rel, frozenset(e.name for e in entries)), True)
    if found is not None:
        stats.add_artefacts(found)
        if not found.descend:
            return _Frame(iter(()), rel, rules)
    names = ((".gitignore",) if respect_gitignore else ()) + (IGNORE_FILE,)
    for name in names:
        ignore_file = directory / name
        try:
            present = ignore_file.is_file()
        except OSError:  # unreadable: _load_spec would fail the same way; listing the directory reports it
            present = False
        if present:
            spec = _load_spec(ignore_file, stats, f"{rel}/{name}" if rel else name)
            if spec is not None:
                rules = rules.with_gitignore(rel, spec)
    return _Frame(iter(entries), rel, rules)


def _walk(root: Path, rules: _Rules, respect_gitignore: bool, max_file_bytes: int, stats: _Stats) -> None:
    """Depth-first, entries in name order, with an explicit stack: a tree thousands of levels deep
    is walked like any other (no recursion limit), in the same order a recursive walk would take."""
    visited: set[tuple[int, int]] = set()
    with contextlib.suppress(OSError):
        info = root.stat()
        visited.add((info.st_dev, info.st_ino))
    stack = [_open_directory(root, "", rules, respect_gitignore, stats)]
    while stack:
        frame = stack[-1]
        entry = next(frame.entries, None)
        if entry is None:
            stack.pop()
            continue
        entry_rel = f"{frame.rel}/{entry.name}" if frame.rel else entry.name
        try:
            # Symlinked directories are not followed: they can loop, or lead out of the code base.
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
            identity = entry.stat(follow_symlinks=False) if is_dir else None
        except OSError as exc:
            stats.errors.append(f"{entry_rel}: {exc.strerror or exc}")
            continue
        if identity is not None:
            if entry.name in DEFAULT_SKIP_DIRS or frame.rules.ignored(entry_rel + "/"):
                continue
            # A directory seen before (a bind mount of an ancestor, say) would loop forever.
            key = (identity.st_dev, identity.st_ino)
            if key in visited:
                stats.errors.append(f"{entry_rel}: directory already scanned (a filesystem loop); skipped")
                continue
            visited.add(key)
            stack.append(_open_directory(Path(entry.path), entry_rel, frame.rules, respect_gitignore, stats))
        elif is_file and not frame.rules.ignored(entry_rel):
            try:
                size = entry.stat().st_size
            except OSError as exc:
                stats.errors.append(f"{entry_rel}: {exc.strerror or exc}")
                continue
            _scan_file(Path(entry.path), entry_rel, size, max_file_bytes, stats)


def scan_path(
    root: str | Path,
    *,
    respect_gitignore: bool = True,
    max_file_bytes: int = 2_000_000,
    exclude: Sequence[str] = (),
) -> ScanResult:
    """Find model references in every text file under ``root`` (or in ``root`` itself if it is a file).

    Skips :data:`DEFAULT_SKIP_DIRS`, binary files and files over ``max_file_bytes``; honours ``.gitignore``
    files at the root and below (and ``.git/info/exclude``) unless ``respect_gitignore`` is false, and
    :data:`IGNORE_FILE` (``.modelauditignore``) files always;
    ``exclude`` adds gitignore-style patterns relative to ``root`` that always apply (an ignore file over
    ``MAX_IGNORE_FILE_BYTES`` is not applied, and says so in ``errors``).  A file that cannot be read is
    reported in ``errors`` and the scan goes on.  Raises :class:`FileNotFoundError` when
    ``root`` does not exist.
    """
    base = Path(root)
    if not base.exists():
        raise FileNotFoundError(f"no such file or directory: {root}")
    base = base.resolve()
    stats = _Stats()
    exclude_spec = pathspec.GitIgnoreSpec.from_lines(list(exclude)) if exclude else None
    if base.is_file():
        _scan_file(base, base.name, base.stat().st_size, max_file_bytes, stats)
    else:
        rules = _Rules(exclude_spec, ())
        info_exclude = base / ".git" / "info" / "exclude"
        respect_exclude = False
        with contextlib.suppress(OSError):
            respect_exclude = respect_gitignore and info_exclude.is_file()
        if respect_exclude:
            spec = _load_spec(info_exclude, stats, ".git/info/exclude")
            if spec is not None:
                rules = rules.with_gitignore("", spec)
        _walk(base, rules, respect_gitignore, max_file_bytes, stats)
    return ScanResult(
        root=str(base),
        references=tuple(stats.references),
        files_scanned=stats.scanned,
        files_skipped=stats.skipped,
        errors=tuple(stats.errors),
        artefacts=stats.artefacts,
    )
