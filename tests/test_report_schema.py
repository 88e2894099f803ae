"""The report's JSON schema ships in the package with an $id, and every JSON report names it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import modelaudit
from helpers import run_cli
from modelaudit.results import SCHEMA_ID
from modelaudit.schemas import REPORT_SCHEMA, report_schema


def test_schema_is_in_the_package_with_an_id() -> None:
    assert REPORT_SCHEMA.parent == Path(modelaudit.__file__).parent / "schemas"
    schema = report_schema()
    assert schema["$id"] == SCHEMA_ID
    jsonschema.Draft202012Validator.check_schema(schema)


def test_a_real_report_names_and_satisfies_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "check", "--offline", "-q", "-f", "json", "mistralai/Codestral-22B-v0.1",
                     "allenai/OLMo-2-1124-7B", "--profile", str(Path(__file__).parents[1] / "examples" / "profiles" /
                                                                "startup.yaml"))
    report = json.loads(result.out)
    assert report["$schema"] == SCHEMA_ID == report_schema()["$id"]
    jsonschema.Draft202012Validator(report_schema()).validate(report)
    # The schema is not vacuous: a report that names another schema, or lost a required key, fails.
    for broken in ({**report, "$schema": "urn:other"}, {k: v for k, v in report.items() if k != "results"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(report_schema()).validate(broken)


def test_the_wheel_ships_the_schema() -> None:
    """hatch puts every file under src/modelaudit into the wheel unless excluded: nothing may exclude it."""
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert 'packages = ["src/modelaudit"]' in text and "schemas" not in text.split("[tool.hatch.build.targets.sdist]")[0]
    assert "*.json" not in (Path(__file__).parents[1] / ".gitignore").read_text()
