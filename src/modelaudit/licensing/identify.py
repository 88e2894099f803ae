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
from modelaudit.license_phrases import licence_phrase
from modelaudit.licensing.knowledge_base import KnowledgeBase
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
    """Any spelling of a licence: a Hub id, a name, or a link."""
    value = value.strip().strip("'\"")
    if not value:
        return None
    if value.lower().startswith(("http://", "https://", "www.")) or "/" in value:
        return kb.lookup_url(value) or kb.lookup_name(value.rsplit("/", 1)[-1].removesuffix(".md"))
    return kb.lookup_hub_id(value) or kb.lookup_name(value)


def identify_text(kb: KnowledgeBase, text: str) -> list[License]:
    """Licences whose recognition phrases occur in a LICENSE / NOTICE text.

    Model licences often embed generic text (Falcon's TII licence reuses Apache-2.0 wording), so
    when a licensor-specific licence is recognised, generic ones found alongside are dropped. Markdown
    emphasis is ignored ("**Llama 3.2** **Acceptable Use Policy**").
    """
    folded = " ".join(text.replace("*", " ").split()).lower()
    hits = [lic for lic in kb if any(" ".join(p.split()).lower() in folded for p in lic.identify.phrases)]
    specific = [lic for lic in hits if lic.licensor_orgs]
    return specific or hits


def identify_prose(kb: KnowledgeBase, sentence: str) -> License | None:
    """The licence a README sentence names, via the knowledge base's prose phrases."""
    folded = " ".join(sentence.split()).lower()
    best: License | None = None
    best_len = 0
    for lic, p in _prose_phrases(kb):
        if len(p) > best_len and p in folded:
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
            for lic, filename in text_hits:
                add(lic, f"{raw} / {filename}", f"{where} + {filename} text")
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
    for lic, filename in files:
        add(lic, filename, f"{filename} text")
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


def _file_licenses(repo: RepoEvidence, kb: KnowledgeBase) -> list[tuple[License, str]]:
    # LICENSE, NOTICE, USE_POLICY... by file name (the evidence keeps them sorted).
    return [(lic, filename) for filename, text in repo.licence_texts.items() for lic in identify_text(kb, text)]


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
        lic = identify_prose(kb, sentence) or lookup_value(kb, phrase.raw)
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
