"""The persistent record cache: TTL, --refresh, corruption, atomic writes, stale fallback, location, commands.

The CLI tests run ``modelaudit lineage`` in-process against the fake Hub and count the requests it sees; the
unit tests drive ``RecordCache`` / ``CachedSource`` directly with a fake clock and a counting inner source.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import fakehub
from fakehub import FakeHub
from helpers import run_cli
from modelaudit.sources.base import SourceUnavailable
from modelaudit.sources.cache import CACHE_FORMAT, CachedSource, RecordCache, default_cache_dir
from modelaudit.sources.records import FetchOutcome, FetchStatus, ModelRecord

MODEL = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"
#: Every repository the lineage walk of MODEL touches (the model and its five ancestors).
MODEL_LINEAGE = {
    MODEL,
    "deepseek-ai/DeepSeek-R1",
    "deepseek-ai/DeepSeek-V3-Base",
    "meta-llama/Llama-3.3-70B-Instruct",
    "meta-llama/Llama-3.1-70B",
}


@pytest.fixture(autouse=True)
def _no_nagle(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake Hub writes headers and body separately; without TCP_NODELAY every request waits ~40 ms for a
    # delayed ACK. Only speed changes, not behaviour.
    monkeypatch.setattr(fakehub._Handler, "disable_nagle_algorithm", True, raising=False)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("MODELAUDIT_CACHE_DIR", str(directory))
    return directory


def api_paths(hub: FakeHub) -> set[str]:
    return {r.path.removeprefix("/api/models/") for r in hub.requests if r.path.startswith("/api/models/")}


def cache_files(directory: Path) -> list[Path]:
    return sorted((directory / "records").rglob("*.json")) if (directory / "records").is_dir() else []


def leftovers(directory: Path) -> list[Path]:
    """Temporary files an interrupted or racing write might leave behind."""
    return [p for p in directory.rglob("*") if p.is_file() and (p.name.startswith(".") or p.suffix == ".tmp")]


def record(repo_id: str, marker: str = "") -> ModelRecord:
    return ModelRecord(repo_id=repo_id, requested_id=repo_id, revision="a" * 40, card_data={"license": "mit"},
                       tags=("license:mit",), files={"README.md": f"# {repo_id} {marker}"})


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class CountingSource:
    """An inner source that answers from a dict, counts calls, and can be switched off."""

    def __init__(self, answers: dict[str, FetchOutcome] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[str] = []
        self.down = False

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        self.calls.append(repo_id)
        if self.down:
            raise SourceUnavailable("example.invalid cannot be reached")
        if repo_id in self.answers:
            return self.answers[repo_id]
        return FetchOutcome.ok(record(repo_id, marker=str(len(self.calls))))


# -- CLI: a warm run makes no Hub request ----------------------------------------------------------------------


def test_second_run_within_ttl_makes_zero_hub_requests(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    first = run_cli(capsys, "lineage", MODEL)
    assert first.code == 0, first.err
    assert api_paths(fake_hub) == MODEL_LINEAGE
    assert len(cache_files(cache_dir)) == len(MODEL_LINEAGE)

    fake_hub.reset_log()
    second = run_cli(capsys, "lineage", MODEL)
    assert second.code == 0, second.err
    assert fake_hub.count() == 0
    assert second.out == first.out
    assert second.err == ""  # no stale-cache or fallback notice: these are fresh answers


def test_warm_json_run_is_identical_and_offline_from_the_hub(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    first = run_cli(capsys, "lineage", MODEL, "--format", "json")
    fake_hub.reset_log()
    second = run_cli(capsys, "lineage", MODEL, "--format", "json")
    assert fake_hub.count() == 0
    one, two = json.loads(first.out), json.loads(second.out)
    assert one["lineage"]["edges"] == two["lineage"]["edges"]
    assert [(n["id"], n["revision"]) for n in one["lineage"]["nodes"]] == [
        (n["id"], n["revision"]) for n in two["lineage"]["nodes"]
    ]


def test_refresh_flag_refetches_everything(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    run_cli(capsys, "lineage", MODEL)
    cold = fake_hub.count()
    fake_hub.reset_log()
    result = run_cli(capsys, "lineage", MODEL, "--refresh")
    assert result.code == 0, result.err
    assert fake_hub.count() == cold
    assert api_paths(fake_hub) == MODEL_LINEAGE
    # and the refreshed answers are cached again
    fake_hub.reset_log()
    run_cli(capsys, "lineage", MODEL)
    assert fake_hub.count() == 0


def test_refresh_env_twin(fake_hub: FakeHub, cache_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B")
    fake_hub.reset_log()
    monkeypatch.setenv("MODELAUDIT_REFRESH", "1")
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B")
    assert api_paths(fake_hub) == {"Qwen/Qwen2.5-7B"}


def test_expired_ttl_refetches(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B")
    fake_hub.reset_log()
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B", "--cache-ttl", "0")
    assert api_paths(fake_hub) == {"Qwen/Qwen2.5-Math-7B", "Qwen/Qwen2.5-7B"}


def test_offline_runs_do_not_touch_the_cache(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    result = run_cli(capsys, "lineage", MODEL, "--offline")
    assert result.code == 0, result.err
    assert cache_files(cache_dir) == []
    assert fake_hub.count() == 0


# -- unit: TTL, refresh, what is cached ------------------------------------------------------------------------


def test_ttl_boundary_with_a_fake_clock(tmp_path: Path) -> None:
    clock = Clock()
    inner = CountingSource()
    source = CachedSource(inner, RecordCache(tmp_path, clock=clock), endpoint="http://hub", ttl=100, clock=clock)
    first = source.fetch("org/model")
    clock.now += 100  # exactly at the TTL: still fresh
    assert source.fetch("org/model") == first
    assert inner.calls == ["org/model"]
    clock.now += 1  # one second past it: asked again
    second = source.fetch("org/model")
    assert inner.calls == ["org/model", "org/model"]
    assert second.record is not None and second.record.readme != (first.record and first.record.readme)
    # the new answer was stored with the new time: fresh again
    clock.now += 50
    source.fetch("org/model")
    assert len(inner.calls) == 2


def test_refresh_true_always_asks_and_stores(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    inner = CountingSource()
    CachedSource(inner, cache, endpoint="http://hub").fetch("org/model")
    refreshing = CachedSource(inner, cache, endpoint="http://hub", refresh=True)
    refreshing.fetch("org/model")
    refreshing.fetch("org/model")
    assert inner.calls == ["org/model"] * 3
    entry = cache.get(RecordCache.key("http://hub", "org/model", None))
    assert entry is not None and entry.outcome.record is not None
    assert entry.outcome.record.readme == "# org/model 3"


def test_missing_repos_are_cached_but_errors_are_not(tmp_path: Path) -> None:
    inner = CountingSource({
        "org/gone": FetchOutcome.missing("org/gone", "org/gone is not on the Hub"),
        "org/flaky": FetchOutcome.error("org/flaky", "still failing after 4 attempts (HTTP 500)"),
    })
    source = CachedSource(inner, RecordCache(tmp_path), endpoint="http://hub")
    for _ in range(3):
        assert source.fetch("org/gone").status is FetchStatus.MISSING
        assert source.fetch("org/flaky").status is FetchStatus.ERROR
    assert inner.calls.count("org/gone") == 1
    assert inner.calls.count("org/flaky") == 3


def test_cache_keys_separate_endpoints_and_revisions(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    inner = CountingSource()
    CachedSource(inner, cache, endpoint="http://a").fetch("org/model")
    CachedSource(inner, cache, endpoint="http://b").fetch("org/model")
    CachedSource(inner, cache, endpoint="http://a").fetch("org/model", "b" * 40)
    CachedSource(inner, cache, endpoint="http://a").fetch("org/model")
    assert len(inner.calls) == 3
    assert len(cache_files(tmp_path)) == 3


def test_round_trip_keeps_the_whole_record(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    original = FetchOutcome.ok(record("org/model", marker="ünïcode ≈"))
    cache.put("k", original)
    entry = cache.get("k")
    assert entry is not None
    assert entry.outcome == original


# -- corrupt entries -------------------------------------------------------------------------------------------

GARBAGE = {
    "truncated": None,  # filled in from a real entry below
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "not-utf8": b"\xff\xfe\x00{\"format\": 1}",
    "json-list": b"[1, 2, 3]",
    "json-null": b"null",
    "wrong-format": json.dumps({"format": CACHE_FORMAT + 99, "key": "K", "stored_at": 0, "outcome": {}}).encode(),
    "foreign-key": None,  # a valid entry for another key (a hash collision or a copied file)
    "bad-outcome": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": 0,
                               "outcome": {"requested_id": "x", "status": "exploded"}}).encode(),
    "bad-record-shape": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": 0, "outcome": {
        "requested_id": "org/model", "status": "ok", "record": {"repo_id": "org/model", "files": ["README.md"]}}}).encode(),
    "outcome-not-an-object": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": 0, "outcome": "ok"}).encode(),
    "bad-stored-at": json.dumps({"format": CACHE_FORMAT, "key": "K", "stored_at": "yesterday",
                                 "outcome": FetchOutcome.ok(record("org/model")).to_json()}).encode(),
}


@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_corrupt_entry_is_a_miss_and_is_replaced(tmp_path: Path, kind: str) -> None:
    cache = RecordCache(tmp_path)
    key = "K"
    cache.put(key, FetchOutcome.ok(record("org/model")))
    [path] = cache_files(tmp_path)
    valid = path.read_bytes()
    content = GARBAGE[kind]
    if kind == "truncated":
        content = valid[: len(valid) // 2]
    elif kind == "foreign-key":
        other = RecordCache(tmp_path / "other")
        other.put("another key", FetchOutcome.ok(record("org/other")))
        content = cache_files(tmp_path / "other")[0].read_bytes()
    assert content is not None
    path.write_bytes(content)

    assert cache.get(key) is None  # a miss, not an exception
    assert not path.exists()  # dropped, so the next write starts clean

    # Through the cached source, keyed like the real thing: the corrupt file is refetched and replaced.
    inner = CountingSource()
    real_key = RecordCache.key("http://hub", "org/model", None)
    real_path = cache._path(real_key)
    real_path.parent.mkdir(parents=True, exist_ok=True)
    real_path.write_bytes(content)
    source = CachedSource(inner, cache, endpoint="http://hub")
    got = source.fetch("org/model")
    assert got.status is FetchStatus.OK
    assert inner.calls == ["org/model"]
    stored = json.loads(real_path.read_text(encoding="utf-8"))
    assert stored["key"] == real_key and stored["format"] == CACHE_FORMAT
    assert source.fetch("org/model") == got and inner.calls == ["org/model"]  # served from the repaired entry


def test_corrupt_cache_never_breaks_a_cli_run(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    first = run_cli(capsys, "lineage", MODEL)
    files = cache_files(cache_dir)
    assert len(files) == len(MODEL_LINEAGE)
    for n, path in enumerate(files):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3] if n % 2 else b"\x00garbage\xff")
    fake_hub.reset_log()
    again = run_cli(capsys, "lineage", MODEL)
    assert again.code == 0, again.err
    assert "Traceback" not in again.err
    assert again.out == first.out
    assert api_paths(fake_hub) == MODEL_LINEAGE  # every corrupt entry was a miss
    for path in cache_files(cache_dir):  # ...and has been replaced by a valid one
        assert json.loads(path.read_text(encoding="utf-8"))["format"] == CACHE_FORMAT
    fake_hub.reset_log()
    run_cli(capsys, "lineage", MODEL)
    assert fake_hub.count() == 0


def test_unwritable_cache_does_not_break_fetching(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    inner = CountingSource()
    source = CachedSource(inner, RecordCache(blocker), endpoint="http://hub")
    assert source.fetch("org/model").status is FetchStatus.OK
    assert source.fetch("org/model").status is FetchStatus.OK
    assert len(inner.calls) == 2  # nothing could be cached, nothing crashed


# -- atomic writes ---------------------------------------------------------------------------------------------


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    for i in range(20):
        cache.put(f"key {i % 5}", FetchOutcome.ok(record(f"org/m{i}")))
    assert len(cache_files(tmp_path)) == 5
    assert leftovers(tmp_path) == []


def test_a_write_killed_before_the_rename_keeps_the_old_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import modelaudit.fileio as fileio

    cache = RecordCache(tmp_path)
    cache.put("K", FetchOutcome.ok(record("org/model", marker="old")))

    def killed(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # the process dies between writing the temp file and installing it

    monkeypatch.setattr(fileio.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        cache.put("K", FetchOutcome.ok(record("org/model", marker="new")))
    monkeypatch.undo()
    entry = cache.get("K")
    assert entry is not None and entry.outcome.record is not None
    assert entry.outcome.record.readme == "# org/model old"
    assert leftovers(tmp_path) == []


def test_concurrent_thread_writers_leave_one_valid_entry(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    outcomes = [FetchOutcome.ok(record("org/model", marker=f"writer {i} " + "x" * 5000)) for i in range(12)]
    start = threading.Barrier(len(outcomes) + 1)
    bad_reads: list[str] = []

    def write(outcome: FetchOutcome) -> None:
        start.wait()
        for _ in range(25):
            cache.put("K", outcome)

    def read() -> None:
        start.wait()
        seen = False
        for _ in range(300):
            entry = cache.get("K")
            if entry is None and seen:
                bad_reads.append("an existing entry read as corrupt")
            seen = seen or entry is not None

    threads = [threading.Thread(target=write, args=(o,)) for o in outcomes] + [threading.Thread(target=read)]
    for t in threads[:-1]:
        t.start()
    threads[-1].start()
    for t in threads:
        t.join(timeout=60)
    entry = cache.get("K")
    assert entry is not None and entry.outcome in outcomes
    assert bad_reads == []
    assert len(cache_files(tmp_path)) == 1
    assert leftovers(tmp_path) == []


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from modelaudit.sources.cache import RecordCache
    from modelaudit.sources.records import FetchOutcome, ModelRecord

    directory, marker = Path(sys.argv[1]), sys.argv[2]
    cache = RecordCache(directory)
    rec = ModelRecord(repo_id="org/model", requested_id="org/model", revision="a" * 40,
                      files={"README.md": "process " + marker + " " + "y" * 20000})
    for _ in range(60):
        cache.put("K", FetchOutcome.ok(rec))
    """
)


