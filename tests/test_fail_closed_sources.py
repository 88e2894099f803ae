"""Issue 11, sources: no fault in reading a repository becomes a pass, a crash, or a cached bad answer.

The README is always asked for; failed reads are never cached and gated answers are keyed by who asked;
unreadable cache entries are misses; the snapshot fills gated or failing files only at the same commit;
short revision pins match; unspecific licence values are one vocabulary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import fakehub
from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, HubData
from helpers import hub_of, repo, run_cli, started
from modelaudit.evidence import read_evidence
from modelaudit.licensing.identify import identify_declared
from modelaudit.lineage.builder import build_lineage
from modelaudit.lineage.graph import NodeStatus
from modelaudit.sources import cache as cache_module
from modelaudit.sources.base import SourceUnavailable
from modelaudit.sources.cache import CACHE_FORMAT, CachedSource, RecordCache
from modelaudit.sources.chain import MemoSource, SnapshotBackfill
from modelaudit.sources.factory import SourceOptions, build_source
from modelaudit.sources.file_plan import card_license_is_specific, plan_files
from modelaudit.sources.hub import HubSource
from modelaudit.sources.local import LocalSource
from modelaudit.sources.records import FetchOutcome, FetchStatus, FileStatus, ModelRecord, revision_matches
from modelaudit.sources.snapshot import Snapshot, SnapshotSource
from modelaudit.vocabulary import UNSPECIFIC_LICENSE_VALUES

MODEL = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"
MIT_TEXT = b"MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy...\n"


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # Speed only: without TCP_NODELAY each fake-Hub request waits ~40 ms for a delayed ACK.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


@pytest.fixture
def anonymous(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token anywhere: neither in the environment nor a saved login."""
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))


def hub_source(hub: FakeHub, token: str | None = None) -> HubSource:
    return HubSource(endpoint=hub.url, token=token, backoff=0.001, max_attempts=2, sleep=lambda _s: None)


class ListingHub(FakeHub):
    """A fake Hub whose model payload lists other files than it serves: ``listing[id]`` replaces the
    siblings (``None``: the payload has no file list at all)."""

    def __init__(self, data: HubData, listing: dict[str, list[str] | None]) -> None:
        super().__init__(data)
        self.listing = listing

    def _model_payload(self, repo: fakehub.FakeRepo, *, with_blobs: bool) -> dict[str, Any]:
        payload = super()._model_payload(repo, with_blobs=with_blobs)
        repo_id = str(repo.info["id"])
        if repo_id in self.listing:
            names = self.listing[repo_id]
            if names is None:
                payload.pop("siblings", None)
            else:
                payload["siblings"] = [{"rfilename": n} for n in names]
        return payload


def readme_requests(hub: FakeHub) -> int:
    return hub.count(lambda r: r.path.endswith("/README.md"))


# -- 1. the README is always asked for --------------------------------------------------------------------------


def test_the_readme_is_always_planned() -> None:
    assert plan_files({}, [])[0] == "README.md"
    assert plan_files({"license": "mit"}, ["config.json"]) == ["README.md", "config.json"]


@pytest.mark.parametrize("listing", [["config.json"], None], ids=["not-listed", "no-file-list"])
def test_an_unlisted_readme_is_read_and_its_lineage_used(anonymous: None, listing: list[str] | None) -> None:
    child = repo("org/child", body="# Child\n\nThis model is a fine-tune of Qwen/Qwen2.5-7B on our data.\n",
                 extra_files={"config.json": b"{}"})
    hub = ListingHub(hub_of(child, repo("Qwen/Qwen2.5-7B")), {"org/child": listing}).start()
    try:
        record = hub_source(hub).fetch("org/child").record
        assert record is not None and record.status_of("README.md") is FileStatus.READ
        assert "fine-tune of Qwen/Qwen2.5-7B" in (record.readme or "")
        graph = build_lineage("org/child", MemoSource(hub_source(hub)))
        assert graph.root.status is NodeStatus.RESOLVED and graph.root.unread == ()
        assert "Qwen/Qwen2.5-7B" in graph.ancestors("org/child")
    finally:
        hub.stop()


