"""Which licence(s) a repository declares, identified against the knowledge base.

Sources, most authoritative first: the card's ``license`` (string or list; ``other`` resolved
through ``license_name`` / ``license_link``; misspelt keys such as ``licence:`` accepted), the
Hub's ``license:`` tags, card metadata pasted into the README body, LICENSE / NOTICE / USE_POLICY
text (recognition phrases), and README sentences about the model or its weights ("the model
weights are licensed under the MIT License"). A value nothing recognises becomes ``unknown``
with the raw value kept; it is never dropped.

Dataset repositories are read the same way (their README sentences about the data rather than the
weights), plus the licence agreement a gated dataset asks to accept and the licences a mixture gives
for its parts (``subsets.py``), kept as declared licences with the subset named.

Everything is read from the repository's ``RepoEvidence`` (card, README body, its sentences from the
one splitter, licence texts), parsed once per audit; the phrase that names a licence in a sentence is
``license_phrases``' grammar, shared with the lineage's reading of prose.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from modelaudit.evidence import RepoEvidence
from modelaudit.license_phrases import licence_phrase, qualified, qualified_in
from modelaudit.licensing.fingerprint import Comparison, compare, phrase_words
from modelaudit.licensing.knowledge_base import KnowledgeBase, normalize_name
from modelaudit.licensing.model import License
from modelaudit.licensing.subsets import subset_licences
from modelaudit.vocabulary import is_own_license_file, is_unspecific_license

UNKNOWN = "unknown"
_CARD_KEYS = ("license", "license_name", "license_link")
# Indentation without newlines ("^\s*" would run from every blank line to the end of the text), and
# the value to the end of its line, stripped by the caller (a lazy value before "\s*$" rescans
# every run of spaces inside it).
_PASTED = re.compile(r"^[^\S\n]*(license|license_name|license_link)\s*:\s*(\S.*)$", re.IGNORECASE | re.MULTILINE)
_PASTED_INLINE = re.compile(r"\b(license_name|license_link)\s*:\s*([\w.:/-]+)", re.IGNORECASE)
_ABOUT_WEIGHTS = re.compile(r"\b(?:model|models|weights|checkpoints?|parameters)\b", re.IGNORECASE)
_ABOUT_DATA = re.compile(r"\b(?:data|datasets?|corpus|corpora|collection|mixture)\b", re.IGNORECASE)
# The agreement a gated repository asks to accept ("You agree to the [LMSYS-Chat-1M Dataset License
# Agreement](…)"); the name is bounded and ends at the first licence word.
_GATED_AGREEMENT = re.compile(
    r"\b(?:agree(?:s|d)?\s+to|accept)\s+(?:the\s+)?(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?\[?"
    r"(?P<name>[^\]\n.;]{2,80}?(?:licen[sc]e(?:\s+agreement)?|terms\s+of\s+use|agreement))",
    re.IGNORECASE,
)
_GATED_KEYS = ("extra_gated_prompt", "extra_gated_button_content")
_ABOUT_CODE_ONLY = re.compile(r"\bcode\b", re.IGNORECASE)
_WEIGHTS_WORD = re.compile(r"\bweights\b", re.IGNORECASE)
_MODELS_WORD = re.compile(r"\bmodels?\b", re.IGNORECASE)
_LICEN = re.compile(r"\blicen", re.IGNORECASE)

#: Records one identified (or unidentified) licence: licence, value as written, where it was found.
_Add = Callable[[License | None, str, str], None]


@dataclass(frozen=True)
class IdentifiedLicense:
    id: str  # knowledge-base id, or "unknown"
    raw: str  # the value as written
    evidence: str  # where it was found: "card license", "tag license:mit", "LICENSE file", ...
    license: License | None = None
    subset: str | None = None  # a dataset mixture's part(s) this licence is given for ("No Robots (org/no_robots)")

    @property
    def known(self) -> bool:
        return self.license is not None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "raw": self.raw, "evidence": self.evidence, "subset": self.subset}


@dataclass(frozen=True)
class DeclaredLicenses:
    """A repo's own licence declaration, raw and identified."""

    identified: tuple[IdentifiedLicense, ...]
    raw_fields: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.id for i in self.identified))

    @property
    def known(self) -> tuple[IdentifiedLicense, ...]:
        return tuple(i for i in self.identified if i.known)

    @property
    def unknown(self) -> tuple[IdentifiedLicense, ...]:
        return tuple(i for i in self.identified if not i.known)

    @property
    def declared_nothing(self) -> bool:
        return not self.identified


