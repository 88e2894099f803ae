"""lineage/catalogue.yaml has a schema, checked when it loads: errors name the file and the key path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from modelaudit.kinds import Relation
from modelaudit.lineage.catalogue_schema import CatalogueError
from modelaudit.lineage.names import default_catalogue, load_catalogue
from modelaudit.resources import package_file

SHIPPED = package_file("lineage", "catalogue.yaml")


def shipped() -> dict[str, object]:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def error_of(tmp_path: Path, data: object) -> str:
    path = write(tmp_path, data)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message[len(f"{path}: "):]


def test_the_shipped_catalogue_follows_the_schema_and_holds_the_vocabulary(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, shipped()))
    assert [rel for rel, _ in catalogue.prose_cues] == [Relation.DISTILLATION, Relation.QUANTIZED, Relation.ADAPTER,
                                                        Relation.MERGE, Relation.FINETUNE, None]
    assert [rel for rel, _ in catalogue.relation_keywords] == [Relation.ADAPTER, Relation.QUANTIZED, Relation.MERGE]
    assert {"reward", "eagle"} <= catalogue.auxiliary_name_atoms and "judge" in catalogue.auxiliary_roles
    assert {"medium", "math"} <= catalogue.variant_words
    assert catalogue.checkpoint_dirs.match("outputs") and not catalogue.checkpoint_dirs.match("meta-llama")
    assert default_catalogue().prose_cues == catalogue.prose_cues


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.update(familes=d.pop("families")), "familes: unknown key (did you mean 'families'?)"),
    (lambda d: d["families"][2].update(patern="x"), "families[2].patern: unknown key (did you mean 'pattern'?)"),
    (lambda d: d["families"][3].update(pattern="llama(2"), "families[3].pattern: invalid regular expression ("),
    (lambda d: d["families"][0].pop("display"), "families[0].display: is required"),
    (lambda d: d.update(catalogue="meta-llama/Llama-2-7b-hf"), "catalogue: expected a list, got str"),
    (lambda d: d["catalogue"].append("not a repo id"), "catalogue[" ),
    (lambda d: d["aliases"].update(gpt3=12), "aliases.gpt3: expected a string, got int"),
    (lambda d: d["derivative_signals"].update(tags="gguf"), "derivative_signals.tags: expected a list, got str"),
    (lambda d: d["derivative_signals"]["files"].append("[unclosed"), "derivative_signals.files[5]: invalid regular"),
    (lambda d: d["prose_cues"][1].update(relation="quantised"), "prose_cues[1].relation: expected one of distillation,"),
    (lambda d: d["prose_cues"][4]["phrases"].append("based\\s+on("), "prose_cues[4].phrases[4]: invalid regular"),
    (lambda d: d["relation_keywords"][0].update(relation="unspecified"), "relation_keywords[0].relation: expected one"),
    (lambda d: d["auxiliary_models"].update(role=["x"]), "auxiliary_models.role: unknown key (did you mean 'roles'?)"),
    (lambda d: d.update(variant_words=[1, 2]), "variant_words[0]: expected a string, got int"),
    (lambda d: d["notice_families"][0].update(family="llama-9"), "notice_families[0].family: 'llama-9' is not the id"),
])
def test_a_wrong_catalogue_is_an_error_naming_the_file_and_key(tmp_path: Path, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    data = shipped()
    change(data)
    assert error_of(tmp_path, data).startswith(expected)


def test_phrases_that_only_compile_alone_are_caught(tmp_path: Path) -> None:
    # Each phrase is a valid regex, but a group is read as one alternation: two phrases naming the same group
    # only fail once they are joined.
    message = error_of(tmp_path, {"prose_cues": [{"relation": "merge", "phrases": ["(?P<m>merge)", "(?P<m>merging)"]}]})
    assert message.startswith("prose_cues[0].phrases: the phrases do not form one regular expression ("), message


def test_not_a_mapping_and_not_yaml(tmp_path: Path) -> None:
    assert error_of(tmp_path, "- just\n- a list\n") == "expected a mapping, got list"
    assert error_of(tmp_path, "families: [unclosed\n").startswith("not valid YAML (")


def test_an_empty_catalogue_is_valid_and_reads_nothing(tmp_path: Path) -> None:
    catalogue = load_catalogue(write(tmp_path, {}))
    assert catalogue.prose_cues == () and catalogue.match_name("Llama 2 7B") is None