@pytest.mark.parametrize("listing", [["config.json"], None], ids=["not-listed", "no-file-list"])
def test_an_unlisted_readme_that_is_not_there_is_established_absence(anonymous: None,
                                                                     listing: list[str] | None) -> None:
    bare = fakehub.make_repo("org/bare", license="mit", files={"config.json": b"{}"})
    hub = ListingHub(hub_of(bare), {"org/bare": listing}).start()
    try:
        graph = build_lineage("org/bare", MemoSource(hub_source(hub)))
        assert readme_requests(hub) == 1
        root = graph.root
        assert graph.records["org/bare"].status_of("README.md") is FileStatus.MISSING
        assert root.status is NodeStatus.RESOLVED and root.unread == ()
        assert "no README in the repository" in root.notes
    finally:
        hub.stop()


def test_a_listed_readme_the_hub_does_not_serve_is_unread_evidence(anonymous: None) -> None:
    bare = fakehub.make_repo("org/liar", license="mit", files={"config.json": b"{}"})
    hub = ListingHub(hub_of(bare), {"org/liar": ["README.md", "config.json"]}).start()
    try:
        root = build_lineage("org/liar", MemoSource(hub_source(hub))).root
        assert root.status is NodeStatus.INCOMPLETE
        assert root.unread == ("README.md is listed in the repository but the Hub did not serve it",)
        assert "no README in the repository" not in root.notes
    finally:
        hub.stop()


# -- 2. never cache a bad answer --------------------------------------------------------------------------------


class Counting:
    def __init__(self, outcome: FetchOutcome) -> None:
        self.outcome = outcome
        self.calls = 0
        self.down = False

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        self.calls += 1
        if self.down:
            raise SourceUnavailable("hub.invalid cannot be reached")
        return self.outcome


def rec(repo_id: str = "org/m", **kwargs: Any) -> ModelRecord:
    return ModelRecord(repo_id=repo_id, requested_id=repo_id, revision="a" * 40, card_data={"license": "mit"},
                       **kwargs)


def entries(directory: Path) -> list[Path]:
    return sorted((directory / "records").rglob("*.json")) if (directory / "records").is_dir() else []


def test_a_record_with_a_failed_file_is_never_cached(tmp_path: Path) -> None:
    failed = FetchOutcome.ok(rec(siblings=("README.md",), file_status={"README.md": FileStatus.ERROR}))
    inner = Counting(failed)
    source = CachedSource(inner, RecordCache(tmp_path), endpoint="http://hub")
    source.fetch("org/m")
    source.fetch("org/m")
    assert inner.calls == 2 and entries(tmp_path) == []


def test_a_readme_that_failed_is_read_again_once_the_hub_recovers(anonymous: None, tmp_path: Path) -> None:
    hub = started(hub_of(repo("org/solo")))
    try:
        hub.inject("/org/solo/resolve/", 503, times=2)  # both attempts of the first run
        source = CachedSource(hub_source(hub), RecordCache(tmp_path), endpoint=hub.url)
        first = source.fetch("org/solo").record
        assert first is not None and first.status_of("README.md") is FileStatus.ERROR
        assert entries(tmp_path) == []
        second = source.fetch("org/solo").record  # the Hub is back: asked again, not served the failure
        assert second is not None and second.status_of("README.md") is FileStatus.READ
        hub.reset_log()
        assert source.fetch("org/solo") == FetchOutcome.ok(second) and hub.count() == 0  # now it is cached
    finally:
        hub.stop()


def test_a_gated_answer_without_a_token_does_not_answer_a_run_with_one(anonymous: None, tmp_path: Path) -> None:
    hub = started(hub_of(repo("org/gated", gated="manual", body="# Gated\n\nA fine-tune of org/base.\n")))
    cache = RecordCache(tmp_path)
    try:
        tokenless = CachedSource(hub_source(hub), cache, endpoint=hub.url)
        seen = tokenless.fetch("org/gated").record
        assert seen is not None and seen.status_of("README.md") is FileStatus.GATED
        with_token = CachedSource(hub_source(hub, DEFAULT_ACCESS_TOKEN), cache, endpoint=hub.url,
                                  token=lambda: DEFAULT_ACCESS_TOKEN)
        hub.reset_log()
        read = with_token.fetch("org/gated").record
        assert read is not None and read.status_of("README.md") is FileStatus.READ
        assert readme_requests(hub) == 1  # asked the Hub with the token, not answered from the tokenless entry
        hub.reset_log()
        assert tokenless.fetch("org/gated").record == seen and with_token.fetch("org/gated").record == read
        assert hub.count() == 0  # each identity has its own entry
    finally:
        hub.stop()
    # The token itself is written nowhere in the cache.
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert DEFAULT_ACCESS_TOKEN not in file.read_text(encoding="utf-8", errors="replace")


