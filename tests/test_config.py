"""Configuration discovery: .modelaudit.yaml or [tool.modelaudit] in pyproject.toml, in the working
directory or a parent; paths relative to the file; flags and environment twins override it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import run_cli
from modelaudit.config import discover, read_config
from modelaudit.errors import UsageError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WARN_MODEL = "google/gemma-2-9b"  # warn offline, with no profile: a config's fail-on decides the exit


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a profile, working from a subdirectory, with discovery on."""
    (tmp_path / "policy").mkdir()
    shutil.copy(EXAMPLES / "profiles" / "startup.yaml", tmp_path / "policy" / "profile.yaml")
    (tmp_path / "src" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "src" / "deep")
    monkeypatch.delenv("MODELAUDIT_CONFIG")
    return tmp_path


def _effective(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    result = run_cli(capsys, "config", "-f", "json")
    assert result.code == 0, result.err
    return {row["key"]: row for row in json.loads(result.out)["effective"]}


def test_yaml_in_a_parent_applies_with_paths_relative_to_it(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / ".modelaudit.yaml").write_text("profile: policy/profile.yaml\nfail-on: warn\nformat: json\noffline: true\n")
    result = run_cli(capsys, "check", WARN_MODEL, "-q")
    doc = json.loads(result.out)  # format from the file
    assert doc["profile"]["source"] == str(project / "policy" / "profile.yaml")
    assert result.code == 1  # fail-on warn from the file
    effective = _effective(capsys)
    assert effective["fail-on"] == {"key": "fail-on", "value": "warn", "source": "configuration file"}
    assert effective["profile"]["value"] == str(project / "policy" / "profile.yaml")
    assert effective["policy"]["source"] == "default"


def test_flags_and_environment_override_the_file(capsys: pytest.CaptureFixture[str], project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".modelaudit.yaml").write_text("fail-on: warn\nformat: json\noffline: true\n")
    assert run_cli(capsys, "check", WARN_MODEL, "-q", "--fail-on", "block", "-f", "text").code == 0
    monkeypatch.setenv("MODELAUDIT_FAIL_ON", "block")
    result = run_cli(capsys, "check", WARN_MODEL, "-q")
    assert result.code == 0 and json.loads(result.out)["verdict"] == "warn"
    assert _effective(capsys)["fail-on"] == {"key": "fail-on", "value": "block",
                                             "source": "environment MODELAUDIT_FAIL_ON"}


def test_pyproject_table_and_nearest_file_wins(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.modelaudit]\nfail_on = "warn"\n'
                                            'profile = "policy/profile.yaml"\n')
    (project / "src" / "pyproject.toml").write_text('[project]\nname = "inner"\n')  # no table: passed over
    found = discover()
    assert found is not None and found.path == project / "pyproject.toml"
    assert found.values["profile"] == project / "policy" / "profile.yaml"
    assert _effective(capsys)["fail-on"]["value"] == "warn"
    (project / "src" / ".modelaudit.yml").write_text("fail-on: block\n")
    found = discover()
    assert found is not None and found.path == project / "src" / ".modelaudit.yml"


def test_scan_takes_exclude_from_the_file(capsys: pytest.CaptureFixture[str], project: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "app.py").write_text('AutoModel.from_pretrained("google/gemma-2-9b")\n')
    (project / "fixtures").mkdir()
    (project / "fixtures" / "sample.py").write_text('AutoModel.from_pretrained("mistralai/Codestral-22B-v0.1")\n')
    (project / ".modelaudit.yaml").write_text("exclude: [fixtures/]\n")
    monkeypatch.chdir(project)
    listed = run_cli(capsys, "scan", ".", "--list").out
    assert "google/gemma-2-9b" in listed and "Codestral" not in listed
    # A flag replaces the file's list.
    assert "Codestral" in run_cli(capsys, "scan", ".", "--list", "--exclude", "nothing-here/").out


def test_format_applies_to_check_and_scan_only(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / ".modelaudit.yaml").write_text("format: sarif\noffline: true\n")
    result = run_cli(capsys, "lineage", WARN_MODEL)  # lineage has formats of its own: text stays its default
    assert result.code == 0 and not result.out.lstrip().startswith("{")


@pytest.mark.parametrize(("text", "message"), [
    ("fail-on: sometimes\n", "fail-on must be one of block, warn"),
    ("colour: red\n", "unknown key 'colour'"),
    ("offline: yes please\n", "offline must be true or false"),
    ("workers: 0\n", "workers must be at least 1"),
    ("format: pdf-ish\n", "format must be one of"),
    ("- a\n- b\n", "must be a YAML mapping"),
    ("profile: [unclosed\n", ".modelaudit.yaml"),
])
def test_bad_configuration_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str], project: Path,
                                                     text: str, message: str) -> None:
    (project / ".modelaudit.yaml").write_text(text)
    result = run_cli(capsys, "check", WARN_MODEL, "--offline", "-q")
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1 and str(project) in result.err


def test_bad_pyproject_is_a_one_line_error(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.modelaudit\n")
    with pytest.raises(UsageError, match=r"pyproject\.toml"):
        discover()


def test_environment_names_or_disables_the_file(capsys: pytest.CaptureFixture[str], project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".modelaudit.yaml").write_text("fail-on: warn\n")
    elsewhere = project / "ci.yaml"
    elsewhere.write_text("format: json\n")
    monkeypatch.setenv("MODELAUDIT_CONFIG", str(elsewhere))
    found = discover()
    assert found is not None and found.path == elsewhere and dict(found.values) == {"format": "json"}
    monkeypatch.setenv("MODELAUDIT_CONFIG", "none")
    assert discover() is None
    out = run_cli(capsys, "config").out
    assert out.startswith("configuration file: none")


def test_config_command_text_lists_keys_and_sources(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / ".modelaudit.yaml").write_text("profile: policy/profile.yaml\n")
    out = run_cli(capsys, "config").out
    assert out.splitlines()[0] == f"configuration file: {project / '.modelaudit.yaml'}"
    assert f"profile: 'policy/profile.yaml' -> '{project / 'policy' / 'profile.yaml'}'" in out
    assert "(configuration file)" in out and "(default)" in out


def test_every_key_is_an_option_of_check_or_scan() -> None:
    from modelaudit.cli import cli_command
    from modelaudit.config import KEYS

    root = cli_command()
    ctx = root.context_class(root, info_name="modelaudit")
    names = {p.name for cmd in ("check", "scan") for p in root.get_command(ctx, cmd).params}
    assert {k.replace("-", "_") for k in KEYS} <= names


def test_read_config_keeps_absolute_and_home_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = tmp_path / ".modelaudit.yaml"
    path.write_text("policy: /etc/policy.yaml\nwaivers: ~/waivers.yaml\nexclude: build/\n")
    config = read_config(path)
    assert config.values["policy"] == Path("/etc/policy.yaml")
    assert config.values["waivers"] == tmp_path / "home" / "waivers.yaml"
    assert config.values["exclude"] == ("build/",)
