"""One grammar for links to the Hugging Face Hub, wherever they are met.

Model cards link their base models, datasets, licences and Spaces; ``base_model`` values are
sometimes URLs; code names models by ``hf.co/…`` or ``hf://…``; licence links point at a
licensor's LICENSE file on the Hub. All of them are read here, the same way:

* ``https://huggingface.co/org/name`` (``http``, ``www.``, ``hf.co``, no scheme), with a repo view
  (``/tree|blob|resolve|raw/<rev>[/path]``) or another repo page (``/discussions/…``) after it;
* ``…/datasets/org/name…`` and ``…/spaces/org/name…``;
* ``hf://[datasets/|spaces/]org/name[@rev][/path]`` (``huggingface_hub``'s URI syntax);
* a legacy single-name model (``huggingface.co/gpt2``), only when it cannot be a site page or a
  user's profile (it must contain a digit or a hyphen, or be a repo page such as ``/gpt2/tree/main``);
* Ollama's ``hf.co/org/name:Q4_K_M`` (the tag is kept apart).

``hf://`` URIs are parsed by ``huggingface_hub.parse_hf_uri``; repo ids by huggingface_hub's id rules
(``refs.check_repo_id``). This module finds candidates in text (in one linear pass), reads the web's
variants and keeps site pages (``/docs``, ``/blog``, ``/TheBloke``) out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from urllib.parse import unquote

from modelaudit.refs import InvalidRepoId, check_repo_id


class RepoType(str, Enum):
    MODEL = "model"
    DATASET = "dataset"
    SPACE = "space"


@dataclass(frozen=True)
class HubRef:
    """A Hub repository named by a link: its type, id, and the revision / file the link points at."""

    type: RepoType
    repo_id: str
    revision: str | None = None
    path: str | None = None  # a file or folder inside the repo, when the link points at one
    tag: str | None = None  # Ollama's ":Q4_K_M" after the repo name
    start: int = 0  # span of the link in the text it was found in
    end: int = 0

    @property
    def is_model(self) -> bool:
        return self.type is RepoType.MODEL


#: First path segments of huggingface.co that are site pages, not an organisation or a model.
SITE_SEGMENTS: frozenset[str] = frozenset({
    "datasets", "spaces", "docs", "api", "blog", "papers", "learn", "join", "login", "logout", "settings",
    "pricing", "organizations", "collections", "models", "tasks", "posts", "chat", "new", "enterprise",
    "terms-of-service", "privacy", "course", "courses", "inference-endpoints", "changelog", "hub", "search",
    "notifications", "welcome", "support", "huggingface-projects", "oauth", "assets", "front", "avatars", "storage",
    "buckets", "jobs", "inference", "mcp", "billing", "huggingchat", "cookbook", "sitemap", "static-proxy",
    "security", "legal", "brand", "hardware", "code-of-conduct", "content-guidelines", "open-source",
    "deep-rl-course", "inference-api", "inference-providers", "kernels", "transformers", "datasets-server",
})

#: Pages of one repository: a segment after the repo id that is not part of the id.
_REPO_VIEWS = frozenset({"tree", "blob", "resolve", "raw", "blame"})
_REPO_PAGES = _REPO_VIEWS | frozenset({"commit", "commits", "discussions", "edit", "upload", "settings", "compare",
                                       "refs", "community", "delete", "new"})
_TYPE_SEGMENTS = {"datasets": RepoType.DATASET, "spaces": RepoType.SPACE}

# Candidates: a Hub host (or hf://) followed by a run of URL characters. One prefix and one
# character class: linear in the text, whatever it holds.
_CANDIDATE = re.compile(
    r"(?:(?<![\w.@/-])(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/|(?<![\w-])hf://)"
    r"[^\s\"'<>()\[\]{}|`\\,;]+",
    re.IGNORECASE,
)
# What prose and markup put right after a link: never the end of a repo name or revision.
_TRAILING = ".:!?*_~"


def _legacy_name_ok(name: str) -> bool:
    # "gpt2", "distilbert-base-uncased" — not "TheBloke" (a profile) or "pricing" (a page).
    return name.lower() not in SITE_SEGMENTS and bool(re.search(r"[\d-]", name))


def parse_hub_url(text: str, *, start: int = 0) -> HubRef | None:
    """The Hub repository a whole link names, or ``None`` (a site page, a profile, not a Hub link)."""
    raw = text.strip().rstrip(_TRAILING)
    body: str
    low = raw.lower()
    if low.startswith("hf://"):
        body = raw[5:]
        if body.lower().startswith("models/"):  # huggingface_hub's URIs may name the model type too
            body = body[len("models/"):]
    else:
        match = re.match(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", raw, re.IGNORECASE)
        if match is None:
            return None
        body = raw[match.end():]
    path_part, _, query = body.partition("?")
    if "*" in path_part or (query and "=" not in query.split("#", 1)[0]):
        return None  # a glob ("Llama-3.1-*", "Qwen2.5-?B") names a pattern, not a repository
    body = path_part.split("#", 1)[0].strip("/")
    segments = [s for s in body.split("/") if s]
    if not segments:
        return None
    kind = _TYPE_SEGMENTS.get(segments[0].lower())
    if kind is not None:
        segments = segments[1:]
    elif segments[0].lower() in SITE_SEGMENTS:
        return None
    if not segments:
        return None
    tag: str | None = None
    revision: str | None = None
    path: str | None = None
    if low.startswith("hf://"):
        # hf://org/name@rev/path: huggingface_hub's own syntax, parsed by it below.
        canonical = "hf://" + body
    else:
        if len(segments) == 1 or segments[1].lower() in _REPO_PAGES:
            # A legacy single-name repo (models only): huggingface.co/gpt2, huggingface.co/gpt2/tree/main.
            if kind is not None or not (len(segments) > 1 or _legacy_name_ok(segments[0])):
                return None
            repo = segments[0]
            rest = segments[1:]
        else:
            repo = f"{segments[0]}/{segments[1]}"
            rest = segments[2:]
        if ":" in repo:  # Ollama / llama.cpp: hf.co/org/name:Q4_K_M
            repo, tag = repo.split(":", 1)
        if repo.endswith(".git"):
            repo = repo[:-4]
        repo = repo.rstrip(".-")
        if rest and rest[0].lower() in _REPO_VIEWS and len(rest) >= 2:
            revision = unquote(rest[1])  # "refs%2Fpr%2F1" is the revision refs/pr/1
            path = unquote("/".join(rest[2:])) or None
        # Web links: the repo id is judged by huggingface_hub's id rules (``refs.check_repo_id``).
        try:
            check_repo_id(repo)
        except InvalidRepoId:
            return None
        return HubRef(kind or RepoType.MODEL, repo, revision, path, tag, start, start + len(raw))
    # hf://[type/]org/name[@rev][/path]: huggingface_hub's own URI syntax, parsed by huggingface_hub.
    from huggingface_hub import parse_hf_uri
    from huggingface_hub.errors import HfUriError, HFValidationError

    try:
        uri = parse_hf_uri(canonical)
    except (HfUriError, HFValidationError, ValueError):
        return None
    uri_type = RepoType(str(uri.type)) if str(uri.type) in RepoType._value2member_map_ else None
    if uri_type is None or not uri.id:
        return None
    return HubRef(uri_type, str(uri.id), uri.revision or None, uri.path_in_repo or None, tag, start, start + len(raw))


def find_hub_refs(text: str) -> Iterator[HubRef]:
    """Every Hub link in ``text`` that names a repository, with its span, in order."""
    for match in _CANDIDATE.finditer(text):
        ref = parse_hub_url(match.group(0), start=match.start())
        if ref is not None:
            yield ref


__all__ = ["SITE_SEGMENTS", "HubRef", "RepoType", "find_hub_refs", "parse_hub_url"]
