"""Tests for the code-base scanner (modelaudit.scan): detectors, plausibility rules and the walker."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from modelaudit.scan import ModelReference, ScanResult, is_plausible_repo_id, scan_path, scan_text

FIXTURES = Path(__file__).parent / "fixtures" / "scan"
SAMPLE = FIXTURES / "sample"
FALSE_POSITIVES = FIXTURES / "false_positives"


def found(refs: list[ModelReference] | tuple[ModelReference, ...]) -> list[tuple[str, str | None, str]]:
    """(repo_id, revision, kind) in order, the part of a reference most tests care about."""
    return [(r.repo_id, r.revision, r.kind) for r in refs]


def assert_located(text: str, refs: list[ModelReference] | tuple[ModelReference, ...]) -> None:
    """Every reference's line and column point at the first character of its id in ``text``."""
    lines = text.split("\n")
    for ref in refs:
        assert lines[ref.line - 1][ref.column - 1 :].startswith(ref.repo_id), ref


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------
# The sample code base
# ------------------------------------------------------------------------------------------------

SAMPLE_EXPECTED = {
    (".env", 1, "env", "Qwen/Qwen2.5-7B-Instruct", None),
    (".github/workflows/ci.yml", 9, "cli-flag", "Qwen/Qwen2.5-0.5B-Instruct", None),
    ("Dockerfile", 2, "env", "meta-llama/Llama-3.1-8B-Instruct", None),
    ("Dockerfile", 4, "hf-cli", "BAAI/bge-small-en-v1.5", None),
    ("README.md", 3, "url", "meta-llama/Llama-3.1-8B-Instruct", None),
    ("app/config.py", 5, "config-key", "meta-llama/Llama-3.1-8B-Instruct", None),
    ("app/config.py", 6, "env", "BAAI/bge-small-en-v1.5", None),
    ("app/retrieval.py", 7, "sentence_transformers", "BAAI/bge-small-en-v1.5", None),
    ("app/retrieval.py", 8, "sentence_transformers", "cross-encoder/ms-marco-MiniLM-L-6-v2", None),
    ("app/retrieval.py", 9, "inference_client", "HuggingFaceH4/zephyr-7b-beta", None),
    ("app/retrieval.py", 11, "hf_hub_download", "TheBloke/Mistral-7B-Instruct-v0.2-GGUF", None),
    ("app/retrieval.py", 12, "snapshot_download", "sentence-transformers/all-MiniLM-L6-v2", "v1.0"),
    (
        "app/serve.py",
        6,
        "from_pretrained",
        "mistralai/Mistral-7B-Instruct-v0.3",
        "7e9fd8a5c4b3e1f0a9d8c7b6a5f4e3d2c1b0a9f8",
    ),
    ("app/serve.py", 17, "from_pretrained", "acme/support-lora", None),
    ("app/serve.py", 23, "pipeline", "distilbert/distilbert-base-uncased-finetuned-sst-2-english", None),
    ("app/serve.py", 26, "pipeline", "facebook/bart-large-cnn", "main"),
    ("configs/finetune.yaml", 1, "config-key", "meta-llama/Llama-3.1-8B", None),
    ("configs/finetune.yaml", 2, "config-key", "meta-llama/Llama-3.1-8B", None),
    ("deploy/k8s.yaml", 11, "env", "tiiuae/falcon-7b-instruct", None),
    ("docker-compose.yml", 4, "cli-flag", "HuggingFaceH4/zephyr-7b-beta", None),
    ("docker-compose.yml", 9, "cli-flag", "mistralai/Mistral-7B-Instruct-v0.3", None),
    ("docker-compose.yml", 11, "env", "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", None),
    ("notebooks/explore.ipynb", 8, "url", "BAAI/bge-small-en-v1.5", None),
    ("notebooks/explore.ipynb", 15, "hf-cli", "google/gemma-2-2b-it", None),
    ("notebooks/explore.ipynb", 28, "sentence_transformers", "sentence-transformers/all-mpnet-base-v2", None),
    ("notebooks/explore.ipynb", 53, "pipeline", "dslim/bert-base-NER", None),
    ("scripts/download.sh", 3, "hf-cli", "meta-llama/Llama-3.1-8B-Instruct", None),
    ("scripts/download.sh", 4, "hf-cli", "BAAI/bge-reranker-v2-m3", "v2.0"),
    (
        "scripts/serve.sh",
        4,
        "vllm",
        "mistralai/Mistral-7B-Instruct-v0.3",
        "7e9fd8a5c4b3e1f0a9d8c7b6a5f4e3d2c1b0a9f8",
    ),
    ("scripts/serve.sh", 7, "cli-flag", "Qwen/Qwen2.5-0.5B-Instruct", None),
}


@pytest.fixture(scope="module")
def sample_result() -> ScanResult:
    return scan_path(SAMPLE)


def test_sample_repo_finds_exactly_the_expected_references(sample_result: ScanResult) -> None:
    got = {(r.path, r.line, r.kind, r.repo_id, r.revision) for r in sample_result.references}
    assert got == SAMPLE_EXPECTED
    assert len(sample_result.references) == len(SAMPLE_EXPECTED)  # no duplicates hiding in the set
    assert sample_result.errors == ()
    assert sample_result.files_skipped == 0
    # every text file in the fixture is scanned (the .gitignore itself included)
    on_disk = [p for p in SAMPLE.rglob("*") if p.is_file()]
    assert sample_result.files_scanned == len(on_disk)
    assert sample_result.root == str(SAMPLE.resolve())


def test_sample_columns_point_at_the_id(sample_result: ScanResult) -> None:
    for ref in sample_result.references:
        line = (SAMPLE / ref.path).read_text(encoding="utf-8").split("\n")[ref.line - 1]
        assert line[ref.column - 1 :].startswith(ref.repo_id), ref
        assert ref.snippet and len(ref.snippet) <= 200
        if not ref.path.endswith(".ipynb"):
            assert ref.snippet == line.strip()


