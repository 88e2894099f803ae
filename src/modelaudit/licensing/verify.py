"""``modelaudit licenses verify``: is the knowledge base consistent, and are its texts still the ones recorded?

Offline, every file of a licence directory is checked on its own (one problem per broken file, not the first
only): the schema, ids, Hub ids, names and links claimed by one licence only, links that are well-formed
http(s) URLs, a modified licence's base has a reference text to compare with, and every reference file
belongs to a licence. Online, each licence's recorded text is fetched again: a reference text's normalised
hash (``fingerprint.text_sha256``) must still be the recorded one (a changed text means the fingerprints,
and perhaps the terms, need a new reading); a licence without a reference text must at least still be
reachable at its canonical URL. Problems are results, one line each, never exceptions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from modelaudit.licensing.fingerprint import Reference, reference_from_mapping, text_sha256
from modelaudit.licensing.knowledge_base import load_license_file, normalize_name, normalize_url
from modelaudit.licensing.model import License
from modelaudit.licensing.schema import SchemaError
from modelaudit.resources import data_dir
from modelaudit.sources.web import WebText, fetch_text

ONLINE_WORKERS = 8


@dataclass(frozen=True)
class Problem:
    where: str  # the file (``licenses/mit.yaml``) and field
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Verification:
    licenses: int
    references: int
    problems: tuple[Problem, ...]
    fetched: int = 0  # online: URLs fetched

    @property
    def ok(self) -> bool:
        return not self.problems


def _well_formed(url: str) -> bool:
    if any(c.isspace() for c in url):
        return False
    parts = urlsplit(url.replace("*", "x"))  # an identify.urls pattern's glob stands for a name
    return parts.scheme in ("http", "https") and bool(parts.hostname) and "." in (parts.hostname or "")


def _load(directory: Path) -> tuple[list[License], dict[str, Reference], list[Problem]]:
    problems: list[Problem] = []
    licenses: list[License] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            licenses.append(load_license_file(path))
        except SchemaError as exc:
            where, _, message = str(exc).partition(": ")
            problems.append(Problem(where, message))
    references: dict[str, Reference] = {}
    for path in sorted((directory / "references").glob("*.yaml")):
        where = f"licenses/references/{path.name}"
        try:
            ref = reference_from_mapping(yaml.safe_load(path.read_text(encoding="utf-8")), where)
        except (yaml.YAMLError, ValueError) as exc:
            problems.append(Problem(where, " ".join(str(exc).split()).removeprefix(f"{where}: ")))
            continue
        if path.stem != ref.license_id:
            problems.append(Problem(where, f"id: {ref.license_id!r} must be in {ref.license_id}.yaml"))
        references[ref.license_id] = ref
    return licenses, references, problems


def _claims(licenses: Iterable[License]) -> list[Problem]:
    """A Hub id, name or link claimed by two licences would identify either, depending on load order."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    files: dict[str, str] = {}
    for lic in licenses:
        files[lic.id] = lic.source_file
        owners[("id", lic.id)].add(lic.id)
        for hub_id in (lic.id, *lic.identify.hub_ids):
            owners[("identify.hub_ids", hub_id.lower())].add(lic.id)
        for name in (lic.id, lic.name, *lic.identify.names, *lic.identify.hub_ids):
            if key := normalize_name(name):
                owners[("identify.names", key)].add(lic.id)
        for url in (lic.url, *lic.identify.urls):
            owners[("identify.urls", normalize_url(url))].add(lic.id)
    problems = []
    for (field, key), ids in sorted(owners.items()):
        if len(ids) > 1:
            first, *others = sorted(ids)
            problems.append(Problem(f"{files[first]}: {field}", f"{key!r} is also claimed by "
                                    + ", ".join(files[o] for o in others)))
    return problems


def _urls(lic: License) -> list[Problem]:
    found = [("url", lic.url), *((f"related_urls.{k}", v) for k, v in lic.related_urls.items()),
             *((f"identify.urls[{i}]", u) for i, u in enumerate(lic.identify.urls)),
             *((f"terms[{i}].url", str(t.params["url"])) for i, t in enumerate(lic.terms) if "url" in t.params)]
    return [Problem(f"{lic.source_file}: {field}", f"not a well-formed http(s) URL: {value!r}")
            for field, value in found if not _well_formed(value)]


def verify_offline(directory: Path | None = None) -> Verification:
    directory = directory or data_dir("licenses")
    licenses, references, problems = _load(directory)
    by_id = {lic.id: lic for lic in licenses}
    problems.extend(_claims(licenses))
    for lic in licenses:
        problems.extend(_urls(lic))
        base = lic.identify.modifies
        if base is not None and base not in references:
            problems.append(Problem(f"{lic.source_file}: identify.modifies",
                                    f"{base!r} has no reference text (licenses/references/{base}.yaml) to compare with"))
    for license_id, ref in sorted(references.items()):
        if license_id not in by_id:
            problems.append(Problem(ref.source_file, f"id: {license_id!r} is not a licence of the knowledge base"))
        if not _well_formed(ref.url):
            problems.append(Problem(ref.source_file, f"url: not a well-formed http(s) URL: {ref.url!r}"))
    return Verification(len(licenses), len(references), tuple(problems))


Fetch = Callable[[str], WebText]


def _check_online(lic: License, ref: Reference | None, fetch: Fetch) -> list[Problem]:
    url = ref.url if ref is not None else lic.url
    where = ref.source_file if ref is not None else f"{lic.source_file}: url"
    page = fetch(url)
    if not page.ok:
        why = page.error or f"HTTP {page.status}"
        return [Problem(where, f"{url} could not be read ({why})")]
    if ref is None:
        return []
    if page.truncated:
        return [Problem(where, f"{url} is larger than the read limit; its text could not be compared")]
    digest = text_sha256(page.text)
    if digest != ref.sha256:
        return [Problem(where, f"the text at {url} changed since it was recorded (normalised sha256 {digest[:12]}…, "
                               f"recorded {ref.sha256[:12]}…): read it again and rebuild with scripts/build_references.py")]
    return []


def verify_online(directory: Path | None = None, *, fetch: Fetch | None = None,
                  timeout: float = 20.0) -> Verification:
    """The offline checks, then every licence's text fetched again (``ONLINE_WORKERS`` at a time)."""
    directory = directory or data_dir("licenses")
    offline = verify_offline(directory)
    licenses, references, _ = _load(directory)
    get = fetch or (lambda url: fetch_text(url, timeout=timeout))
    jobs = [(lic, references.get(lic.id)) for lic in licenses]
    with ThreadPoolExecutor(max_workers=ONLINE_WORKERS) as pool:
        results = list(pool.map(lambda job: _check_online(job[0], job[1], get), jobs))
    online = [p for found in results for p in found]
    return Verification(offline.licenses, offline.references, offline.problems + tuple(online), fetched=len(jobs))


__all__ = ["Problem", "Verification", "verify_offline", "verify_online"]