def _card_fields(card: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The licence fields of a card, accepting misspelt keys ("licence", "License", "lisence")."""
    fields: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in card.items():
        if not isinstance(key, str) or value is None:
            continue
        folded = key.strip().lower().replace("-", "_").replace("licence", "license")
        head, sep, tail = folded.partition("_")
        if head != "license" and sorted(head) == sorted("license"):
            folded = "license" + sep + tail  # transposed letters ("lisence") defeat difflib's ratio
        if folded in _CARD_KEYS:
            target = folded
        else:
            close = difflib.get_close_matches(folded, _CARD_KEYS, n=1, cutoff=0.8)
            if not close:
                continue
            target = close[0]
        if target != key:
            notes.append(f"card key {key!r} read as {target!r}")
        fields.setdefault(target, value)
    return fields, notes


def lookup_value(kb: KnowledgeBase, value: str) -> License | None:
    """Any spelling of a licence: a Hub id, a name, or a link.

    A name with a qualifier ("Modified MIT", "MIT-like", "based on Apache 2.0") is only ever the knowledge
    base's variant that is named so, never the plain licence it qualifies."""
    value = value.strip().strip("'\"")
    if not value:
        return None
    if value.lower().startswith(("http://", "https://", "www.")) or "/" in value:
        lic = kb.lookup_url(value) or kb.lookup_name(value.rsplit("/", 1)[-1].removesuffix(".md"))
        return lic if lic is None or not qualified(value) or kb.lookup_url(value) is lic else None
    lic = kb.lookup_hub_id(value) or kb.lookup_name(value)
    if lic is not None and qualified(value) and not _names_qualified(lic, value):
        return None
    return lic


def _names_qualified(lic: License, value: str) -> bool:
    """``value`` is one of the licence's own spellings (a variant named "Modified MIT (Kimi K2)")."""
    key = normalize_name(value)
    return any(normalize_name(n) == key for n in (lic.id, lic.name, *lic.identify.names, *lic.identify.hub_ids))


#: Added sentences quoted as evidence: how many, each at most 200 characters (``fingerprint.Sentence.raw``).
MAX_QUOTED = 3


@dataclass(frozen=True)
class TextReading:
    """What a LICENSE / NOTICE text is: the licences it holds, or (``licenses`` empty, ``base`` set) a copy of
    ``base``'s reference text with sentences no licence of the knowledge base accounts for (``added``)."""

    licenses: tuple[License, ...]
    base: str | None = None  # the reference licence the text holds (or changed), when it is a modified copy
    added: tuple[str, ...] = ()  # the first added sentences, as written

    @property
    def modified_unknown(self) -> bool:
        return not self.licenses and self.base is not None

    def describe(self) -> str:
        """The evidence for an unknown modified copy: which text, and the added sentences quoted."""
        quoted = "; ".join(f'"{sentence}"' for sentence in self.added)
        return f"the {self.base} licence text with added sentences: {quoted}" if quoted else \
            f"a changed copy of the {self.base} licence text"


def _phrase_hits(kb: KnowledgeBase, text: str) -> list[License]:
    # Markdown emphasis is ignored ("**Llama 3.2** **Acceptable Use Policy**").
    folded = " ".join(text.replace("*", " ").split()).lower()
    return [lic for lic in kb if any(" ".join(p.split()).lower() in folded for p in lic.identify.phrases)]


def _variants(kb: KnowledgeBase, bases: set[str], comparison: Comparison) -> list[License]:
    """The knowledge base's modified versions of ``bases`` whose recognition phrases are in the added sentences."""
    added = f" {comparison.added_words} "
    return [lic for lic in kb if lic.identify.modifies in bases
            and any(f" {phrase_words(p)} " in added for p in lic.identify.phrases if phrase_words(p))]


def read_licence_text(kb: KnowledgeBase, text: str) -> TextReading:
    """Which licence(s) a LICENSE / NOTICE text is, by its whole text where the knowledge base has a reference.

    A text holding a reference licence's whole text (``fingerprint.compare``) is that licence when it adds
    nothing substantive; when it adds sentences it is the knowledge base's modified version whose phrases are in
    them (``identify.modifies``), a licensor's own licence built on the generic text (Falcon's on Apache's), or
    an unknown modified copy with the added sentences quoted. A text that changed much of a reference (half of
    its sentences or more, not all) is never read as that reference's licence by phrase. Other texts (a NOTICE, a
    header, a licence without a reference) are read by recognition phrases: when a licensor-specific licence is
    recognised, generic ones found alongside are dropped (model licences often embed generic text).
    """
    hits = _phrase_hits(kb, text)
    specific = [lic for lic in hits if lic.licensor_orgs]
    comparison = compare(text, kb.references.values()) if kb.references else None
    if comparison is None or not (comparison.covered or comparison.changed):
        return TextReading(tuple(specific or hits))
    bases = [c.reference.license_id for c in comparison.covered]
    changed = {c.reference.license_id for c in comparison.changed}
    if comparison.covered and not comparison.added and not changed:
        return TextReading(tuple(kb.by_id[b] for b in bases if b in kb.by_id))
    variants = _variants(kb, {*bases, *changed}, comparison)
    if variants:
        return TextReading(tuple(variants))
    if specific:
        return TextReading(tuple(specific))
    others = [lic for lic in hits if lic.id not in changed and lic.id not in bases]
    if others and not comparison.covered:
        return TextReading(tuple(others))
    base = bases[0] if bases else sorted(changed)[0]
    return TextReading((), base, comparison.added[:MAX_QUOTED])


def identify_text(kb: KnowledgeBase, text: str) -> list[License]:
    """Licences a LICENSE / NOTICE text holds (``read_licence_text``); empty for an unknown modified copy."""
    return list(read_licence_text(kb, text).licenses)


def identify_prose(kb: KnowledgeBase, sentence: str) -> License | None:
    """The licence a README sentence names, via the knowledge base's prose phrases.

    A phrase with a qualifier next to it ("a modified MIT license", "an MIT-like licence", "the Apache 2.0
    license with additional terms") does not name the plain licence; a longer phrase that holds the qualifier
    itself (a variant's own name) still does."""
    folded = " ".join(sentence.split()).lower()
    best: License | None = None
    best_len = 0
    for lic, p in _prose_phrases(kb):
        if len(p) <= best_len:
            continue
        at = folded.find(p)
        if at < 0:
            continue
        if not qualified(p) and qualified_in(folded[:at], folded[at + len(p):]):
            continue
        best, best_len = lic, len(p)
    return best


_PHRASES: list[tuple[KnowledgeBase, tuple[tuple[License, str], ...]]] = []  # the last knowledge base's


def _prose_phrases(kb: KnowledgeBase) -> tuple[tuple[License, str], ...]:
    """The knowledge base's prose phrases, lowered once (asked for every README sentence)."""
    last = _PHRASES[-1] if _PHRASES else None
    if last is not None and last[0] is kb:
        return last[1]
    phrases = tuple((lic, phrase.lower()) for lic in kb for phrase in lic.identify.prose)
    _PHRASES[:] = [(kb, phrases)]
    return phrases


def identify_hint(kb: KnowledgeBase, hint: str) -> License | None:
    """A licence named in passing ("the llama3.3 license") — used for edge licence hints."""
    return identify_prose(kb, hint) or lookup_value(kb, hint)


def identify_declared(repo: RepoEvidence, kb: KnowledgeBase) -> DeclaredLicenses:
    """The licences a repository declares, from its evidence (``LineageGraph.evidence(node_id)``)."""
    is_dataset = repo.record.repo_type == "dataset"
    tags = repo.record.tags
    fields, notes = _card_fields(repo.card)
    found: list[IdentifiedLicense] = []

    def add(lic: License | None, raw: str, where: str) -> None:
        item = IdentifiedLicense(lic.id if lic else UNKNOWN, raw, where, lic)
        if lic is not None and any(f.id == lic.id for f in found):
            return
        if lic is None and any(f.raw.lower() == raw.lower() and not f.known for f in found):
            return
        found.append(item)

    def resolve_unspecific(raw: str, where: str) -> None:
        name, link = fields.get("license_name"), fields.get("license_link")
        if isinstance(name, str) and (lic := lookup_value(kb, name)):
            add(lic, f"{raw} / license_name: {name}", f"{where} + license_name")
        elif isinstance(link, str) and (lic := lookup_value(kb, link)):
            add(lic, f"{raw} / license_link: {link}", f"{where} + license_link")
        elif text_hits := _file_licenses(repo, kb):
            for lic, filename, what in text_hits:
                add(lic, f"{raw} / {filename}" + (f": {what}" if what else ""), f"{where} + {filename} text")
        elif (prose := _prose_license(repo, kb, is_dataset) or _prose_named(repo, kb)) is not None:
            lic, sentence = prose
            add(lic, f"{raw} / README: {sentence}", f"{where} + README prose")
        else:
            parts = [raw] + [f"{k}: {fields[k]}" for k in ("license_name", "license_link") if fields.get(k)]
            add(None, " / ".join(str(p) for p in parts), where)

    values = fields.get("license")
    card_values = values if isinstance(values, list) else ([values] if values is not None else [])
    for value in card_values:
        raw = str(value).strip()
        if is_unspecific_license(raw):
            resolve_unspecific(raw, "card license")
        else:
            add(lookup_value(kb, raw), raw, "card license")
    for tag in tags:
        if tag.lower().startswith("license:"):
            raw = tag.split(":", 1)[1]
            if is_unspecific_license(raw):
                if not card_values:
                    resolve_unspecific(raw, f"tag {tag}")
                continue
            add(lookup_value(kb, raw), raw, f"tag {tag}")
    _text_overrides(repo, kb, found, add)
    if not found and (fields.get("license_name") or fields.get("license_link")):
        resolve_unspecific("(no license field)", "card")
    if not found and is_dataset:
        _gated_agreement(repo, kb, add)
    if not found:
        _fallbacks(repo, kb, add, is_dataset)
    if is_dataset:
        found.extend(_subsets(repo, kb, found))
    raw_fields = {k: fields.get(k) for k in _CARD_KEYS if fields.get(k) is not None}
    raw_fields["tags"] = [t for t in tags if t.lower().startswith("license:")]
    return DeclaredLicenses(tuple(found), raw_fields, tuple(notes))


def _gated_agreement(repo: RepoEvidence, kb: KnowledgeBase, add: _Add) -> None:
    """A gated dataset's licence agreement, named by the prompt it asks users to accept."""
    for key in _GATED_KEYS:
        value = repo.card.get(key)
        match = _GATED_AGREEMENT.search(value[:5000]) if isinstance(value, str) else None
        if match is not None:
            name = " ".join(match.group("name").split())
            add(lookup_value(kb, name), name, f"card {key}")
            return


def _subsets(repo: RepoEvidence, kb: KnowledgeBase, declared: list[IdentifiedLicense]) -> list[IdentifiedLicense]:
    """A mixture's per-part licences, one entry per licence with the parts it covers. A part under the
    licence the whole dataset declares adds nothing and is left out."""
    groups: dict[str, tuple[License | None, list[str], str, str]] = {}
    for item in subset_licences(repo, lambda value: lookup_value(kb, value) is not None):
        lic = lookup_value(kb, item.value) or (lookup_value(kb, item.link) if item.link else None)
        key = lic.id if lic is not None else f"{UNKNOWN}:{item.value.lower()}"
        if lic is not None and any(d.id == lic.id and d.subset is None for d in declared):
            continue
        _, names, _, _ = groups.setdefault(key, (lic, [], item.value, f"{item.where} (line {item.line})"))
        if item.subset not in names:
            names.append(item.subset)
    out: list[IdentifiedLicense] = []
    for lic, names, value, where in groups.values():
        subset = ", ".join(names)
        what = "subset" if len(names) == 1 else "subsets"
        out.append(IdentifiedLicense(lic.id if lic else UNKNOWN, f"{subset} {what}: {value}", where, lic, subset))
    return out


def _fallbacks(repo: RepoEvidence, kb: KnowledgeBase, add: _Add, is_dataset: bool = False) -> None:
    """No structured declaration: pasted metadata, licence files, then README sentences."""
    body = repo.body
    pasted = {m.group(1).lower(): m.group(2).strip().strip("'\"") for m in _PASTED.finditer(body)}
    for m in _PASTED_INLINE.finditer(body):
        pasted.setdefault(m.group(1).lower(), m.group(2))
    for key in ("license_name", "license_link", "license"):
        value = pasted.get(key)
        if value and not is_unspecific_license(value) and (lic := lookup_value(kb, value)):
            add(lic, f"{key}: {value}", "README (metadata pasted as text)")
            return
    if pasted:
        raw = ", ".join(f"{k}: {v}" for k, v in pasted.items())
        add(None, raw, "README (metadata pasted as text)")
        return
    files = _file_licenses(repo, kb)
    for lic, filename, what in files:
        add(lic, f"{filename}: {what}" if what else filename, f"{filename} text")
    if files:
        return
    prose = _prose_license(repo, kb, is_dataset)
    if prose is not None:
        lic, sentence = prose
        add(lic, sentence, "README prose")
        return
    unnamed = _prose_unidentified(repo, is_dataset)
    if unnamed:
        # "subject to the Model License" in a repo of an organisation that publishes exactly one
        # model licence (deepseek-ai -> the DeepSeek License Agreement) names that licence.
        own = None if is_dataset else publisher_license(kb, repo.repo_id)
        if own is not None and _GENERIC_LICENSE_NAME.search(unnamed):
            org = repo.repo_id.split("/", 1)[0]
            add(own, unnamed, f"README prose, in a repo of {org}, whose only model licence it is")
        else:
            add(None, unnamed, "README prose")
        return
    # A licence file nothing recognises is still a declaration: unknown, never "no licence".
    for filename in repo.licence_texts:
        if is_own_license_file(filename):
            add(None, f"{filename} (text not recognised)", f"{filename} text")


# A licence referred to by a generic title rather than by name ("the Model License", "the
# License Agreement"): only the publisher can tell which one it means.
_GENERIC_LICENSE_NAME = re.compile(r'^"(?:the\s+)?(?:model\s+)?licen[sc]e(?:\s+agreement)?"', re.IGNORECASE)


def publisher_license(kb: KnowledgeBase, repo_id: str) -> License | None:
    """The one model licence whose licensor publishes under the repo's organisation, if exactly one."""
    org = repo_id.split("/", 1)[0].lower() if "/" in repo_id else ""
    owned = [lic for lic in kb if org and org in {o.lower() for o in lic.licensor_orgs}]
    return owned[0] if len(owned) == 1 else None


def _file_licenses(repo: RepoEvidence, kb: KnowledgeBase) -> list[tuple[License | None, str, str]]:
    """(licence, file name, what the file is) per licence a licence file holds; ``None`` with the added
    sentences quoted for a modified copy of a reference text. LICENSE, NOTICE, USE_POLICY... by file name
    (the evidence keeps them sorted)."""
    out: list[tuple[License | None, str, str]] = []
    for filename, reading in _file_readings(repo, kb):
        if reading.modified_unknown:
            out.append((None, filename, reading.describe()))
        out.extend((lic, filename, "") for lic in reading.licenses)
    return out


def _file_readings(repo: RepoEvidence, kb: KnowledgeBase) -> list[tuple[str, TextReading]]:
    return [(filename, read_licence_text(kb, text)) for filename, text in repo.licence_texts.items()]


def _text_overrides(repo: RepoEvidence, kb: KnowledgeBase, found: list[IdentifiedLicense], add: _Add) -> None:
    """A card value naming a generic licence (``license: mit``) while a licence file holds a generic licence's text
    with clauses added: the file's licence (the variant, or unknown with the added sentences) is declared too, so the
    added terms are checked. Whichever generic licence the file modifies: a card saying ``apache-2.0`` over a
    modified MIT text is no more settled than one saying ``mit``. (Licence files are fetched for such card values,
    see ``sources/file_plan.py``; a local repository or a snapshot may hold them in any case.)"""
    generic = {item.license.id for item in found if item.license is not None and item.license.id in kb.references}
    if not generic:
        return
    for filename, reading in _file_readings(repo, kb):
        if reading.modified_unknown:
            add(None, f"{filename}: {reading.describe()}", f"{filename} text (the card names {', '.join(sorted(generic))})")
        for lic in reading.licenses:
            if lic.identify.modifies in kb.references:
                add(lic, filename, f"{filename} text (the card names {', '.join(sorted(generic))})")


def _model_sentences(repo: RepoEvidence, is_dataset: bool = False) -> Iterator[str]:
    """README sentences about the model or its weights, or for a dataset about the data (not only about the code)."""
    about = _ABOUT_DATA if is_dataset else _ABOUT_WEIGHTS
    for item in repo.sentences:
        sentence = item.text
        if not about.search(sentence):
            continue
        if _ABOUT_CODE_ONLY.search(sentence) and not _weights_licensed(sentence):
            continue
        yield sentence


def _weights_licensed(sentence: str) -> bool:
    """"weights", or "model(s)" before "licen...": ``\bweights\b|\bmodels?\b.*\blicen`` without
    trying ``.*`` from every "model" of a sentence that never says "licen"."""
    if _WEIGHTS_WORD.search(sentence):
        return True
    model = _MODELS_WORD.search(sentence)
    return model is not None and _LICEN.search(sentence, model.end()) is not None


def _prose_license(repo: RepoEvidence, kb: KnowledgeBase, is_dataset: bool = False) -> tuple[License, str] | None:
    for sentence in _model_sentences(repo, is_dataset):
        phrase = licence_phrase(sentence)
        if phrase is None:
            continue
        # "the MIT License (modified)": a qualifier after the name, outside the phrase, still qualifies it.
        named = None if qualified_in("", sentence[phrase.end:]) else lookup_value(kb, phrase.raw)
        lic = identify_prose(kb, sentence) or named
        if lic is not None:
            return lic, " ".join(sentence.split())[:200]
    return None


def _prose_named(repo: RepoEvidence, kb: KnowledgeBase) -> tuple[License, str] | None:
    """For a card that says ``other`` or ``unknown``: the first README sentence naming a known
    licence, skipping sentences about the code repository (often MIT while the weights are not)."""
    for item in repo.sentences:
        sentence = item.text
        if _ABOUT_CODE_ONLY.search(sentence) or "licen" not in sentence.lower():
            continue
        lic = identify_prose(kb, sentence)
        if lic is not None:
            return lic, " ".join(sentence.split())[:200]
    return None


def _prose_unidentified(repo: RepoEvidence, is_dataset: bool = False) -> str | None:
    for sentence in _model_sentences(repo, is_dataset):
        phrase = licence_phrase(sentence)
        if phrase is not None:
            return f'"{phrase.name}" (README: {" ".join(sentence.split())[:160]})'
    return None
