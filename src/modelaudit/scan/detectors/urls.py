"""Hub links anywhere in any text: ``https://huggingface.co/org/name``, ``hf.co/org/name:TAG``,
``hf://org/name@rev``, the Inference API's ``api-inference.huggingface.co/models/org/name`` and router
URLs, and timm / open_clip's ``hf-hub:org/name``.

Links are read by the project's one Hub-link grammar through ``scan/hub_links.py`` (which adds scan's
rules: models only, which revisions count, legacy names). Candidates are found by searching for the host
literally: a pattern that starts with an optional scheme is tried at every position of a file, and was
the slowest detector.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from modelaudit.hubrefs import SITE_SEGMENTS

from ..hub_links import model_from_link
from ..values import parse_model_value
from .hits import Hit, Source

__all__ = ["find"]

_URL_HOST_RE = re.compile(r"(?:huggingface|hf)\.co/([\w.-]*)")
_HF_URI_RE = re.compile(r"hf://")
# Inference endpoints are not repository pages (hubrefs does not read them as links), but the model they
# call is a model the code uses.
_INFERENCE_URL_RE = re.compile(
    r"(?:api-inference\.huggingface\.co/models|router\.huggingface\.co/hf-inference/models)/(?P<val>[\w.-]+/[\w.-]+)"
)
# timm / open_clip: create_model("hf-hub:org/name")
_HUB_URI_RE = re.compile(r"(?<![\w-])hf[-_]hub:(?P<val>[\w.-]+/[\w.-]+(?:@[\w./-]+)?)")


def find(source: Source) -> Iterator[Hit]:
    text = source.text
    if "huggingface.co" in text or "hf.co" in text:
        for match in _URL_HOST_RE.finditer(text):
            if match.group(1).lower() in SITE_SEGMENTS:
                continue  # most Hub links in a code base are docs, datasets and Spaces: no model, nothing to parse
            start = match.start()
            if text.endswith("www.", 0, start):
                start -= 4
            for scheme in ("https://", "http://"):
                if text.endswith(scheme, 0, start):
                    start -= len(scheme)
                    break
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.@-"):
                continue  # cdn-lfs.huggingface.co, user@huggingface.co
            link = model_from_link(text[start : start + 400])
            if link is not None:
                yield Hit(start + link.offset, link.repo_id, link.revision, "url")
        for match in _INFERENCE_URL_RE.finditer(text):
            if (parsed := parse_model_value(match.group("val"))) is not None:
                yield Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "url")
    if "hf://" in text:
        for match in _HF_URI_RE.finditer(text):
            start = match.start()
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            link = model_from_link(text[start : start + 400])
            if link is not None:
                yield Hit(start + link.offset, link.repo_id, link.revision, "hub-uri")
    if "hf-hub:" in text or "hf_hub:" in text:
        for match in _HUB_URI_RE.finditer(text):
            if (parsed := parse_model_value(match.group("val"))) is not None:
                yield Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "hub-uri")