def test_concurrent_process_writers_leave_one_valid_entry(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path)
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(i)], stderr=subprocess.PIPE)
        for i in range(4)
    ]
    corrupt_reads = 0
    seen = False
    deadline = time.monotonic() + 60
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
        entry = cache.get("K")  # a reader racing the writers must never see half a file
        if entry is None and seen:
            corrupt_reads += 1
        seen = seen or entry is not None
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    entry = cache.get("K")
    assert entry is not None and entry.outcome.record is not None
    assert (entry.outcome.record.readme or "").startswith("process ")
    assert corrupt_reads == 0
    assert len(cache_files(tmp_path)) == 1
    assert leftovers(tmp_path) == []


# -- stale entries when the Hub is down ------------------------------------------------------------------------


def test_stale_entry_is_served_when_the_hub_is_down(tmp_path: Path) -> None:
    clock = Clock()
    stale_calls: list[tuple[str, float]] = []
    inner = CountingSource()
    source = CachedSource(inner, RecordCache(tmp_path, clock=clock), endpoint="http://hub", ttl=3600, clock=clock,
                          on_stale=lambda repo, age: stale_calls.append((repo, age)))
    fresh = source.fetch("org/model")
    clock.now += 7200
    inner.down = True
    assert source.fetch("org/model") == fresh
    assert stale_calls == [("org/model", 7200.0)]
    # nothing cached for another repo: the outage propagates (the fallback source takes over from there)
    with pytest.raises(SourceUnavailable):
        source.fetch("org/never-seen")