def test_sample_models_and_locations(sample_result: ScanResult) -> None:
    models = sample_result.models()
    assert models == [
        "Qwen/Qwen2.5-7B-Instruct",
        "Qwen/Qwen2.5-0.5B-Instruct",
        "meta-llama/Llama-3.1-8B-Instruct",
        "BAAI/bge-small-en-v1.5",
        "cross-encoder/ms-marco-MiniLM-L-6-v2",
        "HuggingFaceH4/zephyr-7b-beta",
        "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
        "sentence-transformers/all-MiniLM-L6-v2@v1.0",
        "mistralai/Mistral-7B-Instruct-v0.3@7e9fd8a5c4b3e1f0a9d8c7b6a5f4e3d2c1b0a9f8",
        "acme/support-lora",
        "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        "facebook/bart-large-cnn@main",
        "meta-llama/Llama-3.1-8B",
        "tiiuae/falcon-7b-instruct",
        "mistralai/Mistral-7B-Instruct-v0.3",
        "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF",
        "google/gemma-2-2b-it",
        "sentence-transformers/all-mpnet-base-v2",
        "dslim/bert-base-NER",
        "BAAI/bge-reranker-v2-m3@v2.0",
    ]
    assert [(r.path, r.line) for r in sample_result.locations("BAAI/bge-small-en-v1.5")] == [
        ("Dockerfile", 4),
        ("app/config.py", 6),
        ("app/retrieval.py", 7),
        ("notebooks/explore.ipynb", 8),
    ]
    # a pinned revision is its own model; the unpinned spelling does not match it
    assert [r.path for r in sample_result.locations("mistralai/Mistral-7B-Instruct-v0.3")] == ["docker-compose.yml"]
    pinned = sample_result.locations("mistralai/Mistral-7B-Instruct-v0.3@7e9fd8a5c4b3e1f0a9d8c7b6a5f4e3d2c1b0a9f8")
    assert [r.path for r in pinned] == ["app/serve.py", "scripts/serve.sh"]
    assert sample_result.locations("nobody/nothing") == ()


def test_datasets_and_push_targets_in_sample_are_not_models(sample_result: ScanResult) -> None:
    ids = {r.repo_id for r in sample_result.references}
    assert not ids & {"tatsu-lab/alpaca", "acme/faq-corpus", "acme/llama-sft", "acme/support-demo", "acme/support-bot"}


# ------------------------------------------------------------------------------------------------
# False positives
# ------------------------------------------------------------------------------------------------


def test_false_positive_corpus_yields_nothing() -> None:
    result = scan_path(FALSE_POSITIVES)
    assert result.references == ()
    assert result.files_scanned == len([p for p in FALSE_POSITIVES.iterdir() if p.is_file()])
    assert result.errors == ()


@pytest.mark.parametrize(
    "value",
    [
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-0.5B",
        "openai/gpt-oss-20b",
        "google/gemma-2-2b-it",
        "BAAI/bge-small-en-v1.5",
        "TheBloke/Llama-2-7B-GGUF",
        "01-ai/Yi-34B",
        "org/name@v1.0",
        "org/name@refs/pr/1",
        "microsoft/phi-1_5",
    ],
)
def test_plausible_repo_ids(value: str) -> None:
    assert is_plausible_repo_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "./models/x",
        "data/train.csv",
        "src/app",
        "models/llama",
        "org/model.safetensors",
        "org/weights.gguf",
        "configs/train.yaml",
        "scripts/run.py",
        "notes/todo.txt",
        "/abs/path",
        "~/x",
        "1/2",
        "10/2024",
        "1.0/2.0",
        "https://github.com/org/repo",
        "http://example.com/a",
        "application/json",
        "text/plain",
        "image/png",
        "origin/main",
        "upstream/feature-x",
        "and/or",
        "n/a",
        "i/o",
        "w/o",
        "km/h",
        "tokens/sec",
        "GB/month",
        "api/v1",
        "openai/gpt-4o",
        "org/name/extra",
        "org/",
        "/name",
        "org/-name",
        "org/name.",
        "org/na..me",
        "org/na--me",
        "org name/x",
        "a" * 97 + "/name",
        "",
        "gpt2",
    ],
)
def test_implausible_repo_ids(value: str) -> None:
    assert not is_plausible_repo_id(value)


# ------------------------------------------------------------------------------------------------
# Python
# ------------------------------------------------------------------------------------------------


def test_python_from_pretrained_forms() -> None:
    code = """\
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer
a = AutoModel.from_pretrained("google-bert/bert-base-uncased")
b = AutoModelForCausalLM.from_pretrained(pretrained_model_name_or_path="microsoft/phi-2")
c = transformers.AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B@v2")
d = AutoModel.from_pretrained("gpt2")
e = Llama.from_pretrained(repo_id="bartowski/Llama-3.2-1B-Instruct-GGUF", filename="*Q4_K_M.gguf")
f = AutoModel.from_pretrained("https://huggingface.co/google/flan-t5-base")
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [
        ("google-bert/bert-base-uncased", None, "from_pretrained"),
        ("microsoft/phi-2", None, "from_pretrained"),
        ("Qwen/Qwen2.5-0.5B", "v2", "from_pretrained"),
        ("gpt2", None, "from_pretrained"),
        ("bartowski/Llama-3.2-1B-Instruct-GGUF", None, "from_pretrained"),
        ("google/flan-t5-base", None, "from_pretrained"),  # one reference, not an extra "url" one
    ]
    assert [r.line for r in refs] == [2, 3, 4, 5, 6, 7]
    assert_located(code, refs)
    assert refs[0].column == 32


def test_python_multiline_call_with_revision_and_constants() -> None:
    code = """\
MODEL_ID = "mistralai/Mistral-7B-Instruct-v0.3"
REVISION = "abc1234"

def load():
    return AutoModelForCausalLM.from_pretrained(
        MODEL_ID,
        revision=REVISION,
        device_map="auto",
    )
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [("mistralai/Mistral-7B-Instruct-v0.3", "abc1234", "from_pretrained")]
    # the location is the literal itself: that is the line to change
    assert (refs[0].line, refs[0].column, refs[0].snippet) == (1, 13, 'MODEL_ID = "mistralai/Mistral-7B-Instruct-v0.3"')


