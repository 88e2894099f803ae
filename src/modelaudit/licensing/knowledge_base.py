"""The licence knowledge base: every ``licenses/*.yaml`` file, validated, with lookup indexes.

Loading happens once per process (``default_knowledge_base``) and is cheap: the files are parsed
with libyaml when available and validated by ``schema.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote

import yaml

from modelaudit.hubrefs import RepoType, parse_hub_url
from modelaudit.licensing.fingerprint import Reference, reference_from_mapping
from modelaudit.licensing.model import License
from modelaudit.licensing.schema import SchemaError, license_from_mapping
from modelaudit.resources import data_dir

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def normalize_name(value: str) -> str:
    """Fold a licence name or id spelling to a comparison key ("Llama-3.3 License" ~ "llama3.3 license").

    Separators are dropped and trailing "license" / "licence" / "agreement" words are peeled off, so
    "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT" ~ "llama3.1-community".
    """
    value = re.sub(r"[\s_\-/]+", "", value.lower().strip())
    # Peeled by moving an end index, not by copying the value once per word ("licenselicense..." in a
    # hostile card would be quadratic). The three words end differently, so the peeling is unique.
    end = len(value)
    while suffix := next((w for w in ("agreement", "license", "licence") if value.endswith(w, 0, end)), ""):
        end -= len(suffix)
    return value[:end]


#: A GitHub file link's view and revision (``/blob/main/``, ``/raw/<sha>/``) do not change which document it
#: names. (Hub links are read by ``hubrefs``, the one grammar for them.)
_GITHUB_REVISION = re.compile(r"^(github\.com/[^/]+/[^/]+)/(?:blob|resolve|raw|tree|blame)/[^/]+(?=/|$)")
_RAW_GITHUB = re.compile(r"^raw\.githubusercontent\.com/([^/]+/[^/]+)/(?:refs/heads/)?[^/]+(?=/|$)")
#: A document's format or language is not part of its identity: ``LICENSE.txt`` ~ ``LICENSE``,
#: ``gpl-3.0.en.html`` ~ ``gpl-3.0.txt``, ``MRL-0.1.md`` ~ ``MRL-0.1``.
_DOCUMENT_SUFFIX = re.compile(r"(?:\.[a-z]{2})?\.(?:html?|php)$|\.(?:md|txt)$")
#: Stands for a ``*`` of an ``identify.urls`` pattern while the link is read: a name the Hub accepts in a repo
#: id, so ``huggingface.co/meta-llama/Llama-3.1-*`` reads as a repository like any other.
_GLOB = "0modelauditglob0"
_HUB_PREFIX = {RepoType.DATASET: "datasets/", RepoType.SPACE: "spaces/"}


def _hub_document(value: str) -> str | None:
    """A Hub link as ``huggingface.co/[datasets/|spaces/]<org>/<name>[/<rest>]``, or ``None`` for none.

    A file view (``/blob|resolve|raw/<rev>/<file>``, ``hf://…@rev/<file>``) is named by its file alone;
    anything else after the repository (a file linked without a view, ``/discussions/3``) is kept, so a
    page below a licence's repository or file still reads as that licence."""
    ref = parse_hub_url(value)
    if ref is None:
        return None
    repo = f"huggingface.co/{_HUB_PREFIX.get(ref.type, '')}{ref.repo_id}"
    if ref.path or ref.revision or ref.tag:
        return f"{repo}/{ref.path}" if ref.path else repo
    at = value.lower().find(ref.repo_id.lower())
    rest = value[at + len(ref.repo_id):].split("#", 1)[0].split("?", 1)[0] if at >= 0 else ""
    return repo + rest


def normalize_url(value: str) -> str:
    """Fold a licence link to a comparison key.

    No scheme, ``www.``, query, fragment, trailing slash or document suffix; percent-escapes decoded;
    "licences" ~ "licenses". A Hub link (``hf.co``, ``hf://``, ``/blob|resolve|raw/<rev>/``, datasets and
    spaces) is read by ``hubrefs.parse_hub_url`` and named by its repository and file; a GitHub file
    link loses its view and revision (``/blob/main/``, ``raw.githubusercontent.com/<o>/<r>/main/``).
    """
    value = value.strip()
    if "*" in value:  # an identify.urls pattern: the glob is kept through the reading
        return normalize_url(value.replace("*", _GLOB)).replace(_GLOB, "*")
    value = (_hub_document(value) or value).lower()
    value = re.sub(r"^[a-z]+://", "", value)
    value = value.removeprefix("www.")
    value = value.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    if value.startswith("hf.co/"):  # a Hub page that is no repository (docs, a profile): the host's alias
        value = "huggingface.co/" + value.removeprefix("hf.co/")
    value = _RAW_GITHUB.sub(r"github.com/\1", value)
    value = _GITHUB_REVISION.sub(r"\1", value)
    value = _DOCUMENT_SUFFIX.sub("", unquote(value)).rstrip("/")
    return value.replace("licences", "licenses")


#: Licence registries whose page for a licence ends in its identifier.
_REGISTRY_PAGE = re.compile(r"^(?:spdx\.org/licenses|choosealicense\.com/licenses|opensource\.org/licenses?)/([^/]+)$")


@dataclass(frozen=True)
class KnowledgeBase:
    licenses: tuple[License, ...]
    by_id: dict[str, License]
    by_hub_id: dict[str, License]
    by_name: dict[str, License]
    by_url: dict[str, License]
    #: ``identify.urls`` entries with a ``*`` (e.g. every official ``meta-llama/Llama-3.1-*`` repo), most specific first.
    url_patterns: tuple[tuple[str, License], ...] = ()
    #: Reference texts as fingerprints (``licenses/references/<id>.yaml``), by licence id.
    references: Mapping[str, Reference] = field(default_factory=lambda: MappingProxyType({}))

    def __iter__(self) -> Iterator[License]:
        return iter(self.licenses)

    def __len__(self) -> int:
        return len(self.licenses)

    def get(self, license_id: str) -> License | None:
        return self.by_id.get(license_id)

    def lookup_hub_id(self, value: str) -> License | None:
        return self.by_hub_id.get(value.strip().lower())

    def lookup_name(self, value: str) -> License | None:
        key = normalize_name(value)
        return self.by_name.get(key) if key else None

    def lookup_url(self, value: str) -> License | None:
        key = normalize_url(value)
        if key in self.by_url:
            return self.by_url[key]
        # A page below a known licence page (a CC deed's language, a licence space's files, a repo's files)
        # names the same licence; the longest known prefix wins, on a path boundary only ("mit" is not "mit-0").
        best: License | None = None
        best_len = 0
        for known, lic in self.by_url.items():
            if key.startswith(known + "/") and len(known) > best_len:
                best, best_len = lic, len(known)
        if best is not None:
            return best
        for pattern, lic in self.url_patterns:
            if fnmatchcase(key, pattern):
                return lic
        if match := _REGISTRY_PAGE.match(key):
            ident = match.group(1)
            return self.lookup_hub_id(ident) or self.lookup_name(ident) or next(
                (lic for lic in self.licenses if lic.spdx_id and lic.spdx_id.lower() == ident), None)
        return None


def load_license_file(path: Path) -> License:
    where = f"licenses/{path.name}"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise SchemaError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    if isinstance(raw, dict) and isinstance(raw.get("date"), _dt.date):
        raw["date"] = raw["date"].isoformat()
    lic = license_from_mapping(raw, where)
    if path.stem != lic.id:
        raise SchemaError(f"{where}: id: the file must be named after its id ({lic.id}.yaml)")
    return lic


def _load_references(directory: Path, by_id: Mapping[str, License]) -> dict[str, Reference]:
    references: dict[str, Reference] = {}
    for path in sorted((directory / "references").glob("*.yaml")):
        where = f"licenses/references/{path.name}"
        try:
            ref = reference_from_mapping(yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader), where)
        except (yaml.YAMLError, ValueError) as exc:
            raise SchemaError(" ".join(str(exc).split())) from None
        if ref.license_id not in by_id or path.stem != ref.license_id:
            raise SchemaError(f"{where}: id: {ref.license_id!r} must be a licence of the knowledge base, in <id>.yaml")
        references[ref.license_id] = ref
    return references


