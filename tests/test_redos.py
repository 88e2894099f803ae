"""Hostile text is read in linear time and never makes a reader raise (issue 11, "Fail closed, really").

Every reader of a README, a card's front matter, a licence file or a scanned file gets ~100 KB of text built
to make regular expressions backtrack or loops go quadratic: runs of spaces, "[", "](", "((((", table
pipes, blank lines, thousands of ids or model names in one sentence, unclosed front matter, NUL and
control characters, invalid UTF-8, bidi controls. Before the readers were made linear, 100 KB of such text
took from 2 s to minutes (a 66-character GGUF file name took seconds); each reader now takes at most
~0.3 s on a loaded 2-core machine, and must finish within ``BOUND``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from hostile import REPO, SCAN_PATHS, licence_readers, lineage_readers, record, scan_text, timed
from modelaudit.cards import split_front_matter
from modelaudit.evidence import read_evidence
from modelaudit.kinds import Relation
from modelaudit.lineage.inference import analyse_record
from modelaudit.lineage.names import default_catalogue
from modelaudit.lineage.prose import merge_component_claims, prose_claims

SIZE = 100_000
BOUND = 2.0  # seconds per reader call on SIZE characters (about 7x the slowest honest linear cost)


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@cache
def corpus() -> dict[str, str]:
    """Named hostile texts of about SIZE characters."""
    names_per_sentence = 10_000
    return {
        "spaces": _fill(" "),
        "spaces after a cue": "This model is fine-tuned from" + _fill(" ") + "org/base",
        "brackets": _fill("["),
        "link openers": _fill("[a]("),
        "bracket paren": _fill("]("),
        "parens": _fill("(((("),
        "pipes": _fill("|"),
        "table": "| Model | Base Model |\n|---|---|\n" + _fill(f"| {REPO.split('/')[1]} | org/base |\n"),
        "blank lines": _fill("\n"),
        "ids in one sentence": "This model is fine-tuned from " + " ".join(f"org{i}/name-{i}" for i in range(10_000)),
        "ids joined by and": "This model is a merge of " + _fill("org/name-1 and "),
        "model names in one sentence": "This model is fine-tuned from " + "Llama-3.1-8B " * names_per_sentence,
        "model names alone": "Llama-3.1-8B " * names_per_sentence,
        "one cue, many mentions": "We fine-tuned it from " + _fill("Qwen2.5-7B, meta-llama/Llama-3.1-8B, the base, "),
        "many cues": _fill("fine-tuned from based on merge of "),
        "relative clauses": "Foo" + _fill(", which is based on "),
        "comparisons": _fill("compared to ") + "models fine-tuned from org/a",
        "unclosed front matter": "---\n" + _fill("a: b\n"),
        "deep front matter": "---\n" + "".join("  " * i + f"k{i}:\n" for i in range(220)) + "---\nbody",
        "deep flow front matter": "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nbody",
        "long word": _fill("a"),
        "dotted word": _fill("a."),
        "digits and commas": _fill("1,"),
        "NUL and controls": _fill("\x00\x01\x02\x1b[0m\x7f"),
        "invalid UTF-8": (b"\xed\xa0\x80\xff\xfe" * (SIZE // 5)).decode("utf-8", "replace"),
        "lone surrogates": _fill("\ud800x\udfff "),
        "bidi controls": _fill("\u202e\u2066abc\u2069\u200f "),
        "licensed under": "The model weights are " + _fill("licensed under the "),
        "subject to": "The model " + _fill("subject to "),
        "licence words": "license_name: " + _fill("license"),
        "hub urls": "fine-tuned from " + _fill("https://huggingface.co/org/name "),
        "hub url without end": "https://huggingface.co/" + _fill("a-"),
        "headings": _fill("# training code\n"),
        "pasted base_model": _fill("base_model: org/x\n"),
        "mergekit": "merge_method: slerp\n" + _fill("- model: org/a+org/b\n"),
        "merge lists": _fill("models included in the merge\n- org/a\n"),
        "sentence ends": _fill(". A"),
        "line continuations": _fill("\\\n"),
    }


def _check(calls: list[Callable[[], object]]) -> None:
    for k, call in enumerate(calls):
        elapsed = timed(call, BOUND)
        assert elapsed <= BOUND, f"reader {k} took {elapsed:.2f} s"


@pytest.mark.parametrize("name", list(corpus()))
def test_lineage_readers_are_linear(name: str) -> None:
    _check(lineage_readers(corpus()[name]))


# The licence and openness readers share the sentence splitting and YAML reading exercised above; these are
# the inputs aimed at their own patterns.
LICENCE_CASES = ["spaces", "brackets", "blank lines", "unclosed front matter", "deep front matter",
                 "deep flow front matter", "long word", "digits and commas", "NUL and controls", "invalid UTF-8",
                 "bidi controls", "licensed under", "subject to", "licence words", "headings", "sentence ends",
                 "model names alone", "line continuations"]


@pytest.mark.parametrize("name", LICENCE_CASES)
def test_licence_and_openness_readers_are_linear(name: str) -> None:
    _check(licence_readers(corpus()[name]))


@cache
def scan_corpus() -> dict[str, str]:
    """Code, configuration and notebooks built against the scanner's detectors."""
    cell = '{"cell_type": "code", "source": "x = 1\\nfrom_pretrained(\'org/name-NUMBER\')\\n"}'
    cells = ",".join(cell.replace("NUMBER", str(k)) for k in range(1500))
    return {
        "flags on one line": _fill("--model org/name-1 "),
        "flags on continued lines": _fill("--model org/name-1 \\\n"),
        "downloads on one line": _fill("hf download org/name-1 "),
        "downloads on continued lines": _fill("hf download org/name-1 \\\n"),
        "download options": "hf download org/a " + _fill("--revision main "),
        "vllm serve": _fill("vllm serve org/name-1 "),
        "vllm separators": "vllm" + _fill(" ,"),
        "literals in a list": "def (:\nx = [" + _fill("'org/name-1', "),
        "literals in one call": "def (:\nfrom_pretrained(" + _fill("'org/name-1', "),
        "keyword literals": "def (:\n" + _fill("f(model='org/name-1', "),
        "many calls": "def (:\n" + _fill("from_pretrained('org/name-1')\n"),
        "parsable calls": _fill("from_pretrained('org/name-1')\n"),
        "shell defaults": "--model " + _fill("${a:-"),
        "config keys": _fill("model_id: org/name-1\n"),
        "inline keys": "{" + _fill("model_id: org/name-1, "),
        "hub uris": _fill("hf-hub:org/name-1 "),
        "minified notebook": '{"cells": [' + cells + "]}",
        "nested JSON": _fill("["),
        "quotes": _fill("\"'`"),
        "backslashes": _fill("\\"),
    }


