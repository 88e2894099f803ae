"""Result types and the rules that decide whether a string in code names a Hugging Face model repository.

Everything here is pure (no file-system access) so that detectors, the walker and tests share a single
notion of "plausible model id".  Hub-id *syntax* is ``modelaudit.refs``' (``huggingface_hub``'s own
``validate_repo_id``); the rules added here are about code, and deliberately conservative: a scanner that
invents models produces licence findings nobody can act on, so every heuristic below errs towards
rejecting a string.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from modelaudit import refs

__all__ = [
    "LEGACY_MODEL_IDS",
    "ModelReference",
    "ParsedValue",
    "ScanResult",
    "is_plausible_repo_id",
    "is_valid_revision",
    "split_revision",
    "wildcard_follows",
]


@dataclass(frozen=True)
class ModelReference:
    """One place in a code base that names a Hub model."""

    repo_id: str
    revision: str | None
    path: str  # posix, relative to the scan root
    line: int  # 1-based; 0 for a model artefact (the location is the file or folder itself)
    column: int  # 1-based, in characters, pointing at the first character of the id
    kind: str
    snippet: str

    @property
    def model(self) -> str:
        """The id as :meth:`ScanResult.models` spells it: ``org/name`` or ``org/name@revision``."""
        return f"{self.repo_id}@{self.revision}" if self.revision else self.repo_id


@dataclass(frozen=True)
class ParsedValue:
    """A model id found inside a larger token (a value, a link), with its offset in that token."""

    repo_id: str
    revision: str | None
    offset: int


def _model_key(model: str) -> str:
    # Hub repo ids are case-insensitive (the Hub redirects), revisions are not: group on a key that
    # folds only the repo part so "Org/Name" and "org/name" are one model.
    repo, sep, revision = model.partition("@")
    return repo.casefold() + sep + revision


@dataclass(frozen=True)
class ScanResult:
    """Everything :func:`modelaudit.scan.scan_path` found.

    ``files_scanned`` counts files whose text was examined; ``files_skipped`` counts files that were
    visited but declined (binary or larger than ``max_file_bytes``).  Files hidden by ``.gitignore``,
    ``exclude`` or a skipped directory are not visited and so are in neither count.
    """

    root: str
    references: tuple[ModelReference, ...]
    files_scanned: int
    files_skipped: int
    errors: tuple[str, ...]
    #: Model artefacts found (files, folders, store entries); each is also a reference (kind ``artefact:...``).
    artefacts: int = 0

    def models(self) -> list[str]:
        """Distinct models (``org/name`` or ``org/name@revision``) in first-seen order."""
        seen: dict[str, str] = {}
        for ref in self.references:
            seen.setdefault(_model_key(ref.model), ref.model)
        return list(seen.values())

    def locations(self, model: str) -> tuple[ModelReference, ...]:
        """References to ``model`` exactly as :meth:`models` spells it (repo part matched case-insensitively).

        ``"org/name"`` does not match references pinned to a revision; ask for ``"org/name@rev"`` for those.
        """
        key = _model_key(model)
        return tuple(ref for ref in self.references if _model_key(ref.model) == key)


# --------------------------------------------------------------------------------------------------
# Repo id plausibility
# --------------------------------------------------------------------------------------------------

# Ids written in code are ASCII and begin and end with a letter or digit: "_private/x" is a path and a
# trailing "-" or "." is punctuation. This quick shape test runs first; the Hub's own syntax check
# (modelaudit.refs) then judges what passes it and the heuristics below.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
_REPO_ID_RE = re.compile(rf"({_PART})/({_PART})")
# Branch names may contain "/" (refs/pr/1); commit hashes and tags are covered by the same class.
_REVISION_RE = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._/+-]{0,199}")

# Older canonical models that live at the top level of the Hub (the Hub now redirects them to an
# organisation).  They are accepted only where a detector has already established a model context
# (``from_pretrained("gpt2")``, ``--model gpt2``), never on their own, and only from this curated list:
# a bare single word is otherwise far more likely to be a local directory.
LEGACY_MODEL_IDS: frozenset[str] = frozenset(
    {
        "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "distilgpt2",
        "bert-base-uncased", "bert-base-cased", "bert-large-uncased", "bert-large-cased",
        "bert-base-multilingual-cased", "bert-base-multilingual-uncased", "bert-base-chinese",
        "distilbert-base-uncased", "distilbert-base-cased", "distilbert-base-multilingual-cased",
        "distilbert-base-uncased-finetuned-sst-2-english",
        "roberta-base", "roberta-large", "distilroberta-base", "roberta-large-mnli",
        "xlm-roberta-base", "xlm-roberta-large",
        "t5-small", "t5-base", "t5-large", "t5-3b", "t5-11b",
        "albert-base-v2", "albert-large-v2", "albert-xlarge-v2", "albert-xxlarge-v2",
        "xlnet-base-cased", "xlnet-large-cased", "openai-gpt",
    }
)  # fmt: skip

# File extensions: a value ending in one of these is a file, not a repo ("data/train.csv").
_FILE_EXTENSIONS = frozenset(
    {
        "py", "pyc", "pyi", "pyw", "ipynb", "json", "jsonl", "ndjson", "txt", "csv", "tsv", "bin", "safetensors",
        "gguf", "ggml", "ggjt", "yaml", "yml", "toml", "ini", "cfg", "conf", "md", "mdx", "rst", "adoc", "html", "htm",
        "xml", "js", "mjs", "cjs", "ts", "tsx", "jsx", "vue", "css", "scss", "sass", "less", "sh", "bash", "zsh",
        "fish", "ps1", "bat", "cmd", "exe", "dll", "so", "dylib", "o", "a", "c", "cc", "cpp", "cxx", "h", "hpp", "hh",
        "rs", "go", "java", "kt", "kts", "scala", "rb", "php", "pl", "lua", "r", "jl", "swift", "m", "mm", "sql", "db",
        "sqlite", "sqlite3", "parquet", "arrow", "feather", "avro", "orc", "pkl", "pickle", "joblib", "pt", "pth",
        "ckpt", "h5", "hdf5", "keras", "onnx", "tflite", "pb", "pbtxt", "npz", "npy", "mlmodel", "mlpackage", "engine",
        "plan", "trt", "zip", "tar", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "whl", "egg", "jar", "war", "jpg",
        "jpeg", "png", "gif", "bmp", "svg", "webp", "ico", "tif", "tiff", "heic", "mp3", "mp4", "m4a", "wav", "flac",
        "ogg", "opus", "avi", "mov", "mkv", "webm", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "log",
        "lock", "env", "tf", "tfvars", "hcl", "proto", "model", "vocab", "spm", "tiktoken", "msgpack", "tokenizer",
        "dockerfile", "mk", "cmake", "gradle", "sbt", "lst", "out", "err", "tmp", "bak", "swp", "orig", "patch", "diff"
    }
)  # fmt: skip

# First segments that are almost always a local directory, a git remote/branch prefix, a MIME type or a
# URL scheme rather than a Hub organisation.  ("src/app", "origin/main", "application/json").
_NON_ORG_PREFIXES = frozenset(
    {
        "src", "lib", "libs", "app", "apps", "data", "dataset", "datasets", "model", "models", "checkpoint",
        "checkpoints", "ckpt", "ckpts", "output", "outputs", "out", "tmp", "temp", "test", "tests", "doc", "docs",
        "config", "configs", "conf", "scripts", "script", "bin", "build", "dist", "run", "runs", "log", "logs", "cache",
        "home", "usr", "var", "etc", "opt", "mnt", "srv", "root", "assets", "static", "weights", "results", "saved",
        "save", "saved_models", "experiments", "exp", "artifacts", "local", "pretrained", "pretrained_models",
        "resources", "examples", "example", "vendor", "third_party", "node_modules", "pkg", "cmd", "internal", "public",
        "private", "images", "img", "media", "fixtures", "storage", "volumes", "volume", "workspace", "workdir",
        "content", "drive", "gdrive", "path", "dir", "folder", "files", "file", "tmpfs", "dev", "proc", "sys", "lora",
        "loras", "adapters", "adapter", "origin", "upstream", "refs", "ref", "heads", "remotes", "tags", "feature",
        "features", "bugfix", "fix", "hotfix", "release", "releases", "application", "text", "image", "audio", "video",
        "multipart", "font", "message", "chemical", "x-conference", "api", "v1", "v2", "v3", "http", "https", "ftp",
        "tcp", "udp", "ws", "wss", "and", "or", "either", "yes", "no", "true", "false", "on", "off", "input", "read",
        "he", "his", "him", "she", "client", "get", "open", "start", "enable", "min", "max", "left", "right", "up",
        "down", "before", "after", "old", "new", "add", "upper", "lower", "per", "from", "to", "ollama", "azure",
        "azure_ai", "bedrock", "vertex_ai", "vertex_ai_beta", "together_ai", "anthropic", "gemini", "cohere", "mistral",
        "openrouter", "fireworks_ai", "replicate", "sagemaker", "perplexity", "xai", "ai21", "voyage", "deepinfra",
        "anyscale", "watsonx", "palm", "litellm_proxy", "deepseek"
    }
)  # fmt: skip

# Denominators of rates and units ("tokens/sec", "GB/month"); no model repo is named like this.
_UNIT_NAMES = frozenset(
    {
        "s", "sec", "secs", "second", "seconds", "ms", "us", "ns", "min", "mins", "minute", "minutes", "h", "hr", "hrs",
        "hour", "hours", "day", "days", "week", "month", "months", "year", "years", "yr", "token", "tokens", "tok",
        "toks", "step", "steps", "epoch", "epochs", "iter", "iters", "it", "req", "reqs", "request", "requests", "gpu",
        "gpus", "core", "cores", "node", "nodes", "user", "users", "query", "queries", "sample", "samples", "batch",
        "batches", "image", "images", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "hz", "khz", "mhz", "ghz"
    }
)  # fmt: skip

# Names under organisations that do publish Hub models but whose API-only models ("openai/gpt-4o" in a
# LiteLLM/OpenRouter config) are not Hub repos.
_API_ONLY_NAME_RE = re.compile(
    r"(?i)^(?:gpt-3\.5|gpt-4|gpt-5|chatgpt|o1|o3|o4|text-embedding|text-davinci|davinci|dall-e|tts-1|whisper-1|"
    r"gemini|claude)"
)

_NUMERIC_RE = re.compile(r"^[0-9._-]+$")
_VERSION_RE = re.compile(r"(?i)^v\d+(?:\.\d+)*$")


def _plausible_parts(org: str, name: str) -> bool:
    org_l, name_l = org.lower(), name.lower()
    if ".." in org or ".." in name or "--" in org or "--" in name:
        return False
    if len(org) < 2 or len(name) < 2:  # n/a, i/o, w/o, km/h, x/y
        return False
    if _NUMERIC_RE.match(org) or _NUMERIC_RE.match(name):  # 1/2, 10/2024, 1.0/2.0
        return False
    if _VERSION_RE.match(name):  # api/v1
        return False
    if org_l in _NON_ORG_PREFIXES or name_l in _UNIT_NAMES:
        return False
    if org_l in {"openai", "google", "meta", "microsoft"} and _API_ONLY_NAME_RE.match(name):
        return False
    if "." in name and name_l.rsplit(".", 1)[1] in _FILE_EXTENSIONS:
        return False
    return not ("." in org and org_l.rsplit(".", 1)[1] in {"com", "org", "net", "io", "ai", "co", "dev"})


def split_revision(value: str) -> tuple[str, str | None]:
    """``org/name@rev`` -> (``org/name``, ``rev``); the revision is ``None`` without an ``@``."""
    repo, sep, revision = value.partition("@")
    return (repo, revision) if sep else (value, None)


def is_plausible_repo_id(value: str) -> bool:
    """True when ``value`` reads as a Hub model id ``org/name`` (optionally ``org/name@revision``).

    The grammar follows the Hub (each part 1–96 of ``[A-Za-z0-9._-]``, no leading/trailing ``.``/``-``,
    no ``..``/``--``), then heuristics reject the slash-bearing strings that fill real code: paths and
    file names, dates and fractions, MIME types, git refs, units, ``and/or``-style words and API-only model
    names.  The id must also pass the Hub's own syntax (:func:`modelaudit.refs.is_repo_id`).  URLs are not
    ids (see :mod:`modelaudit.scan.hub_links`).  Legacy single-word ids such as ``gpt2`` are not accepted
    here; detectors accept those separately from :data:`LEGACY_MODEL_IDS` in model contexts.
    """
    repo, revision = split_revision(value)
    if revision is not None and not _REVISION_RE.fullmatch(revision):
        return False
    match = _REPO_ID_RE.fullmatch(repo)
    return match is not None and _plausible_parts(match.group(1), match.group(2)) and _hub_syntax(repo)


# The Hub's own id syntax, through modelaudit.refs. The same few hundred ids recur across a code base, and each
# check goes through huggingface_hub's lazily imported helpers, so answers are remembered.
_hub_syntax = functools.lru_cache(maxsize=8192)(refs.is_repo_id)


def is_valid_revision(value: str) -> bool:
    """A branch, tag or commit as code writes one (``main``, ``v1.0``, ``refs/pr/1``, a commit hash)."""
    return _REVISION_RE.fullmatch(value) is not None


# --------------------------------------------------------------------------------------------------
# Wildcards: a pattern over model names is not a model
# --------------------------------------------------------------------------------------------------

# What may sit between a name and the wildcard that ends it ("Llama-3.1-*"): a detector's value stops at
# the wildcard, and the Hub grammar trims the "-" / "." it leaves.
_WILDCARD_LEAD = ".-_"
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-*")
_QUERY_RE = re.compile(r"[^\s\"'`/#&<>()]*")


def wildcard_follows(text: str, start: int, end: int) -> bool:
    """True when the id at ``text[start:end]`` is the head of a glob pattern (``org/Llama-3.1-*``,
    ``org/model-?b``, ``org/model-[0-9]``), i.e. names many repositories or none, not a model.

    ``*`` closing Markdown emphasis (``**hf.co/org/name**``), ``?`` starting a query string
    (``hf.co/org/name?library=x``) or ending a sentence, and ``[^1]`` footnotes are not wildcards.
    """
    i = end
    limit = min(len(text), end + 8)
    while i < limit and text[i] in _WILDCARD_LEAD:
        i += 1
    if i >= len(text):
        return False
    char = text[i]
    # Every look around the id is bounded (a few hundred characters, searched by str methods), so a file
    # with thousands of hits on one line still costs time linear in its size.
    if char == "*":
        # Emphasis closes what the token opened: "**https://hf.co/org/name**".
        before = text[max(0, start - 400) : start]
        token = before.split()[-1] if before and not before[-1].isspace() else ""
        return not (token or text[start]).startswith("*")
    if char == "?":
        if i + 1 >= len(text) or text[i + 1] not in _NAME_CHARS:
            return False  # "... see hf.co/org/name?" ends a question
        query = _QUERY_RE.match(text, i + 1, i + 201)
        return query is None or "=" not in query.group()  # "?library=transformers" is a query string
    if char == "[":
        inner = text[i + 1 : i + 40].split("]", 1)
        if len(inner) < 2 or not inner[0] or any(c.isspace() for c in inner[0]):
            return False
        return not (inner[0].startswith("^") and inner[0][1:].isdigit())  # a Markdown footnote "[^1]"
    return False


