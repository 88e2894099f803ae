"""Datasets a repository names: the ones a model was trained on, the ones a dataset was made from.

* A card's ``datasets:`` (a string or a list; the Hub reads the ids case-insensitively, so their case is kept as
  written and the fetched record says the canonical spelling). Entries may be Hub links, ``datasets/org/name``,
  ``hf://datasets/...``; local paths and placeholders ("custom", "private") name no Hub dataset.
* A model README: Hub dataset links, ``datasets/org/name`` and ``org/name`` ids next to the word "dataset" in
  any sentence that is not about evaluation ("fine-tuned on the [UltraChat 200k](…/datasets/…) dataset"), and
  every id in a labelled field or under a heading that lists training data ("Training data: org/a, org/b").
* A dataset README: datasets named after a derivation cue ("a subset of X", "extracted from X", "a pre-processed
  version of X") and the datasets linked in a list whose lead line says it is the mixture ("consists of a mix of:").

Every function is linear in the text: one pass per line or sentence, the cue searches bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modelaudit.evidence import RepoEvidence
from modelaudit.hubrefs import RepoType, parse_hub_url
from modelaudit.lineage.claims import quote
from modelaudit.lineage.mentions import DatasetMention, dataset_mentions
from modelaudit.lineage.names import Catalogue
from modelaudit.refs import DATASET_PREFIX, InvalidRepoId, check_repo_id, dataset_repo_id, looks_like_path

_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
# Values of ``datasets:`` / ``source_datasets:`` that name no dataset of their own.
_PLACEHOLDERS = frozenset({"original", "other", "others", "none", "n/a", "na", "custom", "private", "internal",
                           "proprietary", "unknown", "various", "mixed", "extended", "null", "tbd", "todo"})
_FILE_EXT = re.compile(r"\.(?:jsonl?|csv|tsv|parquet|txt|arrow|ya?ml|zip|gz|tar|py)$", re.IGNORECASE)
# "- **Training data:** org/a, org/b": a field label and its value (emphasis and list marks around the label).
_LABELLED = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?[*_]{0,2}(?P<label>[A-Za-z][\w ()/-]{0,60}?)[*_]{0,2}\s*:[*_]{0,2}"
                       r"(?P<value>.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@dataclass(frozen=True)
class DatasetRef:
    repo_id: str  # the Hub dataset id, as written
    detail: str  # what said so, as evidence


def dataset_id(value: str) -> str | None:
    """The Hub dataset id a card value spells (``org/name``, a Hub link, ``datasets/org/name``,
    ``hf://datasets/org/name``, a legacy single name such as ``squad``), or ``None``."""
    text = value.strip().strip(_QUOTES + " ")
    if not text or len(text) > 200:
        return None
    low = text.lower()
    if low.startswith(("http://", "https://", "hf://", "huggingface.co/", "hf.co/", "www.huggingface.co/")):
        ref = parse_hub_url(text)
        if ref is None or ref.type is RepoType.SPACE or "/" not in ref.repo_id:
            return None
        return ref.repo_id  # a model link in a datasets field still means the id as a dataset
    if low.startswith(DATASET_PREFIX):
        text = dataset_repo_id(text)
    if looks_like_path(text) or _FILE_EXT.search(text) or text.lower() in _PLACEHOLDERS or text.count("/") > 1:
        return None
    try:
        return check_repo_id(text)
    except InvalidRepoId:
        return None


def card_datasets(card: Mapping[str, Any], key: str = "datasets") -> tuple[list[tuple[str, str]], list[str]]:
    """The datasets a card field lists, as (id, raw entry), and the entries that name none (kept for notes)."""
    raw = card.get(key)
    if raw is None:
        return [], []
    values = raw if isinstance(raw, list) else [raw]
    found: list[tuple[str, str]] = []
    unread: list[str] = []
    for value in values:
        if isinstance(value, Mapping):  # {name: org/x} (a local {path: ...} names no Hub dataset)
            value = value.get("name") or value.get("id") or value.get("repo_id") or value.get("path") or repr(value)
        if not isinstance(value, str):
            unread.append(repr(value)[:200])
            continue
        entry = value.strip()
        if not entry:
            continue
        if entry.startswith("extended|"):  # the Hub's source_datasets spelling of an extended dataset
            entry = entry[len("extended|"):]
        hub_id = dataset_id(entry)
        if hub_id is not None:
            found.append((hub_id, entry))
        elif entry.lower() not in _PLACEHOLDERS:
            unread.append(entry[:200])
    return found, unread


def _lines(body: str) -> Iterator[tuple[str, str, str]]:
    """Each line of a body with the heading it is under and the line that leads its list (for list items)."""
    heading, lead = "", ""
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if _HEADING.match(line):
            heading, lead = _HEADING.sub("", line).strip(" #*_:"), ""
            continue
        yield line, heading, lead
        if not _LIST_ITEM.match(line):
            lead = stripped


_WORD = re.compile(r"[A-Za-z]{2,}")
#: More words than this beside the ids make a field's value prose: only ids marked as datasets count there.
_LIST_WORDS = 6


def _listed_ids(value: str, catalogue: Catalogue) -> list[str]:
    """The dataset ids of a field's value or a list item that names datasets: every id when the value is a list
    of ids ("org/a, org/b"), only the marked ones when it is prose ("we fine-tuned Qwen/Qwen2.5-7B on …")."""
    found = dataset_mentions(value, catalogue)
    rest, last = [], 0
    for m in found:
        rest.append(value[last:m.start])
        last = m.end
    rest.append(value[last:])
    is_list = len(_WORD.findall(re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", "".join(rest)))) <= _LIST_WORDS
    ids = [m.repo_id for m in found if is_list or m.marked]
    if not found:  # a single legacy name ("Dataset: squad")
        single = dataset_id(value.strip().strip(" .*_"))
        ids = [single] if single and "/" not in single and " " not in value.strip() else []
    return ids


def _is_label(text: str, catalogue: Catalogue) -> bool:
    return bool(catalogue.data.dataset_label.fullmatch(text.strip(" *_:").lower()))


def training_datasets(evidence: RepoEvidence, catalogue: Catalogue) -> list[DatasetRef]:
    """The datasets a model's README says it was trained on."""
    vocab = catalogue.data
    refs: list[DatasetRef] = []
    for line, heading, _ in _lines(evidence.body):
        labelled = _LABELLED.match(line)
        if labelled and _is_label(labelled.group("label"), catalogue):
            detail = f'README: "{quote(line.strip())}"'
            refs += [DatasetRef(i, detail) for i in _listed_ids(labelled.group("value"), catalogue)]
            continue
        if heading and _LIST_ITEM.match(line) and _is_label(heading, catalogue):
            detail = f'README section "{quote(heading, 60)}": "{quote(line.strip())}"'
            refs += [DatasetRef(i, detail) for i in _listed_ids(_LIST_ITEM.sub("", line), catalogue)[:1]]
    for sentence in evidence.prose:
        found = [m for m in dataset_mentions(sentence.text, catalogue) if m.marked]
        if not found:
            continue
        text = sentence.text
        if vocab.evaluation.search(text) and not vocab.training.search(text):
            continue  # "evaluated on [GSM8K](…/datasets/…)": a benchmark, not training data
        detail = f'README: "{quote(text)}"'
        refs += [DatasetRef(m.repo_id, detail) for m in found]
    return refs


def _derived(text: str, mention: DatasetMention, catalogue: Catalogue) -> bool:
    """A derivation cue before the mention, in its clause ("a subset of [X]", "extracted from the [X] dataset")."""
    start = max(0, mention.start - 120)
    return bool(catalogue.data.derivation.search(text, start, mention.start))


def source_datasets_in_readme(evidence: RepoEvidence, catalogue: Catalogue) -> list[DatasetRef]:
    """The datasets a dataset's README says it was made from."""
    vocab = catalogue.data
    own = dataset_repo_id(evidence.repo_id).lower()
    refs: list[DatasetRef] = []
    for line, heading, lead in _lines(evidence.body):
        if not _LIST_ITEM.match(line) or not (vocab.composition.search(lead) or vocab.composition.search(heading)):
            continue
        item = _LIST_ITEM.sub("", line)
        found = [m for m in dataset_mentions(item, catalogue) if m.marked][:1]  # the item's dataset, not its notes
        detail = f'README list "{quote(lead or heading, 80)}": "{quote(line.strip())}"'
        refs += [DatasetRef(m.repo_id, detail) for m in found if m.repo_id.lower() != own]
    for sentence in evidence.prose:
        text = sentence.text
        found = [m for m in dataset_mentions(text, catalogue) if m.marked and m.repo_id.lower() != own]
        if not found or (vocab.evaluation.search(text) and not vocab.derivation.search(text)):
            continue
        detail = f'README: "{quote(text)}"'
        refs += [DatasetRef(m.repo_id, detail) for m in found if _derived(text, m, catalogue)]
    return refs


def unique(refs: Sequence[DatasetRef]) -> list[DatasetRef]:
    """One reference per dataset (case-insensitive), the first found."""
    seen: set[str] = set()
    out: list[DatasetRef] = []
    for ref in refs:
        if ref.repo_id.lower() not in seen:
            seen.add(ref.repo_id.lower())
            out.append(ref)
    return out


__all__ = ["DatasetRef", "card_datasets", "dataset_id", "source_datasets_in_readme", "training_datasets", "unique"]
