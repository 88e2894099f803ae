"""Waivers (``--waivers FILE``): an approvals register that accepts specific findings.

A waiver matches a model (exact id or glob, optionally a revision) and a rule id. An unexpired
match marks the finding waived: still shown, with reason and approver, but no longer counted in
the verdict. An expired waiver that still matches becomes a finding of its own (``expired-waiver``,
block by default), so CI fails the day an approval goes stale instead of silently re-opening.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelaudit.errors import UsageError
from modelaudit.kinds import Severity

_KEYS = {"model", "revision", "rule", "reason", "approver", "expires", "ticket"}
_TOP = {"waivers", "expired_severity", "schema_version"}


@dataclass(frozen=True)
class Waiver:
    model: str
    rule: str
    reason: str
    approver: str
    expires: dt.date
    revision: str | None = None
    ticket: str | None = None
    index: int = 0  # position in the file, for messages

    def matches(self, model_id: str, revision: str | None, rule_id: str, aliases: tuple[str, ...] = ()) -> bool:
        if not fnmatch.fnmatchcase(rule_id, self.rule):
            return False
        if self.revision and (revision is None or not revision.startswith(self.revision)):
            return False
        return any(fnmatch.fnmatch(candidate.lower(), self.model.lower()) for candidate in (model_id, *aliases))

    def expired(self, today: dt.date) -> bool:
        return today > self.expires

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "revision": self.revision, "rule": self.rule, "reason": self.reason,
                "approver": self.approver, "expires": self.expires.isoformat(), "ticket": self.ticket}


@dataclass(frozen=True)
class Waivers:
    entries: tuple[Waiver, ...] = ()
    expired_severity: Severity = Severity.BLOCK
    source: str | None = None


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise UsageError(f"{where}.{key}: missing")
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise UsageError(f"{where}.{key}: expected a non-empty string")
    return str(value).strip()


def parse_waivers(data: Any, source: str) -> Waivers:
    if data is None:
        return Waivers(source=source)
    if isinstance(data, list):
        data = {"waivers": data}
    if not isinstance(data, Mapping):
        raise UsageError(f"{source}: expected a mapping with a 'waivers' list")
    unknown = sorted(set(data) - _TOP, key=str)
    if unknown:
        raise UsageError(f"{source}: {unknown[0]}: unknown key (allowed: {', '.join(sorted(_TOP))})")
    raw = data.get("waivers") or []
    if not isinstance(raw, list):
        raise UsageError(f"{source}: waivers: expected a list")
    try:
        severity = Severity(data.get("expired_severity", "block"))
    except ValueError:
        raise UsageError(f"{source}: expired_severity: expected block, unknown, warn or info") from None
    entries: list[Waiver] = []
    for k, entry in enumerate(raw):
        where = f"{source}: waivers[{k}]"
        if not isinstance(entry, Mapping):
            raise UsageError(f"{where}: expected a mapping")
        extra = sorted(set(entry) - _KEYS, key=str)
        if extra:
            raise UsageError(f"{where}.{extra[0]}: unknown key (allowed: {', '.join(sorted(_KEYS))})")
        expires_raw = entry.get("expires")
        if isinstance(expires_raw, dt.datetime):
            expires = expires_raw.date()
        elif isinstance(expires_raw, dt.date):
            expires = expires_raw
        elif isinstance(expires_raw, str):
            try:
                expires = dt.date.fromisoformat(expires_raw.strip())
            except ValueError:
                raise UsageError(f"{where}.expires: {expires_raw!r} is not a date (YYYY-MM-DD)") from None
        elif expires_raw is None:
            raise UsageError(f"{where}.expires: missing (every waiver needs an expiry date)")
        else:
            raise UsageError(f"{where}.expires: expected a date (YYYY-MM-DD)")
        entries.append(Waiver(
            model=_text(entry, "model", where) or "", rule=_text(entry, "rule", where) or "",
            reason=_text(entry, "reason", where) or "", approver=_text(entry, "approver", where) or "",
            expires=expires, revision=_text(entry, "revision", where, required=False),
            ticket=_text(entry, "ticket", where, required=False), index=k,
        ))
    return Waivers(tuple(entries), severity, source)


def load_waivers(path: Path | None) -> Waivers:
    if path is None:
        return Waivers()
    from modelaudit.yamlio import load_yaml

    return parse_waivers(load_yaml(path, "waivers"), str(path))
