"""Closed models behind an API (``services`` in ``lineage/catalogue.yaml``) and where text names them.

A model trained on ChatGPT conversations, or a dataset of GPT-4 completions, carries the provider's terms
of use rather than an open licence. Such a model has no repository to fetch: it becomes a service node
``service:<provider>/<model>`` (``modelaudit.refs.service_node_id``), established from the catalogue alone.

Names are found in one pass over a text (all services in one alternation, first listed wins at a
position), never inside another name or a Hub id: "GPT-4" in "vicgalle/alpaca-gpt4", "WildGPT-4" or
"GPT4-Alpaca" is part of a dataset's name, while "GPT-4-generated" and "gpt-4-0613" still name GPT-4.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from modelaudit.refs import SERVICE_PREFIX, service_node_id

# What may follow a service's name after a hyphen without making it part of a longer name.
_SUFFIX_OK = re.compile(
    r"[-.](?:\d|(?:generated|produced|written|created|annotated|labell?ed|based|distilled|synthesi[sz]ed|"
    r"rewritten|augmented|judged|rated|scored)\b)",
    re.IGNORECASE,
)
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Service:
    provider: str  # "openai": the node id's provider part
    provider_display: str  # "OpenAI"
    model: str  # "gpt-4": the node id's model part
    display: str  # "GPT-4"
    terms: str  # URL of the provider's terms of use that govern outputs

    @property
    def node_id(self) -> str:
        return service_node_id(self.provider, self.model)

    @property
    def description(self) -> str:
        """A note for the node: what it is and which terms govern its outputs."""
        return (f"{self.display}: a closed model behind {self.provider_display}'s API; its outputs come under "
                f"{self.provider_display}'s terms of use ({self.terms}), not an open licence")


@dataclass(frozen=True)
class ServiceMention:
    start: int
    end: int
    service: Service


class Services:
    """The catalogue's closed services, with one compiled pattern to find them in text."""

    def __init__(self, entries: Sequence[tuple[Service, str]]) -> None:
        self.all: tuple[Service, ...] = tuple(service for service, _ in entries)
        self._by_id = {s.node_id: s for s in self.all}
        if entries:
            body = "|".join(f"(?P<s{k}>{pattern})" for k, (_, pattern) in enumerate(entries))
            self._pattern = re.compile(rf"(?<![\w./@-])(?:{body})(?!\w)", re.IGNORECASE)
            self._whole = re.compile(rf"(?:{body})", re.IGNORECASE)
        else:
            self._pattern = self._whole = _NEVER

    @classmethod
    def from_data(cls, data: Iterable[Mapping[str, Any]] | None) -> Services:
        entries: list[tuple[Service, str]] = []
        for provider in data or ():
            for model in provider["models"]:
                service = Service(str(provider["provider"]), str(provider["display"]), str(model["id"]),
                                  str(model["display"]), str(provider["terms"]))
                entries.append((service, str(model["pattern"])))
        return cls(entries)

    def get(self, node_id: str) -> Service | None:
        """The service a ``service:<provider>/<model>`` node id names."""
        return self._by_id.get(node_id) if node_id.startswith(SERVICE_PREFIX) else None

    def _service_of(self, match: re.Match[str]) -> Service:
        assert match.lastgroup is not None
        return self.all[int(match.lastgroup[1:])]

    def find(self, text: str) -> list[ServiceMention]:
        """Every service named in ``text``, in order."""
        found: list[ServiceMention] = []
        for m in self._pattern.finditer(text):
            end = m.end()
            if end < len(text) - 1 and text[end] in "-." and text[end + 1].isalnum() and not _SUFFIX_OK.match(text, end):
                continue  # "GPT4-Alpaca": a longer name that begins with the service's
            found.append(ServiceMention(m.start(), end, self._service_of(m)))
        return found

    def named_by(self, text: str) -> Service | None:
        """The service ``text`` names as a whole (a tag such as "GPT-4" or "gpt4")."""
        m = self._whole.fullmatch(text.strip())
        return self._service_of(m) if m else None


__all__ = ["Service", "ServiceMention", "Services"]
