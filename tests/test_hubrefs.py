"""The one Hub-link grammar (``modelaudit.hubrefs``)."""

from __future__ import annotations

import time

import pytest

from modelaudit.hubrefs import HubRef, RepoType, find_hub_refs, parse_hub_url

M, D, S = RepoType.MODEL, RepoType.DATASET, RepoType.SPACE


@pytest.mark.parametrize(("link", "expected"), [
    ("https://huggingface.co/meta-llama/Llama-3.1-8B", (M, "meta-llama/Llama-3.1-8B", None, None)),
    ("http://www.huggingface.co/meta-llama/Llama-3.1-8B/", (M, "meta-llama/Llama-3.1-8B", None, None)),
    ("huggingface.co/meta-llama/Llama-3.1-8B.", (M, "meta-llama/Llama-3.1-8B", None, None)),
    ("https://hf.co/Qwen/Qwen2.5-7B/tree/main", (M, "Qwen/Qwen2.5-7B", "main", None)),
    ("https://huggingface.co/org/name/blob/abc123/LICENSE.md", (M, "org/name", "abc123", "LICENSE.md")),
    ("https://huggingface.co/org/name/resolve/main/config.json?download=true", (M, "org/name", "main", "config.json")),
    ("https://huggingface.co/org/name?library=transformers", (M, "org/name", None, None)),
    ("https://huggingface.co/org/name/discussions/12", (M, "org/name", None, None)),
    ("https://huggingface.co/datasets/tatsu-lab/alpaca", (D, "tatsu-lab/alpaca", None, None)),
    ("https://hf.co/datasets/tatsu-lab/alpaca/blob/main/README.md", (D, "tatsu-lab/alpaca", "main", "README.md")),
    ("https://huggingface.co/spaces/org/demo", (S, "org/demo", None, None)),
    ("hf://org/name", (M, "org/name", None, None)),
    ("hf://models/org/name@main", (M, "org/name", "main", None)),
    ("hf://datasets/org/name@v1/data/train.parquet", (D, "org/name", "v1", "data/train.parquet")),
    ("https://huggingface.co/gpt2", (M, "gpt2", None, None)),
    ("https://huggingface.co/bert-base-cased/resolve/main/config.json", (M, "bert-base-cased", "main", "config.json")),
    ("hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M", (M, "bartowski/Llama-3.2-3B-Instruct-GGUF", None, None)),
    ("https://huggingface.co/org/name.git", (M, "org/name", None, None)),
])
def test_links_name_their_repository(link: str, expected: tuple[RepoType, str, str | None, str | None]) -> None:
    ref = parse_hub_url(link)
    assert ref is not None
    assert (ref.type, ref.repo_id, ref.revision, ref.path) == expected


@pytest.mark.parametrize("link", [
    "https://huggingface.co/TheBloke", "https://huggingface.co/docs/hub/model-cards", "https://huggingface.co/blog/x",
    "https://huggingface.co/papers/2401.00001", "https://huggingface.co/pricing", "https://huggingface.co/",
    "https://huggingface.co/datasets", "https://huggingface.co/collections/org/x-123", "https://example.com/org/name",
    "https://huggingface.co/org/na--me", "https://huggingface.co/models?search=llama",
    "https://huggingface.co/meta-llama/Llama-3.1-*/blob/main/LICENSE", "https://hf.co/Qwen/Qwen2.5-?B",
    "https://huggingface.co/org/Llama-3.?-8B",
])
def test_site_pages_and_profiles_are_not_repositories(link: str) -> None:
    assert parse_hub_url(link) is None


def test_links_are_found_in_prose_with_their_spans() -> None:
    text = ("Fine-tuned from [Llama](https://huggingface.co/meta-llama/Llama-3.1-8B) on "
            "https://huggingface.co/datasets/tatsu-lab/alpaca. See https://huggingface.co/docs/hub and hf://org/x.")
    refs = list(find_hub_refs(text))
    assert [(r.type, r.repo_id) for r in refs] == [(M, "meta-llama/Llama-3.1-8B"), (D, "tatsu-lab/alpaca"), (M, "org/x")]
    assert text[refs[0].start:refs[0].end] == "https://huggingface.co/meta-llama/Llama-3.1-8B"
    assert isinstance(refs[0], HubRef)


def test_finding_links_is_linear_on_hostile_text() -> None:
    for hostile in ("huggingface.co/" * 20_000, "https://huggingface.co/" + "a/" * 50_000, "hf://" + "x" * 200_000):
        started = time.perf_counter()
        list(find_hub_refs(hostile))
        assert time.perf_counter() - started < 2.0
