"""Issue 12: licence identification and openness read the repo's evidence, parsed once; the phrase that
names a licence is one grammar; Hub licence links are read by the one Hub-link grammar."""

from __future__ import annotations

from collections import Counter

import pytest

import modelaudit
import modelaudit.evidence as evidence_module
from modelaudit.evidence import Sentence, read_evidence
from modelaudit.license_phrases import licence_phrase
from modelaudit.licensing.identify import identify_declared
from modelaudit.licensing.knowledge_base import KnowledgeBase, default_knowledge_base, normalize_url
from modelaudit.lineage.prose import _license_hint
from modelaudit.openness.model import AVAILABLE, UNKNOWN
from modelaudit.openness.osaid import code
from modelaudit.openness.reading import read_card
from modelaudit.sources.records import FileStatus, ModelRecord


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_knowledge_base()


def _record(readme: str | None, card: dict[str, object] | None = None, **files: str) -> ModelRecord:
    texts = dict(files) | ({"README.md": readme} if readme is not None else {})
    return ModelRecord("acme/Model-7B", "acme/Model-7B", "a" * 40, card_data=dict(card or {}), siblings=tuple(texts),
                       files=texts, file_status={name: FileStatus.READ for name in texts})


# -- the licence-naming phrase ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "placed", "licensed"),
    [
        ("Llama-3-Foo is originally licensed under the Llama 3.1 Community License.",
         "Llama 3.1 Community License", "Llama 3.1 Community License"),
        ("The model weights are subject to the DeepSeek License Agreement.", "DeepSeek License Agreement", None),
        ("Use is governed by the Gemma Terms of Use.", "Gemma Terms of Use", None),
        ("It is licensed under the same terms as its base.", "same terms", None),
        ("Released under the  Apache\tLicense 2.0 by Acme.", "Apache License", None),
        ("Licensed under the Qwen RESEARCH LICENSE AGREEMENT", "Qwen RESEARCH LICENSE AGREEMENT",
         "Qwen RESEARCH LICENSE AGREEMENT"),
        ("It is licensed under, in short, the MIT License.", None, None),  # a clause break is no name
        ("It is licensed under the " + "very " * 20 + "open License.", None, None),  # names are 80 characters at most
        ("The code is MIT; nothing names a licence here.", None, None),
    ],
)
def test_one_grammar_names_the_licence_for_both_readers(sentence: str, placed: str | None, licensed: str | None) -> None:
    found = licence_phrase(sentence)
    assert (found.name if found else None) == placed
    narrow = licence_phrase(sentence, licensed_only=True)
    assert (narrow.name if narrow else None) == licensed
    if found is not None:
        assert sentence[found.start:found.end].endswith(found.raw)
    # The lineage's edge licence hint reads the same phrase: the narrow grammar is exactly its reading.
    assert _license_hint(sentence) == licensed


# -- identification reads the evidence ----------------------------------------------------------------------

def test_identification_reads_the_readme_front_matter_when_the_source_gives_no_card(kb: KnowledgeBase) -> None:
    # A local directory or a snapshot record without cardData: the evidence's card is the README's own.
    declared = identify_declared(read_evidence(_record("---\nlicense: mit\n---\n# M\n")), kb)
    assert declared.ids == ("mit",)
    assert declared.identified[0].evidence == "card license"


def test_identification_reads_the_evidence_sentences_not_its_own_split(kb: KnowledgeBase) -> None:
    # The evidence's sentences are the one splitter's; identification does not split the body again.
    repo = read_evidence(_record("# M\n"))
    repo.__dict__["sentences"] = (Sentence("The model weights are licensed under the MIT License.", 3),)
    declared = identify_declared(repo, kb)
    assert declared.ids == ("mit",) and declared.identified[0].evidence == "README prose"


def test_licence_files_come_from_the_evidence(kb: KnowledgeBase) -> None:
    repo = read_evidence(_record(None, LICENSE="Acme terms nobody knows.\n", NOTICE="Built by Acme.\n"))
    assert list(repo.licence_texts) == ["LICENSE", "NOTICE"]
    declared = identify_declared(repo, kb)
    assert [(i.id, i.raw) for i in declared.identified] == [("unknown", "LICENSE (text not recognised)")]


