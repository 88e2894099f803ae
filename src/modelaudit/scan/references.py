"""Result types and the rules that decide whether a string names a Hugging Face model repository.

Everything here is pure (no file-system access) so that detectors, the walker and tests share a single
notion of "plausible model id".  The rules are deliberately conservative: a scanner that invents models
produces licence findings nobody can act on, so every heuristic below errs towards rejecting a string.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "LEGACY_MODEL_IDS",
    "NON_SOURCE_KEY_PREFIXES",
    "ModelReference",
    "ParsedValue",
    "ScanResult",
    "is_model_key",
    "is_plausible_repo_id",
    "parse_hub_url",
    "parse_model_value",
]


@dataclass(frozen=True)
class ModelReference:
    """One place in a code base that names a Hub model."""

    repo_id: str
    revision: str | None
    path: str  # posix, relative to the scan root
    line: int  # 1-based
    column: int  # 1-based, in characters, pointing at the first character of the id
    kind: str
    snippet: str

    @property
    def model(self) -> str:
        """The id as :meth:`ScanResult.models` spells it: ``org/name`` or ``org/name@revision``."""
        return f"{self.repo_id}@{self.revision}" if self.revision else self.repo_id


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


def _split_revision(value: str) -> tuple[str, str | None]:
    repo, sep, revision = value.partition("@")
    return (repo, revision) if sep else (value, None)


def is_plausible_repo_id(value: str) -> bool:
    """True when ``value`` reads as a Hub model id ``org/name`` (optionally ``org/name@revision``).

    The grammar follows the Hub (each part 1–96 of ``[A-Za-z0-9._-]``, no leading/trailing ``.``/``-``,
    no ``..``/``--``), then heuristics reject the slash-bearing strings that fill real code: paths and
    file names, dates and fractions, MIME types, git refs, units, ``and/or``-style words and API-only model
    names.  URLs are not ids (use :func:`parse_hub_url`).  Legacy single-word ids such as ``gpt2`` are not
    accepted here; detectors accept those separately from :data:`LEGACY_MODEL_IDS` in model contexts.
    """
    repo, revision = _split_revision(value)
    if revision is not None and not _REVISION_RE.fullmatch(revision):
        return False
    match = _REPO_ID_RE.fullmatch(repo)
    return match is not None and _plausible_parts(match.group(1), match.group(2))


# --------------------------------------------------------------------------------------------------
# Hub URLs
# --------------------------------------------------------------------------------------------------

# First path segments of huggingface.co that are site pages, not an organisation.
_SITE_SEGMENTS = frozenset(
    {
        "datasets", "spaces", "docs", "api", "blog", "papers", "learn", "join", "login", "logout", "settings",
        "pricing", "organizations", "collections", "models", "tasks", "posts", "chat", "new", "enterprise",
        "terms-of-service", "privacy", "course", "courses", "inference-endpoints", "changelog", "hub", "search",
        "notifications", "welcome", "support", "huggingface-projects", "oauth", "assets", "front", "avatars", "storage",
        "buckets", "jobs", "inference", "mcp", "billing", "huggingchat", "cookbook", "sitemap", "static-proxy",
        "security", "legal", "brand", "hardware", "code-of-conduct", "content-guidelines", "open-source", "deep-rl-course"
    }
)  # fmt: skip

# Second path segments that are pages of a repo, meaning the first segment was the (legacy) repo itself.
_REPO_PAGES = frozenset({"resolve", "tree", "blob", "raw", "commit", "commits", "discussions", "edit", "upload", "settings"})

_HUB_URL_RE = re.compile(
    r"(?P<prefix>(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/)"
    r"(?P<org>[A-Za-z0-9][A-Za-z0-9._-]*)/(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)"
    r"(?P<rest>/(?:tree|resolve|blob|raw|commit)/[^\s\"'<>()\[\]{}]+)?"
)


@dataclass(frozen=True)
class ParsedValue:
    """A model id found inside a larger token, with its offset in that token."""

    repo_id: str
    revision: str | None
    offset: int


def _clean_name(name: str) -> str:
    # Prose and markup put punctuation straight after a URL ("see huggingface.co/org/name."); a repo name
    # can end in neither "." nor "-", so trimming them is safe.  ".git" comes from clone URLs.
    if name.endswith(".git"):
        name = name[:-4]
    return name.rstrip(".-")


def parse_hub_url(text: str) -> ParsedValue | None:
    """Parse a Hub model URL (``https://huggingface.co/org/name[/tree/rev|/resolve/...|/blob/...]``).

    The scheme is optional so that ``hf.co/org/name`` (Ollama, llama.cpp) is accepted.  Dataset, Space and
    site URLs return ``None``.  Only ``/tree/<rev>`` yields a revision: ``/resolve/`` and ``/blob/`` point at
    a file and are mostly ``main``, which would split one model into two entries.
    """
    match = _HUB_URL_RE.match(text)
    if not match or match.group("org").lower() in _SITE_SEGMENTS:
        return None
    org, name = match.group("org"), _clean_name(match.group("name"))
    if name in _REPO_PAGES:
        # huggingface.co/bert-base-cased/resolve/main/...: a legacy top-level repo, not org "bert-base-cased"
        return ParsedValue(org, None, match.start("org")) if org in LEGACY_MODEL_IDS else None
    # Ollama / llama.cpp append a quantisation tag: hf.co/org/name:Q4_K_M
    name = name.split(":", 1)[0]
    repo_id = f"{org}/{name}"
    revision: str | None = None
    rest = match.group("rest")
    if rest and rest.startswith("/tree/"):
        revision = rest[len("/tree/") :].rstrip("/.,;:") or None
    if not is_plausible_repo_id(repo_id) or (revision is not None and not _REVISION_RE.fullmatch(revision)):
        return None
    return ParsedValue(repo_id, revision, match.start("org"))


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

    Handles quotes and trailing punctuation, shell defaults (``${MODEL:-org/name}``), Hub URLs,
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
    if "huggingface.co/" in value or "hf.co/" in value:
        url = parse_hub_url(value)
        return ParsedValue(url.repo_id, url.revision, start + url.offset) if url else None
    if strip_tag and ":" in value:
        value = value.split(":", 1)[0]
    if value.startswith(_PROVIDER_PREFIX) and value.count("/") == 2:
        # LiteLLM names Hub models "huggingface/org/name"
        start += len(_PROVIDER_PREFIX)
        value = value[len(_PROVIDER_PREFIX) :]
    repo, revision = _split_revision(value)
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
