"""Property-based tests: random cards, READMEs, licence texts and code never make a reader raise, and each
is read within a per-example deadline; the linear rewrites of backtracking patterns accept exactly what the
patterns did. Hypothesis runs derandomized and without an example database, so CI is reproducible."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import SCAN_PATHS, licence_readers, lineage_readers, scan_text
from modelaudit.cards import readme_body, split_front_matter
from modelaudit.licensing.knowledge_base import normalize_name
from modelaudit.lineage.extractors.name import _gguf_suffix_start
from modelaudit.openness.reading import _intermediate

_SETTINGS = settings(max_examples=40, deadline=timedelta(seconds=2), derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow])

# Pieces of the text the readers look for, mixed with markdown syntax and awkward unicode.
_PIECES = [
    "fine-tuned from ", "based on ", "a merge of ", "GGUF quants of ", "Original model: ", "distilled from ",
    "which is based on ", "compared to models built on ", "we fine-tuned ", " as the base", "is a ", "fine-tune",
    "licensed under the ", "MIT License", "Apache License 2.0", "Llama 3.1 Community License", "subject to the ",
    "model weights", "code", "This model ", "org/name", "meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B", "Llama-3.1-8B",
    "Mistral 7B", "Qwen2.5 series", "https://huggingface.co/", "https://hf.co/gpt2", "[", "]", "](", "(", ")", "[x](",
    "![", "|", "| Model | Base Model |\n|---|---|\n", "\n", "\n\n", "\r\n", "   ", "\t", ". ", ", ", "; ", " - ", "# ",
    "## Models Merged\n", "- ", "* ", "1. ", "```\n", "<", "base_model: ", "base_model_relation: merge\n",
    "merge_method: slerp\n", "- model: ", "license: ", "license_name: ", "---\n", "...\n", "&a ", "*a ", "{", "}",
    "\x00", "\x1b", "\u202e", "\u2066", "\ufffd", "\ud800", "é", "İ", "ß", "１２３", "٣", "1,000 checkpoints", "step1000",
    "training code", "trained on ", "data", "intermediate checkpoints", "-q4_k_m", "_q4", ".gguf",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=50).map("".join)
_YAML_VALUES = ["org/x", "[org/a, org/b]", "other", "mit", "2024-02-30", "2024-01-01", "!!float abc", "!!int 12",
                "!!int " + "9" * 5000, "!!binary x", "&a [x, y]", "*a", "&b [*b]", "[[[[", "{a: {b: [c]}}", "'quoted", '"x"',
                "|\n  block", "- item", "", "~", "yes", "0x1F", ".inf", "? [a]"]
_YAML_KEYS = ["base_model", "license", "license_name", "datasets", "model-index", "tags", "a", "- x"]
_FRONT = st.lists(st.builds("{}: {}".format, st.sampled_from(_YAML_KEYS),
                            st.one_of(st.sampled_from(_YAML_VALUES), st.text(max_size=10))),
                  max_size=6).map("\n".join)
_README = st.builds(lambda front, body, closed: f"---\n{front}\n{'---' if closed else ''}\n{body}",
                    _FRONT, _TEXT, st.booleans())
_CARD = st.one_of(_TEXT, _README)


@_SETTINGS
@given(_CARD)
def test_lineage_readers_never_raise(text: str) -> None:
    for read in lineage_readers(text):
        read()


@_SETTINGS
@given(_CARD)
def test_licence_and_openness_readers_never_raise(text: str) -> None:
    for read in licence_readers(text):
        read()


@_SETTINGS
@given(_CARD)
def test_front_matter_and_body_agree(text: str) -> None:
    metadata, body = split_front_matter(text)
    assert metadata is None or isinstance(metadata, dict)
    assert text.endswith(body)
    assert readme_body(text) == body  # the body never depends on whether the YAML could be read


_CODE_PIECES = ["from_pretrained(", "hf_hub_download(", "os.getenv(", "add_argument(", "'org/a'", '"org/b"', "'MODEL_ID'",
                "model=", "revision='v1'", "--model ", "--revision main ", "hf download ", "vllm serve ", "-hf ",
                "pretrained=org/c", "${M:-org/d}", "model_id: org/e\n", "- name: MODEL_ID\n  value: org/f\n",
                "ENV MODEL_ID org/g\n", "https://huggingface.co/org/h", "hf-hub:org/i", "\\\n", "&& ", "; ", "(", ")", "[",
                "]", "{", "}", ",", "\n", " ", '{"cells": [{"cell_type": "code", "source": ["', '"]}]}', "!", "%%bash\n"]
_CODE = st.lists(st.one_of(st.sampled_from(_CODE_PIECES), st.text(max_size=8)), max_size=40).map("".join)


@_SETTINGS
@given(_CODE)
def test_scan_never_raises_and_locates_within_the_text(text: str) -> None:
    lines = text.split("\n")
    for path in SCAN_PATHS:
        for ref in scan_text(text, path):
            assert 1 <= ref.line <= len(lines)
            assert ref.column >= 1


# -- the linear rewrites read exactly what the backtracking patterns read ------------------------------------

_OLD_GGUF_SUFFIX = re.compile(
    r"(?:[-_.](?:\d{5}-of-\d{5}|(?:i1|imat|imatrix|ud)|(?:i?q\d(?:_[a-z0-9]+)*|f16|f32|bf16|fp16|fp32)))+$", re.IGNORECASE
)
_GGUF_PIECES = ["-", "_", ".", "q4", "Q5", "K", "M", "iq3", "xs", "i1", "imat", "imatrix", "ud", "f16", "bf16", "fp32",
                "00001-of-00003", "00001", "of", "x", "Llama", "3", "!", "IQ2", "k"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(_GGUF_PIECES), max_size=10).map("".join))
def test_gguf_suffix_is_the_old_regex(stem: str) -> None:
    assert stem[: _gguf_suffix_start(stem)] == _OLD_GGUF_SUFFIX.sub("", stem)


_OLD_INTERMEDIATE = re.compile(
    r"\b(?:intermediate|training)\s+checkpoints\b|\b\d[\d,]*\s+(?:intermediate\s+)?checkpoints\b|\bstep\d{3,}\b", re.I
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["1", ",", " ", "a", "_", "checkpoints", "intermediate ", "\n", "٣", "12", "step"]),
                max_size=12).map("".join))
def test_intermediate_checkpoints_are_the_old_regex(text: str) -> None:
    assert _intermediate(text) == (_OLD_INTERMEDIATE.search(text) is not None)


def _old_normalize_name(value: str) -> str:
    value = re.sub(r"[\s_\-/]+", "", value.lower().strip())
    previous = None
    while previous != value:
        previous = value
        for suffix in ("agreement", "license", "licence"):
            value = value.removesuffix(suffix)
    return value


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["license", "licence", "agreement", " ", "-", "MIT", "Llama 3.1", "ense", "x"]),
                max_size=8).map("".join))
def test_licence_names_fold_as_before(value: str) -> None:
    assert normalize_name(value) == _old_normalize_name(value)