def test_an_audit_splits_each_readme_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Lineage, licence identification and openness all read the evidence the lineage walk parsed.
    calls: Counter[str] = Counter()
    real = evidence_module.sentences

    def counting(body: str) -> tuple[Sentence, ...]:
        calls[body] += 1
        return real(body)

    monkeypatch.setattr(evidence_module, "sentences", counting)
    report = modelaudit.check(["deepseek-ai/DeepSeek-R1-Distill-Llama-70B"], offline=True)
    assert report.results[0].openness is not None
    assert len(calls) >= 3 and set(calls.values()) == {1}, calls


# -- licence links: the one Hub-link grammar -----------------------------------------------------------------

def test_hub_licence_links_fold_through_the_hub_link_grammar(kb: KnowledgeBase) -> None:
    web = normalize_url("https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE")
    for other in ("hf://meta-llama/Llama-3.1-8B@main/LICENSE", "hf.co/meta-llama/Llama-3.1-8B/resolve/abc123/LICENSE.txt",
                  "https://huggingface.co/meta-llama/Llama-3.1-8B/raw/main/LICENSE?download=true"):
        assert normalize_url(other) == web, other
    found = kb.lookup_url("hf://meta-llama/Llama-3.1-8B@main/LICENSE")
    assert found is not None and found.id == "llama3.1"
    # An Ollama tag names the repository; a legacy single-name repo loses its view like any other.
    assert normalize_url("hf.co/acme/Model-GGUF:Q4_K_M") == normalize_url("https://huggingface.co/acme/Model-GGUF")
    assert normalize_url("https://huggingface.co/gpt2/blob/main/LICENSE") == "huggingface.co/gpt2/license"
    # A file linked without a view, and a page below a repository, keep their path (prefix matching reads them).
    assert normalize_url("https://huggingface.co/THUDM/glm-4-9b/LICENSE") == "huggingface.co/thudm/glm-4-9b/license"
    assert normalize_url("https://hf.co/org/repo/discussions/3") == "huggingface.co/org/repo/discussions/3"
    # Site pages are no repositories: folded as plain links. GitHub keeps its own folding.
    assert normalize_url("https://hf.co/docs/hub/repositories-licenses") == "huggingface.co/docs/hub/repositories-licenses"
    assert normalize_url("https://raw.githubusercontent.com/o/r/main/LICENSE") == "github.com/o/r/license"


def test_identify_urls_patterns_keep_their_glob(kb: KnowledgeBase) -> None:
    assert normalize_url("https://huggingface.co/meta-llama/Llama-3.1-*") == "huggingface.co/meta-llama/llama-3.1-*"
    assert normalize_url("https://huggingface.co/deepseek-ai/*/blob/main/LICENSE-MODEL") == \
        "huggingface.co/deepseek-ai/*/license-model"
    found = kb.lookup_url("https://huggingface.co/meta-llama/Llama-3.1-70B-Instruct/blob/main/LICENSE")
    assert found is not None and found.id == "llama3.1"


# -- openness reads the evidence ------------------------------------------------------------------------------

TRAINING_SECTION = """# Acme-7B

Acme-7B is a language model.

## Training code

See https://github.com/acme/trainer for the recipes.

## Usage

Run it with https://github.com/acme/runner.
"""


def test_a_training_code_section_after_a_blank_line_links_the_training_code() -> None:
    # Fixed: the section was found by a heading pattern that began on the blank line before the heading,
    # so the section's first line was empty and a "## Training code" section after a blank line never counted.
    reading = read_card(read_evidence(_record(TRAINING_SECTION)))
    assert reading.training_code_links == ("https://github.com/acme/trainer",)
    assert reading.code_links == ("https://github.com/acme/trainer", "https://github.com/acme/runner")
    assert reading.training_code == ("Training code",)  # the heading's sentence, without its hashes
    component, strong = code(reading)
    assert component.status == AVAILABLE and strong
    assert "the card links its training code at https://github.com/acme/trainer" in component.evidence
    # A link elsewhere on the card is not presented as the training code.
    without = TRAINING_SECTION.replace("## Training code\n\nSee https://github.com/acme/trainer for the recipes.\n", "")
    elsewhere = read_card(read_evidence(_record(without)))
    assert elsewhere.training_code_links == () and code(elsewhere)[0].status == UNKNOWN


def test_openness_reads_the_evidence_card_and_sentences() -> None:
    repo = read_evidence(_record("---\ndatasets: [acme/corpus]\n---\n# M\n"))
    repo.__dict__["sentences"] = (Sentence("The training data is not publicly released.", 4),)
    reading = read_card(repo)
    assert reading.datasets == ("acme/corpus",)  # the README's front matter: the source gave no card
    assert reading.data_withheld == ("The training data is not publicly released.",)
    assert read_card(None).has_record is False
