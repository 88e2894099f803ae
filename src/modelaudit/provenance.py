"""What an audit read, pinned by SHA-256: the reproducibility block of the legal reports.

A report is evidence only if a reviewer can tell what it was made from. :func:`input_records`
records the profile, policy and waivers (the file's bytes when one was given, the canonical JSON of
the data when the API was given a mapping), the knowledge base (every shipped licence and rule file)
and the bundled snapshot when the audit read it. The hashes are taken when the audit runs, never
when a report is rendered: a report rendered later must describe the inputs of its own run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelaudit.policy.profile import Profile
from modelaudit.policy.rules import Policy
from modelaudit.policy.waivers import Waivers
from modelaudit.results import InputRecord

GIVEN_AS_DATA = "given as data"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def data_sha256(data: Any) -> str:
    """The hash of data given through the API instead of a file: its canonical JSON."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def knowledge_base() -> tuple[str, int]:
    """The knowledge base's hash and file count: every file under the shipped ``licenses/`` and ``rules/``,
    by relative path and content, so any edit of a licence term or a rule changes it (a version number
    would not: the data changes between releases)."""
    from modelaudit.resources import data_dir

    digest = hashlib.sha256()
    count = 0
    for name in ("licenses", "rules"):
        root = data_dir(name)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"{name}/{path.relative_to(root).as_posix()}\0{file_sha256(path)}\n".encode())
            count += 1
    return digest.hexdigest(), count


@lru_cache(maxsize=8)
def _snapshot(path: str, size: int, mtime: float) -> str:
    return file_sha256(Path(path))


def snapshot_record() -> InputRecord:
    from modelaudit.sources.snapshot import SnapshotSource, bundled_snapshot_path

    path = bundled_snapshot_path()
    try:
        stat = path.stat()
        sha: str | None = _snapshot(str(path), stat.st_size, stat.st_mtime)
        date = SnapshotSource().date
    except (OSError, ValueError):
        sha, date = None, "unknown date"
    return InputRecord("snapshot", f"bundled {path.name}", sha, f"snapshot of {date}")


def _file_or_data(role: str, value: Any, fallback: Any) -> InputRecord:
    """A file given by path is hashed as bytes; data (a mapping, or a value built in Python) as canonical JSON."""
    if isinstance(value, (str, Path)):
        return InputRecord(role, str(value), file_sha256(Path(value)))
    if isinstance(value, (Mapping, list)):
        return InputRecord(role, GIVEN_AS_DATA, data_sha256(value))
    return InputRecord(role, GIVEN_AS_DATA, data_sha256(fallback))


def _existing(source: str | None) -> Path | None:
    return Path(source) if source and Path(source).is_file() else None


def input_records(*, profile_arg: Any, profile: Profile, policy_arg: Any, policy: Policy, waivers_arg: Any,
                  waivers: Waivers, snapshot_used: bool, tool_version: str) -> tuple[InputRecord, ...]:
    """The inputs of one audit, each with its SHA-256 (see the module docstring)."""
    records: list[InputRecord] = []
    if profile_arg is None:
        records.append(InputRecord("profile", "none given", None))
    elif isinstance(profile_arg, Profile):
        path = _existing(profile.source)
        records.append(InputRecord("profile", str(profile.source), file_sha256(path)) if path is not None
                       else InputRecord("profile", GIVEN_AS_DATA, data_sha256(profile.to_json())))
    else:
        records.append(_file_or_data("profile", profile_arg, profile.to_json()))

    if policy.source == "default":
        from modelaudit.resources import data_dir

        records.append(InputRecord("policy", "default", file_sha256(data_dir("rules") / "default.yaml"),
                                   "the shipped default policy"))
    elif isinstance(policy_arg, (str, Path, Mapping)):
        records.append(_file_or_data("policy", policy_arg, None))
    else:
        path = _existing(policy.source)
        rules = [[r.id, r.severity.value, r.scope, list(r.terms), r.when, r.message] for r in policy.rules]
        records.append(InputRecord("policy", policy.source, file_sha256(path)) if path is not None
                       else InputRecord("policy", GIVEN_AS_DATA, data_sha256(rules)))

    if waivers_arg is None or (isinstance(waivers_arg, Waivers) and not waivers.entries and not waivers.source):
        records.append(InputRecord("waivers", "none given", None))
    elif isinstance(waivers_arg, Waivers):
        path = _existing(waivers.source)
        records.append(InputRecord("waivers", str(waivers.source), file_sha256(path)) if path is not None
                       else InputRecord("waivers", GIVEN_AS_DATA, data_sha256([w.to_json() for w in waivers.entries])))
    else:
        records.append(_file_or_data("waivers", waivers_arg, None))

    kb_hash, files = knowledge_base()
    records.append(InputRecord("knowledge base", f"licences and rules of modelaudit {tool_version}", kb_hash,
                               f"{files} files"))
    if snapshot_used:
        records.append(snapshot_record())
    return tuple(records)
