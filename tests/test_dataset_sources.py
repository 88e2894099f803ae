"""Issue 13, sources: dataset records (node ids ``datasets/org/name``) through every source.

The fake Hub serves datasets like the Hub (``/api/datasets/{id}``, ``/datasets/{id}/resolve/...``); the Hub
source reads them through the real huggingface_hub client and the same bounded transport as models; the
cache, the memo, the snapshot, the fallback, the backfill and offline runs key them by node id, so a dataset
never answers for a model of the same name (or the other way round).
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import BadRequestError, GatedRepoError, RepositoryNotFoundError

import fakehub
from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, Hostile, RequestRecord, make_dataset, make_repo
from helpers import hub_of, run_cli
from modelaudit.sources.base import SourceUnavailable
from modelaudit.sources.cache import CachedSource, RecordCache
from modelaudit.sources.chain import MemoSource
from modelaudit.sources.factory import SourceOptions, build_source
from modelaudit.sources.hub import DATASET_EXPAND, HubSource
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus, ModelRecord
from modelaudit.sources.registry import RoutingSource
from modelaudit.sources.snapshot import Snapshot, SnapshotSource

ULTRACHAT = "HuggingFaceH4/ultrachat_200k"
ULTRACHAT_NODE = "datasets/" + ULTRACHAT
GATED = "datasets/lmsys/lmsys-chat-1m"  # "gated": "auto", no licence in its card
SLACK = 5.0  # seconds of scheduling noise tolerated on a loaded 2-core machine


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed only: without TCP_NODELAY each fake-Hub request waits ~40 ms for a delayed ACK.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


def hub_source(hub: FakeHub, token: str | bool | None = None, **kwargs: object) -> HubSource:
    options: dict[str, object] = {"backoff": 0.001, "max_attempts": 2, "sleep": lambda _s: None}
    options.update(kwargs)
    return HubSource(endpoint=hub.url, token=token, **options)  # type: ignore[arg-type]


def is_dataset_request(r: RequestRecord) -> bool:
    return r.path.startswith(("/api/datasets/", "/datasets/"))


def record_of(outcome: FetchOutcome) -> ModelRecord:
    assert outcome.status is FetchStatus.OK, outcome.message
    assert outcome.record is not None
    return outcome.record


# -- the fake Hub serves datasets like the Hub ----------------------------------------------------------------


def test_fake_hub_dataset_info_through_the_real_client(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    info = api.dataset_info("huggingfaceh4/ULTRACHAT_200K", expand=["cardData", "sha", "siblings"])  # type: ignore[list-item]
    assert info.id == ULTRACHAT  # case-insensitive, canonical id in the payload, no redirect
    assert info.card_data is not None and info.card_data.to_dict()["license"] == "mit"
    assert [s.rfilename for s in info.siblings or ()] == ["README.md"]
    assert [(r.path, r.status) for r in fake_hub.requests] == [("/api/datasets/huggingfaceh4/ULTRACHAT_200K", 200)]
    with pytest.raises(BadRequestError):
        api.dataset_info(ULTRACHAT, expand=["config"])  # type: ignore[list-item]  # a model-only property
    renamed = api.dataset_info("open-thoughts/open-thoughts-114k")
    assert renamed.id == "open-thoughts/OpenThoughts-114k"


def test_fake_hub_unknown_dataset_is_401_anonymous_and_404_with_a_token(no_token: FakeHub) -> None:
    with pytest.raises(RepositoryNotFoundError) as anonymous:
        HfApi(endpoint=no_token.url).dataset_info("nobody/no-such-data", token=False)
    assert anonymous.value.response.status_code == 401
    assert anonymous.value.response.headers["X-Error-Code"] == "RepoNotFound"
    with pytest.raises(RepositoryNotFoundError) as authorised:
        HfApi(endpoint=no_token.url).dataset_info("nobody/no-such-data", token=DEFAULT_ACCESS_TOKEN)
    assert authorised.value.response.status_code == 404


def test_fake_hub_gated_dataset_files_need_the_token(no_token: FakeHub, tmp_path: Path) -> None:
    repo_id = GATED.removeprefix("datasets/")
    with pytest.raises(GatedRepoError) as refused:
        hf_hub_download(repo_id, "README.md", repo_type="dataset", cache_dir=tmp_path / "a", token=False)
    assert "Access to dataset lmsys/lmsys-chat-1m is restricted" in str(refused.value)
    path = hf_hub_download(repo_id, "README.md", repo_type="dataset", cache_dir=tmp_path / "b",
                           token=DEFAULT_ACCESS_TOKEN)
    assert "LMSYS-Chat-1M" in Path(path).read_text(encoding="utf-8")


def test_fake_hub_keeps_a_dataset_and_a_model_of_the_same_id_apart() -> None:
    data = hub_of(make_repo("acme/twin", license="mit"))
    data.add_dataset(make_dataset("acme/twin", license="cc-by-nc-4.0"))
    with FakeHub(data) as hub:
        api = HfApi(endpoint=hub.url)
        model = api.model_info("acme/twin", token=False)
        dataset = api.dataset_info("acme/twin", token=False)
        assert model.card_data is not None and model.card_data.to_dict()["license"] == "mit"
        assert dataset.card_data is not None and dataset.card_data.to_dict()["license"] == "cc-by-nc-4.0"
        assert model.sha != dataset.sha


# -- the Hub source -------------------------------------------------------------------------------------------


def test_a_typical_dataset_costs_two_requests(fake_hub: FakeHub) -> None:
    record = record_of(hub_source(fake_hub).fetch(ULTRACHAT_NODE))
    paths = [r.path for r in fake_hub.requests]
    assert paths == ["/api/datasets/" + ULTRACHAT,
                     f"/datasets/{ULTRACHAT}/resolve/6b08c4de6afd30f20ec58bac75e24afff56ef880/README.md"]
    assert sorted(fake_hub.requests[0].query["expand"]) == sorted(DATASET_EXPAND)
    assert record.repo_id == record.requested_id == ULTRACHAT_NODE and record.repo_type == "dataset"
    assert record.revision == "6b08c4de6afd30f20ec58bac75e24afff56ef880"
    assert record.card_data["license"] == "mit" and record.card_data["pretty_name"] == "UltraChat 200k"
    assert "license:mit" in record.tags and record.siblings == ("README.md",)
    assert record.file_status == {"README.md": FileStatus.READ} and "UltraChat" in (record.readme or "")
    assert record.pipeline_tag is None and record.library_name is None and dict(record.config) == {}


def test_a_differently_cased_dataset_id_gets_the_canonical_id(fake_hub: FakeHub) -> None:
    record = record_of(hub_source(fake_hub).fetch("datasets/huggingfaceh4/ULTRACHAT_200k"))
    assert record.repo_id == ULTRACHAT_NODE
    assert record.requested_id == "datasets/huggingfaceh4/ULTRACHAT_200k"
    assert fake_hub.count() <= 2


def test_a_renamed_dataset_follows_the_hub(fake_hub: FakeHub) -> None:
    record = record_of(hub_source(fake_hub).fetch("datasets/open-thoughts/open-thoughts-114k"))
    assert record.repo_id == "datasets/open-thoughts/OpenThoughts-114k"
    assert record.card_data["license"] == "apache-2.0" and record.status_of("README.md") is FileStatus.READ


def test_a_dataset_revision_is_asked_for_like_dataset_info_does(fake_hub: FakeHub) -> None:
    sha = "6b08c4de6afd30f20ec58bac75e24afff56ef880"
    source = hub_source(fake_hub)
    assert record_of(source.fetch(ULTRACHAT_NODE, sha)).revision == sha
    assert fake_hub.requests[0].path == f"/api/datasets/{ULTRACHAT}/revision/{sha}"
    unknown = source.fetch(ULTRACHAT_NODE, "0" * 40)
    assert unknown.status is FetchStatus.MISSING and "revision" in unknown.message


def test_a_gated_dataset_without_a_token_is_incomplete_evidence(no_token: FakeHub) -> None:
    record = record_of(hub_source(no_token).fetch(GATED))
    assert record.gated == "auto"
    assert record.file_status == {"README.md": FileStatus.GATED} and record.readme is None
    with_token = record_of(hub_source(no_token, token=DEFAULT_ACCESS_TOKEN).fetch(GATED))
    assert with_token.status_of("README.md") is FileStatus.READ


@pytest.mark.parametrize("token", [None, DEFAULT_ACCESS_TOKEN], ids=["anonymous-401", "token-404"])
def test_an_unknown_dataset_is_missing(no_token: FakeHub, token: str | None) -> None:
    outcome = hub_source(no_token, token=token or False).fetch("datasets/nobody/no-such-data")
    assert outcome.status is FetchStatus.MISSING and outcome.record is None
    assert "datasets/nobody/no-such-data" in outcome.message


def test_an_invalid_dataset_id_is_missing_without_a_request(fake_hub: FakeHub) -> None:
    outcome = hub_source(fake_hub).fetch("datasets/org/na--me")
    assert outcome.status is FetchStatus.MISSING and fake_hub.count() == 0


def test_a_failing_dataset_is_an_error_and_never_cached(fake_hub: FakeHub, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    source = CachedSource(hub_source(fake_hub), cache, endpoint=fake_hub.url)
    fake_hub.inject("/api/datasets/" + ULTRACHAT, 503, times=2)
    failed = source.fetch(ULTRACHAT_NODE)
    assert failed.status is FetchStatus.ERROR and "HTTP 503" in failed.message
    assert cache.stats()[0] == 0
    fake_hub.inject(f"/datasets/{ULTRACHAT}/resolve/", 500, times=2)
    half = source.fetch(ULTRACHAT_NODE)  # info read, README kept failing: an unread file, not cached
    assert record_of(half).status_of("README.md") is FileStatus.ERROR
    assert cache.stats()[0] == 0
    assert record_of(source.fetch(ULTRACHAT_NODE)).status_of("README.md") is FileStatus.READ
    assert cache.stats()[0] == 1


def test_a_dripping_dataset_answer_ends_by_the_deadline(fake_hub: FakeHub) -> None:
    fake_hub.hostile("/api/datasets/", Hostile.DRIP_HEADERS, times=5, interval=0.1)
    source = hub_source(fake_hub, timeout=0.4, max_attempts=2)
    started_at = time.monotonic()
    outcome = source.fetch(ULTRACHAT_NODE)
    elapsed = time.monotonic() - started_at
    assert outcome.status is FetchStatus.ERROR and ULTRACHAT in outcome.message
    assert 2 * 0.4 <= elapsed < 2 * 0.4 + SLACK


def test_an_oversized_dataset_readme_is_marked_too_large(fake_hub: FakeHub) -> None:
    fake_hub.hostile(f"/datasets/{ULTRACHAT}/resolve/", Hostile.OVERSIZED_BODY, size=3_000_000)
    record = record_of(hub_source(fake_hub).fetch(ULTRACHAT_NODE))
    assert record.status_of("README.md") is FileStatus.TOO_LARGE


def test_dataset_file_plan_reads_licence_files_only_for_an_unspecific_licence() -> None:
    files = {"README.md": b"---\nlicense: other\n---\n# data\n", "LICENSE": b"Terms of use...\n",
             "config.json": b"{}", "adapter_config.json": b"{}"}
    data = hub_of()
    data.add_dataset(make_dataset("acme/other", license="other", files=files))
    data.add_dataset(make_dataset("acme/ccby", license="cc-by-4.0",
                                  files={**files, "README.md": b"---\nlicense: cc-by-4.0\n---\n"}))
    # A generic licence whose text is compared whole (issue 15): the file decides, as for models.
    data.add_dataset(make_dataset("acme/mit", license="mit", files={**files, "README.md": b"---\nlicense: mit\n---\n"}))
    with FakeHub(data) as hub:
        source = hub_source(hub, token=False)
        other = record_of(source.fetch("datasets/acme/other"))
        assert set(other.file_status) == {"README.md", "LICENSE"} and other.files["LICENSE"].startswith("Terms")
        hub.reset_log()
        specific = record_of(source.fetch("datasets/acme/ccby"))
        assert set(specific.file_status) == {"README.md"} and hub.count() == 2
        assert set(record_of(source.fetch("datasets/acme/mit")).file_status) == {"README.md", "LICENSE"}


def test_a_dataset_without_a_readme_is_established_absence(fake_hub: FakeHub) -> None:
    fake_hub.data.add_dataset(make_dataset("acme/bare", license="mit", files={"data.parquet": b"PAR1"}))
    record = record_of(hub_source(fake_hub).fetch("datasets/acme/bare"))
    assert record.file_status == {"README.md": FileStatus.MISSING} and fake_hub.count() == 2


def test_a_dataset_readme_already_in_hf_hub_cache_costs_no_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    sha = "6b08c4de6afd30f20ec58bac75e24afff56ef880"
    hf_hub_download(ULTRACHAT, "README.md", repo_type="dataset", revision=sha, cache_dir=tmp_path)
    fake_hub.reset_log()
    record = record_of(hub_source(fake_hub, hub_cache_dir=str(tmp_path)).fetch(ULTRACHAT_NODE))
    assert record.status_of("README.md") is FileStatus.READ and "UltraChat" in (record.readme or "")
    assert [r.path for r in fake_hub.requests] == ["/api/datasets/" + ULTRACHAT]


# -- cache, memo, routing -------------------------------------------------------------------------------------


def test_second_fetch_is_a_cache_hit_and_a_model_of_the_same_id_is_not(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_HUB_OFFLINE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no saved login either
    data = hub_of(make_repo("acme/twin", license="mit"))
    data.add_dataset(make_dataset("acme/twin", license="cc-by-nc-4.0"))
    with FakeHub(data) as hub:
        def stack() -> MemoSource:
            options = SourceOptions(endpoint=hub.url, cache_dir=tmp_path / "cache", snapshot_path=tmp_path / "none")
            return build_source(options, lambda _m: None)

        cold = stack()
        dataset = record_of(cold.fetch("datasets/acme/twin"))
        assert dataset.card_data["license"] == "cc-by-nc-4.0" and hub.count(is_dataset_request) == 2
        model = record_of(cold.fetch("acme/twin"))  # the dataset's cache entry must not answer for the model
        assert model.card_data["license"] == "mit" and model.repo_type == "model"
        hub.reset_log()
        warm = stack()  # a new run: no memo, only the cache
        assert record_of(warm.fetch("datasets/acme/twin")).card_data["license"] == "cc-by-nc-4.0"
        assert record_of(warm.fetch("acme/twin")).card_data["license"] == "mit"
        assert hub.count() == 0


def test_memo_fetches_each_dataset_once_per_run(fake_hub: FakeHub) -> None:
    source = MemoSource(hub_source(fake_hub))
    for _ in range(3):
        record_of(source.fetch(ULTRACHAT_NODE))
    assert fake_hub.count() == 2


def test_a_directory_named_like_a_dataset_node_does_not_shadow_it(fake_hub: FakeHub, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    local = tmp_path / "datasets" / "HuggingFaceH4" / "ultrachat_200k"
    local.mkdir(parents=True)
    (local / "README.md").write_text("---\nlicense: apache-2.0\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    record = record_of(RoutingSource(hub_source(fake_hub)).fetch(ULTRACHAT_NODE))
    assert record.card_data["license"] == "mit" and fake_hub.count(is_dataset_request) == 2


# -- the snapshot: round trip, offline, fallback, backfill ----------------------------------------------------


@pytest.fixture
def dataset_snapshot(fake_hub: FakeHub, tmp_path: Path) -> Path:
    """A small snapshot built the way ``snapshot build`` records (``RecordingSource``), with the maintainer's
    token: two datasets (one gated, asked in another case), a model of the pair, and a known-missing dataset."""
    from modelaudit.snapshot_build import RecordingSource

    recorder = RecordingSource(hub_source(fake_hub, token=DEFAULT_ACCESS_TOKEN))
    for node in ("datasets/huggingfaceh4/ultrachat_200k", GATED, "datasets/nobody/no-such-data",
                 "HuggingFaceH4/zephyr-7b-beta"):
        recorder.fetch(node)
    assert recorder.failures == {}
    path = tmp_path / "snapshot.json"
    Snapshot("2026-11-22", "fake", "test", dict(recorder.outcomes)).write(path)
    fake_hub.reset_log()
    return path


def test_snapshot_round_trip_serves_dataset_entries(dataset_snapshot: Path) -> None:
    snap = Snapshot.read(dataset_snapshot)
    assert set(snap.entries) == {"datasets/huggingfaceh4/ultrachat_200k", GATED, "datasets/nobody/no-such-data",
                                 "HuggingFaceH4/zephyr-7b-beta"}
    source = SnapshotSource(snapshot=snap)
    canonical = record_of(source.fetch(ULTRACHAT_NODE))  # found by its canonical id, in any case
    assert canonical.repo_id == ULTRACHAT_NODE and canonical.requested_id == ULTRACHAT_NODE
    assert canonical.source.value == "snapshot" and "UltraChat" in (canonical.readme or "")
    assert source.fetch("datasets/nobody/no-such-data").status is FetchStatus.MISSING
    not_recorded = source.fetch("datasets/HuggingFaceH4/zephyr-7b-beta")  # the model's id, as a dataset
    assert not_recorded.status is FetchStatus.ERROR and "not in the bundled snapshot" in not_recorded.message
    assert source.fetch(ULTRACHAT).status is FetchStatus.ERROR  # the dataset's id, as a model


def test_offline_serves_datasets_from_the_snapshot(dataset_snapshot: Path, fake_hub: FakeHub) -> None:
    notes: list[str] = []
    source = build_source(SourceOptions(offline=True, snapshot_path=dataset_snapshot), notes.append)
    record = record_of(source.fetch(GATED))
    assert record.source.value == "snapshot" and record.status_of("README.md") is FileStatus.READ
    assert fake_hub.count() == 0 and notes == []


def test_hf_hub_offline_serves_datasets_from_the_snapshot(dataset_snapshot: Path, fake_hub: FakeHub,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    notes: list[str] = []
    options = SourceOptions(endpoint=fake_hub.url, snapshot_path=dataset_snapshot, cache_dir=tmp_path / "c")
    record = record_of(build_source(options, notes.append).fetch(ULTRACHAT_NODE))
    assert record.source.value == "snapshot" and fake_hub.count() == 0
    assert len(notes) == 1 and "bundled snapshot" in notes[0]


def test_an_unreachable_hub_falls_back_to_the_snapshot_for_datasets(dataset_snapshot: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    monkeypatch.setattr(HubSource, "_backoff", lambda self, attempt: 0.0)
    notes: list[str] = []
    options = SourceOptions(endpoint=closed, snapshot_path=dataset_snapshot, cache_dir=tmp_path / "c")
    source = build_source(options, notes.append)
    assert record_of(source.fetch(ULTRACHAT_NODE)).source.value == "snapshot"
    assert source.fetch("datasets/acme/never-recorded").status is FetchStatus.ERROR  # unknown offline: not a pass
    assert len(notes) == 1 and "unreachable" in notes[0]


def test_a_gated_dataset_readme_is_backfilled_from_the_snapshot_at_the_same_commit(
        dataset_snapshot: Path, no_token: FakeHub, tmp_path: Path) -> None:
    options = SourceOptions(endpoint=no_token.url, snapshot_path=dataset_snapshot, cache_dir=tmp_path / "c")
    record = record_of(build_source(options, lambda _m: None).fetch(GATED))
    assert record.source.value == "hub" and record.status_of("README.md") is FileStatus.READ
    assert any("README.md of datasets/lmsys/lmsys-chat-1m taken from the bundled snapshot" in n for n in record.notes)


def test_hub_source_refuses_to_work_offline(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(SourceUnavailable):
        hub_source(fake_hub).fetch(ULTRACHAT_NODE)
    assert fake_hub.count() == 0


# -- snapshot build stores datasets under their node id ------------------------------------------------------


def test_snapshot_build_stores_dataset_records_under_their_node_id(fake_hub: FakeHub, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import modelaudit.snapshot_build as snapshot_build

    def walk(model: str, source: object, **_kwargs: object) -> None:
        # What the data-lineage walk does: the model, then the datasets its card lists, by node id.
        fetch = source.fetch  # type: ignore[attr-defined]
        fetch(model)
        for dataset in ("HuggingFaceH4/ultrachat_200k", "HuggingFaceH4/ultrafeedback_binarized"):
            fetch("datasets/" + dataset)

    monkeypatch.setattr(snapshot_build, "build_lineage", walk)
    out = tmp_path / "snap.json"
    result = run_cli(capsys, "snapshot", "build", "HuggingFaceH4/zephyr-7b-beta", "--output", str(out),
                     "--endpoint", fake_hub.url, "--date", "2026-11-22")
    assert result.code == 0, result.err
    assert "3 records (2 of them datasets)" in result.out
    snap = Snapshot.read(out)
    assert set(snap.entries) == {"HuggingFaceH4/zephyr-7b-beta", ULTRACHAT_NODE,
                                 "datasets/HuggingFaceH4/ultrafeedback_binarized"}
    assert record_of(snap.entries[ULTRACHAT_NODE]).repo_type == "dataset"
    info = run_cli(capsys, "snapshot", "info", "--path", str(out))
    assert "records: 3 repositories, 0 known-missing ids" in info.out and "datasets: 2 of those" in info.out


def test_snapshot_build_records_the_datasets_the_lineage_walk_reaches(fake_hub: FakeHub, tmp_path: Path) -> None:
    from modelaudit.lineage.builder import WalkLimits
    from modelaudit.snapshot_build import build_snapshot

    if not hasattr(WalkLimits(), "data"):
        pytest.skip("the lineage walk does not follow datasets yet")
    source = MemoSource(hub_source(fake_hub, token=DEFAULT_ACCESS_TOKEN))
    built = build_snapshot(["HuggingFaceH4/zephyr-7b-beta"], source, endpoint="fake", date="2026-11-22")
    assert {ULTRACHAT_NODE, "datasets/HuggingFaceH4/ultrafeedback_binarized"} <= set(built.snapshot.entries)
    for key, outcome in built.snapshot.entries.items():
        if key.startswith("datasets/") and outcome.record is not None:
            assert outcome.record.repo_id.lower() == key.lower() or outcome.record.renamed
