"""Small closed vocabularies shared by every layer (lineage, licensing, policy, formats).

They are ``str`` enums so they serialise to JSON as their value and compare equal to the strings
that appear in YAML data and in the JSON contract.
"""

from __future__ import annotations

from enum import Enum


class Relation(str, Enum):
    """How a child model derives from a parent (the Hub's ``base_model_relation`` plus ours)."""

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    MERGE = "merge"
    QUANTIZED = "quantized"
    DISTILLATION = "distillation"
    UNKNOWN = "unknown"


class Evidence(str, Enum):
    """Where the claim that an edge exists came from."""

    CARD = "card"
    TAGS = "tags"
    README = "readme"
    CONFIG = "config"
    ADAPTER_CONFIG = "adapter_config"
    NOTICE = "notice"
    NAME = "name"


class Confidence(str, Enum):
    """Declared edges come from structured metadata the publisher wrote; inferred ones are our reading."""

    DECLARED = "declared"
    INFERRED = "inferred"


class SourceKind(str, Enum):
    """Which source produced a record: the live Hub, the bundled snapshot or a local directory."""

    HUB = "hub"
    SNAPSHOT = "snapshot"
    LOCAL = "local"


class Severity(str, Enum):
    """Severity of a policy finding. ``unknown`` marks something that could not be established."""

    BLOCK = "block"
    UNKNOWN = "unknown"
    WARN = "warn"
    INFO = "info"


class Verdict(str, Enum):
    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"
    UNKNOWN = "unknown"


# Worst first: used to pick the overall verdict of several models and the exit code.
VERDICT_ORDER: tuple[Verdict, ...] = (Verdict.BLOCK, Verdict.UNKNOWN, Verdict.WARN, Verdict.PASS)
