"""Red-team cases modelled on how real Hub repositories look — none of them is a recorded fixture.

Quant cards (TheBloke, bartowski, mradermacher, unsloth, mlx-community, lmstudio-community), community
fine-tunes (NousResearch, cognitivecomputations), mergekit merges, PEFT and diffusers adapters,
``license: other`` cards, re-uploads of gated models, Trainer / axolotl / sentence-transformers cards,
GGUF repos with nothing but file names, config paths, and original models whose READMEs compare
themselves with Llama. Each case runs ``modelaudit check`` end to end on the local fake Hub and pins
the parents (relation, evidence, confidence), the effective licences and the verdict for a profile.

The verdicts follow the README's rules: declared lineage with permissive terms passes; anything
resting on an inferred edge is at least ``warn``; a lineage or licence that cannot be established is
``unknown``; a licence term the profile breaks is ``block``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fakehub import FakeHub, FakeRepo
from helpers import repo, run_cli

COMMERCIAL = ("organization: Acme\nmonthly_active_users: 10000\nregions: [US]\ndomicile: [US]\n"
              "uses: [commercial, fine-tuning, hosted-service]\n")
EU = "organization: Agentur\nmonthly_active_users: 200000\nregions: [DE, EU]\ndomicile: [DE]\nuses: [commercial]\n"
BIG = "organization: Big\nmonthly_active_users: 800000000\nregions: [US]\nuses: [commercial]\n"
EXIT = {"pass": 0, "warn": 0, "block": 1, "unknown": 3}
Edge = tuple[str, str, str, str]  # parent, relation, evidence, confidence


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub, subject: str, *repos: FakeRepo,
           profile: str = COMMERCIAL) -> dict[str, Any]:
    for r in repos:
        fake_hub.data.add(r)
    path = tmp_path / "profile.yaml"
    path.write_text(profile)
    result = run_cli(capsys, "check", subject, "--profile", str(path), "--format", "json", "-q")
    assert "Traceback" not in result.err
    res: dict[str, Any] = json.loads(result.out)["results"][0]
    assert result.code == EXIT[res["verdict"]]
    return res


def _parents(res: dict[str, Any], child: str | None = None) -> set[Edge]:
    """The model parents of ``child``: data lineage (datasets, closed services) is tested in test_data_lineage."""
    child = child or res["model"]
    return {(e["parent"], e["relation"], e["evidence"], e["confidence"])
            for e in res["lineage"]["edges"] if e["child"] == child
            and not e["parent"].startswith(("datasets/", "service:"))}


def _effective(res: dict[str, Any]) -> set[str]:
    return {e["id"] for e in res["effective_licenses"]}


def _rules(res: dict[str, Any], severity: str | None = None) -> set[str]:
    return {f["rule"] for f in res["findings"] if severity is None or f["severity"] == severity}


def _nodes(res: dict[str, Any]) -> set[str]:
    return {n["id"] for n in res["lineage"]["nodes"]}


# -- bases the fixtures do not have (metadata as the Hub serves it) ------------------------------------

def qwen25_7b_instruct() -> FakeRepo:
    return repo("Qwen/Qwen2.5-7B-Instruct", license="apache-2.0", base="Qwen/Qwen2.5-7B", relation="finetune",
                card={"license_link": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE"},
                body="# Qwen2.5-7B-Instruct\n")


def llama32_3b() -> list[FakeRepo]:
    return [repo("meta-llama/Llama-3.2-3B", license="llama3.2", gated="manual", body="# Llama 3.2\n"),
            repo("meta-llama/Llama-3.2-3B-Instruct", license="llama3.2", base="meta-llama/Llama-3.2-3B", gated="manual",
                 body="# Llama 3.2\n")]


def mistral_v03() -> list[FakeRepo]:
    return [repo("mistralai/Mistral-7B-v0.3", license="apache-2.0", body="# Model Card for Mistral-7B-v0.3\n"),
            repo("mistralai/Mistral-7B-Instruct-v0.3", license="apache-2.0", base="mistralai/Mistral-7B-v0.3",
                 body=MISTRAL_INSTRUCT_CARD)]


def hermes3() -> FakeRepo:
    # The real card declares `license: llama3` on a Llama 3.1 base.
    return repo("NousResearch/Hermes-3-Llama-3.1-8B", license="llama3", base="meta-llama/Llama-3.1-8B",
                tags=["Llama-3", "instruct", "finetune", "chatml", "axolotl", "base_model:finetune:meta-llama/Llama-3.1-8B"],
                body=HERMES3_CARD)


def nc_roleplay() -> FakeRepo:
    return repo("rpguild/Mistral-7B-roleplay-nc", license="cc-by-nc-4.0", base="mistralai/Mistral-7B-v0.1", body="# RP\n")


def sdxl() -> FakeRepo:
    return repo("stabilityai/stable-diffusion-xl-base-1.0", license="openrail++", pipeline_tag="text-to-image",
                library_name="diffusers", tags=["text-to-image", "stable-diffusion"], body="# SD-XL 1.0-base Model Card\n")


# -- cards -----------------------------------------------------------------------------------------------

THEBLOKE_CARD = """<!-- header start -->
<div style="width: auto; margin-left: auto; margin-right: auto">
<img src="https://i.imgur.com/EBdldam.jpg" alt="TheBlokeAI" style="width: 100%; min-width: 400px;">
</div>
<!-- header end -->

