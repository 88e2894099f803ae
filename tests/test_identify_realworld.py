"""Licence identification on spellings real Hugging Face cards use, none of them taken from a recorded fixture.

Each table lists ``license_name`` values, ``license_link`` targets or LICENSE-file openings as they appear on
the Hub (official repos, their quantisations and fine-tunes), grouped by licence family. A false ``unknown`` on
a well-known licence is the defect these tests guard against; the negative tables guard the opposite defect,
a link to some repository's own LICENSE file (or to a licence the knowledge base does not hold) being taken
for a known licence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from kb_helpers import record as _record
from modelaudit.evidence import read_evidence
from modelaudit.licensing.identify import UNKNOWN, identify_declared, identify_text, lookup_value
from modelaudit.licensing.knowledge_base import KnowledgeBase, normalize_url
from modelaudit.sources.records import ModelRecord


def record(*args: Any, repo_id: str = "someone/some-finetune", **kwargs: Any) -> ModelRecord:
    return _record(*args, repo_id=repo_id, **kwargs)


def ids(kb: KnowledgeBase, card: Mapping[str, Any], **kwargs: Any) -> tuple[str, ...]:
    return identify_declared(read_evidence(record(card, **kwargs)), kb).ids


# -- license_name ---------------------------------------------------------------------------------------------

LICENSE_NAMES: dict[str, list[str]] = {
    "llama2": ["llama2", "llama-2", "Llama 2", "llama2-license", "llama-2-community-license",
               "Llama 2 Community License Agreement", "LLAMA 2 COMMUNITY LICENSE AGREEMENT", "meta-llama-2",
               "Meta Llama 2 Community License"],
    "llama3": ["llama3", "llama-3", "Llama 3", "LLaMA3", "llama3-license", "llama-3-license", "meta-llama-3",
               "Meta Llama 3", "llama-3-community-license", "llama3-community-license-agreement",
               "meta-llama-3-community-license", "Meta Llama 3 Community License Agreement",
               "META LLAMA 3 COMMUNITY LICENSE AGREEMENT"],
    "llama3.1": ["llama3.1", "llama-3.1", "Llama 3.1", "llama3_1", "llama31", "llama3.1-community",
                 "llama3.1-community-license", "llama-3.1-community-license", "llama3.1-license", "meta-llama-3.1",
                 "Meta Llama 3.1", "Meta Llama 3.1 Community License", "Llama 3.1 Community License Agreement",
                 "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"],
    "llama3.2": ["llama3.2", "llama-3.2", "Llama 3.2", "llama3_2", "llama3.2-community", "llama-3.2-community-license",
                 "llama3.2-license", "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT", "Llama 3.2 Community License Agreement"],
    "llama3.3": ["llama3.3", "llama-3.3", "Llama 3.3", "llama3_3", "llama3.3-community", "llama-3.3-community-license",
                 "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT"],
    "llama4": ["llama4", "llama-4", "Llama 4", "llama4-community", "llama-4-community-license",
               "Llama 4 Community License Agreement", "LLAMA 4 COMMUNITY LICENSE AGREEMENT"],
    "gemma": ["gemma", "Gemma", "gemma-terms-of-use", "gemma_terms_of_use", "Gemma Terms of Use", "gemma-terms",
              "gemma-license"],
    "qwen": ["qwen", "Qwen", "qwen-license", "qwen-license-agreement", "Qwen LICENSE AGREEMENT"],
    "qwen-research": ["qwen-research", "qwen-research-license", "qwen-research-license-agreement",
                      "Qwen RESEARCH LICENSE AGREEMENT"],
    "tongyi-qianwen": ["tongyi-qianwen", "tongyi-qianwen-license", "tongyi-qianwen-license-agreement",
                       "Tongyi Qianwen LICENSE AGREEMENT"],
    "tongyi-qianwen-research": ["tongyi-qianwen-research", "tongyi-qianwen-research-license",
                                "tongyi-qianwen-research-license-agreement",
                                "Tongyi Qianwen RESEARCH LICENSE AGREEMENT"],
    "deepseek": ["deepseek", "DeepSeek", "deepseek-license", "deepseek-license-agreement", "DeepSeek License Agreement",
                 "DEEPSEEK LICENSE AGREEMENT"],
    "mrl": ["mrl", "MRL", "mrl-0.1", "MRL-0.1", "mistral-research-license", "mistral-ai-research-license",
            "Mistral AI Research License"],
    "mnpl": ["mnpl", "MNPL", "mnpl-0.1", "MNPL-0.1", "mistral-non-production-license",
             "mistral-ai-non-production-license", "Mistral AI Non-Production License"],
    "falcon-180b": ["falcon-180b-license", "falcon-180b-license-version1.0", "falcon-180b-tii-license-1.0",
                    "Falcon-180B TII License", "FALCON 180B TII LICENSE VERSION 1.0"],
    "dbrx": ["databricks-open-model-license", "Databricks Open Model License", "dbrx-license", "dbrx",
             "dbrx-open-model-license"],
    "nvidia-open-model": ["nvidia-open-model-license", "nvidia-open-model-license-agreement",
                          "NVIDIA Open Model License", "NVIDIA Open Model License Agreement"],
    "stability-ai-community": ["stabilityai-ai-community", "stability-ai-community",
                               "stability-ai-community-license", "Stability AI Community License Agreement",
                               "STABILITY AI COMMUNITY LICENSE AGREEMENT"],
    "yi": ["yi-license", "yi", "Yi Series Models Community License Agreement", "yi-series-models-community-license"],
    "glm-4": ["glm-4", "glm4", "glm-4-license", "glm-4-9b-license", "The glm-4-9b License"],
    "jamba-open-model": ["jamba-open-model-license", "Jamba Open Model License",
                         "jamba-open-model-license-agreement"],
    "openrail": ["openrail", "OpenRAIL", "openrail-m", "OpenRAIL-M", "open-rail-m"],
    "creativeml-openrail-m": ["creativeml-openrail-m", "CreativeML Open RAIL-M", "creativeml-open-rail-m"],
    "bigscience-openrail-m": ["bigscience-openrail-m", "bigscience-open-rail-m", "BigScience Open RAIL-M License"],
    "bigscience-bloom-rail-1.0": ["bigscience-bloom-rail-1.0", "BigScience RAIL License v1.0", "bloom-rail"],
    "bigcode-openrail-m": ["bigcode-openrail-m", "bigcode-open-rail-m-v1", "BigCode Open RAIL-M v1 License Agreement"],
    "openrail++": ["openrail++", "openrail++-m", "CreativeML Open RAIL++-M License"],
    "cc-by-nc-4.0": ["cc-by-nc-4.0", "CC-BY-NC-4.0", "CC BY-NC 4.0", "cc by-nc 4.0",
                     "Creative Commons Attribution-NonCommercial 4.0 International",
                     "Creative Commons Attribution Non Commercial 4.0"],
    "cc-by-nc-sa-4.0": ["cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0",
                        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"],
    "cc-by-nc-nd-4.0": ["cc-by-nc-nd-4.0", "CC BY-NC-ND 4.0"],
    "cc-by-4.0": ["cc-by-4.0", "CC BY 4.0", "Creative Commons Attribution 4.0 International"],
    "cc-by-sa-4.0": ["cc-by-sa-4.0", "CC BY-SA 4.0"],
    "cc0-1.0": ["cc0-1.0", "CC0", "CC0 1.0 Universal"],
    "apache-2.0": ["apache-2.0", "Apache-2.0", "Apache 2.0", "apache2", "Apache License 2.0",
                   "Apache License, Version 2.0", "Apache Software License 2.0"],
    "mit": ["mit", "MIT", "MIT License", "The MIT License", "mit-license"],
    "bsd-3-clause": ["bsd-3-clause", "BSD-3-Clause", "BSD 3-Clause License", "New BSD License"],
    "bsd-2-clause": ["bsd-2-clause", "BSD 2-Clause License", "Simplified BSD License"],
    "gpl-3.0": ["gpl-3.0", "GPLv3", "GNU GPL v3", "GPL-3.0-or-later"],
    "agpl-3.0": ["agpl-3.0", "AGPLv3", "AGPL-3.0-only"],
    # Licences met in the wild (issue 15 F), spelt as their cards spell them.
    "flux-1-dev-nc": ["flux-1-dev-non-commercial-license", "FLUX.1 [dev] Non-Commercial License"],
    "stability-ai-nc-research": ["stabilityai-nc-research-community", "sai-nc-community",
                                 "Stability AI Non-Commercial Research Community License Agreement"],
    "falcon-llm": ["falcon-llm-license", "TII Falcon License 2.0"],
    "falcon-2-11b": ["falcon-2-11b-license", "Falcon 2 11B TII License Version 1.0"],
    "tencent-hunyuan-community": ["tencent-hunyuan-community", "Tencent Hunyuan Community License Agreement"],
    "hai-def": ["health-ai-developer-foundations", "health-ai-developer-foundations-terms-of-use"],
    "llama1": ["llama1", "llama-1", "LLaMA 1 License Agreement"],
    "nvidia-one-way-nc": ["nvidia-one-way-noncommercial-license", "nvidia-one-way-noncommercial-license-nsclv1"],
    "exaone-nc": ["exaone", "EXAONE AI Model License Agreement 1.1 - NC"],
    "baichuan2-community": ["baichuan2-community-license", "Community License for Baichuan 2 Model"],
    "hyperclova-x-seed": ["hyperclovax-seed", "HyperCLOVA X SEED Model License Agreement"],
    "playground-v2-community": ["playground-v2-community", "Playground v2 Community License"],
    "chameleon-research": ["chameleon-research-license", "Chameleon Research License"],
    "internlm": ["internlm-license", "InternLM Model License"],
}
NAME_CASES = [(name, expected) for expected, names in LICENSE_NAMES.items() for name in names]


@pytest.mark.parametrize(("name", "expected"), NAME_CASES)
def test_license_name_spellings(kb: KnowledgeBase, name: str, expected: str) -> None:
    assert ids(kb, {"license": "other", "license_name": name}) == (expected,)


@pytest.mark.parametrize(("name", "expected"), NAME_CASES)
def test_license_name_spellings_behind_the_other_tag(kb: KnowledgeBase, name: str, expected: str) -> None:
    # Cards whose only structured licence is the Hub's ``license:other`` tag plus a name.
    assert ids(kb, {"license_name": name}, tags=["license:other"]) == (expected,)


# -- license_link ---------------------------------------------------------------------------------------------

LICENSE_LINKS: dict[str, list[str]] = {
    "llama2": [
        "https://ai.meta.com/llama/license/",
        "https://ai.meta.com/llama/license",
        "https://www.llama.com/llama2/license/",
        "https://llama.meta.com/llama2/license/",
        "https://github.com/facebookresearch/llama/blob/main/LICENSE",
        "https://github.com/meta-llama/llama/blob/main/LICENSE",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama2/LICENSE",
        "https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/LICENSE.txt",
        "https://huggingface.co/meta-llama/Llama-2-7b-chat-hf/resolve/main/LICENSE.txt",
        "https://huggingface.co/meta-llama/Llama-2-70b/blob/main/LICENSE.txt",
        "https://huggingface.co/meta-llama/CodeLlama-7b-hf/blob/main/LICENSE",
    ],
    "llama3": [
        "https://llama.meta.com/llama3/license",
        "https://llama.meta.com/llama3/license/",
        "https://www.llama.com/llama3/license/",
        "https://github.com/meta-llama/llama3/blob/main/LICENSE",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3/LICENSE",
        "https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/LICENSE",
        "https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/meta-llama/Meta-Llama-3-70B-Instruct/resolve/main/LICENSE",
    ],
    "llama3.1": [
        "https://llama.meta.com/llama3_1/license/",
        "https://llama.meta.com/llama3_1/license",
        "https://www.llama.com/llama3_1/license/",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE",
        "https://github.com/meta-llama/llama-models/blob/v0.1.0/models/llama3_1/LICENSE",
        "https://raw.githubusercontent.com/meta-llama/llama-models/main/models/llama3_1/LICENSE",
        "https://huggingface.co/meta-llama/Meta-Llama-3.1-8B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/meta-llama/Meta-Llama-3.1-70B/blob/main/LICENSE",
        "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE",
        "https://huggingface.co/meta-llama/Llama-3.1-405B-Instruct/blob/main/LICENSE",
    ],
    "llama3.2": [
        "https://www.llama.com/llama3_2/license/",
        "https://llama.meta.com/llama3_2/license/",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE",
        "https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/LICENSE.txt",
        "https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct/resolve/main/LICENSE.txt",
        "https://huggingface.co/meta-llama/Llama-3.2-11B-Vision-Instruct/blob/main/LICENSE.txt",
    ],
    "llama3.3": [
        "https://www.llama.com/llama3_3/license/",
        "https://llama.meta.com/llama3_3/license/",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/LICENSE",
        "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/LICENSE",
    ],
    "llama4": [
        "https://www.llama.com/llama4/license/",
        "https://llama.meta.com/llama4/license/",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama4/LICENSE",
        "https://huggingface.co/meta-llama/Llama-4-Scout-17B-16E-Instruct/blob/main/LICENSE",
        "https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E-Instruct/blob/main/LICENSE",
    ],
    "gemma": [
        "https://ai.google.dev/gemma/terms",
        "https://ai.google.dev/gemma/terms/",
        "http://ai.google.dev/gemma/terms",
        "https://ai.google.dev/gemma/terms#3.2-use",
        "https://ai.google.dev/gemma/prohibited_use_policy",
        "https://www.kaggle.com/models/google/gemma/license/consent",
    ],
    "qwen": [
        "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-72B/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct-AWQ/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct-GPTQ-Int4/resolve/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-VL-72B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-Math-72B-Instruct/blob/main/LICENSE",
    ],
    "qwen-research": [
        "https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-3B-Instruct-GGUF/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2.5-VL-3B-Instruct/blob/main/LICENSE",
    ],
    "tongyi-qianwen": [
        "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT",
        "https://github.com/QwenLM/Qwen/blob/main/Tongyi Qianwen LICENSE AGREEMENT",
        "https://huggingface.co/Qwen/Qwen2-72B-Instruct/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen2-72B/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen1.5-72B-Chat/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen1.5-7B-Chat/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen1.5-14B/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen-7B-Chat/blob/main/LICENSE",
    ],
    "tongyi-qianwen-research": [
        "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20RESEARCH%20LICENSE%20AGREEMENT",
        "https://huggingface.co/Qwen/Qwen1.5-0.5B-Chat/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen1.5-1.8B/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen1.5-4B-Chat/blob/main/LICENSE",
        "https://huggingface.co/Qwen/Qwen-1_8B-Chat/blob/main/LICENSE",
    ],
    "deepseek": [
        "https://github.com/deepseek-ai/DeepSeek-LLM/blob/HEAD/LICENSE-MODEL",
        "https://github.com/deepseek-ai/DeepSeek-LLM/blob/main/LICENSE-MODEL",
        "https://github.com/deepseek-ai/DeepSeek-V2/blob/main/LICENSE-MODEL",
        "https://github.com/deepseek-ai/DeepSeek-V3/blob/main/LICENSE-MODEL",
        "https://github.com/deepseek-ai/DeepSeek-Coder/blob/main/LICENSE-MODEL",
        "https://github.com/deepseek-ai/DeepSeek-MoE/blob/main/LICENSE-MODEL",
        "https://raw.githubusercontent.com/deepseek-ai/DeepSeek-V2/main/LICENSE-MODEL",
        "https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/LICENSE-MODEL",
    ],
    "mrl": [
        "https://mistral.ai/licenses/MRL-0.1.md",
        "https://mistral.ai/licences/MRL-0.1.md",
        "https://mistral.ai/licenses/MRL-0.1",
        "http://mistral.ai/licenses/MRL-0.1.md",
        "https://www.mistral.ai/licenses/MRL-0.1.md",
    ],
    "mnpl": [
        "https://mistral.ai/licences/MNPL-0.1.md",
        "https://mistral.ai/licenses/MNPL-0.1.md",
        "https://mistral.ai/licences/MNPL-0.1",
    ],
    "falcon-180b": [
        "https://huggingface.co/spaces/tiiuae/falcon-180b-license/blob/main/LICENSE.txt",
        "https://huggingface.co/spaces/tiiuae/falcon-180b-license/resolve/main/LICENSE.txt",
        "https://huggingface.co/spaces/tiiuae/falcon-180b-license",
        "https://falconllm.tii.ae/falcon-180b-terms-and-conditions.html",
    ],
    "dbrx": [
        "https://www.databricks.com/legal/open-model-license",
        "https://databricks.com/legal/open-model-license",
        "https://github.com/databricks/dbrx/blob/main/LICENSE",
        "https://huggingface.co/databricks/dbrx-instruct/blob/main/LICENSE",
        "https://huggingface.co/databricks/dbrx-base/blob/main/LICENSE",
    ],
    "nvidia-open-model": [
        "https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-june-2024.pdf",
        "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/",
        "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license",
    ],
    "stability-ai-community": [
        "https://stability.ai/community-license-agreement",
        "https://stability.ai/community-license",
        "https://huggingface.co/stabilityai/stable-diffusion-3.5-large/blob/main/LICENSE.md",
        "https://huggingface.co/stabilityai/stable-diffusion-3.5-large-turbo/blob/main/LICENSE.md",
        "https://huggingface.co/stabilityai/stable-diffusion-3.5-medium/blob/main/LICENSE.md",
    ],
    "yi": [
        "https://github.com/01-ai/Yi/blob/main/MODEL_LICENSE_AGREEMENT.txt",
    ],
    "glm-4": [
        "https://huggingface.co/THUDM/glm-4-9b/blob/main/LICENSE",
        "https://huggingface.co/zai-org/glm-4-9b/blob/main/LICENSE",  # THUDM renamed to zai-org
    ],
    "jamba-open-model": [
        "https://www.ai21.com/jamba-open-model-license/",
        "https://www.ai21.com/licenses/jamba-open-model-license",
        "https://ai21.com/jamba-open-model-license",
    ],
    "creativeml-openrail-m": [
        "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
        "https://huggingface.co/spaces/CompVis/stable-diffusion-license/blob/main/license.txt",
        "https://github.com/CompVis/stable-diffusion/blob/main/LICENSE",
        "https://raw.githubusercontent.com/CompVis/stable-diffusion/main/LICENSE",
    ],
    "bigscience-bloom-rail-1.0": ["https://huggingface.co/spaces/bigscience/license"],
    "bigscience-openrail-m": ["https://www.licenses.ai/blog/2022/8/26/bigscience-open-rail-m-license"],
    "bigcode-openrail-m": ["https://huggingface.co/spaces/bigcode/bigcode-model-license-agreement"],
    "openrail++": [
        "https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md",
        "https://huggingface.co/stabilityai/stable-diffusion-xl-refiner-1.0/blob/main/LICENSE.md",
    ],
    "cc-by-nc-4.0": [
        "https://creativecommons.org/licenses/by-nc/4.0/",
        "https://creativecommons.org/licenses/by-nc/4.0",
        "http://creativecommons.org/licenses/by-nc/4.0/",
        "https://www.creativecommons.org/licenses/by-nc/4.0/",
        "https://creativecommons.org/licenses/by-nc/4.0/legalcode",
        "https://creativecommons.org/licenses/by-nc/4.0/legalcode.en",
        "https://creativecommons.org/licenses/by-nc/4.0/deed.en",
        "https://CreativeCommons.org/licenses/by-nc/4.0/deed.de",
    ],
    "cc-by-nc-sa-4.0": [
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.en",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/legalcode",
    ],
    "cc-by-nc-nd-4.0": ["https://creativecommons.org/licenses/by-nc-nd/4.0/"],
    "cc-by-4.0": [
        "https://creativecommons.org/licenses/by/4.0/",
        "https://creativecommons.org/licenses/by/4.0/legalcode.txt",
        "https://creativecommons.org/licenses/by/4.0/deed.en",
    ],
    "cc-by-sa-4.0": ["https://creativecommons.org/licenses/by-sa/4.0/", "https://creativecommons.org/licenses/by-sa/4.0/deed.de"],
    "cc-by-sa-3.0": ["https://creativecommons.org/licenses/by-sa/3.0/", "https://creativecommons.org/licenses/by-sa/3.0/deed.en"],
    "cc0-1.0": ["https://creativecommons.org/publicdomain/zero/1.0/",
                "https://creativecommons.org/publicdomain/zero/1.0/legalcode.en"],
    "apache-2.0": [
        "https://www.apache.org/licenses/LICENSE-2.0",
        "http://www.apache.org/licenses/LICENSE-2.0",
        "https://www.apache.org/licenses/LICENSE-2.0.txt",
        "https://www.apache.org/licenses/LICENSE-2.0.html",
        "http://www.apache.org/licenses/LICENSE-2.0.html",
        "https://apache.org/licenses/LICENSE-2.0",
        "https://opensource.org/licenses/Apache-2.0",
        "https://opensource.org/license/apache-2-0/",
        "https://opensource.org/license/apache-2-0",
        "https://choosealicense.com/licenses/apache-2.0/",
        "https://spdx.org/licenses/Apache-2.0.html",
    ],
    "mit": [
        "https://opensource.org/licenses/MIT",
        "https://opensource.org/license/mit/",
        "https://opensource.org/license/mit",
        "http://www.opensource.org/licenses/mit-license.php",
        "https://opensource.org/licenses/mit-license.php",
        "https://choosealicense.com/licenses/mit/",
        "https://spdx.org/licenses/MIT.html",
    ],
    "bsd-3-clause": ["https://opensource.org/licenses/BSD-3-Clause", "https://opensource.org/license/bsd-3-clause/",
                     "https://spdx.org/licenses/BSD-3-Clause.html"],
    "bsd-2-clause": ["https://opensource.org/licenses/BSD-2-Clause", "https://opensource.org/license/bsd-2-clause/"],
    "gpl-3.0": ["https://www.gnu.org/licenses/gpl-3.0.html", "https://www.gnu.org/licenses/gpl-3.0.en.html",
                "https://www.gnu.org/licenses/gpl-3.0.txt", "http://www.gnu.org/licenses/gpl-3.0"],
    "gpl-2.0": ["https://www.gnu.org/licenses/old-licenses/gpl-2.0.html",
                "https://www.gnu.org/licenses/old-licenses/gpl-2.0.en.html"],
    "agpl-3.0": ["https://www.gnu.org/licenses/agpl-3.0.html", "https://www.gnu.org/licenses/agpl-3.0.en.html"],
    "lgpl-3.0": ["https://www.gnu.org/licenses/lgpl-3.0.html", "https://www.gnu.org/licenses/lgpl-3.0.en.html"],
}
LINK_CASES = [(link, expected) for expected, links in LICENSE_LINKS.items() for link in links]


@pytest.mark.parametrize(("link", "expected"), LINK_CASES)
def test_license_link_spellings(kb: KnowledgeBase, link: str, expected: str) -> None:
    assert ids(kb, {"license": "other", "license_link": link}) == (expected,)


def _variants(link: str) -> set[str]:
    """The same link as people paste it: scheme, ``www.``, trailing slash, case, HF blob/resolve/raw."""
    rest = link.split("://", 1)[1]
    host, _, path = rest.partition("/")
    bare = host.removeprefix("www.")
    out = set()
    for scheme in ("https://", "http://"):
        for h in {bare, "www." + bare} if not bare.startswith(("huggingface.co", "github.com", "raw.")) else {bare}:
            for tail in (path, path.rstrip("/") + "/", path.rstrip("/")):
                out.add(f"{scheme}{h}/{tail}")
    out.add(link.upper() if "huggingface.co" not in link and "github" not in link else link)
    if "/blob/main/" in link:
        hub = "huggingface.co/" in link
        for kind in ("blob", "resolve", "raw") if hub else ("blob", "raw"):
            for rev in ("main", "master", "HEAD", "0123456789abcdef0123456789abcdef01234567"):
                out.add(link.replace("/blob/main/", f"/{kind}/{rev}/"))
        if hub:
            out.add(link.replace("/blob/main/", "/resolve/main/") + "?download=true")
    return out


@pytest.mark.parametrize(("link", "expected"), LINK_CASES)
def test_license_link_variants(kb: KnowledgeBase, link: str, expected: str) -> None:
    wrong = {}
    for variant in sorted(_variants(link)):
        found = lookup_value(kb, variant)
        if found is None or found.id != expected:
            wrong[variant] = found.id if found else None
    assert not wrong


def test_url_normalisation_is_revision_and_scheme_agnostic() -> None:
    base = normalize_url("https://huggingface.co/org/repo/blob/main/LICENSE")
    for other in ("http://www.huggingface.co/org/repo/resolve/main/LICENSE?download=true",
                  "https://huggingface.co/org/repo/raw/3f2a9c1/LICENSE", "https://hf.co/org/repo/blob/v1.0/LICENSE",
                  "https://huggingface.co/org/repo/blob/main/LICENSE.txt", "HTTPS://HUGGINGFACE.CO/ORG/REPO/BLOB/MAIN/LICENSE/"):
        assert normalize_url(other) == base, other
    gh = normalize_url("https://github.com/org/repo/blob/main/LICENSE-MODEL")
    for other in ("https://github.com/org/repo/blob/HEAD/LICENSE-MODEL", "https://github.com/org/repo/raw/master/LICENSE-MODEL",
                  "https://raw.githubusercontent.com/org/repo/main/LICENSE-MODEL",
                  "https://raw.githubusercontent.com/org/repo/refs/heads/main/LICENSE-MODEL"):
        assert normalize_url(other) == gh, other
    assert normalize_url("https://x.org/a%20b") == normalize_url("https://x.org/a b")


# -- whole cards, as real repos write them --------------------------------------------------------------------

REAL_CARDS: list[tuple[str, dict[str, Any], str]] = [
    ("Llama 3 fine-tune", {"license": "other", "license_name": "llama3", "license_link": "LICENSE"}, "llama3"),
    ("Llama 3 fine-tune linking Meta's repo", {"license": "other", "license_name": "llama3",
     "license_link": "https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/LICENSE"}, "llama3"),
    ("Llama 3 merge", {"license": "other", "license_name": "llama-3",
                       "license_link": "https://llama.meta.com/llama3/license"}, "llama3"),
    ("Llama 3.1 fine-tune", {"license": "other", "license_name": "llama3.1-community",
     "license_link": "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE"}, "llama3.1"),
    ("Llama 3.1 quant", {"license": "llama3.1", "license_link": "https://www.llama.com/llama3_1/license/"}, "llama3.1"),
    ("Llama 3.2 fine-tune", {"license": "other", "license_name": "llama3.2",
     "license_link": "https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/LICENSE.txt"}, "llama3.2"),
    ("Llama 3.3 fine-tune", {"license": "other", "license_name": "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT",
     "license_link": "https://www.llama.com/llama3_3/license/"}, "llama3.3"),
    ("unrecognised name, known link", {"license": "other", "license_name": "custom-llama3-terms",
     "license_link": "https://llama.meta.com/llama3/license"}, "llama3"),
    ("Gemma fine-tune", {"license": "other", "license_name": "gemma-terms-of-use",
     "license_link": "https://ai.google.dev/gemma/terms"}, "gemma"),
    ("Gemma quant", {"license": "gemma", "license_link": "https://ai.google.dev/gemma/terms"}, "gemma"),
    ("Qwen2.5-72B-Instruct", {"license": "other", "license_name": "qwen",
     "license_link": "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE"}, "qwen"),
    ("Qwen2.5-3B", {"license": "other", "license_name": "qwen-research",
     "license_link": "https://huggingface.co/Qwen/Qwen2.5-3B/blob/main/LICENSE"}, "qwen-research"),
    ("Qwen2.5-7B-Instruct", {"license": "apache-2.0",
     "license_link": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE"}, "apache-2.0"),
    ("Qwen1.5-72B-Chat", {"license": "other", "license_name": "tongyi-qianwen",
     "license_link": "https://huggingface.co/Qwen/Qwen1.5-72B-Chat/blob/main/LICENSE"}, "tongyi-qianwen"),
    ("Qwen-7B", {"license": "other", "license_name": "tongyi-qianwen-license-agreement",
     "license_link": "https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT"}, "tongyi-qianwen"),
    ("Qwen1.5-0.5B-Chat", {"license": "other", "license_name": "tongyi-qianwen-research",
     "license_link": "https://huggingface.co/Qwen/Qwen1.5-0.5B-Chat/blob/main/LICENSE"}, "tongyi-qianwen-research"),
    ("DeepSeek-V2", {"license": "other", "license_name": "deepseek",
     "license_link": "https://github.com/deepseek-ai/DeepSeek-V2/blob/main/LICENSE-MODEL"}, "deepseek"),
    ("deepseek-llm-7b-base", {"license": "other", "license_name": "deepseek",
     "license_link": "https://github.com/deepseek-ai/DeepSeek-LLM/blob/HEAD/LICENSE-MODEL"}, "deepseek"),
    ("deepseek-coder-6.7b-instruct", {"license": "other", "license_name": "deepseek-license",
                                      "license_link": "LICENSE"}, "deepseek"),
    ("Mistral-Large-Instruct-2407", {"license": "other", "license_name": "mrl",
     "license_link": "https://mistral.ai/licenses/MRL-0.1.md"}, "mrl"),
    ("Codestral-22B-v0.1", {"license": "other", "license_name": "mnpl",
     "license_link": "https://mistral.ai/licences/MNPL-0.1.md"}, "mnpl"),
    ("Falcon-180B copy", {"license": "other", "license_name": "falcon-180b-license",
     "license_link": "https://huggingface.co/spaces/tiiuae/falcon-180b-license/blob/main/LICENSE.txt"}, "falcon-180b"),
    ("dbrx-instruct", {"license": "other", "license_name": "databricks-open-model-license",
     "license_link": "https://www.databricks.com/legal/open-model-license"}, "dbrx"),
    ("Nemotron-4-340B-Instruct", {"license": "other", "license_name": "nvidia-open-model-license",
     "license_link": "https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-june-2024.pdf"},
     "nvidia-open-model"),
    ("stable-diffusion-3.5-large", {"license": "other", "license_name": "stabilityai-ai-community",
                                    "license_link": "LICENSE.md"}, "stability-ai-community"),
    ("Yi-34B (2023 card)", {"license": "other", "license_name": "yi-license", "license_link": "LICENSE"}, "yi"),
    ("Yi fine-tune (2023)", {"license": "other", "license_name": "yi-license",
     "license_link": "https://huggingface.co/01-ai/Yi-34B/blob/main/LICENSE"}, "yi"),
    ("glm-4-9b-chat", {"license": "other", "license_name": "glm-4",
     "license_link": "https://huggingface.co/THUDM/glm-4-9b-chat/blob/main/LICENSE"}, "glm-4"),
    ("AI21-Jamba-1.5-Mini", {"license": "other", "license_name": "jamba-open-model-license",
     "license_link": "https://www.ai21.com/jamba-open-model-license/"}, "jamba-open-model"),
    ("c4ai-command-r-plus", {"license": "cc-by-nc-4.0"}, "cc-by-nc-4.0"),
    ("stable-diffusion-v1-5", {"license": "creativeml-openrail-m"}, "creativeml-openrail-m"),
    ("stable-diffusion-xl-base-1.0", {"license": "openrail++"}, "openrail++"),
    ("starcoder", {"license": "bigcode-openrail-m"}, "bigcode-openrail-m"),
    ("bloom", {"license": "bigscience-bloom-rail-1.0"}, "bigscience-bloom-rail-1.0"),
    ("bloomz", {"license": "bigscience-openrail-m"}, "bigscience-openrail-m"),
    ("generic openrail", {"license": "openrail"}, "openrail"),
]


@pytest.mark.parametrize(("what", "card", "expected"), REAL_CARDS, ids=[c[0] for c in REAL_CARDS])
def test_real_card_shapes(kb: KnowledgeBase, what: str, card: dict[str, Any], expected: str) -> None:
    assert ids(kb, card) == (expected,), what


def test_hub_tags_agree_with_card(kb: KnowledgeBase) -> None:
    card = {"license": "other", "license_name": "llama3.1", "license_link": "LICENSE"}
    assert ids(kb, card, tags=["license:other", "text-generation"]) == ("llama3.1",)
    assert ids(kb, {}, tags=["license:llama3.2"]) == ("llama3.2",)
    assert ids(kb, {"license": ["llama3.1", "apache-2.0"]}) == ("llama3.1", "apache-2.0")


# -- LICENSE / NOTICE / USE_POLICY openings ------------------------------------------------------------------

OPENINGS: list[tuple[str, str, str]] = [
    ("llama2", "LICENSE.txt", "LLAMA 2 COMMUNITY LICENSE AGREEMENT\t\nLlama 2 Version Release Date: July 18, 2023\n\n"
     "\"Agreement\" means the terms and conditions for use, reproduction, distribution and modification"),
    ("llama3", "LICENSE", "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\nMeta Llama 3 Version Release Date: April 18, 2024\n"
     "“Agreement” means the terms and conditions for use, reproduction, distribution and modification"),
    ("llama3.1", "LICENSE", "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n"),
    ("llama3.2", "LICENSE.txt",
     "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024\n"),
    ("llama3.3", "LICENSE", "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT\nLlama 3.3 Version Release Date: December 6, 2024\n"),
    ("llama4", "LICENSE", "LLAMA 4 COMMUNITY LICENSE AGREEMENT\nLlama 4 Version Effective Date: April 5, 2025\n"),
    ("llama3", "USE_POLICY.md", "# Meta Llama 3 Acceptable Use Policy\n\nMeta is committed to promoting safe and fair "
     "use of its tools and features, including Meta Llama 3."),
    ("llama3.1", "USE_POLICY.md", "# Llama 3.1 Acceptable Use Policy\n\nMeta is committed to promoting safe and fair use "
     "of its tools and features, including Llama 3.1."),
    ("llama3.2", "USE_POLICY.md", "**Llama 3.2** **Acceptable Use Policy**\n\nMeta is committed to promoting safe and "
     "fair use of its tools and features, including Llama 3.2."),
    ("llama3.2", "NOTICE", "Llama 3.2 is licensed under the Llama 3.2 Community License, Copyright © Meta Platforms, "
     "Inc. All Rights Reserved.\n"),
    ("gemma", "LICENSE", "Gemma Terms of Use\n\nLast modified: February 21, 2024\n"),
    ("gemma", "NOTICE",
     "Gemma is provided under and subject to the Gemma Terms of Use found at ai.google.dev/gemma/terms\n"),
    ("qwen", "LICENSE", "Qwen LICENSE AGREEMENT\n\nQwen LICENSE AGREEMENT Release Date: September 19, 2024\n\n"
     "By clicking to agree or by using or distributing any portion or element of the Qwen Materials"),
    ("qwen-research", "LICENSE", "Qwen RESEARCH LICENSE AGREEMENT\n\nQwen RESEARCH LICENSE AGREEMENT Release Date: "
     "September 19, 2024\n\nBy clicking to agree or by using or distributing any portion or element of the Qwen Materials"),
    ("tongyi-qianwen", "LICENSE", "Tongyi Qianwen LICENSE AGREEMENT\n\nTongyi Qianwen Release Date: August 3, 2023\n\n"
     "By clicking to agree or by using or distributing any portion or element of the Tongyi Qianwen Materials"),
    ("tongyi-qianwen-research", "LICENSE", "Tongyi Qianwen RESEARCH LICENSE AGREEMENT\n\nTongyi Qianwen Release Date: "
     "November 30, 2023\n"),
    ("deepseek", "LICENSE-MODEL", "DEEPSEEK LICENSE AGREEMENT\n\nVersion 1.0, 23 October 2023\n\n"
     "Copyright (c) 2023 DeepSeek\n\nSection I: PREAMBLE\n"),
    ("mit", "LICENSE", "MIT License\n\nCopyright (c) 2023 DeepSeek\n\nPermission is hereby granted, free of charge, to any "
     "person obtaining a copy\nof this software"),
    ("mrl", "LICENSE.md", "# Mistral AI Research License\n\nIf You want to use a Mistral Model, a Derivative or an Output "
     "for any purpose that is not expressly authorized under this Agreement"),
    ("mnpl", "LICENSE", "# Mistral AI Non-Production License\n\n## 1. Scope and acceptance\n"),
    ("falcon-180b", "LICENSE.txt", "FALCON 180B TII LICENSE VERSION 1.0\nSeptember 2023\n\nThis license is based on the "
     "Apache License, Version 2.0 with some extra terms."),
    ("dbrx", "LICENSE", "Databricks Open Model License\n\nBy using, reproducing, modifying, distributing, performing or "
     "displaying any portion or element of DBRX or DBRX Derivatives"),
    ("nvidia-open-model", "LICENSE", "NVIDIA OPEN MODEL LICENSE AGREEMENT\n\nLast Modified: June 14, 2024\n"),
    ("stability-ai-community", "LICENSE.md", "STABILITY AI COMMUNITY LICENSE AGREEMENT\n\nLast Updated: July 5, 2024\n"),
    ("jamba-open-model", "LICENSE", "Jamba Open Model License Agreement\n\nThis Jamba Open Model License Agreement"),
    ("yi", "LICENSE", "Yi Series Models Community License Agreement\nVersion: 2.1\nDate of Release: November 23, 2023\n"),
    ("glm-4", "LICENSE", "The glm-4-9b License\n\n1. Definitions\n"),
    ("bigscience-bloom-rail-1.0", "LICENSE", "BigScience RAIL License v1.0\ndated May 19, 2022\n"),
    ("bigscience-openrail-m", "LICENSE", "BigScience Open RAIL-M License\ndated August 18, 2022\n"),
    ("creativeml-openrail-m", "LICENSE", "Copyright (c) 2022 Robin Rombach and Patrick Esser and contributors\n\n"
     "CreativeML Open RAIL-M\ndated August 22, 2022\n"),
    ("openrail++", "LICENSE.md",
     "Copyright (c) 2023 Stability AI CREATIVEML OPEN RAIL++-M LICENSE dated November 24, 2022\n"),
    ("bigcode-openrail-m", "LICENSE", "BigCode Open RAIL-M v1 License Agreement\n"),
    ("cc-by-nc-4.0", "LICENSE", "Attribution-NonCommercial 4.0 International\n\n====================================\n\n"
     "Creative Commons Corporation (\"Creative Commons\") is not a law firm"),
    ("cc-by-4.0", "LICENSE", "Attribution 4.0 International\n\n=======\n\nCreative Commons Attribution 4.0 International "
     "Public License\n"),
    ("cc-by-sa-4.0", "LICENSE", "Attribution-ShareAlike 4.0 International\n\nCreative Commons Attribution-ShareAlike 4.0 "
     "International Public License\n"),
    ("apache-2.0", "LICENSE", "                                 Apache License\n                           Version 2.0, "
     "January 2004\n                        http://www.apache.org/licenses/\n"),
    ("apache-2.0", "LICENSE", "Copyright 2024 Acme\n\nLicensed under the Apache License, Version 2.0 (the \"License\");\n"),
    ("mit", "LICENSE", "The MIT License (MIT)\n\nCopyright (c) 2024 Acme\n"),
    ("bsd-3-clause", "LICENSE", "BSD 3-Clause License\n\nCopyright (c) 2024, Acme\n\n3. Neither the name of the copyright "
     "holder nor the names of its contributors may be used to endorse or promote products"),
    ("gpl-3.0", "COPYING", "                    GNU GENERAL PUBLIC LICENSE\n"
     "                       Version 3, 29 June 2007\n\n"
     "                            Preamble\n\n  The GNU General Public License is a free, copyleft license for\n"
     "software and other kinds of works."),
]


@pytest.mark.parametrize(("expected", "filename", "text"), OPENINGS, ids=[f"{o[0]}-{o[1]}" for o in OPENINGS])
def test_licence_file_openings(kb: KnowledgeBase, expected: str, filename: str, text: str) -> None:
    assert [lic.id for lic in identify_text(kb, text)] == [expected]
    assert ids(kb, {"license": "other", "license_link": filename}, files={filename: text}) == (expected,)
    assert ids(kb, {}, files={filename: text}) == (expected,)


def test_unknown_name_resolved_by_the_licence_file(kb: KnowledgeBase) -> None:
    card = {"license": "other", "license_name": "acme-llama-terms", "license_link": "LICENSE"}
    assert ids(kb, card, files={"LICENSE": OPENINGS[2][2]}) == ("llama3.1",)


# -- what must stay unknown -----------------------------------------------------------------------------------

STAY_UNKNOWN: list[tuple[str, dict[str, Any]]] = [
    # A fine-tune's or re-upload's own LICENSE file: nothing says which licence it holds.
    ("fine-tune's own LICENSE", {"license": "other",
                                 "license_link": "https://huggingface.co/someone/llama-3-8b-finetune/blob/main/LICENSE"}),
    ("re-upload's own LICENSE", {"license": "other",
                                 "license_link": "https://huggingface.co/unsloth/Meta-Llama-3.1-8B-Instruct/blob/main/LICENSE"}),
    ("copy under another org", {"license": "other",
                                "license_link": "https://huggingface.co/someone/Qwen2.5-72B-Instruct/blob/main/LICENSE"}),
    # Official repos whose LICENSE is not the family's custom licence (Apache / MIT files).
    ("Qwen2.5-7B-Instruct is Apache", {"license": "other",
     "license_link": "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/main/LICENSE"}),
    ("Qwen2.5-32B is not the 3B", {"license": "other",
     "license_link": "https://huggingface.co/Qwen/Qwen2.5-32B-Instruct/blob/main/LICENSE"}),
    ("GLM-4-9B-0414 is MIT", {"license": "other",
     "license_link": "https://huggingface.co/THUDM/GLM-4-9B-0414/blob/main/LICENSE"}),
    ("Yi-34B's LICENSE is Apache since 2024-05", {"license": "other",
     "license_link": "https://huggingface.co/01-ai/Yi-34B/blob/main/LICENSE"}),
    ("DeepSeek-R1 LICENSE (not LICENSE-MODEL)", {"license": "other",
     "license_link": "https://github.com/deepseek-ai/DeepSeek-R1/blob/main/LICENSE"}),
    # Licences the knowledge base does not hold, with names close to ones it does.
    ("MIT-0", {"license": "other", "license_link": "https://opensource.org/license/mit-0"}),
    ("Llama, version not stated", {"license": "other", "license_name": "meta-llama-license"}),
    ("Llama, version not stated (bare)", {"license": "other", "license_name": "llama"}),
    ("Llama, version not stated (LLaMA License)", {"license": "other", "license_name": "LLaMA License"}),
    ("Playground v2.5 (a different text)", {"license": "other", "license_name": "playground-v2dot5-community"}),
    ("HunyuanWorld (a different text)", {"license": "other",
                                         "license_name": "tencent-hunyuanworld-mirror-community"}),
    ("EXAONEPath (a different text)", {"license": "other", "license_name": "exaonepath"}),
    ("a Google repo outside the known Gemma releases", {"license": "other",
     "license_link": "https://huggingface.co/google/gemma-4-e4b-it/blob/main/LICENSE"}),
]


@pytest.mark.parametrize(("what", "card"), STAY_UNKNOWN, ids=[c[0] for c in STAY_UNKNOWN])
def test_stays_unknown(kb: KnowledgeBase, what: str, card: dict[str, Any]) -> None:
    declared = identify_declared(read_evidence(record(card)), kb)
    assert declared.ids == (UNKNOWN,), (what, declared.identified)
    assert declared.identified[0].raw


def test_qwen_texts_do_not_cross_match(kb: KnowledgeBase) -> None:
    research = dict((o[0], o[2]) for o in OPENINGS if o[1] == "LICENSE")
    assert [lic.id for lic in identify_text(kb, research["qwen-research"])] == ["qwen-research"]
    assert [lic.id for lic in identify_text(kb, research["tongyi-qianwen-research"])] == ["tongyi-qianwen-research"]


# -- the knowledge base's repository links stay inside the licensor's own namespace ---------------------------


def _namespace(key: str) -> str | None:
    parts = key.split("/")
    if parts[0] in ("huggingface.co", "github.com") and len(parts) > 2:
        return parts[2] if parts[1] in ("spaces", "datasets") else parts[1]
    return None


def test_repository_links_and_patterns_belong_to_the_licensor(kb: KnowledgeBase) -> None:
    """A link into a model repository only identifies a licence when the repository is the licensor's own
    (``meta-llama/Llama-3.1-*``, ``Qwen/Qwen2.5-72B*``): never a pattern that a fine-tune's repo could match."""
    for key, lic in kb.url_patterns:
        owner = _namespace(key)
        assert owner is not None and "*" not in owner, (lic.id, key)
        assert owner in {o.lower() for o in lic.licensor_orgs}, (lic.id, key)
    for key, lic in kb.by_url.items():
        owner = _namespace(key)
        not_a_repo = ("huggingface.co/spaces/", "huggingface.co/blog/")
        hub_model = key.startswith("huggingface.co/") and not key.startswith(not_a_repo)
        if owner is not None and hub_model:
            assert owner in {o.lower() for o in lic.licensor_orgs}, (lic.id, key)


def test_url_patterns_do_not_overlap_another_licence(kb: KnowledgeBase) -> None:
    from fnmatch import fnmatchcase

    for key, lic in kb.url_patterns:
        for other_key, other in (*kb.by_url.items(), *kb.url_patterns):
            if other.id != lic.id:
                assert not fnmatchcase(other_key, key), (lic.id, key, other.id, other_key)
