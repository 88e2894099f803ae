#!/usr/bin/env python3
"""Write ``examples/hub-dump-sample.parquet``: a few rows in the schema of the Hub's model-card dump
(``librarian-bots/model_cards_with_metadata``) for the README's ``index`` / ``hub`` examples, which run offline.

The rows mirror real Hub shapes (a Llama base, a fine-tune that keeps its licence, a quantization that
relicenses it, a derivative that declares nothing, a Gemma adapter); the real dump holds about a million.

Usage: python scripts/make_sample_dump.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hubdump import Row, write_dump  # noqa: E402

ROWS = [
    Row("meta-llama/Llama-3.1-8B", license="llama3.1"),
    Row("meta-llama/Llama-3.1-8B-Instruct", license="llama3.1", bases=["meta-llama/Llama-3.1-8B"], relation="finetune"),
    Row("acme/Llama-3.1-8B-Instruct-support", license="llama3.1", bases=["meta-llama/Llama-3.1-8B-Instruct"],
        relation="finetune"),
    Row("acme/Llama-3.1-8B-Instruct-GGUF", license="apache-2.0", bases=["meta-llama/Llama-3.1-8B-Instruct"],
        relation="quantized"),
    Row("acme/llama-chat-tuned", bases=["meta-llama/Llama-3.1-8B-Instruct"], tag_relation="finetune"),
    Row("google/gemma-2-9b", license="gemma"),
    Row("acme/gemma-2-9b-lora", license="mit", bases=["google/gemma-2-9b"], relation="adapter"),
    Row("mistralai/Mistral-7B-v0.1", license="apache-2.0"),
    Row("acme/mistral-7b-sft", license="apache-2.0", bases=["mistralai/Mistral-7B-v0.1"], relation="finetune"),
]


def main() -> int:
    out = write_dump(ROOT / "examples" / "hub-dump-sample.parquet", ROWS)
    print(f"wrote {out}: {len(ROWS)} models")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
