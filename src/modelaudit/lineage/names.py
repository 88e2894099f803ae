"""Model names: Hub-id syntax, informal-name matching and the catalogue of well-known models.

Informal names in prose ("Llama3.3-70B-Instruct", "Llama 2 7B Chat") and decorated repo names
("Qwen_-_Qwen2-Math-1.5B-Instruct-gguf") are compared with catalogue ids as sequences of *atoms*:
maximal runs of letters, or of digits with the dots between them. "Llama3.3-70B" and
"Llama-3.3-70B" both become ``llama 3.3 70 b``, while "Llama-2-7b" and "Llama-2-70b" stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from modelaudit.kinds import Relation
from modelaudit.lineage.catalogue_schema import CatalogueError, validate_catalogue
from modelaudit.lineage.datavocab import DataVocabulary
from modelaudit.lineage.quantization import QuantVocabulary
from modelaudit.lineage.services import Services

# Id syntax lives in ``modelaudit.refs`` (the core layer); lineage code reads it through here too.
from modelaudit.refs import InvalidRepoId as InvalidRepoId
from modelaudit.refs import check_repo_id as check_repo_id
from modelaudit.refs import is_repo_id as is_repo_id
from modelaudit.refs import name_of as name_of
from modelaudit.refs import org_of as org_of
from modelaudit.refs import split_reference as split_reference
from modelaudit.resources import package_file

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A near copy of the Hub's rules for a namespace or repo name (huggingface_hub validate_repo_id), for
# spotting ids in prose: letters, digits, '-', '_', '.', at most 96 characters. ``check_repo_id``
# defers to the library itself, so user input is judged exactly as the Hub client judges it.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
REPO_ID_RE = re.compile(rf"^(?:{_PART}/)?{_PART}$")
_ATOM = re.compile(r"[a-z]+|\d+(?:\.\d+)*")


def atoms(text: str) -> tuple[str, ...]:
    return tuple(_ATOM.findall(text.lower()))


def _key(parts: Sequence[str]) -> tuple[str, ...]:
    parts = list(parts)
    # "Meta-Llama-3-8B" is the repo name of what prose calls "Llama 3 8B".
    if len(parts) > 1 and parts[0] == "meta" and parts[1] == "llama":
        parts = parts[1:]
    # "-hf" marks a transformers-format copy of the same weights.
    while parts and parts[-1] == "hf":
        parts.pop()
    return tuple(parts)


def _loose_key(parts: Sequence[str]) -> tuple[str, ...]:
    # "Llama3.1-8B-Base" is how prose names the pretrained "Llama-3.1-8B".
    return tuple(p for p in _key(parts) if p not in ("base", "pt"))


@dataclass(frozen=True)
class Family:
    id: str
    display: str
    owners: tuple[str, ...]
    license: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class NameMatch:
    repo_id: str
    start: int  # atom offsets in the searched text
    end: int


def _relation(value: str) -> Relation | None:
    return None if value == "unspecified" else Relation(value)


def _whole_word_of(phrases: Sequence[str]) -> re.Pattern[str]:
    # An empty list matches nothing (an empty alternation would match everything).
    return re.compile(rf"^(?:{'|'.join(phrases)})$" if phrases else r"(?!)", re.IGNORECASE)


class Catalogue:
    """Well-known model ids and families, and the vocabulary of lineage prose (``lineage/catalogue.yaml``,
    checked against ``catalogue_schema.SCHEMA``), with matching helpers."""

    def __init__(self, data: Mapping[str, Any], source: str = "catalogue") -> None:
        data = validate_catalogue(data, source)
        self.ids: tuple[str, ...] = tuple(data.get("catalogue") or ())
        self._exact: dict[tuple[str, ...], str] = {}
        self._loose: dict[tuple[str, ...], str] = {}
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for repo_id in self.ids:
            parts = atoms(name_of(repo_id))
            self._exact.setdefault(_key(parts), repo_id)
            self._loose.setdefault(_loose_key(parts), repo_id)
            for variant in {_key(parts), _loose_key(parts)}:
                if variant:
                    self._by_first.setdefault(variant[0], []).append((variant, repo_id))
        for alias, repo_id in (data.get("aliases") or {}).items():
            parts = atoms(str(alias))
            self._exact[_key(parts)] = str(repo_id)
            self._by_first.setdefault(_key(parts)[0], []).append((_key(parts), str(repo_id)))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest names first: most specific wins
        # For ``find_names``: per first atom, the name lengths to try (longest first), and for each
        # atom sequence the id of its first entry in that order. A dictionary look-up per length
        # instead of a comparison per catalogue entry keeps a text naming thousands of models fast.
        self._lengths: dict[str, list[int]] = {}
        self._by_atoms: dict[tuple[str, ...], str] = {}
        for first, entries in self._by_first.items():
            self._lengths[first] = sorted({len(v) for v, _ in entries}, reverse=True)
            for variant, repo_id in entries:
                self._by_atoms.setdefault(variant, repo_id)
        self._lower_ids = {i.lower(): i for i in self.ids}
        self._orgs = {i.split("/", 1)[0].lower() for i in self.ids if "/" in i}
        self.families: tuple[Family, ...] = tuple(
            Family(
                id=str(f["id"]),
                display=str(f["display"]),
                owners=tuple(f.get("owners") or ()),
                license=f.get("license"),
                pattern=re.compile(str(f["pattern"]), re.IGNORECASE),
            )
            for f in data.get("families") or ()
        )
        self._family_by_id = {f.id: f for f in self.families}
        # Asked for every record the walk reads: computed once.
        self._publishers = frozenset(o.lower() for f in self.families for o in f.owners)
        self.notice_families: tuple[tuple[re.Pattern[str], str], ...] = tuple(
            (re.compile(str(n["pattern"]), re.IGNORECASE), str(n["family"])) for n in data.get("notice_families") or ()
        )
        signals = data.get("derivative_signals") or {}
        self.signal_tags = frozenset(str(t).lower() for t in signals.get("tags") or ())
        self.signal_libraries = frozenset(str(t).lower() for t in signals.get("libraries") or ())
        self.signal_files = tuple(re.compile(p, re.IGNORECASE) for p in signals.get("files") or ())
        self.signal_name_tokens = frozenset(str(t).lower() for t in signals.get("name_tokens") or ())
        self.attribution_phrases = tuple(re.compile(p, re.IGNORECASE) for p in signals.get("attribution_phrases") or ())
        self.decorations = tuple(re.compile(p, re.IGNORECASE) for p in data.get("name_decorations") or ())
        # What shows that a repository is a quantization of its base (name, files, tags, config).
        self.quantization = QuantVocabulary.from_data(data.get("quantization"))
        mm = data.get("multimodal") or {}
        self.multimodal_pipelines = frozenset(mm.get("pipeline_tags") or ())
        self.multimodal_model_types = frozenset(mm.get("model_types") or ())
        self.multimodal_tags = frozenset(mm.get("tags") or ())
        # The vocabulary of lineage prose: words and phrases only; how they combine is code (lineage/prose.py).
        self.prose_cues: tuple[tuple[Relation | None, tuple[str, ...]], ...] = tuple(
            (_relation(g["relation"]), tuple(g["phrases"])) for g in data.get("prose_cues") or ())
        self.relation_nouns: tuple[tuple[Relation, tuple[str, ...]], ...] = tuple(
            (Relation(g["relation"]), tuple(g["phrases"])) for g in data.get("relation_nouns") or ())
        self.relation_keywords: tuple[tuple[Relation, tuple[str, ...]], ...] = tuple(
            (Relation(g["relation"]), tuple(str(k).lower() for k in g["keywords"]))
            for g in data.get("relation_keywords") or ())
        auxiliary = data.get("auxiliary_models") or {}
        self.auxiliary_roles = tuple(str(w).lower() for w in auxiliary.get("roles") or ())
        self.auxiliary_name_atoms = frozenset(str(w).lower() for w in auxiliary.get("name_atoms") or ())
        self.variant_words = frozenset(str(w).lower() for w in data.get("variant_words") or ())
        self.checkpoint_dirs = _whole_word_of(data.get("checkpoint_dirs") or ())
        # Data lineage: closed services whose outputs carry their provider's terms, and the words that say
        # which datasets a model was trained on and where a dataset's text came from.
        self.services = Services.from_data(data.get("services"))
        self.data = DataVocabulary.from_data(data.get("data_lineage"))

    # -- lookups ----------------------------------------------------------------------------------

    def canonical_id(self, repo_id: str) -> str:
        """The catalogue's spelling of an id that differs only in case."""
        return self._lower_ids.get(repo_id.lower(), repo_id)

    def is_known_org(self, org: str) -> bool:
        return org.lower() in self._orgs or org.lower() in self._publishers

    def publisher_orgs(self) -> frozenset[str]:
        """Organisations that publish a model family of their own (its ``owners``)."""
        return self._publishers

    def family(self, family_id: str) -> Family | None:
        return self._family_by_id.get(family_id)

    def match_name(self, name: str) -> str | None:
        """The catalogue id an informal model name means exactly (whole name), or ``None``."""
        parts = atoms(name)
        if not parts:
            return None
        return self._exact.get(_key(parts)) or self._loose.get(_loose_key(parts))

    def find_names(self, text: str) -> list[NameMatch]:
        """Catalogue models named inside ``text`` (atom-aligned, longest first, non-overlapping)."""
        parts = atoms(text)
        found: list[NameMatch] = []
        i = 0
        while i < len(parts):
            best: tuple[int, str] | None = None
            for n in self._lengths.get(parts[i], ()):
                if i + n > len(parts):
                    continue
                # A longer run in the text ("Llama-2-7b-chat") must not be read as its prefix
                # ("Llama-2-7b") when the next atom continues the name with a size or version.
                nxt = parts[i + n] if i + n < len(parts) else ""
                if nxt and (nxt[0].isdigit() or nxt in ("b", "m", "x", "k")):
                    continue
                repo_id = self._by_atoms.get(tuple(parts[i : i + n]))
                if repo_id is not None:
                    best = (n, repo_id)
                    break
            if best is None:
                i += 1
                continue
            n, repo_id = best
            found.append(NameMatch(repo_id, i, i + n))
            i += n  # matches never overlap: the scan goes on after this one
        return found

    def families_in(self, text: str) -> list[Family]:
        return [f for f in self.families if f.pattern.search(text)]

    def strip_decorations(self, name: str) -> tuple[str, tuple[str, ...]]:
        """Remove re-upload decorations ("-GGUF", "-bnb-4bit", "-unsloth") from a repo name."""
        removed: list[str] = []
        previous = None
        while previous != name:
            previous = name
            for pattern in self.decorations:
                match = pattern.search(name)
                if match:
                    removed.append(match.group(0).strip("-_.").lower())
                    name = name[: match.start()] + name[match.end() :]
        return name.strip("-_. "), tuple(removed)

    def name_signals(self, name: str) -> list[str]:
        tokens = set(re.split(r"[-_.\s]+", name.lower()))
        joined = name.lower()
        return sorted(t for t in self.signal_name_tokens if t in tokens or ("-" in t and t in joined))

    def file_signals(self, filenames: Iterable[str]) -> list[str]:
        hits: list[str] = []
        for filename in filenames:
            if any(p.search(filename) for p in self.signal_files):
                hits.append(filename)
        return hits[:3]


def load_catalogue(path: Path) -> Catalogue:
    """A catalogue file, checked against the schema: ``CatalogueError`` names the file and the key path."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    return Catalogue(data, source=str(path))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return load_catalogue(package_file("lineage", "catalogue.yaml"))
