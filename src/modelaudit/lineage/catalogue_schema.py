"""The schema of ``lineage/catalogue.yaml``, checked whenever a catalogue is loaded.

Hand-written, like the licence schema: it keeps start-up fast and lets every error name the file and
the key path, e.g. ``catalogue.yaml: families[3].pattern: invalid regular expression (missing ), unterminated
subpattern at position 4)`` or ``catalogue.yaml: familes: unknown key (did you mean 'families'?)``. A
misspelt key must fail loudly: a vocabulary silently left out would make lineage reading quietly weaker.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelaudit.errors import ModelauditError
from modelaudit.refs import is_repo_id


class CatalogueError(ModelauditError, ValueError):
    """A catalogue does not follow the schema. The message names the file and the key path."""


class _Invalid(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


class _Spec:
    def check(self, value: Any, path: str) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class _Str(_Spec):
    nonempty: bool = True

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            raise _Invalid(path, f"expected a string, got {_kind(value)} {value!r}"[:200])
        if self.nonempty and not value.strip():
            raise _Invalid(path, "must not be empty")


@dataclass(frozen=True)
class _RepoId(_Spec):
    def check(self, value: Any, path: str) -> None:
        _Str().check(value, path)
        if not is_repo_id(value):
            raise _Invalid(path, f"{value!r} is not a Hub model id")


@dataclass(frozen=True)
class _Name(_Spec):
    """A lower-case name usable in a node id (``service:<provider>/<model>``): no '/', no spaces."""

    def check(self, value: Any, path: str) -> None:
        _Str().check(value, path)
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
            raise _Invalid(path, f"{value!r} is not a lower-case name (letters, digits, '.', '_', '-')")


@dataclass(frozen=True)
class _Url(_Spec):
    def check(self, value: Any, path: str) -> None:
        _Str().check(value, path)
        if not re.fullmatch(r"https://\S+", value):
            raise _Invalid(path, f"{value!r} is not an https URL")


@dataclass(frozen=True)
class _Regex(_Spec):
    """A case-insensitive regular expression (how every catalogue pattern is compiled)."""

    def check(self, value: Any, path: str) -> None:
        _Str().check(value, path)
        try:
            re.compile(value, re.IGNORECASE)
        except re.error as exc:
            raise _Invalid(path, f"invalid regular expression ({exc})") from None


@dataclass(frozen=True)
class _Choice(_Spec):
    values: tuple[str, ...]

    def check(self, value: Any, path: str) -> None:
        if value not in self.values:
            raise _Invalid(path, f"expected one of {', '.join(self.values)}, got {value!r}"[:200])


@dataclass(frozen=True)
class _Nullable(_Spec):
    inner: _Spec

    def check(self, value: Any, path: str) -> None:
        if value is not None:
            self.inner.check(value, path)


@dataclass(frozen=True)
class _List(_Spec):
    item: _Spec

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, list):
            raise _Invalid(path, f"expected a list, got {_kind(value)}")
        for k, item in enumerate(value):
            self.item.check(item, f"{path}[{k}]")


@dataclass(frozen=True)
class _Map(_Spec):
    """A mapping with free keys (strings) and values of one kind."""

    value: _Spec

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, Mapping):
            raise _Invalid(path, f"expected a mapping, got {_kind(value)}")
        for key, item in value.items():
            _Str().check(key, f"{path} key")
            self.value.check(item, f"{path}.{key}")


@dataclass(frozen=True)
class _Fields(_Spec):
    """A mapping with known keys: ``fields`` maps each key to (spec, required)."""

    fields: Mapping[str, tuple[_Spec, bool]]

    def check(self, value: Any, path: str) -> None:
        if not isinstance(value, Mapping):
            raise _Invalid(path, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if key not in self.fields:
                near = difflib.get_close_matches(str(key), list(self.fields), n=1)
                hint = f"did you mean {near[0]!r}?" if near else f"expected one of: {', '.join(sorted(self.fields))}"
                raise _Invalid(_join(path, str(key)), f"unknown key ({hint})")
        for key, (spec, required) in self.fields.items():
            if key in value:
                spec.check(value[key], _join(path, key))
            elif required:
                raise _Invalid(_join(path, key), "is required")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_STRINGS = _List(_Str())
_REGEXES = _List(_Regex())
#: ``unspecified``: the cue names a parent but not how; the relation then comes from how the repo looks.
RELATIONS = ("distillation", "quantized", "adapter", "merge", "finetune", "unspecified")


def _by_relation(relations: tuple[str, ...]) -> _Spec:
    return _List(_Fields({"relation": (_Choice(relations), True), "phrases": (_REGEXES, True)}))


SCHEMA = _Fields({
    "catalogue": (_List(_RepoId()), False),
    "aliases": (_Map(_RepoId()), False),
    "families": (_List(_Fields({
        "id": (_Str(), True),
        "display": (_Str(), True),
        "owners": (_STRINGS, True),
        "license": (_Nullable(_Str()), True),
        "pattern": (_Regex(), True),
    })), False),
    "notice_families": (_List(_Fields({"family": (_Str(), True), "pattern": (_Regex(), True)})), False),
    "derivative_signals": (_Fields({
        "tags": (_STRINGS, False),
        "libraries": (_STRINGS, False),
        "files": (_REGEXES, False),
        "name_tokens": (_STRINGS, False),
        "attribution_phrases": (_REGEXES, False),
    }), False),
    "name_decorations": (_REGEXES, False),
    "quantization": (_Fields({
        "format_tokens": (_REGEXES, False),
        "tags": (_STRINGS, False),
        "libraries": (_STRINGS, False),
        "files": (_REGEXES, False),
        "config_keys": (_STRINGS, False),
    }), False),
    "multimodal": (_Fields({"pipeline_tags": (_STRINGS, False), "model_types": (_STRINGS, False),
                            "tags": (_STRINGS, False)}), False),
    "prose_cues": (_by_relation(RELATIONS), False),
    "relation_nouns": (_by_relation(RELATIONS[:-1]), False),
    "relation_keywords": (_List(_Fields({"relation": (_Choice(RELATIONS[:-1]), True), "keywords": (_STRINGS, True)})),
                          False),
    "auxiliary_models": (_Fields({"roles": (_STRINGS, False), "name_atoms": (_STRINGS, False)}), False),
    "variant_words": (_STRINGS, False),
    "checkpoint_dirs": (_REGEXES, False),
    "services": (_List(_Fields({
        "provider": (_Name(), True),
        "display": (_Str(), True),
        "terms": (_Url(), True),
        "models": (_List(_Fields({"id": (_Name(), True), "display": (_Str(), True), "pattern": (_Regex(), True)})),
                   True),
    })), False),
    "data_lineage": (_Fields({
        key: (_REGEXES, False) for key in (
            "evaluation_words", "training_words", "dataset_labels", "derivation_cues", "composition_cues",
            "output_cues", "output_nouns", "negations", "pretraining_corpora", "original_phrases")
    }), False),
})


def validate_catalogue(data: object, source: str) -> Mapping[str, Any]:
    """``data`` if it follows the schema; otherwise ``CatalogueError`` naming ``source`` and the key path."""
    try:
        SCHEMA.check(data, "")
        assert isinstance(data, Mapping)
        _check_references(data)
    except _Invalid as exc:
        raise CatalogueError(f"{source}: {exc}") from None
    return data


def _check_references(data: Mapping[str, Any]) -> None:
    """What the per-key schema cannot see: references between sections, and phrases that compile alone but not
    as the one alternation they are read as."""
    ids = {f["id"] for f in data.get("families") or ()}
    for k, notice in enumerate(data.get("notice_families") or ()):
        if notice["family"] not in ids:
            raise _Invalid(f"notice_families[{k}].family", f"{notice['family']!r} is not the id of a family")
    for section in ("prose_cues", "relation_nouns"):
        for k, group in enumerate(data.get(section) or ()):
            try:
                re.compile("|".join(group["phrases"]), re.IGNORECASE)
            except re.error as exc:
                raise _Invalid(f"{section}[{k}].phrases", f"the phrases do not form one regular expression ({exc})") \
                    from None
    tokens = (data.get("quantization") or {}).get("format_tokens") or []
    try:
        re.compile("|".join(tokens), re.IGNORECASE)
    except re.error as exc:
        raise _Invalid("quantization.format_tokens", f"the tokens do not form one regular expression ({exc})") \
            from None
    for key, phrases in (data.get("data_lineage") or {}).items():
        try:
            re.compile("|".join(phrases), re.IGNORECASE)
        except re.error as exc:
            raise _Invalid(f"data_lineage.{key}", f"the phrases do not form one regular expression ({exc})") from None
    providers: set[str] = set()
    for k, service in enumerate(data.get("services") or ()):
        if service["provider"] in providers:
            raise _Invalid(f"services[{k}].provider", f"{service['provider']!r} is listed twice")
        providers.add(service["provider"])
        models: set[str] = set()
        for j, model in enumerate(service["models"]):
            if model["id"] in models:
                raise _Invalid(f"services[{k}].models[{j}].id", f"{model['id']!r} is listed twice")
            models.add(model["id"])


__all__ = ["RELATIONS", "SCHEMA", "CatalogueError", "validate_catalogue"]
