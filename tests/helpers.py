"""Small helpers shared by tests: building synthetic Hubs and running the CLI in-process."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from fakehub import FakeHub, HubData, make_repo


def card_readme(front: dict[str, object] | None = None, body: str = "") -> bytes:
    import yaml

    head = f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n" if front else ""
    return (head + body).encode()


def repo(repo_id: str, *, license: str | None = "apache-2.0", base: str | list[str] | None = None,
         relation: str | None = None, body: str = "", tags: Iterable[str] = (), extra_files: dict[str, bytes] | None = None,
         card: dict[str, object] | None = None, **info: object):
    """A fake Hub repo whose card front matter and cardData agree, like the real Hub's.

    ``card`` adds front-matter keys (``license_name``, ``license_link``, ``model_creator``...)."""
    card = dict(card or {})
    if license is not None:
        card["license"] = license
    if base is not None:
        card["base_model"] = base
    if relation is not None:
        card["base_model_relation"] = relation
    all_tags = list(tags)
    if license is not None:
        all_tags.append(f"license:{license}")
    for b in ([base] if isinstance(base, str) else base or []):
        all_tags.append(f"base_model:{b}")
    files = {"README.md": card_readme(card or None, body)}
    files.update(extra_files or {})
    r = make_repo(repo_id, tags=all_tags, files=files, **info)
    r.info["cardData"] = card
    return r


def hub_of(*repos, renames: dict[str, str] | None = None) -> HubData:
    data = HubData(renames=dict(renames or {}))
    for r in repos:
        data.add(r)
    return data


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    from modelaudit.cli import main

    code = main(list(args))
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def started(data: HubData, **kwargs: object) -> FakeHub:
    return FakeHub(data, **kwargs).start()  # type: ignore[arg-type]


def cyclonedx_errors(text: str) -> list[str]:
    """Every CycloneDX 1.6 schema error of ``text`` (cyclonedx-python-lib >= 11 lists them all;
    older releases, still allowed by our floor, stop at the first)."""
    import inspect

    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    validator = JsonStrictValidator(SchemaVersion.V1_6)
    if "all_errors" in inspect.signature(validator.validate_str).parameters:
        errors = validator.validate_str(text, all_errors=True)
        return [str(e) for e in errors] if errors is not None else []
    error = validator.validate_str(text)
    return [] if error is None else [str(error)]
