"""The bounded GGUF header reader: what it keeps, and every malformed file as a one-line reason."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from gguf_helpers import gguf_bytes, gguf_string, write_gguf
from modelaudit.sources.gguf import GgufMetadata, gguf_metadata, header_card, shard_paths

URL = "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct"
STRING, ARRAY, UINT32 = 8, 9, 4


def test_reads_general_keys_and_bases(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", kv={"name": "Llama 3.3 70B Instruct", "basename": "Llama-3.3",
                                                "size_label": "70B", "finetune": "Instruct", "license": "llama3.3",
                                                "quantized_by": "me", "file_type": 15},
                      bases=[{"name": "Llama 3.3 70B Instruct", "organization": "Meta Llama", "repo_url": URL}])
    meta = gguf_metadata(path)
    assert isinstance(meta, GgufMetadata)
    assert (meta.name, meta.basename, meta.size_label, meta.finetune) == ("Llama 3.3 70B Instruct", "Llama-3.3", "70B",
                                                                        "Instruct")
    assert (meta.license, meta.quantized_by, meta.quantization, meta.architecture) == ("llama3.3", "me", "Q4_K_M",
                                                                                      "llama")
    assert meta.base_models[0].repo_url == URL and meta.base_models[0].organization == "Meta Llama"
    card = header_card(meta)
    assert card["base_model"] == ["meta-llama/Llama-3.3-70B-Instruct"]
    assert card["base_model_relation"] == "quantized" and card["license"] == "llama3.3"


def test_source_repo_is_the_parent_and_spelled_ids_count(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf", kv={"source_repo_url": "https://huggingface.co/acme/chat-7b"},
                      bases=[{"name": "base-7b", "organization": "acme"}])
    meta = gguf_metadata(path)
    assert isinstance(meta, GgufMetadata)
    assert header_card(meta)["base_model"] == ["acme/chat-7b"]
    path = write_gguf(tmp_path / "n.gguf", bases=[{"name": "base-7b", "organization": "acme"},
                                                 {"name": "Some Model", "organization": "Some Org"}])
    card = header_card(gguf_metadata(path))  # type: ignore[arg-type]
    assert card["base_model"] == ["acme/base-7b"]


def test_large_token_list_is_skipped_fast(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "big-vocab.gguf", kv={"license": "mit"}, tokens=200_000)
    start = time.perf_counter()
    meta = gguf_metadata(path)
    assert time.perf_counter() - start < 1.0
    assert isinstance(meta, GgufMetadata) and meta.license == "mit"
    assert not any(k.startswith("tokenizer.") for k in meta.general)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "truncated"),
    (b"GGML" + b"\0" * 40, "wrong magic"),
    (gguf_bytes([])[:10], "truncated"),
    (gguf_bytes([], version=99), "unsupported GGUF version 99"),
    (gguf_bytes([], kv_count=10**12), "metadata keys"),
    (gguf_bytes([("general.license", STRING, struct.pack("<Q", 2**40))]), "bytes long"),
    (gguf_bytes([("general.license", STRING, gguf_string(b"apache-2.0"))])[:-3], "truncated"),
    (gguf_bytes([("general.license", STRING, gguf_string(b"\xff\xfe"))]), "not UTF-8"),
    (gguf_bytes([("tokenizer.ggml.tokens", ARRAY, struct.pack("<IQ", STRING, 10**9))]), "items"),
    (gguf_bytes([("tokenizer.ggml.tokens", ARRAY, struct.pack("<IQ", STRING, 3) + gguf_string(b"a"))]), "truncated"),
    (gguf_bytes([("tokenizer.ggml.tokens", ARRAY, struct.pack("<IQQ", STRING, 1, 2**50))]), "bytes long"),
    (gguf_bytes([("general.x", 77, b"")]), "unknown value type 77"),
    (gguf_bytes([("general.x", ARRAY, struct.pack("<IQ", ARRAY, 1) * 50)]), "nested"),
    (gguf_bytes([("k", UINT32, b"\1\0\0\0")], kv_count=2), "truncated"),
])
def test_malformed_headers_are_one_line_reasons(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(data)
    result = gguf_metadata(path)
    assert isinstance(result, str) and reason in result and "\n" not in result


def test_directory_and_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "x.gguf").mkdir()
    assert "directory" in str(gguf_metadata(tmp_path / "x.gguf"))
    assert "cannot be read" in str(gguf_metadata(tmp_path / "absent.gguf"))


def test_split_sets(tmp_path: Path) -> None:
    for i in (1, 2, 3):
        write_gguf(tmp_path / f"m-0000{i}-of-00003.gguf")
    shards = shard_paths(tmp_path / "m-00002-of-00003.gguf")
    assert isinstance(shards, tuple) and [p.name for p in shards][0] == "m-00001-of-00003.gguf" and len(shards) == 3
    (tmp_path / "m-00003-of-00003.gguf").unlink()
    missing = shard_paths(tmp_path / "m-00001-of-00003.gguf")
    assert isinstance(missing, str) and "m-00003-of-00003.gguf missing" in missing
    assert shard_paths(tmp_path / "single.gguf") == (tmp_path / "single.gguf",)
