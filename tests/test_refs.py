"""Typed model references: parsed once, from every way a model can be named."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelaudit.errors import UsageError
from modelaudit.refs import ModelRef, RefKind
from modelaudit.sources.registry import parse_reference


@pytest.mark.parametrize(("text", "expected"), [
    ("org/name", ModelRef(RefKind.HUB, "org/name")),
    ("org/name@main", ModelRef(RefKind.HUB, "org/name", "main")),
    ("  org/name@f794cef  ", ModelRef(RefKind.HUB, "org/name", "f794cef")),
    ("gpt2", ModelRef(RefKind.HUB, "gpt2")),
    ("a/b", ModelRef(RefKind.HUB, "a/b")),  # single-character names exist on the Hub
    ("_org/_x", ModelRef(RefKind.HUB, "_org/_x")),
])
def test_hub_references(text: str, expected: ModelRef) -> None:
    ref = parse_reference(text)
    assert ref == expected
    assert str(ref) == text.strip()


@pytest.mark.parametrize("text", ["", "a/b/c", "org/na me", "org/name@", "org/..x", "x" * 300 + "/y",
                                  "org/name@" + "r" * 101, "org/name@has space"])
def test_bad_references_are_one_line_usage_errors(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_reference(text)
    assert "\n" not in str(info.value)


def test_a_path_written_as_a_path_is_local(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# m\n")
    assert parse_reference(str(tmp_path)) == ModelRef(RefKind.LOCAL, str(tmp_path))
    with pytest.raises(UsageError, match="is not a directory"):
        parse_reference(str(tmp_path / "missing"))


def test_a_directory_named_like_a_hub_id_never_shadows_the_hub_model(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "meta-llama" / "Llama-3.1-8B").mkdir(parents=True)
    (tmp_path / "meta-llama" / "Llama-3.1-8B" / "README.md").write_text("---\nlicense: mit\n---\n")
    (tmp_path / "my model").mkdir()
    (tmp_path / "my model" / "config.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert parse_reference("meta-llama/Llama-3.1-8B").kind is RefKind.HUB
    assert parse_reference("./meta-llama/Llama-3.1-8B").kind is RefKind.LOCAL
    # A directory whose name cannot be a Hub id is what the user means.
    assert parse_reference("my model").kind is RefKind.LOCAL


def test_every_entry_point_reads_references_through_one_registry(tmp_path: Path) -> None:
    """Arguments, inventories and fetch routing all ask ``sources.registry``: a kind a reader
    registers is understood everywhere, and routing never raises for an unusable reference."""
    from modelaudit.sources import registry

    assert [r.kind for r in registry.READERS] == ["ollama", "lmstudio", "gguf", "safetensors", "hf-cache", "local"]
    local = registry.READERS[-1]
    (tmp_path / "config.json").write_text("{}")
    assert registry.reader_for(str(tmp_path)) is local
    assert registry.reader_for("./does/not/exist") is local  # the local reader answers "missing"
    assert registry.reader_for("./does/not/exist.gguf") is registry.READERS[2]  # the GGUF reader answers
    assert registry.reader_for("org/name") is None  # the Hub chain
    outcome = registry.RoutingSource(hub=None).fetch("./does/not/exist")  # type: ignore[arg-type]
    assert outcome.status.value == "missing" and "not a directory" in outcome.message


def test_the_fast_path_accepts_only_what_huggingface_hub_accepts() -> None:
    """The shortcut that spares importing huggingface_hub must never accept an id the library rejects."""
    import random
    import string

    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

    from modelaudit.refs import InvalidRepoId, check_repo_id

    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "-_./" + "é"
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        try:
            validate_repo_id(value)
            library = True
        except HFValidationError:
            library = False
        try:
            check_repo_id(value)
            ours = True
        except InvalidRepoId:
            ours = False
        assert ours == library or value.strip() != value, value