# Llama 2 7B Chat - GGUF
- Model creator: [Meta Llama 2](https://huggingface.co/meta-llama)
- Original model: [Llama 2 7B Chat](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf)

<!-- description start -->
## Description

This repo contains GGUF format model files for [Meta Llama 2's Llama 2 7B Chat](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf).

## Repositories available

* [AWQ model(s) for GPU inference.](https://huggingface.co/TheBloke/Llama-2-7B-Chat-AWQ)
* [GPTQ models for GPU inference, with multiple quantisation parameter options.](https://huggingface.co/TheBloke/Llama-2-7B-Chat-GPTQ)
* [2, 3, 4, 5, 6 and 8-bit GGUF models for CPU+GPU inference](https://huggingface.co/TheBloke/Llama-2-7B-Chat-GGUF)
* [Meta Llama 2's original unquantised fp16 model in pytorch format, for GPU inference and for further conversions](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf)

## Provided files

| Name | Quant method | Bits | Size | Max RAM required | Use case |
| ---- | ---- | ---- | ---- | ---- | ----- |
| [llama-2-7b-chat.Q4_K_M.gguf](https://huggingface.co/TheBloke/Llama-2-7B-Chat-GGUF/blob/main/llama-2-7b-chat.Q4_K_M.gguf) | Q4_K_M | 4 | 4.08 GB| 6.58 GB | medium, balanced quality - recommended |

<!-- original-model-card start -->
# Original model card: Meta Llama 2's Llama 2 7B Chat

# **Llama 2**
Llama 2 is a collection of pretrained and fine-tuned generative text models ranging in scale from 7 billion to 70 billion parameters. This is the repository for the 7B fine-tuned model, optimized for dialogue use cases and converted for the Hugging Face Transformers format.

**Model Architecture** Llama 2 is an auto-regressive language model that uses an optimized transformer architecture.
"""  # noqa: E501

BARTOWSKI_CARD = """## Llamacpp imatrix Quantizations of Qwen2.5-7B-Instruct

Using <a href="https://github.com/ggerganov/llama.cpp/">llama.cpp</a> release <a href="https://github.com/ggerganov/llama.cpp/releases/tag/b3772">b3772</a> for quantization.

Original model: https://huggingface.co/Qwen/Qwen2.5-7B-Instruct

All quants made using imatrix option with dataset from [here](https://gist.github.com/bartowski1182/eb213dccb3571f863da82e99418f81e8)

## Download a file (not the whole branch) from below:

| Filename | Quant type | File Size | Split | Description |
| -------- | ---------- | --------- | ----- | ----------- |
| [Qwen2.5-7B-Instruct-Q8_0.gguf](https://huggingface.co/bartowski/Qwen2.5-7B-Instruct-GGUF/blob/main/Qwen2.5-7B-Instruct-Q8_0.gguf) | Q8_0 | 8.10GB | false | Extremely high quality. |

Want to support my work? Visit my ko-fi page here: https://ko-fi.com/bartowski
"""  # noqa: E501

MRADERMACHER_CARD = """## About

<!-- ### quantize_version: 2 -->
<!-- ### output_tensor_quantised: 1 -->
weighted/imatrix quants of https://huggingface.co/huihui-ai/Llama-3.2-3B-Instruct-abliterated

<!-- provided-files -->
static quants are available at https://huggingface.co/mradermacher/Llama-3.2-3B-Instruct-abliterated-GGUF
## Usage

If you are unsure how to use GGUF files, refer to one of [TheBloke's
READMEs](https://huggingface.co/TheBloke/KafkaLM-70B-German-V0.1-GGUF) for
more details, including on how to concatenate multi-part files.

## Provided Quants

| Link | Type | Size/GB | Notes |
|:-----|:-----|--------:|:------|
| [GGUF](https://huggingface.co/mradermacher/Llama-3.2-3B-Instruct-abliterated-i1-GGUF/resolve/main/Llama-3.2-3B-Instruct-abliterated.i1-Q4_K_M.gguf) | i1-Q4_K_M | 2.1 | fast, recommended |

## FAQ / Model Request

See https://huggingface.co/mradermacher/model_requests for some answers to
questions you might have and/or if you want some other model quantized.
"""  # noqa: E501

UNSLOTH_AD_CARD = """# Finetune Llama 3.2, Gemma 2, Mistral 2-5x faster with 70% less memory via Unsloth!

We have a free Google Colab Tesla T4 notebook for Llama 3.1 (8B) here: https://colab.research.google.com/drive/1Ys44kVvmeZtnICzWz0xgpRnrIOjZAuxp?usp=sharing

## ✨ Finetune for Free

| Unsloth supports | Free Notebooks | Performance | Memory use |
|-----------------|------------------|-------------|----------|
| **Llama-3.2 (3B)** | [▶️ Start on Colab](https://colab.research.google.com/drive/1T5-zKWM_5OD21QHwXHiV9ixTRR7k3iB9) | 2.4x faster | 58% less |
| **Gemma 2 (9B)** | [▶️ Start on Colab](https://colab.research.google.com/drive/1vIrqH5uYDQwsJ4-OO3DErvuv4pBgVwk4) | 2.4x faster | 58% less |

- This [DPO notebook](https://colab.research.google.com/drive/15vttTpzzVXv_tJwEk-hIcQ0S9FcEWvwP) replicates Zephyr.

## Special Thanks
A huge thank you to the Meta and Llama team for creating and releasing these models.
"""  # noqa: E501

MLX_CARD = """# mlx-community/Mistral-7B-Instruct-v0.3-4bit

The Model [mlx-community/Mistral-7B-Instruct-v0.3-4bit](https://huggingface.co/mlx-community/Mistral-7B-Instruct-v0.3-4bit) was converted to MLX format from [mistralai/Mistral-7B-Instruct-v0.3](https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3) using mlx-lm version **0.12.0**.

## Use with mlx

```python
from mlx_lm import load, generate
model, tokenizer = load("mlx-community/Mistral-7B-Instruct-v0.3-4bit")
```
"""  # noqa: E501

LMSTUDIO_CARD = """## 💫 Community Model> Gemma 2 9b Instruct by Google

*👾 [LM Studio](https://lmstudio.ai) Community models highlights program.*

**Model creator:** [Google](https://huggingface.co/google)<br>
**Original model**: [gemma-2-9b-it](https://huggingface.co/google/gemma-2-9b-it)<br>
**GGUF quantization:** provided by [bartowski](https://huggingface.co/bartowski) based on `llama.cpp` release [b3259](https://github.com/ggerganov/llama.cpp/releases/tag/b3259)<br>

## Model Summary:

Gemma 2 instruct is a a brand new model from Google in the Gemma family based on the technology from Gemini.
"""

HERMES3_CARD = """# Hermes 3 - Llama-3.1 8B

## Model Description

Hermes 3 is the latest version of our flagship Hermes series of LLMs by Nous Research.

Hermes 3 is a generalist language model with many improvements over Hermes 2, including advanced agentic capabilities.

# Benchmarks

Hermes 3 is competitive, if not superior, to Llama-3.1 Instruct models at general capabilities.

| Tasks | Hermes 3 8B | Llama 3.1 8B Instruct |
|---|---|---|
| arc_challenge | 0.5529 | 0.5196 |
"""

META_LLAMA3_CARD = """## Model Details

Meta developed and released the Meta Llama 3 family of large language models (LLMs), a collection of pretrained and instruction tuned generative text models in 8 and 70B sizes.

**Model Architecture** Llama 3 is an auto-regressive language model that uses an optimized transformer architecture. The tuned versions use supervised fine-tuning (SFT) and reinforcement learning with human feedback (RLHF) to align with human preferences for helpfulness and safety.

**License** A custom commercial license is available at: [https://llama.meta.com/llama3/license](https://llama.meta.com/llama3/license)
"""  # noqa: E501

LLAMA3_LICENSE = (b"META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024\n...\n"
                  b"Meta Llama 3 is licensed under the Meta Llama 3 Community License, "
                  b"Copyright \xc2\xa9 Meta Platforms, Inc.\n")

DOLPHIN_CARD = """# Dolphin 2.9 Llama 3 8b 🐬

Curated and trained by Eric Hartford, Lucas Atkins, and Fernando Fernandes, and Cognitive Computations

This model is based on Llama-3-8b, and is governed by [META LLAMA 3 COMMUNITY LICENSE AGREEMENT](LICENSE)

The base model has 8k context, and the full-weight fine-tuning was with 4k sequence length.

Dolphin is licensed according to Meta's Llama license. I grant permission for any use, including commercial, that falls in accordance with Meta's Llama-3 license. Dolphin was trained on data generated from GPT4, among other models.

[<img src="https://raw.githubusercontent.com/OpenAccess-AI-Collective/axolotl/main/image/axolotl-badge-web.png" alt="Built with Axolotl" width="200" height="32"/>](https://github.com/OpenAccess-AI-Collective/axolotl)
<details><summary>See axolotl config</summary>

axolotl version: `0.4.0`
```yaml
base_model: meta-llama/Meta-Llama-3-8B
model_type: AutoModelForCausalLM
tokenizer_type: AutoTokenizer

datasets:
  - path: /workspace/datasets/dolphin-2.9/dolphin201-sharegpt2.jsonl
    type: sharegpt
    conversation: chatml

output_dir: ./out
sequence_len: 4096
```

</details><br>
"""  # noqa: E501

MERGEKIT_CARD = """# {name}

This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).

## Merge Details
### Merge Method

This model was merged using the SLERP merge method.

### Models Merged

The following models were included in the merge:
* [teknium/OpenHermes-2.5-Mistral-7B](https://huggingface.co/teknium/OpenHermes-2.5-Mistral-7B)
* [{other}](https://huggingface.co/{other})

### Configuration

The following YAML configuration was used to produce this model:

```yaml
slices:
  - sources:
      - model: teknium/OpenHermes-2.5-Mistral-7B
        layer_range: [0, 32]
      - model: {other_spec}
        layer_range: [0, 32]
merge_method: slerp
base_model: teknium/OpenHermes-2.5-Mistral-7B
parameters:
  t:
    - value: 0.5
dtype: bfloat16
```
"""

TIES_CARD = """# Llama-3.1-Hermes-Instruct-Merge

This is a merge of pre-trained language models created using [mergekit](https://github.com/cg123/mergekit).

This model was merged using the [TIES](https://arxiv.org/abs/2306.01708) merge method using [meta-llama/Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) as a base.

### Models Merged

The following models were included in the merge:
* [NousResearch/Hermes-3-Llama-3.1-8B](https://huggingface.co/NousResearch/Hermes-3-Llama-3.1-8B)
* [meta-llama/Llama-3.1-8B-Instruct](https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct)
"""  # noqa: E501

PEFT_TEMPLATE = """
# Model Card for Model ID

<!-- Provide a quick summary of what the model is/does. -->

## Model Details

### Model Description

- **Developed by:** [More Information Needed]
- **License:** [More Information Needed]
- **Finetuned from model [optional]:** [More Information Needed]

### Framework versions

- PEFT 0.7.1
"""

TRAINER_CARD = """<!-- This model card has been generated automatically according to the information the Trainer had access
to. You should probably proofread and complete it, then remove this comment. -->

# {name}

This model is a fine-tuned version of [{base}](https://huggingface.co/{base}) on the None dataset.
It achieves the following results on the evaluation set:
- Loss: 1.0718

## Model description

More information needed

### Training hyperparameters

The following hyperparameters were used during training:
- learning_rate: 2e-05
- optimizer: Use adamw_torch with betas=(0.9,0.999) and epsilon=1e-08 and optimizer_args=No additional optimizer arguments

### Framework versions

- Transformers 4.44.2
- Pytorch 2.4.0+cu121
"""

SENTENCE_TRANSFORMERS_CARD = """
# SentenceTransformer based on sentence-transformers/all-MiniLM-L6-v2

This is a [sentence-transformers](https://www.SBERT.net) model finetuned from [sentence-transformers/all-MiniLM-L6-v2](https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2). It maps sentences & paragraphs to a 384-dimensional dense vector space.

## Model Details

### Model Description
- **Model Type:** Sentence Transformer
- **Base model:** [sentence-transformers/all-MiniLM-L6-v2](https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2) <!-- at revision 8b3219a92973c328a8e22fadcfa821b5dc75636a -->
- **Maximum Sequence Length:** 256 tokens

### Model Sources

- **Documentation:** [Sentence Transformers Documentation](https://sbert.net)
- **Repository:** [Sentence Transformers on GitHub](https://github.com/UKPLab/sentence-transformers)
- **Hugging Face:** [Sentence Transformers on Hugging Face](https://huggingface.co/models?library=sentence-transformers)

```bibtex
@inproceedings{reimers-2019-sentence-bert,
    title = "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks",
}
```
"""  # noqa: E501

DIFFUSERS_LORA_CARD = """
# SDXL LoRA DreamBooth - someone/corgi-sdxl-lora

<Gallery />

## Model description

These are someone/corgi-sdxl-lora LoRA adaption weights for stabilityai/stable-diffusion-xl-base-1.0.

The weights were trained  using [DreamBooth](https://dreambooth.github.io/).

LoRA for the text encoder was enabled: False.

Special VAE used for training: madebyollin/sdxl-vae-fp16-fix.

## Trigger words

You should use a photo of sks dog to trigger the image generation.
"""

ORIGINAL_MODEL_CARD = """# Foo-7B

Foo-7B is a 7-billion-parameter language model trained from scratch by Foo Labs on 3T tokens of English and code.
Foo-7B uses the Llama architecture (LlamaForCausalLM) so it works out of the box with llama.cpp, vLLM and transformers.
It is based on the Llama 2 architecture with grouped-query attention, and uses the Mistral 7B tokenizer.
Foo-7B outperforms Llama 2 13B and matches Mistral 7B on most benchmarks.
Compared to models built on Llama 3, Foo-7B is faster at inference.

## Evaluation

| Model | MMLU | GSM8K | HumanEval |
|---|---|---|---|
| **Foo-7B** | 64.1 | 52.3 | 35.4 |
| [Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) | 66.7 | 56.7 | 37.2 |
| Mistral-7B-v0.1 | 62.5 | 40.2 | 26.2 |
| Qwen2.5-7B | 74.2 | 85.4 | 57.9 |

We compare against [meta-llama/Llama-3.1-8B](https://huggingface.co/meta-llama/Llama-3.1-8B) and [Qwen/Qwen2.5-7B](https://huggingface.co/Qwen/Qwen2.5-7B) using lm-evaluation-harness.

## License

Foo-7B is released under the Apache 2.0 license.
"""  # noqa: E501

OPEN_LLAMA_CARD = """# OpenLLaMA: An Open Reproduction of LLaMA

In this repo, we present a permissively licensed open source reproduction of Meta AI's [LLaMA](https://ai.facebook.com/blog/large-language-model-llama-meta-ai/) large language model. We are releasing 3B, 7B and 13B models trained on 1T tokens.

## Dataset and Training

The v1 models are trained on the [RedPajama dataset](https://huggingface.co/datasets/togethercomputer/RedPajama-Data-1T). We follow exactly the same preprocessing steps and training hyperparameters as the original LLaMA paper, including model architecture, context length, training steps, learning rate schedule, and optimizer.
"""  # noqa: E501

R1_CARD = """# DeepSeek-R1 GGUF

Dynamic 1.58-bit quants, selectively quantized for llama.cpp.

# DeepSeek-R1

## 1. Introduction

We introduce our first-generation reasoning models, DeepSeek-R1-Zero and DeepSeek-R1.

DeepSeek-R1-Zero and DeepSeek-R1 are trained based on DeepSeek-V3-Base.

## License
This code repository and the model weights are licensed under the MIT License; commercial use and derivative works, including distillation, are allowed.
"""  # noqa: E501

MISTRAL_INSTRUCT_CARD = """# Model Card for Mistral-7B-Instruct-v0.3

The Mistral-7B-Instruct-v0.3 Large Language Model (LLM) is an instruct fine-tuned version of the Mistral-7B-v0.3.

Mistral-7B-v0.3 has the following changes compared to [Mistral-7B-v0.2](https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2/edit/main/README.md)
- Extended vocabulary to 32768
"""

LLAMA_CONFIG = b'{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096}'


def _config(name_or_path: str) -> bytes:
    return json.dumps({"_name_or_path": name_or_path, "architectures": ["LlamaForCausalLM"], "model_type": "llama"}).encode()


# -- quantization cards --------------------------------------------------------------------------------

def test_thebloke_gguf_with_declared_base(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "TheBloke/Llama-2-7B-Chat-GGUF", repo(
        "TheBloke/Llama-2-7B-Chat-GGUF", license="llama2", base="meta-llama/Llama-2-7b-chat-hf", body=THEBLOKE_CARD,
        card={"model_name": "Llama 2 7B Chat", "model_creator": "Meta Llama 2", "quantized_by": "TheBloke"},
        tags=["gguf", "llama", "llama-2", "base_model:quantized:meta-llama/Llama-2-7b-chat-hf"],
        extra_files={"llama-2-7b-chat.Q4_K_M.gguf": b"GGUF"}))
    assert _parents(res) == {("meta-llama/Llama-2-7b-chat-hf", "quantized", "card", "declared")}
    assert _effective(res) == {"llama2"}
    assert res["verdict"] == "warn" and "acceptable-use-policy" in _rules(res, "warn")


def test_thebloke_gguf_without_base_model_reads_original_model_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                    fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "TheBloke/Llama-2-7B-Chat-GGUF", repo(
        "TheBloke/Llama-2-7B-Chat-GGUF", license="llama2", body=THEBLOKE_CARD, tags=["gguf", "llama"],
        extra_files={"llama-2-7b-chat.Q4_K_M.gguf": b"GGUF"}))
    # Not the sibling AWQ / GPTQ repos, not the org page.
    assert _parents(res) == {("meta-llama/Llama-2-7b-chat-hf", "quantized", "readme", "inferred")}
    assert _effective(res) == {"llama2"}
    assert res["verdict"] == "warn" and "inferred-lineage" in _rules(res, "warn")


def test_bartowski_gguf_of_an_apache_model_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "bartowski/Qwen2.5-7B-Instruct-GGUF", qwen25_7b_instruct(), repo(
        "bartowski/Qwen2.5-7B-Instruct-GGUF", license="apache-2.0", base="Qwen/Qwen2.5-7B-Instruct", body=BARTOWSKI_CARD,
        card={"quantized_by": "bartowski", "pipeline_tag": "text-generation"},
        tags=["base_model:quantized:Qwen/Qwen2.5-7B-Instruct"], extra_files={"Qwen2.5-7B-Instruct-Q8_0.gguf": b"GGUF"}))
    assert _parents(res) == {("Qwen/Qwen2.5-7B-Instruct", "quantized", "card", "declared")}
    assert _effective(res) == {"apache-2.0"}
    assert res["verdict"] == "pass"


def test_mradermacher_imatrix_quant_of_an_abliterated_llama(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            fake_hub: FakeHub) -> None:
    abliterated = repo("huihui-ai/Llama-3.2-3B-Instruct-abliterated", license="llama3.2",
                       base="meta-llama/Llama-3.2-3B-Instruct", tags=["abliterated", "uncensored"],
                       body="# Llama-3.2-3B-Instruct-abliterated\n\nThis is an uncensored version of Llama 3.2 3B Instruct "
                            "created with abliteration.\n")
    res = _check(capsys, tmp_path, fake_hub, "mradermacher/Llama-3.2-3B-Instruct-abliterated-i1-GGUF", *llama32_3b(),
                 abliterated, repo("mradermacher/Llama-3.2-3B-Instruct-abliterated-i1-GGUF", license="llama3.2",
                                   body=MRADERMACHER_CARD, card={"quantized_by": "mradermacher"}, tags=["abliterated"],
                                   extra_files={"Llama-3.2-3B-Instruct-abliterated.i1-Q4_K_M.gguf": b"GGUF"}))
    # Neither the static-quant sibling nor TheBloke's README linked for usage is a parent.
    assert _parents(res) == {("huihui-ai/Llama-3.2-3B-Instruct-abliterated", "quantized", "readme", "inferred")}
    assert _effective(res) == {"llama3.2"}
    assert res["verdict"] == "warn"


def test_unsloth_bnb_reupload_without_base_model_is_read_by_name_not_by_the_advert(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    # "Finetune Llama 3.2, Gemma 2, Mistral 2-5x faster" advertises Unsloth; it says nothing about this model.
    res = _check(capsys, tmp_path, fake_hub, "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit", repo(
        "unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit", license="llama3.1", body=UNSLOTH_AD_CARD,
        tags=["llama-3", "llama", "unsloth", "transformers", "4-bit", "bitsandbytes"], library_name="transformers"))
    assert _parents(res) == {("meta-llama/Llama-3.1-8B-Instruct", "quantized", "name", "inferred")}
    assert _effective(res) == {"llama3.1"}
    assert res["verdict"] == "warn"


def test_mlx_community_conversion_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "mlx-community/Mistral-7B-Instruct-v0.3-4bit", *mistral_v03(), repo(
        "mlx-community/Mistral-7B-Instruct-v0.3-4bit", license="apache-2.0", base="mistralai/Mistral-7B-Instruct-v0.3",
        tags=["mlx"], library_name="mlx", body=MLX_CARD))
    assert _parents(res) == {("mistralai/Mistral-7B-Instruct-v0.3", "quantized", "card", "declared")}
    assert res["verdict"] == "pass" and _effective(res) == {"apache-2.0"}


def test_exl2_quant_quoting_the_original_card_gets_no_grandparent_edge(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path, fake_hub: FakeHub) -> None:
    # "The Mistral-7B-Instruct-v0.3 ... is an instruct fine-tuned version of the Mistral-7B-v0.3" is about the original.
    res = _check(capsys, tmp_path, fake_hub, "someone/Mistral-7B-Instruct-v0.3-exl2", *mistral_v03(), repo(
        "someone/Mistral-7B-Instruct-v0.3-exl2", license="apache-2.0", tags=["exl2"],
        body="# Exllama v2 quant of Mistral-7B-Instruct-v0.3\n\n" + MISTRAL_INSTRUCT_CARD))
    assert _parents(res) == {("mistralai/Mistral-7B-Instruct-v0.3", "quantized", "readme", "inferred")}
    assert res["verdict"] == "warn" and _effective(res) == {"apache-2.0"}


def test_lmstudio_community_gemma_quant(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    gemma_it = repo("google/gemma-2-9b-it", license="gemma", base="google/gemma-2-9b", gated="manual", body="# Gemma 2\n")
    res = _check(capsys, tmp_path, fake_hub, "lmstudio-community/gemma-2-9b-it-GGUF", gemma_it, repo(
        "lmstudio-community/gemma-2-9b-it-GGUF", license="gemma", base="google/gemma-2-9b-it", body=LMSTUDIO_CARD,
        card={"quantized_by": "bartowski"}, extra_files={"gemma-2-9b-it-Q4_K_M.gguf": b"GGUF"}))
    assert _parents(res) == {("google/gemma-2-9b-it", "quantized", "card", "declared")}
    assert _effective(res) == {"gemma"}
    assert res["verdict"] == "warn" and "use-restrictions" in _rules(res, "warn")


def test_codestral_quant_declaring_other_with_license_name_is_blocked(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "bartowski/Codestral-22B-v0.1-GGUF", repo(
        "bartowski/Codestral-22B-v0.1-GGUF", license="other", base="mistralai/Codestral-22B-v0.1",
        card={"license_name": "mnpl", "license_link": "https://mistral.ai/licences/MNPL-0.1.md"},
        body="## Llamacpp imatrix Quantizations of Codestral-22B-v0.1\n\nOriginal model: "
             "https://huggingface.co/mistralai/Codestral-22B-v0.1\n",
        extra_files={"Codestral-22B-v0.1-Q4_K_M.gguf": b"GGUF"}))
    assert _effective(res) == {"mnpl"}
    assert res["verdict"] == "block" and "non-commercial-license" in _rules(res, "block")


def test_r1_gguf_reupload_quoting_r1s_card_is_a_quant_of_r1_not_of_v3_base(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path, fake_hub: FakeHub) -> None:
    # The copied sentence "DeepSeek-R1 ... trained based on DeepSeek-V3-Base" describes the original. Read as
    # this repo's lineage it bypassed DeepSeek's MIT relicensing and made the verdict unknown.
    res = _check(capsys, tmp_path, fake_hub, "someone/DeepSeek-R1-GGUF", repo(
        "someone/DeepSeek-R1-GGUF", license="mit", tags=["gguf", "deepseek_v3"], body=R1_CARD,
        extra_files={"DeepSeek-R1-UD-IQ1_S-00001-of-00003.gguf": b"GGUF"}))
    assert _parents(res) == {("deepseek-ai/DeepSeek-R1", "quantized", "name", "inferred")}
    assert _effective(res) == {"mit"}
    assert res["verdict"] == "warn" and not _rules(res, "unknown")


def test_a_reuploads_own_quant_line_still_counts_next_to_the_quoted_card(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/DeepSeek-R1-GGUF", repo(
        "someone/DeepSeek-R1-GGUF", license="mit", tags=["gguf"],
        body="# DeepSeek-R1 GGUF\n\nDeepSeek-R1 GGUF quants of [deepseek-ai/DeepSeek-R1]"
             "(https://huggingface.co/deepseek-ai/DeepSeek-R1).\n\n" + R1_CARD))
    assert _parents(res) == {("deepseek-ai/DeepSeek-R1", "quantized", "readme", "inferred")}
    assert res["verdict"] == "warn" and _effective(res) == {"mit"}


# -- GGUF repos whose only clue is the file names -------------------------------------------------------

def test_gguf_repo_named_after_nothing_is_read_from_its_file_names(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                  fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/quants", repo(
        "someone/quants", license=None, tags=["gguf"], body="Quantized with llama.cpp b3000.\n",
        extra_files={"Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf": b"GGUF", "Meta-Llama-3.1-8B-Instruct-IQ3_XS.gguf": b"GGUF",
                     "mmproj-model-f16.gguf": b"GGUF"}))
    assert _parents(res) == {("meta-llama/Llama-3.1-8B-Instruct", "quantized", "name", "inferred")}
    assert _effective(res) == {"llama3.1"}
    assert res["verdict"] == "warn" and {"inferred-lineage", "license-mismatch"} <= _rules(res, "warn")


def test_gguf_files_naming_two_models_are_no_evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/assorted", repo(
        "someone/assorted", license="apache-2.0", tags=["gguf"], body="Some quants.\n",
        extra_files={"llama-2-7b-chat.Q4_K_M.gguf": b"GGUF", "mistral-7b-v0.1.Q4_K_M.gguf": b"GGUF"}))
    assert _parents(res) == set()
    assert res["verdict"] == "unknown" and "unresolved-lineage" in _rules(res, "unknown")


# -- community fine-tunes and re-uploads ---------------------------------------------------------------

def test_hermes3_declares_llama3_but_is_bound_by_llama31(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "NousResearch/Hermes-3-Llama-3.1-8B", hermes3())
    # The benchmark table comparing with "Llama 3.1 8B Instruct" adds nothing.
    assert _parents(res) == {("meta-llama/Llama-3.1-8B", "finetune", "card", "declared")}
    assert _effective(res) == {"llama3", "llama3.1"}
    assert res["verdict"] == "warn" and "license-mismatch" in _rules(res, "warn")


def test_third_party_reupload_of_a_gated_llama(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "NousResearch/Meta-Llama-3-8B", repo(
        "NousResearch/Meta-Llama-3-8B", license="other", card={"license_name": "llama3", "license_link": "LICENSE"},
        tags=["facebook", "meta", "pytorch", "llama", "llama-3"], body=META_LLAMA3_CARD,
        extra_files={"LICENSE": LLAMA3_LICENSE, "config.json": LLAMA_CONFIG}))
    assert res["declared_licenses"] == ["llama3"]
    assert "llama3" in _effective(res)
    assert res["verdict"] == "warn"


def test_dolphin_license_other_with_axolotl_config(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "cognitivecomputations/dolphin-2.9-llama3-8b", repo(
        "cognitivecomputations/dolphin-2.9-llama3-8b", license="other", base="meta-llama/Meta-Llama-3-8B",
        tags=["generated_from_trainer", "axolotl"], body=DOLPHIN_CARD))
    assert _parents(res) == {("meta-llama/Meta-Llama-3-8B", "finetune", "card", "declared")}
    assert _effective(res) == {"llama3"}
    assert res["verdict"] == "warn"


def test_axolotl_config_pasted_in_a_card_without_front_matter_base(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                   fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "cognitivecomputations/dolphin-2.9-llama3-8b", repo(
        "cognitivecomputations/dolphin-2.9-llama3-8b", license="other", tags=["generated_from_trainer", "axolotl"],
        body=DOLPHIN_CARD))
    assert _parents(res) == {("meta-llama/Meta-Llama-3-8B", "finetune", "readme", "inferred")}
    assert "llama3" in _effective(res)
    assert res["verdict"] == "warn" and "inferred-lineage" in _rules(res, "warn")


def test_llama31_finetune_declaring_apache_stays_bound(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       fake_hub: FakeHub) -> None:
    ft = repo("someone/Llama-3.1-8B-Instruct-function-calling", license="apache-2.0",
              base="meta-llama/Llama-3.1-8B-Instruct", tags=["trl", "sft"], body="# Function calling\n")
    res = _check(capsys, tmp_path, fake_hub, ft.info["id"], ft)
    assert _effective(res) == {"apache-2.0", "llama3.1"}
    assert res["verdict"] == "warn" and "license-mismatch" in _rules(res, "warn")
    big = _check(capsys, tmp_path, fake_hub, ft.info["id"], profile=BIG)
    assert big["verdict"] == "block" and "mau-threshold-exceeded" in _rules(big, "block")


def test_gemma_finetune_declaring_apache_keeps_gemma_terms(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                            fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/gemma-2-9b-sft-code", repo(
        "someone/gemma-2-9b-sft-code", license="apache-2.0", base="google/gemma-2-9b",
        body=TRAINER_CARD.format(name="gemma-2-9b-sft-code", base="google/gemma-2-9b")))
    assert _effective(res) == {"apache-2.0", "gemma"}
    assert res["verdict"] == "warn" and "license-mismatch" in _rules(res, "warn")


def test_qwen72_finetune_with_license_other_and_license_name(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                             fake_hub: FakeHub) -> None:
    ft = repo("someone/Qwen2.5-72B-Instruct-sft-ja", license="other", base="Qwen/Qwen2.5-72B-Instruct",
              card={"license_name": "qwen", "license_link": "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE"},
              body="# Qwen2.5-72B-Instruct-sft-ja\n")
    res = _check(capsys, tmp_path, fake_hub, ft.info["id"], ft)
    assert res["declared_licenses"] == ["qwen"] and _effective(res) == {"qwen"}
    assert res["verdict"] == "warn"
    big = _check(capsys, tmp_path, fake_hub, ft.info["id"], profile=BIG)
    assert big["verdict"] == "block" and "mau-threshold-exceeded" in _rules(big, "block")


def test_qwen25_3b_finetune_is_research_only(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/Qwen2.5-3B-sft-chat", repo(
        "someone/Qwen2.5-3B-sft-chat", license="apache-2.0", base="Qwen/Qwen2.5-3B", body="# SFT\n"))
    assert "qwen-research" in _effective(res)
    assert res["verdict"] == "block" and "non-commercial-license" in _rules(res, "block")


def test_phi4_finetune_under_mit_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/phi-4-reasoning-sft", repo(
        "someone/phi-4-reasoning-sft", license="mit", base="microsoft/phi-4", tags=["trl", "sft"],
        body="# phi-4-reasoning-sft\n\nThis model is a fine-tuned version of [microsoft/phi-4]"
             "(https://huggingface.co/microsoft/phi-4).\nIt has been trained using [TRL](https://github.com/huggingface/trl).\n"))
    assert _parents(res) == {("microsoft/phi-4", "finetune", "card", "declared")}
    assert res["verdict"] == "pass" and _effective(res) == {"mit"}


def test_command_r_finetune_is_non_commercial(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                              fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/c4ai-command-r-v01-sft", repo(
        "someone/c4ai-command-r-v01-sft", license="cc-by-nc-4.0", base="CohereLabs/c4ai-command-r-v01", body="# SFT\n"))
    assert res["verdict"] == "block" and "non-commercial-license" in _rules(res, "block")


@pytest.mark.parametrize(("repo_id", "expected_parent", "expected_licences"), [
    # A known model's full name followed by what was done to it names that model, not just its family
    # (the Qwen2.5 family shares no licence, so the family alone left the verdict unknown).
    ("someone/Qwen2.5-72B-Instruct-abliterated", "Qwen/Qwen2.5-72B-Instruct", {"apache-2.0", "qwen"}),
    ("failspy/Meta-Llama-3-8B-Instruct-abliterated-v3", "meta-llama/Meta-Llama-3-8B-Instruct", {"apache-2.0", "llama3"}),
])
def test_abliterated_models_by_name(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub, repo_id: str,
                                    expected_parent: str, expected_licences: set[str]) -> None:
    res = _check(capsys, tmp_path, fake_hub, repo_id, repo(
        repo_id, license="apache-2.0", tags=["abliterated", "uncensored"],
        body="# Abliterated\n\nThis is the model with orthogonalized bfloat16 safetensor weights, generated with a refined "
             "methodology based on the preview paper 'Refusal in LLMs is mediated by a single direction'.\n"))
    assert _parents(res) == {(expected_parent, "unknown", "name", "inferred")}
    assert _effective(res) == expected_licences
    assert res["verdict"] == "warn"


# -- merges ------------------------------------------------------------------------------------------------

def test_mergekit_merge_with_declared_base_model_list(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      fake_hub: FakeHub) -> None:
    merge = repo("someone/Llama-3.1-Hermes-Instruct-Merge", license="llama3.1", relation="merge",
                 base=["meta-llama/Llama-3.1-8B", "NousResearch/Hermes-3-Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct"],
                 tags=["mergekit", "merge"], body=TIES_CARD)
    res = _check(capsys, tmp_path, fake_hub, merge.info["id"], hermes3(), merge)
    merged = ("meta-llama/Llama-3.1-8B", "NousResearch/Hermes-3-Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct")
    assert _parents(res) == {(p, "merge", "card", "declared") for p in merged}
    assert _effective(res) == {"llama3.1", "llama3"}
    assert res["verdict"] == "warn"


def test_merge_whose_card_declares_only_mergekits_base_model_keeps_every_merged_model(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    # The front matter names only mergekit's base_model; the README lists a non-commercial model merged in.
    # Trusting the card alone made this `pass`.
    body = MERGEKIT_CARD.format(name="Mistral-7B-RP-Merge", other="rpguild/Mistral-7B-roleplay-nc",
                                other_spec="rpguild/Mistral-7B-roleplay-nc")
    res = _check(capsys, tmp_path, fake_hub, "someone/Mistral-7B-RP-Merge", nc_roleplay(), repo(
        "someone/Mistral-7B-RP-Merge", license="apache-2.0", base="teknium/OpenHermes-2.5-Mistral-7B",
        tags=["mergekit", "merge"], body=body))
    assert _parents(res) == {("teknium/OpenHermes-2.5-Mistral-7B", "merge", "card", "declared"),
                             ("rpguild/Mistral-7B-roleplay-nc", "merge", "readme", "inferred")}
    assert "cc-by-nc-4.0" in _effective(res)
    assert res["verdict"] == "block" and "non-commercial-license" in _rules(res, "block")


def test_mergekit_lora_spec_names_both_components(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  fake_hub: FakeHub) -> None:
    lora = repo("rpguild/mistral-rp-lora", license="cc-by-nc-4.0", base="mistralai/Mistral-7B-v0.1", library_name="peft",
                body="# LoRA\n")
    body = MERGEKIT_CARD.format(name="Mistral-7B-RP-Merge", other="rpguild/mistral-rp-lora",
                                other_spec="mistralai/Mistral-7B-v0.1+rpguild/mistral-rp-lora")
    res = _check(capsys, tmp_path, fake_hub, "someone/Mistral-7B-RP-Merge", lora, repo(
        "someone/Mistral-7B-RP-Merge", license="apache-2.0", tags=["mergekit", "merge"], body=body))
    assert {p for p, *_ in _parents(res)} == {"teknium/OpenHermes-2.5-Mistral-7B", "mistralai/Mistral-7B-v0.1",
                                              "rpguild/mistral-rp-lora"}
    assert res["verdict"] == "block"


# -- adapters --------------------------------------------------------------------------------------------

def test_peft_adapter_with_only_adapter_config(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               fake_hub: FakeHub) -> None:
    config = b'{"base_model_name_or_path": "meta-llama/Llama-2-7b-hf", "peft_type": "LORA", "r": 8}'
    res = _check(capsys, tmp_path, fake_hub, "someone/llama2-7b-sql-lora", repo(
        "someone/llama2-7b-sql-lora", license=None, extra_files={"adapter_config.json": config,
                                                                 "adapter_model.safetensors": b"x"}))
    assert _parents(res) == {("meta-llama/Llama-2-7b-hf", "adapter", "adapter_config", "inferred")}
    assert _effective(res) == {"llama2"}
    assert res["verdict"] == "warn" and "license-mismatch" in _rules(res, "warn")


def test_peft_template_card_with_declared_base_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      fake_hub: FakeHub) -> None:
    config = b'{"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA"}'
    res = _check(capsys, tmp_path, fake_hub, "someone/mistral-7b-qlora-alpaca", repo(
        "someone/mistral-7b-qlora-alpaca", license="apache-2.0", base="mistralai/Mistral-7B-v0.1", library_name="peft",
        tags=["base_model:adapter:mistralai/Mistral-7B-v0.1"], body=PEFT_TEMPLATE,
        extra_files={"adapter_config.json": config, "adapter_model.safetensors": b"x"}))
    assert _parents(res) == {("mistralai/Mistral-7B-v0.1", "adapter", "card", "declared")}
    assert res["verdict"] == "pass"


def test_adapter_trained_from_a_local_checkpoint_is_unresolved_not_a_missing_repo(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    config = b'{"base_model_name_or_path": "outputs/checkpoint-500", "peft_type": "LORA"}'
    res = _check(capsys, tmp_path, fake_hub, "someone/mystery-lora", repo(
        "someone/mystery-lora", license="apache-2.0", library_name="peft",
        extra_files={"adapter_config.json": config, "adapter_model.safetensors": b"x"}))
    assert _parents(res) == set() and "outputs/checkpoint-500" not in _nodes(res)
    assert res["verdict"] == "unknown" and "unresolved-lineage" in _rules(res, "unknown")


def test_llama32_vision_lora_is_blocked_in_the_eu(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  fake_hub: FakeHub) -> None:
    config = b'{"base_model_name_or_path": "meta-llama/Llama-3.2-11B-Vision-Instruct", "peft_type": "LORA"}'
    res = _check(capsys, tmp_path, fake_hub, "someone/llama-vision-ocr-lora", repo(
        "someone/llama-vision-ocr-lora", license="llama3.2", library_name="peft", body="# OCR LoRA\n",
        extra_files={"adapter_config.json": config, "adapter_model.safetensors": b"x"}), profile=EU)
    assert _parents(res) == {("meta-llama/Llama-3.2-11B-Vision-Instruct", "adapter", "adapter_config", "inferred")}
    assert res["verdict"] == "block" and "territorial-exclusion" in _rules(res, "block")


def test_llama32_vision_finetune_eu_blocked_us_warned(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      fake_hub: FakeHub) -> None:
    ft = repo("someone/Llama-3.2-11B-Vision-Radiology", license="llama3.2", base="meta-llama/Llama-3.2-11B-Vision-Instruct",
              tags=["unsloth", "trl", "sft", "mllama"],
              body="# Uploaded model\n\n- **Developed by:** someone\n- **License:** apache-2.0\n"
                   "- **Finetuned from model :** unsloth/Llama-3.2-11B-Vision-Instruct\n\n"
                   "This mllama model was trained 2x faster with [Unsloth](https://github.com/unslothai/unsloth).\n")
    eu = _check(capsys, tmp_path, fake_hub, ft.info["id"], ft, profile=EU)
    assert _parents(eu) == {("meta-llama/Llama-3.2-11B-Vision-Instruct", "finetune", "card", "declared")}
    assert eu["verdict"] == "block" and "territorial-exclusion" in _rules(eu, "block")
    us = _check(capsys, tmp_path, fake_hub, ft.info["id"])
    assert us["verdict"] == "warn" and "territorial-exclusion" not in _rules(us)


def test_diffusers_lora_with_declared_base(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/corgi-sdxl-lora", sdxl(), repo(
        "someone/corgi-sdxl-lora", license="openrail++", base="stabilityai/stable-diffusion-xl-base-1.0",
        library_name="diffusers", card={"instance_prompt": "a photo of sks dog"}, body=DIFFUSERS_LORA_CARD,
        tags=["text-to-image", "diffusers", "lora", "template:sd-lora", "stable-diffusion-xl"],
        extra_files={"pytorch_lora_weights.safetensors": b"x"}))
    assert _parents(res) == {("stabilityai/stable-diffusion-xl-base-1.0", "adapter", "card", "declared")}
    assert _effective(res) == {"openrail++"}
    assert res["verdict"] == "warn" and "use-restrictions" in _rules(res, "warn")


def test_diffusers_lora_template_names_its_base_in_prose(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         fake_hub: FakeHub) -> None:
    # "These are X LoRA adaption weights for <base>." — the diffusers training scripts' card; was unresolved.
    res = _check(capsys, tmp_path, fake_hub, "someone/corgi-sdxl-lora", sdxl(), repo(
        "someone/corgi-sdxl-lora", license="openrail++", library_name="diffusers", body=DIFFUSERS_LORA_CARD,
        tags=["text-to-image", "diffusers", "lora"], extra_files={"pytorch_lora_weights.safetensors": b"x"}))
    # The VAE used for training is not a parent.
    assert _parents(res) == {("stabilityai/stable-diffusion-xl-base-1.0", "adapter", "readme", "inferred")}
    assert res["verdict"] == "warn"


# -- auto-generated cards --------------------------------------------------------------------------------

def test_trainer_card_without_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/llama31-8b-medqa", repo(
        "someone/llama31-8b-medqa", license=None, tags=["generated_from_trainer"],
        body=TRAINER_CARD.format(name="llama31-8b-medqa", base="meta-llama/Llama-3.1-8B")))
    assert _parents(res) == {("meta-llama/Llama-3.1-8B", "finetune", "readme", "inferred")}
    assert _effective(res) == {"llama3.1"}
    assert res["verdict"] == "warn"


def test_legacy_base_model_confirmed_by_the_hub_tag_is_declared(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                               fake_hub: FakeHub) -> None:
    # `base_model: gpt2` is a legacy id; the Hub's tag names the canonical repo. It was reported as inferred.
    res = _check(capsys, tmp_path, fake_hub, "someone/gpt2-poems", repo("openai-community/gpt2", license="mit"), repo(
        "someone/gpt2-poems", license="mit", base="gpt2", tags=["generated_from_trainer",
                                                                 "base_model:finetune:openai-community/gpt2"],
        body=TRAINER_CARD.format(name="gpt2-poems", base="gpt2")))
    assert _parents(res) == {("openai-community/gpt2", "finetune", "tags", "declared")}
    assert res["verdict"] == "pass"


def test_sentence_transformers_card_without_front_matter(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         fake_hub: FakeHub) -> None:
    minilm = repo("sentence-transformers/all-MiniLM-L6-v2", license="apache-2.0", library_name="sentence-transformers",
                  body="# all-MiniLM-L6-v2\n\nWe used the pretrained [`nreimers/MiniLM-L6-H384-uncased`]"
                       "(https://huggingface.co/nreimers/MiniLM-L6-H384-uncased) model and fine-tuned in on a 1B sentence "
                       "pairs dataset.\n")
    res = _check(capsys, tmp_path, fake_hub, "someone/minilm-legal-retrieval", minilm, repo(
        "someone/minilm-legal-retrieval", license="apache-2.0", library_name="sentence-transformers",
        tags=["sentence-transformers", "sentence-similarity"], body=SENTENCE_TRANSFORMERS_CARD))
    assert _parents(res) == {("sentence-transformers/all-MiniLM-L6-v2", "finetune", "readme", "inferred")}
    assert res["verdict"] == "warn" and _effective(res) == {"apache-2.0"}


# -- config.json and original models -----------------------------------------------------------------

def test_original_model_comparing_itself_with_llama_has_no_parents(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                   fake_hub: FakeHub) -> None:
    # Architecture, tokenizer, benchmark tables, "compared to models built on Llama 3" and a config path on the
    # trainer's disk: none of it is lineage. Reading "based on the Llama 2 architecture" as lineage added llama2.
    res = _check(capsys, tmp_path, fake_hub, "foolabs/Foo-7B", repo(
        "foolabs/Foo-7B", license="apache-2.0", tags=["llama", "text-generation"], body=ORIGINAL_MODEL_CARD,
        extra_files={"config.json": _config("/home/user/ckpt/foo-7b-final")}))
    assert _parents(res) == set()
    assert _effective(res) == {"apache-2.0"}
    assert res["verdict"] == "pass"


def test_open_reproduction_named_after_llama_is_not_llama(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    # Model lineage only: the RedPajama corpus it links (data lineage) is not on this Hub.
    monkeypatch.setenv("MODELAUDIT_NO_DATA", "1")
    res = _check(capsys, tmp_path, fake_hub, "openlm-research/open_llama_7b", repo(
        "openlm-research/open_llama_7b", license="apache-2.0", tags=["llama"], body=OPEN_LLAMA_CARD,
        extra_files={"config.json": LLAMA_CONFIG}))
    assert _parents(res) == set()
    assert res["verdict"] == "pass"


def test_a_model_trained_from_scratch_is_not_the_model_its_name_echoes(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someone/gpt2-from-scratch-tinystories", repo(
        "someone/gpt2-from-scratch-tinystories", license="mit",
        body="# gpt2-from-scratch\n\nA GPT-2 style model trained from scratch on TinyStories.\n"))
    assert _parents(res) == set() and res["verdict"] == "pass"


def test_the_licensors_own_built_with_llama_line_does_not_unresolve_it(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path, fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "meta-llama/Llama-3.2-3B", repo(
        "meta-llama/Llama-3.2-3B", license="llama3.2",
        body="# Llama 3.2\n\nIf you distribute a product built with the Llama Materials you shall prominently display "
             "\u201cBuilt with Llama\u201d on a related website.\n"))
    assert _parents(res) == set() and res["verdict"] == "warn" and not _rules(res, "unknown")


def test_llama_architecture_is_not_llama_lineage(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "someorg/Bar-34B", repo(
        "someorg/Bar-34B", license="apache-2.0", tags=["llama"],
        body="# Bar-34B\n\nBar series models adopt the same model architecture as Llama but they are NOT derivatives of "
             "Llama.\nBar-34B is trained from scratch on 3T tokens.\n", extra_files={"config.json": _config("Bar-34B")}))
    assert _parents(res) == set() and res["verdict"] == "pass"


def test_config_name_or_path_local_dir_named_after_llama(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         fake_hub: FakeHub) -> None:
    # Weights loaded from a directory named after Meta-Llama-3-8B-Instruct: was `pass` under apache-2.0.
    res = _check(capsys, tmp_path, fake_hub, "someone/chat-assistant-v2", repo(
        "someone/chat-assistant-v2", license="apache-2.0", body="# chat-assistant-v2\n\nOur in-house assistant.\n",
        extra_files={"config.json": _config("/workspace/models/Meta-Llama-3-8B-Instruct")}))
    assert _parents(res) == {("meta-llama/Meta-Llama-3-8B-Instruct", "finetune", "config", "inferred")}
    assert _effective(res) == {"apache-2.0", "llama3"}
    assert res["verdict"] == "warn" and "license-mismatch" in _rules(res, "warn")


def test_config_name_or_path_relative_checkpoint_is_not_a_hub_repo(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                                   fake_hub: FakeHub) -> None:
    # "outputs/checkpoint-1200" looks like org/name; it was fetched, found missing, and made the verdict unknown.
    res = _check(capsys, tmp_path, fake_hub, "someone/chat-assistant-v2", repo(
        "someone/chat-assistant-v2", license="apache-2.0", body="# chat-assistant-v2\n\nOur in-house assistant.\n",
        extra_files={"config.json": _config("outputs/checkpoint-1200")}))
    assert _parents(res) == set() and "outputs/checkpoint-1200" not in _nodes(res)
    assert res["verdict"] == "pass"


# -- README prose: what is and is not a base -------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Foo-8B is based on the Llama 2 architecture.",
    "Foo-8B is built upon the Mistral 7B architecture and trained from scratch.",
    "This model was trained from scratch on the same data mixture as Qwen2.5-7B.",
    "Our model is based on the same tokenizer as Llama 3.",
    "Compared to models built on Llama 3, Foo-8B is faster at inference.",
    "Unlike models fine-tuned from Llama 3, Foo-8B is trained from scratch.",
    "We evaluate Foo-8B against Llama 3.1 8B, which is based on Llama 3.",
    "We compare with Hermes, which is a Llama-3.1-8B fine-tune.",
    "Foo-8B outperforms a Llama-3.1-8B-Instruct fine-tune trained on the same data.",
    "Our reward model is based on Llama-3.1-70B-Instruct.",
    "The draft model for speculative decoding is fine-tuned from Qwen2.5-0.5B.",
    "Starting with Llama-3.1-8B-Instruct as a judge, we scored 10k answers.",
    "GGUF versions of this model are available at [acme/Foo-8B-GGUF](https://huggingface.co/acme/Foo-8B-GGUF).",
    "Llama 3 fine-tunes often refuse; Foo-8B does not.",
])
def test_prose_that_is_not_lineage(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub,
                                   sentence: str) -> None:
    res = _check(capsys, tmp_path, fake_hub, "acme/Foo-8B", repo("acme/Foo-8B", license="apache-2.0",
                                                                 body=f"# Foo-8B\n\n{sentence}\n"))
    assert _parents(res) == set()
    assert res["verdict"] == "pass"


@pytest.mark.parametrize(("sentence", "parent"), [
    ("We fine-tuned [meta-llama/Meta-Llama-3-8B-Instruct](https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct) "
     "on 10k medical QA pairs.", "meta-llama/Meta-Llama-3-8B-Instruct"),
    ("We finetune Llama-3-8B-Instruct with DPO on UltraFeedback.", "meta-llama/Meta-Llama-3-8B-Instruct"),
    ("This model was created by fine-tuning Llama-3.1-8B-Instruct on our data.", "meta-llama/Llama-3.1-8B-Instruct"),
    ("It is a Llama-3.1-8B-Instruct fine-tune for SQL.", "meta-llama/Llama-3.1-8B-Instruct"),
    ("A Llama 3.1 8B Instruct finetune trained on roleplay data.", "meta-llama/Llama-3.1-8B-Instruct"),
    ("Foo-8B uses Llama-3.1-8B-Instruct as its base.", "meta-llama/Llama-3.1-8B-Instruct"),
    ("Our model outperforms GPT-3.5 and is fine-tuned from Llama-3.1-8B.", "meta-llama/Llama-3.1-8B"),
    ("A competitive safety classifier model fine-tuned from Llama-3.1-8B-Instruct.", "meta-llama/Llama-3.1-8B-Instruct"),
])
def test_prose_that_names_the_base(capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_hub: FakeHub, sentence: str,
                                   parent: str) -> None:
    # Each of these left a Llama fine-tune declaring apache-2.0 at `pass`.
    res = _check(capsys, tmp_path, fake_hub, "acme/Foo-8B", repo("acme/Foo-8B", license="apache-2.0",
                                                                 body=f"# Foo-8B\n\n{sentence}\n"))
    assert _parents(res) == {(parent, "finetune", "readme", "inferred")}
    assert res["verdict"] == "warn" and {"inferred-lineage", "license-mismatch"} <= _rules(res, "warn")


def test_a_reward_models_own_card_names_its_base(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 fake_hub: FakeHub) -> None:
    # "Our reward model is based on X" in a chat model's card is not its lineage; in a reward model's card it is.
    res = _check(capsys, tmp_path, fake_hub, "acme/Foo-RM-8B", repo(
        "acme/Foo-RM-8B", license="apache-2.0",
        body="# Foo-RM-8B\n\nThe reward model is trained from Llama-3.1-8B-Instruct on 80k preference pairs.\n"))
    assert _parents(res) == {("meta-llama/Llama-3.1-8B-Instruct", "finetune", "readme", "inferred")}
    assert res["verdict"] == "warn"


def test_training_data_generated_by_llama_binds_its_terms(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                          fake_hub: FakeHub) -> None:
    res = _check(capsys, tmp_path, fake_hub, "acme/Foo-8B", repo(
        "acme/Foo-8B", license="apache-2.0",
        body="# Foo-8B\n\nWe fine-tuned on a dataset generated with Llama-3.1-70B-Instruct.\n"))
    assert _parents(res) == {("meta-llama/Llama-3.1-70B-Instruct", "distillation", "readme", "inferred")}
    assert "llama3.1" in _effective(res) and res["verdict"] == "warn"


def test_built_with_llama_without_a_base_is_unknown(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    fake_hub: FakeHub) -> None:
    # The attribution Llama 3.1+ requires of derivatives: the model says it is one, so it cannot pass.
    res = _check(capsys, tmp_path, fake_hub, "acme/Foo-8B", repo(
        "acme/Foo-8B", license="apache-2.0", body="# Foo-8B\n\nOur assistant for support tickets.\n\nBuilt with Llama\n"))
    assert res["verdict"] == "unknown" and "unresolved-lineage" in _rules(res, "unknown")
