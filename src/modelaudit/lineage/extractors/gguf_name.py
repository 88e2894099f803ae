"""Signal ``gguf-name``: the naming keys of a GGUF header ("general.name: Llama 3.3 70B Instruct", or
``basename`` + ``size_label`` + ``finetune``: "Llama-3.3" "70B" "Instruct"), read when the header names no
base model. A GGUF is a conversion of what it is named after, so the catalogue model (or family) that the name
means is its parent, inferred: the file's own word, not its publisher's declaration. The reader of GGUF files
puts these keys under the card's ``gguf:`` (``sources/gguf.header_card``); no other record has them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modelaudit.kinds import Evidence, Relation
from modelaudit.lineage.claims import ParentClaim, family_target, inferred
from modelaudit.lineage.extractors.base import Findings, Reading, SignalReader
from modelaudit.lineage.names import Catalogue

_MAX_NAME = 300  # characters of a header name read (real names: under 80)


def _names(keys: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(what, name) candidates, most specific first."""
    def text(key: str) -> str:
        value = keys.get(key)
        return value.strip()[:_MAX_NAME] if isinstance(value, str) else ""

    out: list[tuple[str, str]] = []
    bases = keys.get("base_model_names")
    if isinstance(bases, list):
        out += [("general.base_model name", str(b)[:_MAX_NAME]) for b in bases if isinstance(b, str) and b.strip()]
    if text("name"):
        out.append(("general.name", text("name")))
    joined = "-".join(p for p in (text("basename"), text("size_label"), text("finetune")) if p)
    if joined:
        out.append(("general.basename/size_label/finetune", joined))
    return out


def _claims(keys: Mapping[str, Any], catalogue: Catalogue) -> list[ParentClaim]:
    candidates = _names(keys)
    for what, name in candidates:
        base, _ = catalogue.strip_decorations(name.replace(" ", "-"))
        match = catalogue.match_name(base)
        if match:
            return [inferred(match, Relation.QUANTIZED, Evidence.NAME, f"GGUF header {what} {name!r} is {match}'s name")]
    for what, name in candidates:
        families = catalogue.families_in(name.replace(" ", "-").replace("_", "-"))
        if len(families) == 1:
            family = families[0]
            return [inferred(family_target(family.id), Relation.QUANTIZED, Evidence.NAME,
                             f"GGUF header {what} {name!r} names the {family.display} family", family.license)]
    return []


def read(reading: Reading) -> Findings:
    keys = reading.evidence.card.get("gguf")
    if not isinstance(keys, Mapping):
        return Findings()
    return Findings(tuple(_claims(keys, reading.catalogue)))


READER = SignalReader(read)
