"""Calls whose arguments name a model: the rules the Python AST and the code regex detectors share.

``from_pretrained("org/name")`` and friends: which positional argument and which keywords hold the id, and
which calls never name a model the code uses (datasets, repositories it writes to).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..values import is_model_key

__all__ = [
    "ARGPARSE_CALLS", "CALL_RULES", "ENV_RECEIVERS", "IGNORED_CALLS", "NON_MODEL_REPO_TYPES", "CallRule",
    "flag_is_model", "is_env_getter", "rule_for",
]  # fmt: skip


@dataclass(frozen=True)
class CallRule:
    kind: str
    positions: tuple[int, ...]
    keywords: frozenset[str]
    hub_download: bool = False  # honour repo_type="dataset"/"space" by ignoring the call


def _rule(kind: str, positions: tuple[int, ...], *keywords: str, hub_download: bool = False) -> CallRule:
    return CallRule(kind, positions, frozenset(keywords), hub_download)


_FROM_PRETRAINED = _rule(
    "from_pretrained",
    (0,),
    *("pretrained_model_name_or_path", "model_name_or_path", "model_id", "repo_id", "model_name", "model"),
)
# PeftModel.from_pretrained(base_model, "org/adapter"): the adapter id is the second argument.
_PEFT_FROM_PRETRAINED = _rule("from_pretrained", (1,), "model_id", "pretrained_model_name_or_path")

CALL_RULES: dict[str, CallRule] = {
    "from_pretrained": _FROM_PRETRAINED,
    "load_adapter": _rule("adapter", (0,), "peft_model_id", "model_id", "pretrained_model_name_or_path"),
    "load_lora_weights": _rule("adapter", (0,), "pretrained_model_name_or_path_or_dict", "pretrained_model_name_or_path"),
    "pipeline": _rule("pipeline", (1,), "model", "tokenizer"),
    "hf_hub_download": _rule("hf_hub_download", (0,), "repo_id", hub_download=True),
    "hf_hub_url": _rule("hf_hub_download", (0,), "repo_id", hub_download=True),
    "try_to_load_from_cache": _rule("hf_hub_download", (0,), "repo_id", hub_download=True),
    "snapshot_download": _rule("snapshot_download", (0,), "repo_id", hub_download=True),
    "SentenceTransformer": _rule("sentence_transformers", (0,), "model_name_or_path", "model_name"),
    "CrossEncoder": _rule("sentence_transformers", (0,), "model_name_or_path", "model_name"),
    "SparseEncoder": _rule("sentence_transformers", (0,), "model_name_or_path", "model_name"),
    "LLM": _rule("vllm", (0,), "model", "tokenizer"),
    "EngineArgs": _rule("vllm", (0,), "model", "tokenizer"),
    "AsyncEngineArgs": _rule("vllm", (0,), "model", "tokenizer"),
    "InferenceClient": _rule("inference_client", (0,), "model"),
    "AsyncInferenceClient": _rule("inference_client", (0,), "model"),
    # LangChain wrappers around the Inference API
    "HuggingFaceEndpoint": _rule("inference_client", (), "repo_id", "model"),
    "HuggingFaceHub": _rule("inference_client", (), "repo_id"),
    # Hub metadata lookups: the code depends on that repository existing and on its card
    "model_info": _rule("hub_api", (0,), "repo_id"),
    "list_repo_files": _rule("hub_api", (0,), "repo_id", hub_download=True),
}
# mlx_lm.load("mlx-community/..."): "load" is far too common a name to trust without mlx_lm in the file.
_MLX_LOAD = _rule("mlx", (0,), "path_or_hf_repo")

# Calls whose arguments name datasets, or repositories the code writes to, never a model it uses.
IGNORED_CALLS = frozenset(
    {
        "load_dataset", "load_dataset_builder", "load_from_disk", "get_dataset_config_names", "get_dataset_split_names",
        "push_to_hub", "create_repo", "upload_file", "upload_folder", "delete_repo", "create_commit", "save_pretrained",
    }
)  # fmt: skip
ARGPARSE_CALLS = frozenset({"add_argument", "option", "Option", "argument"})
ENV_RECEIVERS = frozenset({"environ", "env"})
NON_MODEL_REPO_TYPES = frozenset({"dataset", "datasets", "space", "spaces"})


def rule_for(name: str, receiver: str | None, uses_mlx: bool = False) -> CallRule | None:
    if name == "from_pretrained" and receiver and receiver.startswith("Peft"):
        return _PEFT_FROM_PRETRAINED
    if name == "load" and (receiver == "mlx_lm" or (receiver is None and uses_mlx)):
        return _MLX_LOAD
    return CALL_RULES.get(name)


def is_env_getter(name: str, receiver: str | None) -> bool:
    return name == "getenv" or (name in {"get", "setdefault"} and receiver in ENV_RECEIVERS)


def flag_is_model(flag: str) -> bool:
    return flag.startswith("-") and is_model_key(flag.lstrip("-"))
