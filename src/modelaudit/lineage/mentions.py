"""Models named in one sentence of a README: Hub links, ``org/name`` ids and informal catalogue names.

Linear in the sentence's length however many models it names (a hostile card can name ten thousand in
one sentence): each finder is one pass, and "is this inside an id already found" is a binary search in
the spans found before, not a scan of them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from modelaudit.hubrefs import find_hub_refs, parse_hub_url
from modelaudit.lineage.claims import family_target
from modelaudit.lineage.names import REPO_ID_RE, Catalogue

# Link text and URL stop at the next '[': a run of "[" or "[a](" is then read once, not once per bracket
# (the innermost of nested brackets is the link, as in CommonMark).
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\(([^)\s\[]+)(?:\s+\"[^\"]*\")?\)")
_DATASET_AFTER = re.compile(r"\s*(?:dataset|data\s+set|corpus)\b", re.IGNORECASE)  # used with match(text, pos)
_DATASETS_BEFORE = re.compile(r"datasets?/?\s*$", re.IGNORECASE)
_BARE_ID = re.compile(r"(?<![\w./@-])([A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95})(?![\w/-])")
_FILE_EXT = re.compile(r"\.(?:py|json|ya?ml|md|txt|csv|bin|safetensors|gguf|pt|pth|ckpt|zip|tar|gz|png|jpg|sh|cpp|h)$", re.I)
_CHUNK = re.compile(r"[A-Za-z][\w.\- ]*[\w]")
_ATOM_SPAN = re.compile(r"[a-z]+|\d+(?:\.\d+)*")
_TOKEN = re.compile(r"\S+")
_DATASETS_WORDS = 3  # "datasets/": how many words before an id are searched for it


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    target: str  # hub id or family target
    is_family: bool
    explicit: bool  # an id or link, not an informal name


def replace_links(text: str) -> str:
    """``[text](https://huggingface.co/org/name)`` -> ``org/name``; other links keep their text, except
    links to Hub datasets and Spaces, whose text ("HuggingFaceH4/ultrachat_200k") is no model."""

    def sub(m: re.Match[str]) -> str:
        ref = parse_hub_url(m.group(2))
        if ref is None:
            return m.group(1)
        if not ref.is_model:
            return f"a {ref.type.value}"
        # A legacy single-name id keeps its URL form, so that ``mentions`` still sees a link (an
        # organisation's page, "huggingface.co/deepseek-ai", is no model).
        return ref.repo_id if "/" in ref.repo_id else m.group(2)

    return _MD_LINK.sub(sub, text)


def plausible_id(candidate: str, catalogue: Catalogue | None = None) -> bool:
    if "/" not in candidate or not REPO_ID_RE.match(candidate) or _FILE_EXT.search(candidate):
        return False
    org, name = candidate.split("/", 1)
    if org.isdigit() or candidate.lower().startswith(("http", "www.", "e.g", "i.e", "and/", "or/")):
        return False
    # "English/Chinese", "input/output": two plain words are prose, unless the owner is a known org.
    if org.isalpha() and name.isalpha():
        return catalogue is not None and catalogue.is_known_org(org)
    return True


class Spans:
    """Character spans, asked whether they cover a position in O(log n) (spans may overlap)."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # furthest end among spans so far

    def covers(self, pos: int) -> bool:
        """Some span has ``start <= pos < end``."""
        if not self._starts:
            return False
        i = bisect_right(self._starts, pos)
        return i > 0 and self._reach[i - 1] > pos

    def covers_end(self, pos: int) -> bool:
        """Some span has ``start < pos <= end``."""
        if not self._starts:
            return False
        i = bisect_left(self._starts, pos)
        return i > 0 and self._reach[i - 1] >= pos


_NO_SPANS = Spans()


class Words:
    """Where the whitespace-separated words of a text start, to search just the last few words
    before a position: a pattern that can span at most k words, searched from the start of the
    k-th word back, finds exactly what searching the whole prefix would (``search(text, pos,
    endpos)`` still sees the characters around the window for ``\\b``)."""

    def __init__(self, text: str) -> None:
        self._starts = [m.start() for m in _TOKEN.finditer(text)]

    def back(self, end: int, words: int) -> int:
        """Start of the ``words``-th word beginning before ``end`` (0 when there are fewer)."""
        i = bisect_left(self._starts, end) - words
        return self._starts[i] if i > 0 else 0


def mentions(text: str, catalogue: Catalogue, words: Words | None = None) -> list[Mention]:
    """Every model named in ``text``, in order: explicit ones (Hub links, ids) first claim their spans, then
    informal names and families are looked for in the word runs between them."""
    found: list[Mention] = []
    urls: list[tuple[int, int]] = []
    for ref in find_hub_refs(text):
        # Every Hub link claims its span, so nothing inside it is read again as an id or a name; only links
        # to models are mentions (a dataset or Space is never a parent model), and a single name that is a
        # known organisation is its page, not a legacy model id.
        urls.append((ref.start, ref.end))
        if ref.is_model and ("/" in ref.repo_id or not catalogue.is_known_org(ref.repo_id)):
            found.append(Mention(ref.start, ref.end, ref.repo_id, False, True))
    # Links do not overlap, so a bare id can only fall inside a link found before it.
    url_spans = Spans(urls) if urls else _NO_SPANS
    spans = list(urls)
    for m in _BARE_ID.finditer(text):
        candidate = m.group(1).rstrip(".")  # "... fine-tuned from org/name." ends a sentence, not the id
        end = m.start() + len(candidate)
        if url_spans.covers(m.start()) or not plausible_id(candidate, catalogue):
            continue
        if words is None:
            words = Words(text)
        if (_DATASET_AFTER.match(text, end)
                or _DATASETS_BEFORE.search(text, words.back(m.start(), _DATASETS_WORDS), m.start())):
            continue
        found.append(Mention(m.start(), end, catalogue.canonical_id(candidate), False, True))
        spans.append((m.start(), end))
    # Informal names: scan word-ish runs between explicit mentions.
    explicit = Spans(spans) if spans else _NO_SPANS
    for m in _CHUNK.finditer(text):
        if explicit.covers(m.start()) or explicit.covers_end(m.end()):
            continue
        chunk = m.group(0)
        names = catalogue.find_names(chunk)
        if names:
            atom_spans = [(a.start(), a.end()) for a in _ATOM_SPAN.finditer(chunk.lower())]
            for match in names:
                start, end = atom_spans[match.start][0], atom_spans[match.end - 1][1]
                found.append(Mention(m.start() + start, m.start() + end, match.repo_id, False, False))
        else:
            for family in catalogue.families_in(chunk):
                hit = family.pattern.search(chunk)
                assert hit is not None
                found.append(Mention(m.start() + hit.start(), m.start() + hit.end(), family_target(family.id), True, False))
    found.sort(key=lambda x: x.start)
    return found
