"""A hostile Hub: slow, endless, inflating or lying answers end as bounded unknowns, never as a hang,
a crash, a memory blow-up or a pass.

The reference case: ``acme/command-r-tune`` declares apache-2.0 but its README says it is fine-tuned
from CohereLabs/c4ai-command-r-v01 (cc-by-nc-4.0). Read, the README makes the verdict warn or block;
unread (whatever the server did to prevent it), the verdict must be unknown.
"""

from __future__ import annotations

import json
import resource
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, Hostile
from helpers import hub_of, repo, run_cli, started
from modelaudit.sources.hub import HubSource, RunBudget
from modelaudit.sources.records import FetchStatus, FileStatus

REFERENCE = "acme/command-r-tune"
README_PATH = f"/{REFERENCE}/resolve/"
INFO_PATH = f"/api/models/{REFERENCE}"
#: Generous on a loaded 2-core machine, far below "hangs" (the attacks last minutes to for ever).
SLACK = 5.0
MEMORY_BOUND = 100 * 1024 * 1024

T = TypeVar("T")


def _no_sleep(_seconds: float) -> None:
    pass


def _within(seconds: float, call: Callable[[], T]) -> tuple[T, float]:
    """(result, elapsed) of ``call``, which must end within ``seconds``: a hang fails the test
    instead of hanging the suite."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:
            box["error"] = exc

    started_at = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"], time.monotonic() - started_at


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    fake_hub.data.add(repo(REFERENCE, license="apache-2.0",
                           body="# Command-R tune\n\nThis model is fine-tuned from CohereLabs/c4ai-command-r-v01.\n"))
    return fake_hub


def _check(capsys: pytest.CaptureFixture[str], *args: str, limit: float = 1 + SLACK
           ) -> tuple[int, dict[str, Any], float, int, str]:
    """Run ``check`` in-process, within ``limit`` seconds: (exit code, JSON report, seconds, growth
    of the peak memory, stderr)."""
    rss = _maxrss()
    result, seconds = _within(limit, lambda: run_cli(capsys, "check", *args, "-f", "json", "-q"))
    return result.code, json.loads(result.out), seconds, _maxrss() - rss, result.err


def test_the_reference_readme_matters(capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    # Control: read, the README ties the model to a non-commercial base, so an unread README that
    # ended as pass would hide exactly that.
    _, doc, _, _, _ = _check(capsys, REFERENCE)
    result = doc["results"][0]
    assert result["verdict"] in ("warn", "block")
    assert "cc-by-nc-4.0" in {e["id"] for e in result["effective_licenses"]}


@pytest.mark.parametrize("mode", list(Hostile))
def test_a_hostile_readme_ends_unknown_quickly_and_in_bounded_memory(
    capsys: pytest.CaptureFixture[str], hub: FakeHub, mode: Hostile
) -> None:
    hub.hostile(README_PATH, mode, times=20)
    code, doc, _, grown, _ = _check(capsys, REFERENCE, "--timeout", "1")
    result = doc["results"][0]
    assert result["verdict"] == "unknown" and code == 3
    node = next(n for n in result["lineage"]["nodes"] if n["id"] == REFERENCE)
    assert node["status"] == "incomplete"
    assert grown < MEMORY_BOUND
    assert hub.count(lambda r: README_PATH in r.path) >= 1  # the attack was met, not skipped


@pytest.mark.parametrize("mode", list(Hostile))
def test_hostile_model_info_is_an_error_outcome(hub: FakeHub, mode: Hostile) -> None:
    hub.hostile(INFO_PATH, mode, times=20, size=20_000_000)  # over the 16 MB model-info cap
    source = HubSource(endpoint=hub.url, timeout=0.3, max_attempts=2, sleep=_no_sleep)
    tracemalloc.start()
    try:
        outcome, _ = _within(2 * 0.3 + SLACK, lambda: source.fetch(REFERENCE))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert outcome.status is FetchStatus.ERROR and outcome.record is None
    assert REFERENCE in outcome.message
    assert peak < MEMORY_BOUND


def test_model_info_of_the_wrong_shape_is_an_error_outcome(hub: FakeHub) -> None:
    hub.inject(INFO_PATH, 200)  # a JSON object, but no model info: {"error": ...}
    outcome = HubSource(endpoint=hub.url).fetch(REFERENCE)
    assert outcome.status is FetchStatus.ERROR and "malformed" in outcome.message


def test_an_unreadable_model_info_makes_check_unknown(capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    hub.hostile(INFO_PATH, Hostile.GZIP_BOMB, times=20)
    code, doc, _, grown, err = _check(capsys, REFERENCE, limit=SLACK)
    assert doc["results"][0]["verdict"] == "unknown" and code == 3
    assert "larger than 16 MB" in err and len(err.strip().splitlines()) == 1
    assert grown < MEMORY_BOUND


def test_each_request_has_a_total_deadline(hub: FakeHub) -> None:
    # One byte every 0.1 s never trips a per-read timeout; the total deadline ends each attempt.
    hub.hostile(README_PATH, Hostile.DRIP_HEADERS, times=20, interval=0.1)
    source = HubSource(endpoint=hub.url, timeout=0.5, max_attempts=2, sleep=_no_sleep)
    outcome, seconds = _within(2 * 0.5 + SLACK, lambda: source.fetch(REFERENCE))
    assert outcome.record is not None and outcome.record.file_status["README.md"] is FileStatus.ERROR
    assert seconds >= 2 * 0.5
    assert hub.count(lambda r: README_PATH in r.path) == 2


def test_a_slow_but_complete_answer_within_the_deadline_is_read(fake_hub: FakeHub) -> None:
    fake_hub.data.add(repo("acme/tiny", license="mit", body="tiny\n"))
    fake_hub.hostile("/acme/tiny/resolve/", Hostile.DRIP_BODY, interval=0.01)
    record = HubSource(endpoint=fake_hub.url, timeout=10).fetch("acme/tiny").record
    assert record is not None and record.file_status["README.md"] is FileStatus.READ
    assert record.readme is not None and record.readme.endswith("tiny\n")


def test_the_run_budget_turns_remaining_fetches_into_unknowns(
    capsys: pytest.CaptureFixture[str], hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"acme/slow-{i}" for i in range(3)]
    for name in names:
        hub.data.add(repo(name, license="mit"))
        hub.hostile(f"/api/models/{name}", Hostile.DRIP_HEADERS, times=20)
    monkeypatch.setenv("MODELAUDIT_TIMEOUT", "1")  # the env twin of --timeout
    # Each request alone may take 30 s; together they get the run's 1 s.
    code, doc, _, _, err = _check(capsys, *names, "--workers", "1")
    assert code == 3 and {r["verdict"] for r in doc["results"]} == {"unknown"}
    assert "3 models could not be fetched" in err
    assert "time budget" in json.dumps(doc)


def test_the_budget_starts_with_the_first_request() -> None:
    now = [100.0]
    budget = RunBudget(10, clock=lambda: now[0])
    now[0] += 50  # reading inputs, a warm cache: not counted
    assert budget.remaining() == 10
    budget.start()
    now[0] += 4
    budget.start()  # idempotent
    assert budget.remaining() == pytest.approx(6)
    assert RunBudget(None).remaining() is None


def test_lineage_honours_the_timeout(capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    hub.hostile(INFO_PATH, Hostile.DRIP_BODY, times=20)
    result, _ = _within(1 + SLACK, lambda: run_cli(capsys, "lineage", REFERENCE, "--timeout", "1"))
    assert result.code == 2 and "time budget" in result.err and len(result.err.strip().splitlines()) == 1


def test_snapshot_build_honours_the_timeout(capsys: pytest.CaptureFixture[str], hub: FakeHub, tmp_path: Path) -> None:
    hub.hostile(INFO_PATH, Hostile.DRIP_HEADERS, times=20)
    out = tmp_path / "snap.json"
    result, _ = _within(0.5 + SLACK, lambda: run_cli(capsys, "snapshot", "build", REFERENCE, "-o", str(out),
                                                     "--timeout", "0.5"))
    assert result.code == 1 and f"not recorded: {REFERENCE}" in result.err and "time budget" in result.err


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_a_bad_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str], value: str) -> None:
    result = run_cli(capsys, "check", "acme/x", "--timeout", value)
    assert result.code == 2 and "--timeout" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_redirect_body_is_not_read(hub: FakeHub) -> None:
    # Following a redirect inside the HTTP library would read its body whole: an endless one here.
    hub.inject(README_PATH, 307, headers={"Location": f"/{REFERENCE}/resolve/main/README.md?again=1"})
    hub.hostile(README_PATH, Hostile.ENDLESS_BODY)
    outcome, _ = _within(SLACK, lambda: HubSource(endpoint=hub.url).fetch(REFERENCE))
    assert outcome.record is not None and outcome.record.file_status["README.md"] is FileStatus.READ


def test_a_redirect_to_another_origin_drops_the_token(hub: FakeHub) -> None:
    other = started(hub_of(repo(REFERENCE, license="apache-2.0")))
    try:
        hub.inject(README_PATH, 307, headers={"Location": f"{other.url}/{REFERENCE}/resolve/main/README.md"})
        record = HubSource(endpoint=hub.url, token=DEFAULT_ACCESS_TOKEN).fetch(REFERENCE).record
        assert record is not None and record.file_status["README.md"] is FileStatus.READ
        assert [r.authorized for r in hub.requests] == [True, True]  # same origin: the token is sent
        assert [r.authorized for r in other.requests] == [False]  # another origin: it is not
    finally:
        other.stop()


def _all_text(paths: list[Path]) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in paths if p.is_file())


def test_data_sources_name_the_endpoint_used_without_userinfo(
    capsys: pytest.CaptureFixture[str], fake_hub: FakeHub, tmp_path: Path
) -> None:
    other = started(hub_of(repo("acme/elsewhere", license="mit")))
    try:
        host = other.url.removeprefix("http://")
        cache = tmp_path / "cache"
        result = run_cli(capsys, "check", "acme/elsewhere", "--endpoint", f"http://someone:s3cret@{host}",
                         "--cache-dir", str(cache), "-f", "json")
        doc = json.loads(result.out)
        assert doc["results"][0]["verdict"] == "pass"
        assert len(doc["data_sources"]) == 1
        assert doc["data_sources"][0].startswith(f"Hugging Face Hub {other.url} fetched ")  # not HF_ENDPOINT's hub
        written = _all_text(list(cache.rglob("*")))
        assert "acme/elsewhere" in written  # the cache was written...
        for secret in ("s3cret", "someone", DEFAULT_ACCESS_TOKEN):  # ...but holds no credential
            assert secret not in result.out + result.err + written
    finally:
        other.stop()


def test_an_unreachable_endpoint_is_named_without_userinfo(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub) -> None:
    # Nothing listens on the discard port: the run falls back to the snapshot and says why.
    result = run_cli(capsys, "check", "Qwen/Qwen2.5-7B", "--endpoint", "http://someone:s3cret@127.0.0.1:9")
    assert "http://127.0.0.1:9 cannot be reached" in result.err
    assert "s3cret" not in result.out + result.err and "someone" not in result.out + result.err


def test_the_client_enforces_deadlines_at_the_socket_also_behind_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    from modelaudit.sources.transport import build_client, deadline_armed, shared_client

    assert deadline_armed(shared_client())
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    client = build_client()
    try:
        assert client._mounts  # the proxy from the environment is honoured...
        assert deadline_armed(client)  # ...and armed too
    finally:
        client.close()


def test_the_fake_gzip_bomb_is_real() -> None:
    import zlib

    from fakehub_hostile import gzip_bomb

    length, chunks = gzip_bomb(b"prefix", 50_000)
    data = b"".join(chunks)
    assert len(data) == length <= 50_000
    inflater, produced, rest = zlib.decompressobj(zlib.MAX_WBITS | 16), 0, data
    while rest:
        produced += len(inflater.decompress(rest, 1 << 22))
        rest = inflater.unconsumed_tail
    assert produced > 40_000_000  # ~1000-fold: what a client without a cap would hold


def test_inflating_never_produces_more_than_asked() -> None:
    import zlib

    from modelaudit.sources.transport import UnreadableResponse, _Inflater

    bomb = zlib.compress(bytes(10_000_000))
    assert len(_Inflater("deflate").feed(bomb, 1000)) == 1000
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert _Inflater("deflate").feed(raw.compress(b"raw deflate") + raw.flush(), 100) == b"raw deflate"
    assert _Inflater("identity").feed(b"abc", 2) == b"ab"
    with pytest.raises(UnreadableResponse):
        _Inflater("br")
    with pytest.raises(UnreadableResponse):
        _Inflater("gzip").feed(b"not gzip at all", 100)