def test_python_local_constant_and_parameter_default_resolve() -> None:
    code = """\
def main(model_name="BAAI/bge-m3"):
    local_id = "intfloat/e5-large-v2"
    enc = SentenceTransformer(local_id)
    other = SentenceTransformer(model_name)
"""
    assert found(scan_text(code, "m.py")) == [
        ("BAAI/bge-m3", None, "sentence_transformers"),
        ("intfloat/e5-large-v2", None, "sentence_transformers"),
    ]


def test_python_ambiguous_constant_is_not_resolved() -> None:
    code = """\
name = "acme/first-model"
name = "acme/second-model"
m = AutoModel.from_pretrained(name)
"""
    # `name` is not a model-ish key and has two values, so neither literal may be reported
    assert scan_text(code, "m.py") == []


def test_python_pipeline_forms() -> None:
    code = """\
p1 = pipeline("text-generation", model="Qwen/Qwen2.5-1.5B-Instruct", revision="r1")
p2 = pipeline("sentiment-analysis", "distilbert/distilbert-base-uncased-finetuned-sst-2-english")
p3 = pipeline(model="openai/whisper-large-v3")
p4 = pipeline(
    task="summarization",
    model="facebook/bart-large-cnn",
    tokenizer="facebook/bart-large-cnn",
)
p5 = pipeline("ner")
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [
        ("Qwen/Qwen2.5-1.5B-Instruct", "r1", "pipeline"),
        ("distilbert/distilbert-base-uncased-finetuned-sst-2-english", None, "pipeline"),
        ("openai/whisper-large-v3", None, "pipeline"),
        ("facebook/bart-large-cnn", None, "pipeline"),
        ("facebook/bart-large-cnn", None, "pipeline"),
    ]
    assert [r.line for r in refs] == [1, 2, 3, 6, 7]


def test_python_hub_downloads() -> None:
    code = """\
from huggingface_hub import hf_hub_download, snapshot_download
a = hf_hub_download("TheBloke/Llama-2-7B-GGUF", "llama-2-7b.Q4_K_M.gguf")
b = hf_hub_download(repo_id="stabilityai/sdxl-turbo", filename="model.safetensors", revision="fp16")
c = snapshot_download("BAAI/bge-small-en-v1.5")
d = snapshot_download(repo_id="meta-llama/Llama-3.2-1B", revision="main", allow_patterns=["*.json"])
e = huggingface_hub.snapshot_download(repo_id="acme/corpus", repo_type="dataset")
f = hf_hub_download(repo_id="acme/demo", filename="app.py", repo_type="space")
g = hf_hub_download(repo_id="acme/model-x", filename="config.json", repo_type="model")
"""
    assert found(scan_text(code, "m.py")) == [
        ("TheBloke/Llama-2-7B-GGUF", None, "hf_hub_download"),
        ("stabilityai/sdxl-turbo", "fp16", "hf_hub_download"),
        ("BAAI/bge-small-en-v1.5", None, "snapshot_download"),
        ("meta-llama/Llama-3.2-1B", "main", "snapshot_download"),
        ("acme/model-x", None, "hf_hub_download"),
    ]


def test_python_other_loaders() -> None:
    code = """\
from vllm import LLM
from huggingface_hub import InferenceClient
from peft import PeftModel
llm = LLM(model="meta-llama/Llama-3.1-8B-Instruct", tensor_parallel_size=2)
llm2 = LLM("Qwen/Qwen2.5-7B-Instruct")
client = InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")
client2 = InferenceClient("mistralai/Mistral-Nemo-Instruct-2407")
enc = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", device="cpu")
rer = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
peft = PeftModel.from_pretrained(base, "acme/support-lora")
base.load_adapter("acme/other-lora", adapter_name="x")
emb = HuggingFaceEmbeddings(model_name="BAAI/bge-base-en-v1.5")
timm_model = timm.create_model("hf-hub:timm/vit_base_patch16_224.augreg_in21k")
"""
    assert found(scan_text(code, "m.py")) == [
        ("meta-llama/Llama-3.1-8B-Instruct", None, "vllm"),
        ("Qwen/Qwen2.5-7B-Instruct", None, "vllm"),
        ("HuggingFaceH4/zephyr-7b-beta", None, "inference_client"),
        ("mistralai/Mistral-Nemo-Instruct-2407", None, "inference_client"),
        ("sentence-transformers/all-MiniLM-L6-v2", None, "sentence_transformers"),
        ("cross-encoder/ms-marco-MiniLM-L-6-v2", None, "sentence_transformers"),
        ("acme/support-lora", None, "from_pretrained"),
        ("acme/other-lora", None, "adapter"),
        ("BAAI/bge-base-en-v1.5", None, "model-kwarg"),
        ("timm/vit_base_patch16_224.augreg_in21k", None, "hub-uri"),
    ]


def test_python_framework_wrappers() -> None:
    code = """\
from mlx_lm import load
from langchain_huggingface import HuggingFaceEndpoint
from huggingface_hub import HfApi
model, tokenizer = load("mlx-community/Llama-3.2-3B-Instruct-4bit")
llm = HuggingFaceEndpoint(repo_id="HuggingFaceH4/zephyr-7b-beta", max_new_tokens=512)
info = HfApi().model_info("google/gemma-2-2b-it")
files = HfApi().list_repo_files("acme/corpus", repo_type="dataset")
state = torch.load("checkpoints/model.pt")
"""
    assert found(scan_text(code, "m.py")) == [
        ("mlx-community/Llama-3.2-3B-Instruct-4bit", None, "mlx"),
        ("HuggingFaceH4/zephyr-7b-beta", None, "inference_client"),
        ("google/gemma-2-2b-it", None, "hub_api"),
    ]
    # without mlx_lm in the file, a bare load() is not trusted
    assert scan_text('weights = load("acme/some-thing")\n', "m.py") == []


def test_python_config_style_literals() -> None:
    code = """\
import os
from dataclasses import dataclass, field
BASE_MODEL = "meta-llama/Llama-3.1-8B"
CONFIG = {"model_name_or_path": "google/gemma-2-9b", "lr": 1e-4, "output_dir": "outputs/x"}
os.environ["HF_MODEL"] = "tiiuae/falcon-7b"
default = os.environ.get("MODEL_ID", "Qwen/Qwen2-0.5B")
fallback = os.getenv("MODEL_NAME") or "microsoft/Phi-3-mini-4k-instruct"

