"""Per-subset licences of a dataset mixture, read from its card.

A mixture (allenai/tulu-3-sft-mixture, tulu-v2-sft-mixture, Nemotron post-training...) declares one licence
for the collection and tabulates the licences of its parts, either in a Markdown table with a subset /
source column and a licence column, or in a list of its sources with the licence in parentheses
("[No Robots](…/datasets/HuggingFaceH4/no_robots) (CC-BY-NC-4.0), 9,500 prompts"). The parts' licences are
what actually governs most of the data, so they are kept as declared licences of the dataset, each with the
subset it belongs to.

A list that names the *models* a dataset was generated with ("obtained using the following models: -
Mistral 7B (Apache 2.0)") gives the generators' licences, not the data's: such lists are not read here. Only
a parenthesis that reads as a licence counts ("(Longpre et al., 2023)" does not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from modelaudit.evidence import RepoEvidence
from modelaudit.hubrefs import RepoType, find_hub_refs

_LICENCE_HEADER = re.compile(r"\blicen[cs]e", re.IGNORECASE)
_SUBSET_HEADER = re.compile(r"subset|source|dataset|data|name|config|split|component|origin|part", re.IGNORECASE)
_ITEM = re.compile(r"^\s{0,6}(?:[-*+]|\d{1,3}[.)])\s+(?P<item>\S.*)$")
_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\(([^)\s]{0,500})[^)\n]{0,100}\)")
_PAREN = re.compile(r"\(([^()\n]{2,100})\)")
# What a licence looks like when the knowledge base does not know the spelling (kept as an unknown
# licence of the subset, never dropped).
_LICENCE_LIKE = re.compile(
    r"licen[cs]e|\bcc[- ]?(?:by|0)|creative\s+commons|\bapache\b|\bmit\b|\b[al]?gpl|\bbsd\b|\bodc|\bodbl\b|\bcdla\b"
    r"|public\s+domain|\bunlicen[cs]e|\bterms\s+of\s+(?:use|service)",
    re.IGNORECASE,
)
# A list introduced as the models used, not the data's parts.
_MODELS_INTRO = re.compile(r"\bmodels?\b", re.IGNORECASE)
_DATA_INTRO = re.compile(
    r"\b(?:data(?:sets?)?|subsets?|sets|mix(?:ture)?|sources?|collections?|corpora|corpus|splits?|parts?)\b",
    re.IGNORECASE,
)
_VIA = re.compile(r"\svia\s", re.IGNORECASE)
_TRIM = " \t*_`\"',:;.-–—"


@dataclass(frozen=True)
class SubsetLicence:
    """One part of a mixture and its licence as written (a link's text and its target both kept)."""

    subset: str
    value: str
    link: str | None
    line: int
    where: str  # "README table" | "README list of sources"


def _unlink(text: str) -> tuple[str, list[str]]:
    """The text with Markdown links replaced by their text, and the links' targets."""
    targets: list[str] = []

    def keep(match: re.Match[str]) -> str:
        targets.append(match.group(2))
        return match.group(1)

    return _LINK.sub(keep, text), targets


def _subset_name(text: str, raw: str) -> str:
    """A part's name as written, with the Hub dataset it links to ("No Robots (HuggingFaceH4/no_robots)")."""
    # Bounded before any trimming: a hostile card's item can be a whole megabyte on one line.
    name = " ".join(text[-300:].split())
    if via := _VIA.search(name):  # "FLAN v2 via `ai2-adapt-dev/flan_v2_converted`": the part is FLAN v2
        name = name[: via.start()]
    name = name.strip(_TRIM)[:80].strip(_TRIM)
    dataset = next((r.repo_id for r in find_hub_refs(raw) if r.type is RepoType.DATASET), None)
    if dataset and dataset.lower() not in name.lower():
        name = f"{name} ({dataset})" if name else dataset
    return name


def _from_tables(repo: RepoEvidence) -> Iterator[SubsetLicence]:
    for table in repo.tables:
        licence_col = next((i for i, h in enumerate(table.header) if _LICENCE_HEADER.search(h)), None)
        if licence_col is None:
            continue
        others = [i for i in range(len(table.header)) if i != licence_col]
        subset_col = next((i for i in others if _SUBSET_HEADER.search(table.header[i])), others[0] if others else None)
        if subset_col is None:
            continue
        for number, (cells, raw) in enumerate(zip(table.rows, table.raw_rows, strict=False), 1):
            if max(licence_col, subset_col) >= len(cells):
                continue
            value, links = _unlink(cells[licence_col])
            name, _ = _unlink(cells[subset_col])
            value = " ".join(value.strip("*_` ").split())
            if value and value not in ("-", "—", "n/a", "N/A") and name.strip():
                yield SubsetLicence(_subset_name(name, raw), value, links[0] if links else None,
                                    table.line + 1 + number, "README table")


def _from_lists(repo: RepoEvidence, known: Callable[[str], bool]) -> Iterator[SubsetLicence]:
    intro = ""
    for number, line in enumerate(repo.body.splitlines(), 1):
        match = _ITEM.match(line)
        if match is None:
            if line.strip():
                intro = line
            continue
        if _MODELS_INTRO.search(intro) and not _DATA_INTRO.search(intro):
            continue  # the models a dataset was generated with: their licences are not the data's
        raw = match.group("item")
        text, _ = _unlink(raw)
        for paren in _PAREN.finditer(text):
            value = " ".join(paren.group(1).split())
            if known(value) or _LICENCE_LIKE.search(value):
                name = text[: paren.start()]
                if name.strip():
                    yield SubsetLicence(_subset_name(name, raw), value, None, number, "README list of sources")
                break


def subset_licences(repo: RepoEvidence, known: Callable[[str], bool]) -> list[SubsetLicence]:
    """The licences a dataset card gives for its parts (tables first, then lists of sources). ``known`` says
    whether the knowledge base identifies a spelling (a parenthesis counts as a licence if it does)."""
    return [*_from_tables(repo), *_from_lists(repo, known)]


__all__ = ["SubsetLicence", "subset_licences"]