def test_stale_entry_is_used_even_with_refresh_when_the_hub_is_down(tmp_path: Path) -> None:
    inner = CountingSource()
    cache = RecordCache(tmp_path)
    fresh = CachedSource(inner, cache, endpoint="http://hub").fetch("org/model")
    inner.down = True
    assert CachedSource(inner, cache, endpoint="http://hub", refresh=True).fetch("org/model") == fresh


def test_cli_uses_stale_cache_when_the_hub_goes_down(fake_hub: FakeHub, cache_dir: Path, capsys,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from modelaudit.sources.hub import HubSource

    monkeypatch.setattr(HubSource, "_backoff", lambda self, attempt: 0.0)  # speed only: no wait before the retry
    first = run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B")
    assert first.code == 0
    fake_hub.stop()  # same endpoint, nothing listening any more
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B", "--cache-ttl", "0")
    assert result.code == 0, result.err
    assert "[hub]" in result.out and "[snapshot]" not in result.out  # the cached Hub answers, not the snapshot
    stale_lines = [line for line in result.err.splitlines() if "cached record" in line]
    assert {line.split("cached record of ")[1].split(" ")[0] for line in stale_lines} == {
        "Qwen/Qwen2.5-Math-7B",
        "Qwen/Qwen2.5-7B",
    }
    assert all("Hub unreachable" in line for line in stale_lines)
    assert "Traceback" not in result.err


# -- where the cache lives -------------------------------------------------------------------------------------


def test_cache_dir_flag_moves_the_cache(fake_hub: FakeHub, cache_dir: Path, tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B", "--cache-dir", str(elsewhere))
    assert result.code == 0, result.err
    assert len(cache_files(elsewhere)) == 1
    assert cache_files(cache_dir) == []
    fake_hub.reset_log()
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B", "--cache-dir", str(elsewhere))
    assert fake_hub.count() == 0
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B")  # the default location is a different, empty cache
    assert fake_hub.count() > 0


def test_env_var_moves_the_cache(fake_hub: FakeHub, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env"
    monkeypatch.setenv("MODELAUDIT_CACHE_DIR", str(target))
    assert default_cache_dir() == target
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-7B")
    assert len(cache_files(target)) == 1


def test_default_location_is_the_user_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MODELAUDIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    directory = default_cache_dir()
    assert directory.name == "modelaudit"
    if sys.platform.startswith("linux"):
        assert directory == tmp_path / "xdg" / "modelaudit"


# -- modelaudit cache info / clear -----------------------------------------------------------------------------


def test_cache_info_and_clear(fake_hub: FakeHub, cache_dir: Path, capsys) -> None:
    empty = run_cli(capsys, "cache", "info")
    assert empty.code == 0
    assert str(cache_dir) in empty.out and "entries: 0" in empty.out

    run_cli(capsys, "lineage", MODEL)
    info = run_cli(capsys, "cache", "info")
    assert f"entries: {len(MODEL_LINEAGE)} " in info.out
    size_kib = float(info.out.split("(")[1].split(" KiB")[0])
    assert size_kib > 0

    cleared = run_cli(capsys, "cache", "clear")
    assert cleared.code == 0
    assert f"removed {len(MODEL_LINEAGE)} cached entries" in cleared.out
    assert cache_files(cache_dir) == []
    assert "entries: 0" in run_cli(capsys, "cache", "info").out
    assert "removed 0 cached entries" in run_cli(capsys, "cache", "clear").out

    fake_hub.reset_log()
    run_cli(capsys, "lineage", MODEL)  # cleared: the Hub is asked again
    assert api_paths(fake_hub) == MODEL_LINEAGE


def test_cache_commands_honour_cache_dir(fake_hub: FakeHub, tmp_path: Path, capsys) -> None:
    other = tmp_path / "other-cache"
    run_cli(capsys, "lineage", "Qwen/Qwen2.5-Math-7B", "--cache-dir", str(other))
    info = run_cli(capsys, "cache", "info", "--cache-dir", str(other))
    assert str(other) in info.out and "entries: 2 " in info.out
    assert "removed 2 cached entries" in run_cli(capsys, "cache", "clear", "--cache-dir", str(other)).out
    assert cache_files(other) == []


def test_cache_clear_on_a_missing_directory(tmp_path: Path, capsys) -> None:
    result = run_cli(capsys, "cache", "clear", "--cache-dir", str(tmp_path / "never-created"))
    assert result.code == 0
    assert "removed 0 cached entries" in result.out