@dataclass
class Args:
    model_name_or_path: str = field(default="EleutherAI/pythia-160m", metadata={"help": "model"})
    tokenizer_name: str = "EleutherAI/gpt-neox-20b"

parser.add_argument("--model_name_or_path", type=str, default="facebook/opt-125m")
parser.add_argument("--output-dir", default="acme/not-a-model")
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [
        ("meta-llama/Llama-3.1-8B", None, "config-key"),
        ("google/gemma-2-9b", None, "config-key"),
        ("tiiuae/falcon-7b", None, "env"),
        ("Qwen/Qwen2-0.5B", None, "env"),
        ("EleutherAI/pythia-160m", None, "config-key"),
        ("EleutherAI/gpt-neox-20b", None, "config-key"),
        ("facebook/opt-125m", None, "cli-flag"),
    ]
    assert "microsoft/Phi-3-mini-4k-instruct" not in {r.repo_id for r in refs}  # `fallback` is not a model key


def test_python_collections_loops_and_adapter_keys() -> None:
    code = """\
MODELS = ["acme/model-a", "./local/model"]
EVAL_MODEL_IDS = {"small": "acme/model-b", "large": "acme/model-c"}
for model_name in ("acme/model-d",):
    pass
configs = [{"model": "huggyllama/llama-7b", "lora_repo": "timdettmers/qlora-flan-7b"}]
args = dict(adapter_name_or_path="acme/adapter-e")
KNOWN = ["acme/not-a-model-list"]
hub_models = ["acme/pushed-not-used"]
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [
        ("acme/model-a", None, "config-key"),
        ("acme/model-b", None, "config-key"),
        ("acme/model-c", None, "config-key"),
        ("acme/model-d", None, "config-key"),
        ("huggyllama/llama-7b", None, "config-key"),
        ("timdettmers/qlora-flan-7b", None, "config-key"),
        ("acme/adapter-e", None, "model-kwarg"),
    ]
    assert_located(code, refs)


def test_python_names_resolve_through_locals_passed_to_calls() -> None:
    # vLLM's gguf example: ids in locals handed positionally to hf_hub_download and to LLM(tokenizer=...)
    code = """\
def run(model_path, tokenizer):
    llm = LLM(model=model_path, tokenizer=tokenizer)

if __name__ == "__main__":
    repo_id = "bartowski/Phi-3-medium-4k-instruct-GGUF"
    tokenizer = "microsoft/Phi-3-medium-4k-instruct"
    model = hf_hub_download(repo_id, filename="Phi-3-medium-4k-instruct-IQ2_M.gguf")
    run(model, tokenizer)
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [
        ("bartowski/Phi-3-medium-4k-instruct-GGUF", None, "hf_hub_download"),
        ("microsoft/Phi-3-medium-4k-instruct", None, "vllm"),
    ]
    assert [r.line for r in refs] == [5, 6]


def test_python_litellm_huggingface_prefix_and_openai_compatible_clients() -> None:
    code = """\
r = litellm.completion(model="huggingface/meta-llama/Llama-3.1-8B-Instruct", messages=m)
c = client.chat.completions.create(model="Qwen/Qwen2.5-7B-Instruct", messages=m)
o = client.chat.completions.create(model="gpt-4o-mini", messages=m)
"""
    refs = scan_text(code, "m.py")
    assert found(refs) == [
        ("meta-llama/Llama-3.1-8B-Instruct", None, "model-kwarg"),
        ("Qwen/Qwen2.5-7B-Instruct", None, "model-kwarg"),
    ]
    assert_located(code, refs)


def test_python_invalid_escapes_do_not_warn(recwarn: pytest.WarningsRecorder) -> None:
    code = 'import re\nPATTERN = re.compile("\\d+")\nm = AutoModel.from_pretrained("acme/model-f")\n'
    assert found(scan_text(code, "m.py")) == [("acme/model-f", None, "from_pretrained")]
    assert not [w for w in recwarn if issubclass(w.category, (SyntaxWarning, DeprecationWarning))]


def test_python_load_dataset_is_never_a_model() -> None:
    code = """\
from datasets import load_dataset
ds = load_dataset("tatsu-lab/alpaca")
ds2 = load_dataset(path="HuggingFaceFW/fineweb", name="sample-10BT")
ds3 = datasets.load_dataset("json", data_files="data/train.jsonl")
"""
    assert scan_text(code, "m.py") == []


def test_python_local_paths_and_variables_are_not_reported() -> None:
    code = """\
a = AutoModel.from_pretrained("./out")
b = AutoModel.from_pretrained(args.model)
c = AutoModel.from_pretrained(os.path.join(root, "ckpt"))
d = AutoModel.from_pretrained(f"{org}/{name}")
e = AutoModel.from_pretrained("/mnt/models/llama")
f = AutoModel.from_pretrained("checkpoints/step-100")
g = AutoModel.from_pretrained("my-local-dir")
"""
    assert scan_text(code, "m.py") == []


def test_python_non_ascii_columns_are_in_characters() -> None:
    code = 'msg = "héllo wörld"; m = AutoModel.from_pretrained("acme/ünicode-free-name")\n'
    code += 'x = "ü"; n = AutoModel.from_pretrained("acme/plain")\n'
    refs = scan_text(code, "m.py")
    assert found(refs) == [("acme/plain", None, "from_pretrained")]  # "ü" is not valid in a repo id
    assert refs[0].column == code.split("\n")[1].index("acme/plain") + 1


def test_python_that_does_not_parse_falls_back_to_regex() -> None:
    code = """\
print "python 2 still lives here"
model = AutoModelForCausalLM.from_pretrained(
    "google-bert/bert-base-uncased", revision="r1")
pipe = pipeline("ner", model="dslim/bert-base-NER")
MODEL_ID = "ibm-granite/granite-3.0-2b-instruct"
ds = load_dataset("tatsu-lab/alpaca")
print("meta-llama/Llama-3.1-8B")
"""
    refs = scan_text(code, "legacy.py")
    assert_located(code, refs)
    assert found(refs) == [
        ("google-bert/bert-base-uncased", "r1", "from_pretrained"),
        ("dslim/bert-base-NER", None, "pipeline"),
        ("ibm-granite/granite-3.0-2b-instruct", None, "config-key"),
    ]
    assert [(r.line, r.column) for r in refs] == [(3, 6), (4, 31), (5, 13)]


