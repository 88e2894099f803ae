"""Values and keys in a model context: what follows ``--model``, ``model:``, ``MODEL_ID=`` or ``model_id=``.

A detector establishes the context (a flag, a configuration key, a keyword argument); the rules here read
the value written there (quotes, shell defaults, Hub links, ``@revision``, llama.cpp tags) and decide which
key names conventionally hold a model id.
"""

from __future__ import annotations

import functools
import re

from .hub_links import model_from_link
from .references import LEGACY_MODEL_IDS, ParsedValue, is_plausible_repo_id, split_revision

__all__ = [
    "NON_SOURCE_KEY_PREFIXES",
    "ParsedValue",
    "is_model_collection",
    "is_model_key",
    "parse_model_value",
    "revision_value",
]


def revision_value(value: str) -> str | None:
    """A ``revision=`` / ``--revision`` value as written, when it can be one (no whitespace, not empty)."""
    value = value.strip()
    return value if value and len(value) <= 200 and not any(c.isspace() for c in value) else None


# --------------------------------------------------------------------------------------------------
# Values found in a model context
# --------------------------------------------------------------------------------------------------

# ``${NAME:-default}``: the opening is matched alone and the closing "}" found with str.find; as one regex,
# "[^}]*" ran from every "${a:-" of a token without "}" to its end (quadratic in a hostile file).
_SHELL_DEFAULT_OPEN_RE = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]")
_WRAPPING = "\"'`<>()[]{},;"
_PROVIDER_PREFIX = "huggingface/"


def _shell_default(token: str) -> tuple[int, str] | None:
    """Offset and text of the first ``${NAME:-default}`` default in ``token``. Only the first opening can
    match: if no "}" follows it, none follows a later one either."""
    opening = _SHELL_DEFAULT_OPEN_RE.search(token)
    if opening is None:
        return None
    close = token.find("}", opening.end())
    return (opening.end(), token[opening.end() : close]) if close >= 0 else None


def parse_model_value(token: str, *, allow_legacy: bool = True, strip_tag: bool = False) -> ParsedValue | None:
    """Interpret a token found where a model is expected (after ``--model``, ``model:``, ``MODEL_ID=``).

    Handles quotes and trailing punctuation, shell defaults (``${MODEL:-org/name}``), Hub links
    (:func:`~modelaudit.scan.hub_links.model_from_link`),
    ``org/name@revision`` and, when ``strip_tag`` is set, llama.cpp/Ollama ``org/name:Q4_K_M`` tags.
    Returns ``None`` for anything that is not a plausible model id (local paths, variables, plain words).
    """
    start, end = 0, len(token)
    while start < end and token[start] in _WRAPPING:
        start += 1
    while end > start and token[end - 1] in _WRAPPING:
        end -= 1
    value = token[start:end]
    if not value:
        return None
    default = _shell_default(token)
    if default and "$" in value:
        default_start, default_text = default
        inner = parse_model_value(default_text, allow_legacy=allow_legacy, strip_tag=strip_tag)
        return ParsedValue(inner.repo_id, inner.revision, default_start + inner.offset) if inner else None
    if "huggingface.co/" in value or "hf.co/" in value or value[:5].lower() == "hf://":
        link = model_from_link(value)
        return ParsedValue(link.repo_id, link.revision, start + link.offset) if link else None
    if strip_tag and ":" in value:
        value = value.split(":", 1)[0]
    if value.startswith(_PROVIDER_PREFIX) and value.count("/") == 2:
        # LiteLLM names Hub models "huggingface/org/name"
        start += len(_PROVIDER_PREFIX)
        value = value[len(_PROVIDER_PREFIX) :]
    repo, revision = split_revision(value)
    if allow_legacy and revision is None and repo in LEGACY_MODEL_IDS:
        return ParsedValue(repo, None, start)
    if not is_plausible_repo_id(value):
        return None
    return ParsedValue(repo, revision or None, start)


# --------------------------------------------------------------------------------------------------
# Keys that hold a model id in configuration, environment and keyword arguments
# --------------------------------------------------------------------------------------------------

_MODEL_KEYS = frozenset(
    {
        "model", "model_id", "model_name", "model_name_or_path", "pretrained_model_name_or_path", "base_model",
        "base_model_id", "base_model_name", "base_model_name_or_path", "_name_or_path", "hf_model", "hf_model_id",
        "hf_model_name", "hf_repo", "hf_repo_id", "tokenizer_name", "tokenizer_name_or_path", "tokenizer_id",
        "model_repo", "model_repo_id", "peft_model_id", "adapter_id", "adapter_repo", "adapter_repo_id", "lora_id",
        "lora_repo", "lora_repo_id"
    }
)  # fmt: skip
_MODEL_KEY_SUFFIXES = (
    "_model", "_model_id", "_model_name", "_model_repo", "_model_repo_id",
    # transformers' convention for "a Hub id or a local path": adapter_name_or_path, teacher_name_or_path...
    "_name_or_path",
)  # fmt: skip
# Keys naming where a model is *written* (push/upload targets) or an alias, not a model that is used.
NON_SOURCE_KEY_PREFIXES = ("hub_", "output_", "push_", "save_", "upload_", "export_", "target_", "served_", "new_")


@functools.lru_cache(maxsize=4096)  # the same few hundred names recur in every file of a code base
def is_model_key(key: str) -> bool:
    """True for configuration / environment / keyword names that conventionally hold a model id.

    Matching is case-insensitive and treats ``-`` like ``_``; dotted keys use their last part
    (``llm.model``).  ``hub_model_id`` and similar output names are rejected: they name where a model is
    pushed, not a model the code base depends on.
    """
    k = key.strip("\"'").lower().replace("-", "_").rsplit(".", 1)[-1]
    if k in _MODEL_KEYS:
        return True
    return k.endswith(_MODEL_KEY_SUFFIXES) and not k.startswith(NON_SOURCE_KEY_PREFIXES)


def is_model_collection(name: str) -> bool:
    """Plural model names (MODELS, model_ids, EMBEDDING_MODELS) whose list, tuple or dict values are ids."""
    k = name.lower()
    return k.endswith(("models", "model_ids", "model_names", "model_list")) and not k.startswith(NON_SOURCE_KEY_PREFIXES)
