"""How a repository shows that it is a quantization (or format conversion) of its base.

The vocabulary is data (``quantization`` in ``lineage/catalogue.yaml``); this module compiles it once and
reads a repository with it. Two uses:

* the relation of a declared base: the Hub writes ``base_model:finetune:<id>`` whenever a card names a
  ``base_model`` without a ``base_model_relation``, so for a repository that shows a quantization (a format
  word in its name, ``*.gguf`` files, a ``quantization_config``, the Hub's ``gguf``/``4-bit`` tags) that
  ``finetune`` is the Hub's default, not the publisher's word: the base is quantized (``lineage/declared.py``);
* a name that is another repository's name plus a format suffix (``Qwen2.5-7B-Instruct-GGUF``,
  ``...-GPTQ-Int4``): the candidate base (``lineage/extractors/quant_sibling.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modelaudit.evidence import RepoEvidence
from modelaudit.refs import name_of

_NEVER = re.compile(r"(?!)")
_SEPARATORS = "-_."


def _alternation(tokens: Sequence[str]) -> str:
    return "|".join(f"(?:{t})" for t in tokens)


@dataclass(frozen=True)
class QuantVocabulary:
    #: A format word anywhere in a repo name, whole (between separators or the ends).
    token: re.Pattern[str]
    #: One format word at the end of a name, with the separator before it.
    suffix: re.Pattern[str]
    tags: frozenset[str]
    libraries: frozenset[str]
    files: tuple[re.Pattern[str], ...]
    config_keys: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> QuantVocabulary:
        data = data or {}
        tokens = [str(t) for t in data.get("format_tokens") or ()]
        alt = _alternation(tokens)
        return cls(
            token=re.compile(rf"(?:^|(?<=[-_.]))(?:{alt})(?=[-_.]|$)", re.IGNORECASE) if tokens else _NEVER,
            suffix=re.compile(rf"[-_.](?:{alt})$", re.IGNORECASE) if tokens else _NEVER,
            tags=frozenset(str(t).lower() for t in data.get("tags") or ()),
            libraries=frozenset(str(t).lower() for t in data.get("libraries") or ()),
            files=tuple(re.compile(str(p), re.IGNORECASE) for p in data.get("files") or ()),
            config_keys=tuple(str(k) for k in data.get("config_keys") or ()),
        )

    def name_tokens(self, name: str) -> tuple[str, ...]:
        """The format words of a repo name, as written ("GGUF", "4bit", "Int4")."""
        return tuple(m.group(0) for m in self.token.finditer(name) if m.group(0))

    def split_suffix(self, name: str) -> tuple[str, tuple[str, ...]]:
        """``name`` without the format words at its end, and those words in reading order:
        ``Qwen2.5-7B-Instruct-GPTQ-Int4`` -> (``Qwen2.5-7B-Instruct``, (``GPTQ``, ``Int4``)). Each step removes at
        least one character, so this ends after at most ``len(name)`` steps."""
        removed: list[str] = []
        while (m := self.suffix.search(name)) and m.start() > 0:
            removed.append(m.group(0)[1:])
            name = name[: m.start()]
        return name.rstrip(_SEPARATORS), tuple(reversed(removed))

    def signs(self, evidence: RepoEvidence, *, except_tokens: Iterable[str] = ()) -> tuple[str, ...]:
        """Why the repository looks like a quantization: its name, files, tags, library, config.

        ``except_tokens``: the format words of its declared base's name. A model trained from a quantized base
        (a QLoRA fine-tune of ``...-bnb-4bit``) is stored the same way and often named after it: then only a
        format word of its own name that the base's name lacks shows that this repository is the quantization
        (``...-bnb-4bit-GGUF``)."""
        record = evidence.record
        inherited = {_norm(t) for t in except_tokens}
        own = [t for t in self.name_tokens(name_of(record.repo_id)) if _norm(t) not in inherited]
        signs = [f"name token {t!r}" for t in dict.fromkeys(own)]
        if inherited:
            return tuple(signs)
        signs += [f"file {f}" for f in record.siblings if any(p.search(name_of(f)) for p in self.files)][:2]
        signs += [f"Hub tag {t}" for t in record.tags if t.lower() in self.tags][:2]
        if record.library_name and record.library_name.lower() in self.libraries:
            signs.append(f"library {record.library_name}")
        configs = (("the Hub's config", record.config), ("config.json", evidence.config("config.json")))
        for where, config in configs:
            found = [k for k in self.config_keys if isinstance(config, Mapping) and config.get(k)]
            if found:
                signs.append(f"{found[0]} in {where}")
                break
        return tuple(signs)


def _norm(token: str) -> str:
    return re.sub(r"[-_.]", "", token.lower())


__all__ = ["QuantVocabulary"]