def test_the_identity_is_a_salted_hash(tmp_path: Path) -> None:
    one, again, other = RecordCache(tmp_path / "a"), RecordCache(tmp_path / "a"), RecordCache(tmp_path / "b")
    assert one.identity(None) == one.identity("") == "anonymous"
    token = "hf_" + "x" * 34
    ident = one.identity(token)
    assert ident.startswith("token:") and token not in ident and "x" * 8 not in ident
    assert again.identity(token) == ident  # stable for one cache directory (the salt is kept there)
    assert other.identity(token) != ident  # another directory, another salt
    assert one.identity(token + "y") != ident


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


BAD_ENTRIES = {
    "nested-100000-deep": _nested(100_000),
    "nested-inside-the-outcome": b'{"format": %d, "key": "K", "stored_at": 1, "outcome": ' % CACHE_FORMAT
                                  + _nested(50_000) + b"}",
    "revision-not-a-string": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": 1, "outcome": {
        "requested_id": "org/m", "status": "ok", "record": {"repo_id": "org/m", "revision": 12}}}).encode(),
    "card-data-a-list": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": 1, "outcome": {
        "requested_id": "org/m", "status": "ok", "record": {"repo_id": "org/m", "card_data": [1]}}}).encode(),
    "ok-without-a-record": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": 1, "outcome": {
        "requested_id": "org/m", "status": "ok", "record": None}}).encode(),
    "stored-at-not-a-number": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": True, "outcome": {
        "requested_id": "org/m", "status": "missing"}}).encode(),
    "older-format": json.dumps({"format": 1, "key": "K", "stored_at": 1, "outcome": {
        "requested_id": "org/m", "status": "missing"}}).encode(),
}


@pytest.mark.parametrize("refresh", [False, True], ids=["plain", "refresh"])
@pytest.mark.parametrize("kind", sorted(BAD_ENTRIES))
def test_an_unreadable_entry_is_a_miss_and_is_replaced(tmp_path: Path, kind: str, refresh: bool) -> None:
    cache = RecordCache(tmp_path)
    key = RecordCache.key("http://hub", "org/m", None)
    path = cache._path(key)
    path.parent.mkdir(parents=True)
    path.write_bytes(BAD_ENTRIES[kind].replace(b'"K"', json.dumps(key).encode()))
    assert cache.get(key) is None and not path.exists()
    path.write_bytes(BAD_ENTRIES[kind])
    inner = Counting(FetchOutcome.ok(rec()))
    source = CachedSource(inner, cache, endpoint="http://hub", refresh=refresh)
    assert source.fetch("org/m").status is FetchStatus.OK
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["key"] == key and stored["format"] == CACHE_FORMAT  # replaced by a valid entry


def test_an_oversized_entry_is_a_miss_without_being_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = RecordCache(tmp_path)
    cache.put("K", FetchOutcome.ok(rec(files={"README.md": "x" * 5000})))
    [path] = entries(tmp_path)
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 4096)
    monkeypatch.setattr(cache_module.json, "loads", lambda *_a, **_k: pytest.fail("an oversized entry was parsed"))
    assert cache.get("K") is None and not path.exists()


