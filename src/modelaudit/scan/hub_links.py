"""Which Hub links in code name a model the code uses.

The link itself is read by :mod:`modelaudit.hubrefs`, the project's one grammar for Hub links (web URLs with
or without a scheme, ``hf.co``, ``hf://``, datasets and Spaces, site pages, Ollama tags). What is added
here is about code, not about links:

* only model repositories count (a dataset or a Space is not a model the code loads);
* ``/tree/<rev>`` pins a revision, but ``/resolve/<rev>/…`` and ``/blob/<rev>/…`` point at a file and are
  mostly ``main``: taking their revision would split one model into two entries. ``hf://org/name@rev``
  is an explicit pin and keeps it;
* a single-name (legacy) repository counts only when it is one of :data:`LEGACY_MODEL_IDS`;
* ``org/name`` must also be a plausible id in code (:func:`is_plausible_repo_id`);
* Ollama's ``hf.co/org/name:Q4_K_M`` names the repository; the quantisation tag is dropped.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from modelaudit import hubrefs

from .references import LEGACY_MODEL_IDS, ParsedValue, is_plausible_repo_id, is_valid_revision

__all__ = ["model_from_link"]

# The characters a link can hold where it is written in code or prose (hubrefs reads the same run): quotes,
# brackets, "|", ",", ";" and whitespace end it.
_LINK_RE = re.compile(r"[^\s\"'<>()\[\]{}|`\\,;]{1,400}")
_WEB_PREFIX_RE = re.compile(r"(?:https?://)?(?:www\.)?(?:huggingface|hf)\.co/", re.IGNORECASE)


def _site_page(link: str) -> bool:
    """A web link to a site page, a dataset or a Space (``hubrefs.SITE_SEGMENTS``): no model. Most Hub links
    in a code base are these (docs, datasets), and this answers them without the full parse."""
    prefix = _WEB_PREFIX_RE.match(link)
    if prefix is None:
        return False
    end = link.find("/", prefix.end())
    return link[prefix.end() : end if end >= 0 else len(link)].lower() in hubrefs.SITE_SEGMENTS


def model_from_link(text: str) -> ParsedValue | None:
    """The model the Hub link at the start of ``text`` names, or ``None`` (not a model, or not a link).

    ``text`` may go on after the link (the rest of a line, a closing quote); only the link is read.
    """
    link_match = _LINK_RE.match(text)
    if link_match is None:
        return None
    link = link_match.group()
    if _site_page(link):
        return None
    ref = hubrefs.parse_hub_url(link)
    if ref is None or not ref.is_model:
        return None
    repo = ref.repo_id
    if "/" in repo:
        if not is_plausible_repo_id(repo):
            return None
    elif repo not in LEGACY_MODEL_IDS:
        return None
    prefix = _WEB_PREFIX_RE.match(link)
    after_host = prefix.end() if prefix is not None else len("hf://")
    offset = link.find(repo, after_host)
    if offset < 0:
        offset = link.lower().find(repo.lower(), after_host)
        if offset < 0:
            return None  # the grammar rewrote the id; it could not be located in the text
    return ParsedValue(repo, _pinned_revision(link, offset + len(repo), ref.revision), offset)


def _pinned_revision(link: str, id_end: int, revision: str | None) -> str | None:
    if revision is None:
        return None
    explicit = link[:5].lower() == "hf://" or link[id_end : id_end + 6].lower() == "/tree/"
    if not explicit:
        return None
    revision = unquote(revision)  # the Hub writes refs/pr/1 as refs%2Fpr%2F1 in a tree URL
    # An odd revision does not unmake the model: it is reported unpinned rather than dropped.
    return revision if is_valid_revision(revision) else None
