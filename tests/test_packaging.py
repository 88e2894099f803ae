"""What ships with the project: its licence, and the refusal to run beside the other "modelaudit"."""

from __future__ import annotations

from pathlib import Path

import pytest

import modelaudit
from helpers import run_cli
from modelaudit._distribution import foreign_distribution
from modelaudit.errors import ModelauditError

ROOT = Path(__file__).resolve().parents[1]


def test_licence_file_is_the_apache_2_text_the_metadata_declares() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("Apache License\n") and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text
    assert '\nlicense = "Apache-2.0"\n' in (ROOT / "pyproject.toml").read_text()


def _fake_foreign(tmp_path: Path, name: str = "modelaudit-0.5.2.dist-info") -> Path:
    site = tmp_path / "site-packages"
    meta = site / name
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: modelaudit\nVersion: 0.5.2\n")
    return site


@pytest.mark.parametrize("name", ["modelaudit-0.5.2.dist-info", "ModelAudit-0.5.2.dist-info",
                                  "modelaudit-0.5.2-py3.11.egg-info"])
def test_the_other_modelaudit_is_recognised(tmp_path: Path, name: str) -> None:
    site = _fake_foreign(tmp_path, name)
    assert foreign_distribution([str(site)]) == ("0.5.2", str(site))


@pytest.mark.parametrize("name", ["modelaudit_license-0.1.0.dist-info", "modelaudit_extra-1.0.dist-info",
                                  "modelaudit-tools-1.0.dist-info", "modelaudit"])
def test_ours_and_other_names_are_not(tmp_path: Path, name: str) -> None:
    site = tmp_path / "site-packages"
    (site / name).mkdir(parents=True)
    assert foreign_distribution([str(site), str(tmp_path / "missing"), str(ROOT / "pyproject.toml")]) is None


def test_this_environment_has_no_other_modelaudit() -> None:
    assert foreign_distribution() is None


def test_cli_and_api_refuse_to_run_beside_it(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    site = _fake_foreign(tmp_path)
    monkeypatch.syspath_prepend(str(site))
    result = run_cli(capsys, "check", "google/gemma-2-9b", "--offline")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert "another distribution named 'modelaudit' (0.5.2" in result.err
    assert "pip uninstall -y modelaudit modelaudit-license && pip install modelaudit-license" in result.err
    with pytest.raises(ModelauditError, match="another distribution named 'modelaudit'"):
        modelaudit.check(["google/gemma-2-9b"], offline=True)


def _declared() -> set[str]:
    """The distributions pyproject.toml declares: the dependencies and the optional extras (an extra's package,
    pyspark for ``[spark]``, is imported only by the code that needs it and says so when it is missing)."""
    import re

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = [*project["dependencies"], *(s for extra in project.get("optional-dependencies", {}).values() for s in extra)]
    return {re.split(r"[<>=!;\[ ]", spec.strip())[0].lower().replace("_", "-") for spec in specs}


def test_every_imported_package_is_a_declared_dependency() -> None:
    """A package the code imports must be declared (with a floor .ci/run proves), not arrive by luck
    as a dependency of a dependency."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    imported: set[str] = set()
    for path in (ROOT / "src" / "modelaudit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported - set(sys.stdlib_module_names) - {"modelaudit", "tomli"}}
    assert {"click", "packageurl", "license_expression", "huggingface_hub", "typer"} <= third_party
    declared = _declared()
    for name in sorted(third_party):
        # An extra's package need not be installed (pyspark for [spark]): then its import name is its name.
        dists = {d.lower().replace("_", "-") for d in owners.get(name, [])} or {name.lower().replace("_", "-")}
        assert dists & declared, f"{name} (from {dists or 'nothing installed'}) is imported but not declared"


def test_the_http_library_comes_with_huggingface_hub() -> None:
    """sources/transport.py uses httpx or httpx2, whichever the installed huggingface_hub depends on."""
    import re
    from importlib.metadata import requires

    from modelaudit.sources.transport import http_library

    httpx, _ = http_library()
    needed = {re.split(r"[<>=!;\[ ]", r)[0].lower() for r in requires("huggingface-hub") or [] if "extra ==" not in r}
    assert httpx.__name__ in needed
