"""Model-card text helpers: the YAML front matter and the prose body of a README."""

from __future__ import annotations

import re
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """Return (metadata, body). Metadata is ``None`` when absent or not valid YAML."""
    match = _FRONT.match(text)
    if not match:
        return None, text
    body = text[match.end() :]
    try:
        data = yaml.load(match.group(1), Loader=_Loader)
    except yaml.YAMLError:
        return None, body
    return (data if isinstance(data, dict) else None), body


def readme_body(text: str | None) -> str:
    if not text:
        return ""
    return split_front_matter(text)[1]
