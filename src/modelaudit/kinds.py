"""Small closed vocabularies shared by every layer (lineage, licensing, policy, formats).

They are ``str`` enums so they serialise to JSON as their value and compare equal to the strings
that appear in YAML data and in the JSON contract.
"""

from __future__ import annotations

from enum import Enum


class Relation(str, Enum):
    """How a child derives from a parent (the Hub's ``base_model_relation`` plus ours).

    Between models: finetune, adapter, merge, quantized, distillation (the student of a teacher:
    "distilled from", "trained on outputs of"). Data lineage adds: a model ``trained-on`` a dataset,
    a dataset ``generated-by`` a model or a closed service, and a dataset ``derived-from`` its
    source datasets. Edges always run parent -> child (dataset -> model, generator -> dataset)."""

    FINETUNE = "finetune"
    ADAPTER = "adapter"
    MERGE = "merge"
    QUANTIZED = "quantized"
    DISTILLATION = "distillation"
    UNKNOWN = "unknown"
    TRAINED_ON = "trained-on"
    GENERATED_BY = "generated-by"
    DERIVED_FROM = "derived-from"


#: Relations through which a model's weights pass to the child (its licence's derivative terms).
WEIGHT_RELATIONS = frozenset({Relation.FINETUNE, Relation.ADAPTER, Relation.MERGE, Relation.QUANTIZED,
                              Relation.UNKNOWN})
#: Relations of data lineage: the child learned from the parent's data or outputs, not its weights.
DATA_RELATIONS = frozenset({Relation.TRAINED_ON, Relation.GENERATED_BY, Relation.DERIVED_FROM})


class Evidence(str, Enum):
    """Where the claim that an edge exists came from."""

    CARD = "card"
    TAGS = "tags"
    README = "readme"
    CONFIG = "config"
    ADAPTER_CONFIG = "adapter_config"
    NOTICE = "notice"
    NAME = "name"
    LOCATION = "location"  # where a local file sits (LM Studio's models/<org>/<repo>: the repo it came from)


class Confidence(str, Enum):
    """Declared edges come from structured metadata the publisher wrote; inferred ones are our reading."""

    DECLARED = "declared"
    INFERRED = "inferred"


class SourceKind(str, Enum):
    """Which source produced a record: the live Hub, the bundled snapshot, a local directory, a weights file
    on disk (a GGUF or safetensors file: its header, and the files beside it) or the Hub index
    (``modelaudit index build``: the Hub's model-card dump)."""

    HUB = "hub"
    SNAPSHOT = "snapshot"
    LOCAL = "local"
    LOCAL_FILE = "local-file"
    INDEX = "index"


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
