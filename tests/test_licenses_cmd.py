"""``modelaudit licenses`` and ``licenses show``: the knowledge base as a table and one licence's terms."""

from __future__ import annotations

import json

import pytest

from helpers import run_cli
from modelaudit.licensing.knowledge_base import default_knowledge_base


def test_table_lists_every_licence(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses")
    assert result.code == 0
    kb = default_knowledge_base()
    assert f"({len(kb)} licences)" in result.out
    for lic in kb:
        assert lic.id in result.out
    assert "700,000,000" in result.out  # the Llama MAU ceiling column


def test_json_listing_and_category_filter(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses", "--format", "json", "--category", "non-commercial")
    doc = json.loads(result.out)
    ids = {lic["id"] for lic in doc["licenses"]}
    assert {"cc-by-nc-4.0", "mnpl"} <= ids
    assert all(lic["category"] == "non-commercial" for lic in doc["licenses"])


def test_unknown_category_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses", "--category", "free-ish")
    assert result.code == 2 and "unknown category" in result.err and len(result.err.splitlines()) == 1


def test_show_gives_terms_with_clauses_and_url(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses", "show", "llama3.3")
    out = " ".join(result.out.split())
    assert result.code == 0
    assert "Llama 3.3 Community License Agreement" in out
    assert "https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/LICENSE" in out
    assert "mau_threshold" in out and "§2" in out and "Built with Llama" in out
    assert "binds:" in out and "distillation" in out


@pytest.mark.parametrize("alias", ["falcon-180b-license-version1.0", "LLAMA 3.3 COMMUNITY LICENSE AGREEMENT"])
def test_show_accepts_aliases(capsys: pytest.CaptureFixture[str], alias: str) -> None:
    result = run_cli(capsys, "licenses", "show", alias, "--format", "json")
    assert result.code == 0
    assert json.loads(result.out)["id"] in {"falcon-180b", "llama3.3"}


def test_show_unknown_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "licenses", "show", "llama3.4")
    assert result.code == 2 and "did you mean" in result.err and "llama3" in result.err
