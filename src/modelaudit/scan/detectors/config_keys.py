"""Configuration keys that hold a model id, one ``key: value`` at a time: YAML, TOML, JSON, INI, ``.env``,
compose and CI files, Dockerfile ``ENV`` / ``ARG``, Makefile variables, ``docker run -e``, Kubernetes
``- name: MODEL_ID`` / ``value: …`` pairs. Which keys count is ``values.is_model_key``; a key nested under
another (``model: {name: …}``) is ``nested_keys.py``'s."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..values import is_model_key, parse_model_value
from .filetypes import CODE, DOCKER, ENV, INI, JSON, MAKE, PYTHON, PYTHON_UNPARSED, SHELL, TOML, YAML
from .hits import Hit, Source

__all__ = ["KEY_TRIGGERS", "find"]


def find(source: Source) -> Iterator[Hit]:
    return _key_hits(source.text, source.lower, source.ftype)


# Keys are looked for where keys live: at the start of a line (after indentation, a YAML "- " item, or
# export/ENV/ARG/set), after "{" "," ";" in inline maps, and after `docker run -e`.  Anchoring keeps the
# engine from trying every word of every file, which made this the slowest detector.
_KEY_RE = re.compile(
    r"""(?:^|[{,;]|(?<=\s)(?:-e|--env)[ \t=])[ \t]*(?:-[ \t]+)?(?:(?:export|ENV|ARG|set)[ \t]+)?"""
    r"""["']?(?P<key>[A-Za-z_][\w.-]*)["']?[ \t]*"""
    r"""(?P<sep>[?:+]?=|:)[ \t]*(?P<val>"[^"\n]*"|'[^'\n]*'|[^\s"'#,;]+)""",
    re.MULTILINE,
)
# Kubernetes / CI env lists: `- name: MODEL_ID` followed by `value: org/name` on the next line.
_NAME_VALUE_RE = re.compile(
    r"""(?m)\bname:[ \t]*["']?(?P<key>[A-Za-z_]\w*)["']?[ \t]*\r?\n"""
    r"""[ \t]*value:[ \t]*(?P<val>"[^"\n]*"|'[^'\n]*'|[^\s"'#]+)"""
)
_DOCKER_ENV_RE = re.compile(r"(?im)^[ \t]*(?:ENV|ARG)[ \t]+(?P<key>[A-Za-z_]\w*)[ \t]+(?P<val>[^\s=]+)[ \t]*$")
_ENV_STYLE_TYPES = frozenset({ENV, DOCKER, SHELL, MAKE})
_NEVER_ENV_TYPES = frozenset({TOML, INI, JSON, CODE, PYTHON, PYTHON_UNPARSED})
# Every model key holds one of these (lower-cased): a file without any has no key to find. "adapter" and
# "lora" were missing, so `adapter_id:` / `lora_id:` alone in a file went unread.
KEY_TRIGGERS = ("model", "repo", "name_or_path", "tokenizer", "adapter", "lora")


def _key_kind(key: str, sep: str, ftype: str) -> str:
    # Upper-case keys are environment variables by convention, also in YAML (`environment:` in compose,
    # `env:` in CI); lower-case keys are configuration unless the file itself is an env/shell file.
    if ftype in _NEVER_ENV_TYPES:
        return "config-key"
    return "env" if key.isupper() or ("=" in sep and ftype in _ENV_STYLE_TYPES) else "config-key"


def _key_hits(text: str, lower: str, ftype: str) -> Iterator[Hit]:
    if not any(t in lower for t in KEY_TRIGGERS):
        return
    for match in _KEY_RE.finditer(text):
        key = match.group("key")
        if not is_model_key(key):
            continue
        parsed = parse_model_value(match.group("val"))
        if parsed is not None:
            kind = _key_kind(key, match.group("sep"), ftype)
            yield Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, kind)
    if ftype == YAML and "value:" in text:
        for match in _NAME_VALUE_RE.finditer(text):
            if is_model_key(match.group("key")) and (parsed := parse_model_value(match.group("val"))) is not None:
                yield Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "env")
    if ftype == DOCKER:
        for match in _DOCKER_ENV_RE.finditer(text):
            if is_model_key(match.group("key")) and (parsed := parse_model_value(match.group("val"))) is not None:
                yield Hit(match.start("val") + parsed.offset, parsed.repo_id, parsed.revision, "env")
