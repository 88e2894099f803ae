"""Licence texts compared by their whole text, without keeping the texts.

A LICENSE file that holds the MIT text plus a revenue cut-off is not the MIT licence, however
surely its first sentence says "Permission is hereby granted". So a generic licence's reference text
is kept as data (``licenses/references/<id>.yaml``, built by ``scripts/build_references.py``): one
short SHA-256 fingerprint per normalised sentence, and the SHA-256 of the whole normalised text. No
licence text is copied into the repository; a fingerprint cannot be read back as text.

Normalisation makes formatting irrelevant: YAML front matter (ScanCode's copies) and copyright-holder
lines ("Copyright (c) <year> <holder>", "All rights reserved.") are dropped, text is lower-cased,
markdown, quotes and punctuation become spaces, and the variable spans of the BSD/MIT templates (the
holder named in "neither the name of … nor", "provided by … as is", "in no event shall … be liable")
become a placeholder, as SPDX's templates mark them. Sentences end at ".", "!", "?", ";", ":" followed by
space, and at paragraph breaks (a blank line, a markdown heading), so a title above the text is a
sentence of its own rather than glued to the first one.

Matching (``compare``): a candidate *covers* a reference when it holds nearly all of its sentence
fingerprints (``COVERAGE``; one sentence may be missing from a short text); it *adds* the substantive
sentences that are in no covered reference. Headings and licence titles (short lines without a full
stop), copyright lines, bare URLs and the reference's optional parts (Apache's appendix) are not
substantive. Everything is linear in the text: one pass of a few regular expressions without nested
quantifiers, and set look-ups.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: A licence file longer than this is read up to here (the longest model licences are ~60 KB).
MAX_CHARS = 400_000
#: Share of a reference's sentences a text must hold to cover it.
COVERAGE = 0.95
#: Share above which a text that does not cover a reference is still a *changed copy* of it (not a header or
#: a NOTICE that quotes a sentence): such a text is never read as the reference's licence by phrase.
CHANGED_COPY = 0.5
FINGERPRINT_HEX = 16  # 64 bits per sentence: collisions among a few hundred sentences are out of reach

_FRONT_MATTER = re.compile(r"\A---[^\S\n]*\n(?:[^\n]*\n){0,80}?---[^\S\n]*(?:\n|\Z)")
# A holder's line: "Copyright (c) 2024 Acme", "Copyright [yyyy] [name of copyright owner]", "© Acme", a bare "All
# rights reserved." — not a wrapped licence line that happens to start with "copyright notice".
_COPYRIGHT_LINE = re.compile(
    r"^[^\S\n]*(?:[#>*_-][^\S\n]*)*"
    r"(?:copyright[^\S\n]*(?:\(c\)|©|[\[<{(]?(?:\d{4}|yyyy|year))|©|all rights reserved\.?[^\S\n]*$)"
    r"[^\n]*$", re.IGNORECASE | re.MULTILINE)
_HEADING_LINE = re.compile(r"^[^\S\n]*#{1,6}[^\S\n][^\n]*$", re.MULTILINE)
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_TERMINAL = re.compile(r"[.!?;:]\W*$")
# Template slots: the holder's name varies from copy to copy (SPDX marks these spans as variable). Bounded lazy
# spans, so a text full of "neither the name of" stays linear.
_SLOTS = (
    (re.compile(r"\bneither the name of .{1,200}? nor the names of\b"), "neither the name of HOLDER nor the names of"),
    (re.compile(r"\bprovided by .{1,200}? as is\b"), "provided by HOLDER as is"),
    (re.compile(r"\bin no event shall .{1,200}? be liable\b"), "in no event shall HOLDER be liable"),
)
_TITLE_WORDS = 8  # a line this short without a full stop is a heading or a licence title


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as normalised (lower-case words)
    raw: str  # as written (whitespace collapsed, at most 200 characters), for quoting
    fingerprint: str
    substantive: bool


def _strip(text: str) -> str:
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = _FRONT_MATTER.sub("", text, count=1)
    text = _COPYRIGHT_LINE.sub("", text)
    return _HEADING_LINE.sub(lambda m: "\n\n" + m.group(0) + "\n\n", text)


def _words(sentence: str) -> str:
    folded = _URL.sub(" ", sentence.lower())
    folded = " ".join(_NOT_WORD.sub(" ", folded).split())
    for pattern, placeholder in _SLOTS:
        folded = pattern.sub(placeholder, folded)
    return folded


def fingerprint_of(words: str) -> str:
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:FINGERPRINT_HEX]


def sentences(text: str) -> list[Sentence]:
    """The normalised sentences of a licence text, in order, empty ones dropped."""
    out: list[Sentence] = []
    for paragraph in _PARAGRAPH.split(_strip(text)):
        joined = " ".join(paragraph.split())
        for raw in _SENTENCE_END.split(joined):
            words = _words(raw)
            if not words:
                continue
            count = len(words.split())
            title = count <= _TITLE_WORDS and not _TERMINAL.search(raw)
            out.append(Sentence(words, raw[:200], fingerprint_of(words), substantive=count >= 3 and not title))
    return out


def normalised_text(text: str) -> str:
    """The text as compared: its substantive sentences' words, one sentence a line (titles and headings, which
    copies add or drop, left out)."""
    return "\n".join(s.text for s in sentences(text) if s.substantive)


def text_sha256(text: str) -> str:
    """The SHA-256 of the normalised text: a text reformatted, re-wrapped, re-titled or re-copyrighted keeps it."""
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Reference:
    """A licence's reference text as data: where it was read, its normalised hash, its sentence fingerprints."""

    license_id: str
    url: str  # the copy that was fingerprinted (and that ``licenses verify --online`` fetches again)
    sha256: str
    sentences: frozenset[str]
    optional: frozenset[str] = frozenset()  # parts a copy may carry or leave out (Apache's appendix)
    source_file: str = ""