def test_an_entry_stored_in_the_future_is_not_fresh_forever(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = RecordCache(tmp_path, clock=lambda: now[0] + 30 * 86400)  # written by a clock a month ahead
    inner = Counting(FetchOutcome.ok(rec()))
    cache.put(RecordCache.key("http://hub", "org/m", None), FetchOutcome.ok(rec()))
    CachedSource(inner, cache, endpoint="http://hub", clock=lambda: now[0]).fetch("org/m")
    assert inner.calls == 1


class CountingCache(RecordCache):
    def __init__(self, directory: Path) -> None:
        super().__init__(directory)
        self.reads = 0

    def get(self, key: str) -> Any:
        self.reads += 1
        return super().get(key)


def test_refresh_reads_the_old_entry_only_as_a_stale_fallback(tmp_path: Path) -> None:
    cache = CountingCache(tmp_path)
    inner = Counting(FetchOutcome.ok(rec()))
    CachedSource(inner, cache, endpoint="http://hub").fetch("org/m")
    cache.reads = 0
    refreshing = CachedSource(inner, cache, endpoint="http://hub", refresh=True)
    refreshing.fetch("org/m")
    assert cache.reads == 0 and inner.calls == 2
    inner.down = True
    stale: list[str] = []
    fallback = CachedSource(inner, cache, endpoint="http://hub", refresh=True, on_stale=lambda r, _a: stale.append(r))
    assert fallback.fetch("org/m").status is FetchStatus.OK
    assert cache.reads == 1 and stale == ["org/m"]


# -- 3. files from the snapshot at the same commit ---------------------------------------------------------------

GATED_SHA = "1" * 40
GATED_README = "# Gated base\n\nThis is our own model, trained from scratch.\n"


def snapshot_with(record: ModelRecord, date: str = "2030-01-01") -> SnapshotSource:
    return SnapshotSource(snapshot=Snapshot(date, "test", "0", {record.repo_id: FetchOutcome.ok(record)}))


def kept(revision: str = GATED_SHA, status: FileStatus = FileStatus.READ) -> ModelRecord:
    files = {"README.md": GATED_README} if status is FileStatus.READ else {}
    return ModelRecord(repo_id="org/gated-base", requested_id="org/gated-base", revision=revision,
                       card_data={"license": "mit"}, siblings=("README.md",), files=files,
                       file_status={"README.md": status})


@pytest.fixture
def gated_hub(anonymous: None) -> Any:
    hub = started(hub_of(repo("org/gated-base", license="mit", gated="manual", sha=GATED_SHA, body=GATED_README)))
    yield hub
    hub.stop()


def test_a_gated_readme_is_taken_from_the_snapshot_at_the_same_commit(gated_hub: FakeHub) -> None:
    source = SnapshotBackfill(hub_source(gated_hub), snapshot_with(kept()))
    record = source.fetch("org/gated-base").record
    assert record is not None and record.status_of("README.md") is FileStatus.READ
    assert record.readme == GATED_README
    note = "README.md of org/gated-base taken from the bundled snapshot of 2030-01-01 (same revision)"
    assert record.notes == (note,)
    root = build_lineage("org/gated-base", MemoSource(source)).root
    assert root.status is NodeStatus.RESOLVED and note in root.notes


@pytest.mark.parametrize("snap", [kept(revision="2" * 40), kept(status=FileStatus.GATED)],
                         ids=["other-commit", "snapshot-did-not-read-it"])
def test_nothing_is_taken_from_the_snapshot_unless_it_read_that_commit(gated_hub: FakeHub, snap: ModelRecord) -> None:
    source = SnapshotBackfill(hub_source(gated_hub), snapshot_with(snap))
    record = source.fetch("org/gated-base").record
    assert record is not None and record.status_of("README.md") is FileStatus.GATED and record.notes == ()
    assert build_lineage("org/gated-base", MemoSource(source)).root.status is NodeStatus.INCOMPLETE


def test_a_readme_the_hub_keeps_failing_is_taken_from_the_snapshot(anonymous: None) -> None:
    hub = started(hub_of(repo("org/gated-base", license="mit", sha=GATED_SHA, body=GATED_README)))
    try:
        hub.inject("/resolve/", 503, times=100)
        record = SnapshotBackfill(hub_source(hub), snapshot_with(kept())).fetch("org/gated-base").record
        assert record is not None and record.status_of("README.md") is FileStatus.READ and record.notes
    finally:
        hub.stop()


def test_tokenless_audit_of_a_gated_base_uses_the_bundled_snapshot(no_token: FakeHub, capsys) -> None:  # type: ignore[no-untyped-def]
    # The fixtures of meta-llama's repos are at the commits the bundled snapshot holds.
    result = run_cli(capsys, "lineage", MODEL, "--format", "json")
    assert result.code == 0, result.err
    nodes = {n["id"]: n for n in json.loads(result.out)["lineage"]["nodes"]}
    llama = nodes["meta-llama/Llama-3.3-70B-Instruct"]
    assert llama["status"] == "resolved" and llama["unread"] == []
    assert any("README.md of meta-llama/Llama-3.3-70B-Instruct taken from the bundled snapshot of" in n
               and "(same revision)" in n for n in llama["notes"])


def test_the_source_stack_backfills_but_caches_only_the_hubs_answer(gated_hub: FakeHub, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    Snapshot("2030-01-01", "test", "0", {"org/gated-base": FetchOutcome.ok(kept())}).write(snap)
    options = SourceOptions(endpoint=gated_hub.url, snapshot_path=snap, cache_dir=tmp_path / "cache")
    record = build_source(options, lambda _m: None).fetch("org/gated-base").record
    assert record is not None and record.readme == GATED_README and record.notes
    [entry] = entries(tmp_path / "cache")
    stored = json.loads(entry.read_text(encoding="utf-8"))["outcome"]["record"]
    assert stored["file_status"] == {"README.md": "gated"} and "notes" not in stored


# -- 6. short revision pins ---------------------------------------------------------------------------------------


def test_revision_prefixes() -> None:
    full = "5dfc3de28f7412293878a8e20ff3ece81e7a91b5"
    assert revision_matches(full, full) and revision_matches("5dfc3de", full) and revision_matches("5DFC3DE28F", full)
    assert not revision_matches("5dfc3d", full)  # six digits are too few to name a commit
    assert not revision_matches("5dfc3dz", full) and not revision_matches("6dfc3de", full)
    assert not revision_matches("5dfc3de", None)


def test_a_short_pin_is_found_offline_and_an_unknown_one_is_unknown_not_unlicensed(capsys) -> None:  # type: ignore[no-untyped-def]
    full = SnapshotSource().fetch(MODEL).record
    assert full is not None and full.revision is not None
    pinned = SnapshotSource().fetch(MODEL, full.revision[:7])
    assert pinned.status is FetchStatus.OK and pinned.record is not None and pinned.record.revision == full.revision

    ok = run_cli(capsys, "check", f"{MODEL}@{full.revision[:7]}", "--offline", "--format", "json")
    [model] = json.loads(ok.out)["results"]
    assert model["revision"] == full.revision and model["verdict"] == "warn"
    assert {f["rule"] for f in model["findings"]}.isdisjoint({"no-license", "unresolved-lineage"})

    bad = run_cli(capsys, "check", f"{MODEL}@0000000", "--offline", "--format", "json")
    [model] = json.loads(bad.out)["results"]
    rules = {f["rule"] for f in model["findings"]}
    assert model["verdict"] == "unknown" and "unresolved-lineage" in rules and "no-license" not in rules
    assert "not 0000000; that revision cannot be checked offline" in bad.out


# -- 7. one vocabulary of unspecific licence values ------------------------------------------------------------


@pytest.mark.parametrize("value", sorted(UNSPECIFIC_LICENSE_VALUES | {"Custom", " N/A ", "OTHER"}))
def test_every_unspecific_value_fetches_the_licence_file(value: str) -> None:
    assert not card_license_is_specific({"license": value})
    assert "LICENSE" in plan_files({"license": value}, ["README.md", "LICENSE"])
    assert "LICENSE" not in plan_files({"license": "llama3.3"}, ["README.md", "LICENSE"])


@pytest.mark.parametrize("value", ["mit", "MIT", "apache-2.0", "bsd-3-clause", "isc"])
def test_a_generic_licence_with_a_reference_text_fetches_the_licence_file(value: str) -> None:
    """Issue 15: "MIT plus a revenue cut-off" is declared ``license: mit`` too; the file decides."""
    assert not card_license_is_specific({"license": value})
    assert "LICENSE" in plan_files({"license": value}, ["README.md", "LICENSE"])
    assert plan_files({"license": value}, ["README.md"]) == ["README.md"]  # no file, no request


@pytest.mark.parametrize("value", ["custom", "n/a"])
def test_a_custom_licence_is_identified_from_the_licence_file(anonymous: None, kb: Any, value: str) -> None:
    hub = started(hub_of(repo("org/custom", license=value, extra_files={"LICENSE": MIT_TEXT})))
    try:
        record = hub_source(hub).fetch("org/custom").record
        assert record is not None and record.status_of("LICENSE") is FileStatus.READ
        [found] = identify_declared(read_evidence(record), kb).identified
        assert found.id == "mit" and found.evidence == "card license + LICENSE text"
    finally:
        hub.stop()


def test_a_local_directory_with_a_custom_licence_reads_its_licence_file(tmp_path: Path, kb: Any) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: custom\n---\n# Mine\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_bytes(MIT_TEXT)
    record = LocalSource().fetch(str(tmp_path)).record
    assert record is not None
    assert [lic.id for lic in identify_declared(read_evidence(record), kb).identified] == ["mit"]