def test_javascript_uses_the_regex_front_end() -> None:
    code = """\
import { pipeline, AutoModel } from "@huggingface/transformers";
const extractor = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');
const model = await AutoModel.from_pretrained("onnx-community/Qwen2.5-0.5B-Instruct", { dtype: "q4" });
console.log("meta-llama/Llama-3.1-8B-Instruct");
"""
    assert found(scan_text(code, "app.ts")) == [
        ("Xenova/all-MiniLM-L6-v2", None, "pipeline"),
        ("onnx-community/Qwen2.5-0.5B-Instruct", None, "from_pretrained"),
    ]


# ------------------------------------------------------------------------------------------------
# Shell, Dockerfile, Makefile, CI
# ------------------------------------------------------------------------------------------------


def test_shell_commands() -> None:
    script = """\
#!/bin/bash
vllm serve meta-llama/Llama-3.1-8B-Instruct --revision abc --port 8000
python -m vllm.entrypoints.openai.api_server --model=Qwen/Qwen2-7B
text-generation-launcher --model-id bigscience/bloom-560m
huggingface-cli download TheBloke/Mistral-7B-GGUF mistral.gguf --local-dir ./models
hf download --repo-type dataset HuggingFaceFW/fineweb
hf download --revision v1 BAAI/bge-m3
ollama run hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M
llama-server -hf ggml-org/gemma-3-1b-it-GGUF:Q4_K_M
lm_eval --model hf --model_args pretrained=EleutherAI/pythia-160m,dtype=float16
python train.py --model ./checkpoints/x --model_name_or_path google/flan-t5-base
vllm serve \\
   mistralai/Mixtral-8x7B-v0.1 \\
   --revision main
export MODEL_ID=microsoft/Phi-3.5-mini-instruct
"""
    refs = scan_text(script, "run.sh")
    assert found(refs) == [
        ("meta-llama/Llama-3.1-8B-Instruct", "abc", "vllm"),
        ("Qwen/Qwen2-7B", None, "cli-flag"),
        ("bigscience/bloom-560m", None, "cli-flag"),
        ("TheBloke/Mistral-7B-GGUF", None, "hf-cli"),
        ("BAAI/bge-m3", "v1", "hf-cli"),
        ("bartowski/Llama-3.2-1B-Instruct-GGUF", None, "url"),
        ("ggml-org/gemma-3-1b-it-GGUF", None, "cli-flag"),
        ("EleutherAI/pythia-160m", None, "cli-flag"),
        ("google/flan-t5-base", None, "cli-flag"),
        ("mistralai/Mixtral-8x7B-v0.1", "main", "vllm"),
        ("microsoft/Phi-3.5-mini-instruct", None, "env"),
    ]
    assert [(r.line, r.column) for r in refs][:3] == [(2, 12), (3, 54), (4, 37)]
    assert_located(script, refs)


def test_dockerfile() -> None:
    dockerfile = """\
FROM vllm/vllm-openai:v0.6.3
ENV MODEL_ID=tiiuae/falcon-7b
ENV HF_MODEL microsoft/DialoGPT-medium
ARG BASE_MODEL=openai-community/gpt2
RUN huggingface-cli download facebook/opt-125m
CMD ["vllm", "serve", "NousResearch/Hermes-3-Llama-3.1-8B", "--port", "8000"]
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "Qwen/Qwen2.5-7B-Instruct"]
"""
    assert found(scan_text(dockerfile, "docker/Dockerfile.gpu")) == [
        ("tiiuae/falcon-7b", None, "env"),
        ("microsoft/DialoGPT-medium", None, "env"),
        ("openai-community/gpt2", None, "env"),
        ("facebook/opt-125m", None, "hf-cli"),
        ("NousResearch/Hermes-3-Llama-3.1-8B", None, "vllm"),
        ("Qwen/Qwen2.5-7B-Instruct", None, "cli-flag"),
    ]


def test_makefile() -> None:
    makefile = """\
MODEL ?= meta-llama/Llama-3.2-3B-Instruct
serve:
\tvllm serve $(MODEL) --port 8000
download:
\thuggingface-cli download google/gemma-2-2b-it
"""
    assert found(scan_text(makefile, "Makefile")) == [
        ("meta-llama/Llama-3.2-3B-Instruct", None, "env"),
        ("google/gemma-2-2b-it", None, "hf-cli"),
    ]


def test_ci_workflow_and_k8s_yaml() -> None:
    workflow = """\
jobs:
  eval:
    env:
      HF_MODEL: Qwen/Qwen2.5-0.5B-Instruct
    steps:
      - uses: actions/checkout@v4
      - run: python eval.py --model-id=HuggingFaceTB/SmolLM2-135M
containers:
  - args:
      - --model
      - meta-llama/Llama-3.1-8B-Instruct
    env:
      - name: MODEL_ID
        value: "tiiuae/falcon-7b-instruct"
"""
    assert found(scan_text(workflow, ".github/workflows/eval.yml")) == [
        ("Qwen/Qwen2.5-0.5B-Instruct", None, "env"),
        ("HuggingFaceTB/SmolLM2-135M", None, "cli-flag"),
        ("meta-llama/Llama-3.1-8B-Instruct", None, "cli-flag"),
        ("tiiuae/falcon-7b-instruct", None, "env"),
    ]


