"""Loader and validator of the curated published assessments (``licenses/openness/assessments.yaml``).

Hand-validated like the licence knowledge base, so that a mistake in the file ends the run with one
line naming the file and the field (``assessments[3] (osi-osaid-1.0-grok).date: ...``) instead of a
wrong verdict later: these entries override the engine's own reading for the repos they match.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from modelaudit.errors import ModelauditError
from modelaudit.openness.model import (
    COMPONENT_NAMES,
    COMPONENT_STATUSES,
    MOF_CLASSES,
    PublishedAssessment,
    PublishedComponent,
)
from modelaudit.resources import data_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OSAID_VALUES = ("meets", "does-not-meet")
_REQUIRED = ("id", "system", "match", "osaid", "mof_class", "assessor", "source_url", "date", "notes")
_OPTIONAL = ("families", "date_note", "components")
_COMPONENT_REQUIRED = ("name", "status")
_COMPONENT_OPTIONAL = ("terms", "osd_conformant", "note")
# Ids no family-level pattern may match: a pattern that does ("(.*)", "[^/]+/.*") would hand a
# published outcome to every model on the Hub.
_PROBES = ("example-org/example-model", "someone/some-model-7b-instruct")


class AssessmentsError(ModelauditError):
    """The assessments file is not valid. The message names the file and the field."""


@dataclass(frozen=True)
class Assessments:
    entries: tuple[PublishedAssessment, ...]
    source_file: str = ""

    def __iter__(self) -> Iterator[PublishedAssessment]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> PublishedAssessment | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def matching(self, repo_ids: Sequence[str], family: str | None = None) -> tuple[PublishedAssessment, ...]:
        """Entries matching any of the ids (a repo and its former names) or the catalogue family, in file order."""
        return tuple(
            e for e in self.entries
            if any(e.matches(r) for r in repo_ids) or (family is not None and family in e.families)
        )

    def for_repo(self, repo_id: str) -> PublishedAssessment | None:
        """The first entry that gives an OSAID outcome for ``repo_id``, else the first that matches at all."""
        found = self.matching([repo_id])
        return next((e for e in found if e.osaid), found[0] if found else None)


def _display(path: Path) -> str:
    """The file as messages name it: relative to the data root when it is the shipped file."""
    try:
        return str(path.resolve().relative_to(data_dir("licenses").resolve().parent))
    except (ValueError, FileNotFoundError):
        return str(path)


def _fail(where: str, field: str, message: str) -> AssessmentsError:
    return AssessmentsError(f"{where}: {field}: {message}")


def _text(raw: Mapping[str, Any], key: str, where: str, prefix: str, *, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{prefix}.{key}", f"expected a non-empty string, got {value!r}")
    return " ".join(value.split())


def _component(raw: Any, where: str, prefix: str) -> PublishedComponent:
    if not isinstance(raw, dict):
        raise _fail(where, prefix, f"expected a mapping, got {type(raw).__name__}")
    for key in raw:
        if key not in _COMPONENT_REQUIRED + _COMPONENT_OPTIONAL:
            raise _fail(where, f"{prefix}.{key}", "unknown field")
    name = raw.get("name")
    if name not in COMPONENT_NAMES:
        raise _fail(where, f"{prefix}.name", f"expected one of {', '.join(COMPONENT_NAMES)}, got {name!r}")
    status = raw.get("status")
    if status not in COMPONENT_STATUSES:
        raise _fail(where, f"{prefix}.status", f"expected one of {', '.join(COMPONENT_STATUSES)}, got {status!r}")
    terms = raw.get("terms")
    if terms is not None and (not isinstance(terms, str) or not terms.strip()):
        raise _fail(where, f"{prefix}.terms", f"expected a licence id, a description or null, got {terms!r}")
    conformant = raw.get("osd_conformant")
    if conformant is not None and not isinstance(conformant, bool):
        raise _fail(where, f"{prefix}.osd_conformant", f"expected true, false or null, got {conformant!r}")
    return PublishedComponent(str(name), str(status), terms, conformant, _text(raw, "note", where, prefix, required=False))


def entry_from_mapping(raw: Any, where: str, prefix: str) -> PublishedAssessment:
    """Validate one entry; ``prefix`` is its field path (``assessments[3]``)."""
    if not isinstance(raw, dict):
        raise _fail(where, prefix, f"expected a mapping, got {type(raw).__name__}")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise _fail(where, f"{prefix}.id", f"expected a lower-case id ([a-z0-9.-]), got {entry_id!r}")
    prefix = f"{prefix} ({entry_id})"
    for key in _REQUIRED:
        if key not in raw:
            raise _fail(where, f"{prefix}.{key}", "missing (write null where the source gives no value)")
    for key in raw:
        if key not in _REQUIRED + _OPTIONAL:
            raise _fail(where, f"{prefix}.{key}", "unknown field")

    match = raw["match"]
    if not isinstance(match, list) or not match:
        raise _fail(where, f"{prefix}.match", "expected a non-empty list of regular expressions")
    for i, pattern in enumerate(match):
        field = f"{prefix}.match[{i}]"
        if not isinstance(pattern, str) or not pattern.strip():
            raise _fail(where, field, f"expected a regular expression, got {pattern!r}")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise _fail(where, field, f"not a valid regular expression: {exc}") from None
        if any(compiled.fullmatch(p) for p in _PROBES):
            raise _fail(where, field, f"{pattern!r} matches any repository; name the organisation and model")

    families = raw.get("families") or []
    if not isinstance(families, list) or not all(isinstance(f, str) and f for f in families):
        raise _fail(where, f"{prefix}.families", "expected a list of lineage catalogue family ids")

    osaid = raw["osaid"]
    if osaid is not None and osaid not in _OSAID_VALUES:
        raise _fail(where, f"{prefix}.osaid", f"expected meets, does-not-meet or null, got {osaid!r}")
    mof_class = raw["mof_class"]
    if mof_class is not None and mof_class not in MOF_CLASSES:
        raise _fail(where, f"{prefix}.mof_class", f"expected I, II, III or null, got {mof_class!r}")
    if osaid is None and mof_class is None:
        raise _fail(where, f"{prefix}.osaid", "an entry must publish an OSAID outcome, a MOF class or both")

    url = raw["source_url"]
    if not isinstance(url, str) or not url.startswith("https://"):
        raise _fail(where, f"{prefix}.source_url", f"expected an https:// address, got {url!r}")

    date = raw["date"]
    if isinstance(date, _dt.datetime):
        raise _fail(where, f"{prefix}.date", "expected a date (YYYY-MM-DD), got a date and time")
    if isinstance(date, _dt.date):
        date = date.isoformat()  # YAML reads an unquoted ISO date as a date
    if not isinstance(date, str) or not _DATE_RE.match(date):
        raise _fail(where, f"{prefix}.date", f"expected an ISO date (YYYY-MM-DD), got {date!r}")
    try:
        _dt.date.fromisoformat(date)
    except ValueError:
        raise _fail(where, f"{prefix}.date", f"not a calendar date: {date!r}") from None

    components_raw = raw.get("components") or []
    if not isinstance(components_raw, list):
        raise _fail(where, f"{prefix}.components", "expected a list")
    components = tuple(_component(c, where, f"{prefix}.components[{i}]") for i, c in enumerate(components_raw))
    names = [c.name for c in components]
    if len(set(names)) != len(names):
        raise _fail(where, f"{prefix}.components", "each component may appear once")
    if osaid == "meets" and any(c.status != "available" or c.osd_conformant is False for c in components):
        raise _fail(where, f"{prefix}.components",
                    "an entry that meets OSAID cannot list a component as missing or under non-conformant terms")

    return PublishedAssessment(
        id=entry_id,
        system=_text(raw, "system", where, prefix),
        match=tuple(match),
        osaid=osaid,
        mof_class=mof_class,
        assessor=_text(raw, "assessor", where, prefix),
        source_url=url,
        date=date,
        notes=_text(raw, "notes", where, prefix),
        families=tuple(families),
        date_note=_text(raw, "date_note", where, prefix, required=False),
        components=components,
        source_file=where,
    )


def load_assessments(path: Path | None = None) -> Assessments:
    """Load and validate the assessments file. Raises ``AssessmentsError`` naming the file and field."""
    path = path or data_dir("licenses") / "openness" / "assessments.yaml"
    where = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssessmentsError(f"{where}: cannot read: {exc.strerror or exc}") from None
    try:
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise AssessmentsError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(raw, dict):
        raise _fail(where, "(top level)", "expected a mapping with 'version' and 'assessments'")
    for key in raw:
        if key not in ("version", "assessments"):
            raise _fail(where, str(key), "unknown field")
    if raw.get("version") != 1:
        raise _fail(where, "version", f"expected 1, got {raw.get('version')!r}")
    items = raw.get("assessments")
    if not isinstance(items, list):
        raise _fail(where, "assessments", "expected a list of entries")
    entries = tuple(entry_from_mapping(item, where, f"assessments[{i}]") for i, item in enumerate(items))
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry.id in seen:
            raise _fail(where, f"assessments[{i}].id", f"{entry.id!r} is also the id of assessments[{seen[entry.id]}]")
        seen[entry.id] = i
    return Assessments(entries, where)


@lru_cache(maxsize=1)
def default_assessments() -> Assessments:
    return load_assessments()