@dataclass(frozen=True)
class Coverage:
    reference: Reference
    held: int  # reference sentences the text holds

    @property
    def share(self) -> float:
        return self.held / len(self.reference.sentences) if self.reference.sentences else 0.0

    @property
    def covers(self) -> bool:
        missing = len(self.reference.sentences) - self.held
        # A short reference (MIT has eight sentences) may still miss one: a copy that dropped or re-worded a line.
        return self.share >= COVERAGE or (missing <= 1 and len(self.reference.sentences) >= 6)


@dataclass(frozen=True)
class Comparison:
    """A text against every reference: the references it covers (largest first), the changed copies it is
    (covered in part only), and the substantive sentences it adds to what it covers."""

    covered: tuple[Coverage, ...]
    changed: tuple[Coverage, ...]
    added: tuple[str, ...]  # as written
    added_words: str = ""  # the added sentences normalised, where a variant's recognition phrases are looked for


def compare(text: str, references: Iterable[Reference]) -> Comparison:
    found = sentences(text)
    held = {s.fingerprint for s in found}
    scores = [Coverage(ref, len(ref.sentences & held)) for ref in references if ref.sentences]
    covering = sorted((c for c in scores if c.covers), key=lambda c: (-c.held, c.reference.license_id))
    # A reference contained in a larger covered one (BSD-2-Clause in BSD-3-Clause) is not a second licence.
    covered: list[Coverage] = []
    for cov in covering:
        mine = cov.reference.sentences & held
        if not any(mine <= (other.reference.sentences & held) for other in covered):
            covered.append(cov)
    changed = tuple(c for c in scores if not c.covers and c.share >= CHANGED_COPY)
    known: set[str] = set()
    for cov in (*covered, *changed):
        known |= cov.reference.sentences | cov.reference.optional
    extra = [s for s in found if s.substantive and s.fingerprint not in known] if covered or changed else []
    added = tuple(dict.fromkeys(s.raw for s in extra))
    return Comparison(tuple(covered), changed, added, " ".join(s.text for s in extra))


def phrase_words(phrase: str) -> str:
    """A recognition phrase folded like the sentences it is looked for in."""
    return _words(phrase)


def reference_from_mapping(raw: object, where: str) -> Reference:
    """A ``licenses/references/*.yaml`` document, checked; ``ValueError`` names the file and the field."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: the file must hold a mapping")
    for key in raw:
        if key not in ("id", "url", "sha256", "sentences", "optional", "note"):
            raise ValueError(f"{where}: {key}: unknown field (known: id, note, optional, sentences, sha256, url)")
    license_id, url, digest = raw.get("id"), raw.get("url"), raw.get("sha256")
    if not isinstance(license_id, str) or not license_id:
        raise ValueError(f"{where}: id: expected a licence id")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ValueError(f"{where}: url: expected an http(s) URL, got {url!r}")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError(f"{where}: sha256: expected 64 lower-case hex digits")
    prints = _fingerprints(where, "sentences", raw.get("sentences"))
    if not prints:
        raise ValueError(f"{where}: sentences: a reference needs its sentence fingerprints")
    optional = _fingerprints(where, "optional", raw.get("optional", []))
    return Reference(license_id, url, digest, frozenset(prints), frozenset(optional), where)


def _fingerprints(where: str, field: str, value: object) -> Sequence[str]:
    pattern = re.compile(rf"[0-9a-f]{{{FINGERPRINT_HEX}}}")
    if not isinstance(value, list) or not all(isinstance(v, str) and pattern.fullmatch(v) for v in value):
        raise ValueError(f"{where}: {field}: expected a list of {FINGERPRINT_HEX}-digit hex fingerprints")
    return value


__all__ = [
    "CHANGED_COPY", "COVERAGE", "Comparison", "Coverage", "Reference", "Sentence", "compare", "fingerprint_of",
    "normalised_text", "phrase_words", "reference_from_mapping", "sentences", "text_sha256",
]