# ------------------------------------------------------------------------------------------------
# Configuration files
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("config.yaml", "base_model: meta-llama/Llama-3.1-8B\n", [("meta-llama/Llama-3.1-8B", None, "config-key")]),
        ("config.yaml", 'model: "mistralai/Mistral-7B-v0.1"  # chat\n', [("mistralai/Mistral-7B-v0.1", None, "config-key")]),
        ("config.yml", "llm:\n  model_id: 'Qwen/Qwen2-7B@v1'\n", [("Qwen/Qwen2-7B", "v1", "config-key")]),
        ("c.yaml", "{model: google/gemma-2b, lr: 1}\n", [("google/gemma-2b", None, "config-key")]),
        ("pyproject.toml", '[tool.app]\nmodel_name = "ibm-granite/granite-3.0-8b-instruct"\n',
         [("ibm-granite/granite-3.0-8b-instruct", None, "config-key")]),
        ("adapter_config.json", '{"base_model_name_or_path": "meta-llama/Llama-2-7b-hf", "r": 8}',
         [("meta-llama/Llama-2-7b-hf", None, "config-key")]),
        ("config.json", '{\n  "_name_or_path": "google/flan-t5-base",\n  "model_type": "t5"\n}',
         [("google/flan-t5-base", None, "config-key")]),
        (".env", "MODEL=openai/gpt-oss-20b\nHF_MODEL=nvidia/Llama-3.1-Nemotron-70B-Instruct-HF\n",
         [("openai/gpt-oss-20b", None, "env"), ("nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", None, "env")]),
        (".env.production", "MODEL_NAME='Qwen/Qwen2.5-7B-Instruct'\n", [("Qwen/Qwen2.5-7B-Instruct", None, "env")]),
        ("docker-compose.yml", "environment:\n  - MODEL_ID=${MODEL_ID:-mistralai/Mistral-7B-Instruct-v0.2}\n",
         [("mistralai/Mistral-7B-Instruct-v0.2", None, "env")]),
        ("settings.ini", "[llm]\nmodel_id = BAAI/bge-m3\n", [("BAAI/bge-m3", None, "config-key")]),
        ("app.properties", "embedding_model=BAAI/bge-large-en-v1.5\n", [("BAAI/bge-large-en-v1.5", None, "config-key")]),
    ],
)  # fmt: skip
def test_config_keys(path: str, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    refs = scan_text(text, path)
    assert found(refs) == expected
    assert_located(text, refs)


def test_config_key_column_and_snippet() -> None:
    (ref,) = scan_text('a: 1\n  model_id: "Qwen/Qwen2-7B"\n', "c.yaml")
    assert (ref.line, ref.column, ref.snippet) == (2, 14, 'model_id: "Qwen/Qwen2-7B"')


def test_output_and_alias_keys_are_not_models() -> None:
    text = "hub_model_id: acme/llama-sft\nserved_model_name: acme/chat\noutput_model: acme/out\nrepo: acme/code\n"
    assert scan_text(text, "train.yaml") == []


# ------------------------------------------------------------------------------------------------
# Hub URLs
# ------------------------------------------------------------------------------------------------


def test_hub_urls() -> None:
    text = """\
https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct
https://huggingface.co/stabilityai/sdxl-turbo/tree/fp16
https://huggingface.co/TheBloke/Llama-2-7B-GGUF/resolve/main/llama-2-7b.Q4_K_M.gguf
https://huggingface.co/google/gemma-2b/blob/main/config.json
[card](https://hf.co/Qwen/Qwen2.5-7B).
git clone https://huggingface.co/BAAI/bge-m3.git
https://api-inference.huggingface.co/models/distilbert/distilbert-base-uncased
https://huggingface.co/datasets/HuggingFaceFW/fineweb
https://huggingface.co/spaces/acme/demo
https://huggingface.co/docs/transformers/index
https://cdn-lfs.huggingface.co/repos/ab/cd
https://github.com/huggingface/transformers
"""
    refs = scan_text(text, "NOTES.md")
    assert found(refs) == [
        ("meta-llama/Llama-3.1-8B-Instruct", None, "url"),
        ("stabilityai/sdxl-turbo", "fp16", "url"),
        ("TheBloke/Llama-2-7B-GGUF", None, "url"),
        ("google/gemma-2b", None, "url"),
        ("Qwen/Qwen2.5-7B", None, "url"),
        ("BAAI/bge-m3", None, "url"),
        ("distilbert/distilbert-base-uncased", None, "url"),
    ]
    assert [r.line for r in refs] == [1, 2, 3, 4, 5, 6, 7]
    assert_located(text, refs)
    assert refs[0].column == len("https://huggingface.co/") + 1


def test_legacy_and_site_urls() -> None:
    text = """\
https://huggingface.co/bert-base-cased/resolve/main/config.json
https://huggingface.co/not-legacy/resolve/main/config.json
https://huggingface.co/jobs/someone/687fb701029421ae5549d998
https://huggingface.co/bigscience/bloom/discussions/2
"""
    refs = scan_text(text, "notes.txt")
    assert found(refs) == [("bert-base-cased", None, "url"), ("bigscience/bloom", None, "url")]
    assert_located(text, refs)


def test_url_inside_any_file_type() -> None:
    assert found(scan_text('const u = "https://huggingface.co/Xenova/gpt2";\n', "x.go")) == [("Xenova/gpt2", None, "url")]
    assert found(scan_text("# see https://huggingface.co/org-x/model-y\n", "script.py")) == [("org-x/model-y", None, "url")]


# ------------------------------------------------------------------------------------------------
# Notebooks
# ------------------------------------------------------------------------------------------------


def _notebook(*cells: tuple[str, str], outputs: Sequence[object] | None = None) -> str:
    def cell(kind: str, source: str) -> dict[str, object]:
        lines = source.split("\n")
        data: dict[str, object] = {
            "cell_type": kind,
            "metadata": {},
            "source": [line + "\n" for line in lines[:-1]] + [lines[-1]],
        }
        if kind == "code":
            data.update(execution_count=1, outputs=list(outputs or []))
        return data

    document = {"cells": [cell(k, s) for k, s in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def test_notebook_lines_map_to_the_ipynb_file() -> None:
    text = _notebook(
        ("markdown", "# Title\nUses https://huggingface.co/BAAI/bge-m3"),
        ("code", 'import x\nm = AutoModel.from_pretrained(\n    "google/gemma-2b"\n)'),
        ("code", "!hf download Qwen/Qwen2-0.5B\n%time y = 1"),
    )
    refs = scan_text(text, "nb.ipynb")
    assert found(refs) == [
        ("BAAI/bge-m3", None, "url"),
        ("google/gemma-2b", None, "from_pretrained"),
        ("Qwen/Qwen2-0.5B", None, "hf-cli"),
    ]
    raw_lines = text.split("\n")
    for ref in refs:
        assert raw_lines[ref.line - 1][ref.column - 1 :].startswith(ref.repo_id)
    assert refs[1].snippet == '"google/gemma-2b"'
    assert refs[2].snippet == "!hf download Qwen/Qwen2-0.5B"


def test_notebook_outputs_are_ignored_and_non_ascii_is_handled() -> None:
    outputs = [{"output_type": "stream", "name": "stdout", "text": ["Downloading openai-community/gpt2-large\n"]}]
    text = _notebook(("code", 'txt = "héllo"; m = AutoModel.from_pretrained("acme/model-a")'), outputs=outputs)
    (ref,) = scan_text(text, "nb.ipynb")
    assert ref.repo_id == "acme/model-a"
    assert text.split("\n")[ref.line - 1][ref.column - 1 :].startswith("acme/model-a")


def test_notebook_with_escaped_ascii_encoding() -> None:
    document: dict[str, object] = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": ['s = "naïve"; m = AutoModel.from_pretrained("acme/model-b")']}]}  # fmt: skip
    text = json.dumps(document, indent=1, ensure_ascii=True)
    (ref,) = scan_text(text, "nb.ipynb")
    assert text.split("\n")[ref.line - 1][ref.column - 1 :].startswith("acme/model-b")


def test_invalid_notebook_is_read_as_text() -> None:
    text = '{"cells": [ broken json ... https://huggingface.co/acme/model-c'
    assert found(scan_text(text, "broken.ipynb")) == [("acme/model-c", None, "url")]


# ------------------------------------------------------------------------------------------------
# Walker: ignore rules, skipped files, roots, errors
# ------------------------------------------------------------------------------------------------

PY_REF = 'm = AutoModel.from_pretrained("{id}")\n'


def test_gitignore_root_and_nested(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*.log\nsecret/\n/top-only.py\n")
    write(tmp_path, "app.py", PY_REF.format(id="acme/kept"))
    write(tmp_path, "debug.log", "--model acme/ignored-log\n")
    write(tmp_path, "secret/x.py", PY_REF.format(id="acme/ignored-dir"))
    write(tmp_path, "top-only.py", PY_REF.format(id="acme/ignored-anchored"))
    write(tmp_path, "sub/top-only.py", PY_REF.format(id="acme/kept-anchored-elsewhere"))
    # nested .gitignore: relative to its own directory, and able to re-include what the root ignores
    write(tmp_path, "sub/.gitignore", "local.py\n!keep.log\n")
    write(tmp_path, "sub/local.py", PY_REF.format(id="acme/ignored-nested"))
    write(tmp_path, "sub/keep.log", "--model acme/reincluded\n")
    write(tmp_path, "local.py", PY_REF.format(id="acme/kept-nested-rule-does-not-apply-here"))
    write(tmp_path, "sub/deeper/local.py", PY_REF.format(id="acme/ignored-nested-deep"))

    result = scan_path(tmp_path)
    assert sorted(r.repo_id for r in result.references) == [
        "acme/kept",
        "acme/kept-anchored-elsewhere",
        "acme/kept-nested-rule-does-not-apply-here",
        "acme/reincluded",
    ]

    everything = scan_path(tmp_path, respect_gitignore=False)
    assert len(everything.references) == 9


def test_exclude_patterns(tmp_path: Path) -> None:
    write(tmp_path, "app.py", PY_REF.format(id="acme/kept"))
    write(tmp_path, "docs/guide.md", "https://huggingface.co/acme/in-docs\n")
    write(tmp_path, "tests/test_x.py", PY_REF.format(id="acme/in-tests"))
    write(tmp_path, "notes.md", "https://huggingface.co/acme/in-notes\n")
    patterns = ["docs/", "tests/**", "*.md"]
    result = scan_path(tmp_path, exclude=patterns)
    assert [r.repo_id for r in result.references] == ["acme/kept"]
    assert result.files_scanned == 1
    # exclude also wins over a gitignore re-include, and applies with respect_gitignore=False
    write(tmp_path, ".gitignore", "!notes.md\n")
    assert [r.repo_id for r in scan_path(tmp_path, exclude=patterns).references] == ["acme/kept"]
    assert [r.repo_id for r in scan_path(tmp_path, exclude=patterns, respect_gitignore=False).references] == ["acme/kept"]


def test_modelauditignore_root_nested_and_without_gitignore(tmp_path: Path) -> None:
    write(tmp_path, ".modelauditignore", "# test data, not models we use\ntests/\n*.fixture.yaml\n")
    write(tmp_path, "app.py", PY_REF.format(id="acme/kept"))
    write(tmp_path, "tests/test_x.py", PY_REF.format(id="acme/in-tests"))
    write(tmp_path, "cfg/a.fixture.yaml", "base_model: acme/in-fixture\n")
    write(tmp_path, "pkg/.modelauditignore", "samples.py\n")
    write(tmp_path, "pkg/samples.py", PY_REF.format(id="acme/in-nested-ignore"))
    write(tmp_path, "samples.py", PY_REF.format(id="acme/kept-nested-rule-does-not-apply-here"))
    expected = ["acme/kept", "acme/kept-nested-rule-does-not-apply-here"]
    assert sorted(r.repo_id for r in scan_path(tmp_path).references) == expected
    # modelaudit's own ignore file is not a .gitignore: --no-gitignore does not turn it off
    assert sorted(r.repo_id for r in scan_path(tmp_path, respect_gitignore=False).references) == expected


def test_modelauditignore_can_reinclude_what_git_ignores(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "deploy/\n*.env\n")
    write(tmp_path, ".modelauditignore", "!prod.env\n")
    write(tmp_path, "prod.env", "MODEL_ID=acme/served-in-prod\n")
    write(tmp_path, "dev.env", "MODEL_ID=acme/dev-only\n")
    assert [r.repo_id for r in scan_path(tmp_path).references] == ["acme/served-in-prod"]


def test_this_repository_scans_only_its_examples() -> None:
    """`modelaudit scan .` at this repository's root sees the examples, not its own test fixtures,
    knowledge base, snapshot or documentation (its .modelauditignore)."""
    root = Path(__file__).resolve().parents[1]
    files = {r.path.split("/")[0] for r in scan_path(root).references}
    assert files == {"examples"}


def test_sample_gitignore_is_honoured(tmp_path: Path) -> None:
    repo = tmp_path / "sample"
    shutil.copytree(SAMPLE, repo)
    write(repo, "local-overrides.yaml", "base_model: acme/developer-only-model\n")
    write(repo, "logs/server.log", "vllm serve acme/logged-model\n")
    result = scan_path(repo)
    ids = {r.repo_id for r in result.references}
    assert "acme/developer-only-model" not in ids and "acme/logged-model" not in ids
    assert len(result.references) == len(SAMPLE_EXPECTED)
    unfiltered = {r.repo_id for r in scan_path(repo, respect_gitignore=False).references}
    assert {"acme/developer-only-model", "acme/logged-model"} <= unfiltered


def test_skipped_directories_binary_and_large_files(tmp_path: Path) -> None:
    write(tmp_path, "app.py", PY_REF.format(id="acme/kept"))
    for skipped in (".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", "lib/python3.11/site-packages"):
        write(tmp_path, f"{skipped}/mod.py", PY_REF.format(id="acme/from-" + skipped.replace("/", "-").strip(".")))
    write(tmp_path, "weights.safetensors", b"--model acme/in-weights")
    write(tmp_path, "blob.dat", b"\x00\x01--model acme/in-binary\n")
    write(tmp_path, "big.yaml", "base_model: acme/in-big-file\n" + "# padding\n" * 200)
    result = scan_path(tmp_path, max_file_bytes=1000)
    # The weights file is a model artefact (issue 14), never read as text: the id in its bytes is not reported.
    assert [(r.repo_id, r.kind) for r in result.references] == [
        ("acme/kept", "from_pretrained"), (str(tmp_path.resolve() / "weights.safetensors"), "artefact:safetensors")]
    assert result.files_scanned == 1
    assert result.files_skipped == 2  # blob.dat by content, big.yaml by size
    assert result.errors == ()
    assert len(scan_path(tmp_path).references) == 3  # with the default limit big.yaml is read


def test_symlinked_directories_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path, "pkg/app.py", PY_REF.format(id="acme/once"))
    try:
        os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop", target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks not supported here")
    assert [r.repo_id for r in scan_path(tmp_path).references] == ["acme/once"]


def test_single_file_root(tmp_path: Path) -> None:
    target = write(tmp_path, "nested/serve.sh", "vllm serve acme/single-file\n")
    write(tmp_path, "nested/other.py", PY_REF.format(id="acme/not-scanned"))
    result = scan_path(target)
    assert found(result.references) == [("acme/single-file", None, "vllm")]
    assert result.references[0].path == "serve.sh"
    assert (result.files_scanned, result.files_skipped, result.root) == (1, 0, str(target.resolve()))


def test_nonexistent_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        scan_path(tmp_path / "missing")


def test_unreadable_file_is_an_error_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "good.py", PY_REF.format(id="acme/readable"))
    write(tmp_path, "locked.py", PY_REF.format(id="acme/locked"))
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    result = scan_path(tmp_path)
    assert [r.repo_id for r in result.references] == ["acme/readable"]
    assert result.errors == ("locked.py: Permission denied",)
    assert result.files_scanned == 1


def test_detector_failure_on_one_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import modelaudit.scan.walker as walker

    write(tmp_path, "a.py", PY_REF.format(id="acme/model-a"))
    write(tmp_path, "b.py", PY_REF.format(id="acme/model-b"))
    real_scan_text = walker.scan_text

    def flaky(text: str, path: str = "<text>") -> list[ModelReference]:
        if path == "a.py":
            raise ValueError("boom")
        return real_scan_text(text, path)

    monkeypatch.setattr(walker, "scan_text", flaky)
    result = scan_path(tmp_path)
    assert [r.repo_id for r in result.references] == ["acme/model-b"]
    assert result.errors == ("a.py: could not be analysed: ValueError('boom')",)


def test_git_info_exclude_is_honoured(tmp_path: Path) -> None:
    write(tmp_path, ".git/info/exclude", "scratch.py\n")
    write(tmp_path, "scratch.py", PY_REF.format(id="acme/scratch"))
    write(tmp_path, "app.py", PY_REF.format(id="acme/app"))
    assert [r.repo_id for r in scan_path(tmp_path).references] == ["acme/app"]
    assert len(scan_path(tmp_path, respect_gitignore=False).references) == 2


def test_undecodable_bytes_do_not_stop_the_scan(tmp_path: Path) -> None:
    write(tmp_path, "latin1.yaml", "# caf\xe9\nbase_model: acme/latin\n".encode("latin-1"))
    assert found(scan_path(tmp_path).references) == [("acme/latin", None, "config-key")]


# ------------------------------------------------------------------------------------------------
# Result helpers
# ------------------------------------------------------------------------------------------------


def test_models_are_distinct_case_insensitively_and_keep_revisions() -> None:
    refs = tuple(
        ModelReference(repo, rev, "f.py", i + 1, 1, "from_pretrained", "x")
        for i, (repo, rev) in enumerate(
            [("Org/Model", None), ("org/model", None), ("org/model", "v1"), ("other/x", None), ("org/model", "V1")]
        )
    )
    result = ScanResult(root="/r", references=refs, files_scanned=1, files_skipped=0, errors=())
    assert result.models() == ["Org/Model", "org/model@v1", "other/x", "org/model@V1"]
    assert [r.line for r in result.locations("ORG/MODEL")] == [1, 2]
    assert [r.line for r in result.locations("org/model@v1")] == [3]


def test_long_lines_give_a_bounded_snippet_containing_the_id() -> None:
    line = '{"pad": "' + "x" * 5000 + '", "base_model": "acme/deep-in-a-long-line", "more": "' + "y" * 5000 + '"}'
    (ref,) = scan_text(line, "min.json")
    assert len(ref.snippet) == 200
    assert "acme/deep-in-a-long-line" in ref.snippet
    assert line[ref.column - 1 :].startswith("acme/deep-in-a-long-line")


def test_scan_text_defaults_to_plain_text() -> None:
    assert found(scan_text("see https://huggingface.co/acme/x-1 and --model acme/x-2")) == [
        ("acme/x-1", None, "url"),
        ("acme/x-2", None, "cli-flag"),
    ]