@pytest.mark.parametrize("name", list(scan_corpus()))
def test_scan_detectors_are_linear(name: str) -> None:
    text = scan_corpus()[name]
    _check([lambda path=path: scan_text(text, path) for path in SCAN_PATHS])


@pytest.mark.parametrize("name", ["brackets", "blank lines", "invalid UTF-8", "hub urls"])
def test_scan_reads_prose_corpus(name: str) -> None:
    text = corpus()[name]
    _check([lambda path=path: scan_text(text, path) for path in SCAN_PATHS])


# -- nothing is skipped to stay fast --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["brackets", "link openers", "spaces", "blank lines", "pipes", "invalid UTF-8",
                                  "many cues"])
def test_a_base_after_hostile_text_is_still_read(name: str) -> None:
    body = corpus()[name] + "\n\nThis model is fine-tuned from [org/real-base](https://huggingface.co/org/real-base).\n"
    claims = prose_claims(read_evidence(record(body)), default_catalogue(), Relation.FINETUNE)
    assert "org/real-base" in [c.target for c in claims]


def test_every_model_of_a_huge_merge_configuration_is_read() -> None:
    ids = [f"org{i}/model-{i}" for i in range(5000)]
    body = "merge_method: slerp\nmodels:\n" + "".join(f"  - model: {i}\n" for i in ids)
    claims = merge_component_claims(read_evidence(record(body)), default_catalogue())
    assert [c.target for c in claims] == ids


def test_the_first_model_of_a_huge_sentence_is_read() -> None:
    claims = prose_claims(read_evidence(record(corpus()["ids in one sentence"])), default_catalogue(),
                          Relation.FINETUNE)
    assert [c.target for c in claims] == ["org0/name-0"]


def test_a_reference_after_hostile_code_is_still_found() -> None:
    text = scan_corpus()["downloads on one line"] + "\nfrom_pretrained('org/real-model')\n"
    refs = scan_text(text, "train.py")
    assert "org/real-model" in {r.repo_id for r in refs}
    assert len([r for r in refs if r.repo_id == "org/name-1"]) > 4000  # every download on the line, too


def test_gguf_file_names_cannot_backtrack() -> None:
    # 66 characters took seconds (and doubled per "_q4") when the suffix was one regex.
    stems = ("x" + "_q4" * 40 + "!", "x" + "-q4_k" * 190 + "!", "Llama-3.1-8B" + "_q4" * 300)
    siblings = tuple(f"{stem}.gguf" for stem in stems)
    rec = record("", siblings=siblings, repo_id="someone/Model-GGUF")
    elapsed = timed(lambda: analyse_record(read_evidence(rec), default_catalogue()), BOUND)
    assert elapsed <= BOUND
    assert analyse_record(read_evidence(rec), default_catalogue()).unread == ()


def test_an_overlong_gguf_file_name_makes_the_node_incomplete() -> None:
    name = "Llama-3.1-8B" + "-q4_k" * 400 + ".gguf"  # 2000 characters: not read as a model name
    analysis = analyse_record(read_evidence(record("", siblings=(name,), repo_id="someone/Model-GGUF")),
                              default_catalogue())
    assert any("GGUF file name" in reason and "not read" in reason for reason in analysis.unread)


# -- front matter that YAML cannot build, or that would expand without end ----------------------------------------


@pytest.mark.parametrize("front", [
    "date: 2024-02-30",  # ValueError from the date constructor
    "x: !!float abc",
    "x: !!int " + "9" * 6000,  # longer than Python converts
    "x: !!timestamp 2024-13-01",
])
def test_front_matter_python_cannot_build_is_absent(front: str) -> None:
    metadata, body = split_front_matter(f"---\n{front}\n---\nThe body.\n")
    assert metadata is None
    assert body == "The body.\n"


def test_front_matter_aliases_are_not_expanded() -> None:
    lines = ["a: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    text = "---\n" + "\n".join(lines).replace("a: &a0", "a0: &a0") + "\n---\nbody"
    elapsed = timed(lambda: split_front_matter(text), BOUND)
    assert elapsed <= BOUND
    assert split_front_matter(text) == (None, "body")
    # A few shared aliases, as real cards use them, are kept.
    assert split_front_matter("---\nbase: &b org/x\nbase_model: *b\n---\n")[0] == {"base": "org/x", "base_model": "org/x"}


def test_cyclic_front_matter_is_absent() -> None:
    assert split_front_matter("---\na: &a [*a]\n---\nbody") == (None, "body")