def load_knowledge_base(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate every licence file. Raises ``SchemaError`` naming the file and field."""
    directory = directory or data_dir("licenses")
    licenses = tuple(load_license_file(p) for p in sorted(directory.glob("*.yaml")))
    by_id: dict[str, License] = {}
    by_hub_id: dict[str, License] = {}
    by_name: dict[str, License] = {}
    by_url: dict[str, License] = {}
    patterns: dict[str, License] = {}

    def claim(index: dict[str, License], key: str, lic: License, field: str) -> None:
        other = index.get(key)
        if other is not None and other.id != lic.id:
            raise SchemaError(f"{lic.source_file}: {field}: {key!r} is also claimed by {other.source_file}")
        index[key] = lic

    for lic in licenses:
        claim(by_id, lic.id, lic, "id")
        for hub_id in (lic.id, *lic.identify.hub_ids):
            claim(by_hub_id, hub_id.lower(), lic, "identify.hub_ids")
        for name in (lic.id, lic.name, *lic.identify.names, *lic.identify.hub_ids):
            if key := normalize_name(name):
                claim(by_name, key, lic, "identify.names")
        for url in (lic.url, *lic.identify.urls):
            claim(patterns if "*" in url else by_url, normalize_url(url), lic, "identify.urls")
    url_patterns = tuple(sorted(patterns.items(), key=lambda item: (-len(item[0]), item[0])))
    for lic in licenses:
        base = lic.identify.modifies
        if base is not None and (base not in by_id or base == lic.id):
            raise SchemaError(f"{lic.source_file}: identify.modifies: {base!r} is not another licence of the knowledge base")
    references = MappingProxyType(_load_references(directory, by_id))
    return KnowledgeBase(licenses, by_id, by_hub_id, by_name, by_url, url_patterns, references)


@lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    return load_knowledge_base()
