"""The phrase that names a licence in prose: "licensed under the Llama 3.1 Community License".

Two readers meet it. Licence identification reads a README sentence that puts the model's weights
under a licence ("the model weights are subject to the DeepSeek License Agreement"); the lineage's
prose reader keeps what a derivative's card says its base was "originally licensed under" as the
edge's licence hint. One grammar, so a sentence names the same licence to both:

    <verb> [the] <name>

The name is 2 to 80 characters with no sentence or clause break in it (a dot only inside a version
number, "Llama 3.1") and ends at the first licence word. ``licensed_only`` narrows the verbs to
"licensed under" and the licence words to "licence (agreement)" and "terms of use": a statement about
a base model's licence, not any sentence that mentions terms. The name is bounded and lazy, so a
search is linear in the sentence whatever it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"(?:the\s+)?(?P<name>(?:[^.;,()]|\.(?=\d)){{2,80}}?(?:{ends}))"
_PLACED = re.compile(
    r"(?:licen[sc]ed\s+under|subject\s+to|governed\s+by|released\s+under|available\s+under)\s+"
    + _NAME.format(ends=r"licen[sc]e(?:\s+agreement)?|terms(?:\s+of\s+use)?|agreement"),
    re.IGNORECASE,
)
_LICENSED = re.compile(
    r"licen[sc]ed\s+under\s+" + _NAME.format(ends=r"licen[sc]e(?:\s+agreement)?|terms\s+of\s+use"),
    re.IGNORECASE,
)


# A word that makes a licence name another licence: "Modified MIT", "MIT-like", "based on Apache 2.0", "derived
# from", "variant of", "adapted", "custom", "MIT (modified)", "with additional terms".
_QUALIFIER = re.compile(
    r"\bmodifi(?:ed|cations?)\b|-like\b|\blike\s+licen|\bbased\s+(?:on|upon)\b|\bderived\s+from\b"
    r"|\bderivative\s+of\b|\bvariant\s+of\b|\badapt(?:ed|ation)\b|\bcustom(?:ised|ized)?\b|\bamended\b"
    r"|\bwith\s+(?:additional|extra|further)\s+(?:terms|restrictions|conditions|clauses)\b",
    re.IGNORECASE,
)
# In a sentence the qualifier must touch the name: "released under a modified MIT license", "a licence derived from
# the Apache 2.0 license", "the MIT License (modified)", "the MIT license, with additional restrictions" — not a
# "based on Llama" earlier in the sentence.
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?:modified|customi[sz]ed|amended|adapted)|-like|\b(?:based\s+(?:on|upon)|derived\s+from|derivative\s+of"
    r"|variant\s+of|modification\s+of|adaptation\s+of|adapted\s+from))\s+(?:version\s+of\s+)?(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_QUALIFIER_AFTER = re.compile(
    r"^\W{0,3}(?:\(?(?:as\s+)?modified\b|\(?with\s+(?:modifications|(?:additional|extra|further)\s+"
    r"(?:terms|restrictions|conditions|clauses))\b|-?like\b)",
    re.IGNORECASE,
)
#: Characters either side of a licence name that are read for a qualifier.
QUALIFIER_WINDOW = 40


def qualified(name: str) -> bool:
    """Whether a licence name says the licence is changed or only alike ("Modified MIT", "MIT-like", "based on
    Apache 2.0", "derived from", "variant of", "adapted", "custom", "with additional terms"). Such a name never
    stands for the plain licence."""
    return _QUALIFIER.search(name) is not None


def qualified_in(before: str, after: str) -> bool:
    """Whether the words just before or just after a licence name in a sentence qualify it."""
    return _QUALIFIER_BEFORE.search(before[-QUALIFIER_WINDOW:]) is not None or \
        _QUALIFIER_AFTER.search(after[:QUALIFIER_WINDOW]) is not None


@dataclass(frozen=True)
class LicencePhrase:
    """A licence named in a sentence: the name as written and with its whitespace collapsed, and
    where the phrase (verb to licence word) is in the sentence."""

    raw: str
    start: int
    end: int

    @property
    def name(self) -> str:
        return " ".join(self.raw.split())


def licence_phrase(sentence: str, *, licensed_only: bool = False) -> LicencePhrase | None:
    """The first phrase of ``sentence`` that places something under a named licence, or ``None``.

    Verbs: "licensed under", "subject to", "governed by", "released under", "available under"; the
    name ends in "licence", "licence agreement", "terms", "terms of use" or "agreement". With
    ``licensed_only``: "licensed under" a name ending in "licence (agreement)" or "terms of use" only
    (what a derivative's card says about its base: "originally licensed under the X License").
    """
    match = (_LICENSED if licensed_only else _PLACED).search(sentence)
    if match is None:
        return None
    return LicencePhrase(match.group("name"), match.start(), match.end())


__all__ = ["QUALIFIER_WINDOW", "LicencePhrase", "licence_phrase", "qualified", "qualified_in"]
