"""Tests of the fake Hub itself, driven by the real ``huggingface_hub`` client.

The point is to prove that the fake is faithful where it matters to us: the client must see the same
redirects, headers and error codes it would get from huggingface.co, so its own error mapping
(``RepositoryNotFoundError``, ``GatedRepoError``, ...) and cache logic run unmodified.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import huggingface_hub
import pytest
from huggingface_hub import HfApi, hf_hub_download, hf_hub_url
from huggingface_hub.errors import (
    BadRequestError,
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import get_session, hf_raise_for_status, http_backoff

from fakehub import (
    DEFAULT_ACCESS_TOKEN,
    FIXTURES_DIR,
    FakeHub,
    HubData,
    RequestRecord,
    default_fixtures,
    fixture_repo_dirs,
    load_fixture_dir,
    make_repo,
)
from modelaudit.sources.transport import http_library

# The HTTP library of the installed huggingface_hub (httpx for 1.x, httpx2 for 2.x).
httpx, _httpcore = http_library()

GATED_ID = "meta-llama/Llama-3.1-8B"
AUTH = {"Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"}


def fixture_info(repo_id: str) -> dict[str, object]:
    info: dict[str, object] = json.loads(
        (FIXTURES_DIR / repo_id.replace("/", "__") / "info.json").read_text()
    )
    return info


def fixture_file(repo_id: str, filename: str) -> bytes:
    return (FIXTURES_DIR / repo_id.replace("/", "__") / filename).read_bytes()


def is_api(record: RequestRecord) -> bool:
    return record.path.startswith("/api/models/")


# ------------------------------------------------------------------------------------------------------------
# Fixture data
# ------------------------------------------------------------------------------------------------------------


def test_fixture_copy_is_complete_and_loads() -> None:
    data = default_fixtures()
    repo_dirs = fixture_repo_dirs()
    assert len(data.repos) == len(repo_dirs) == 92
    assert len(data.datasets) == len(fixture_repo_dirs("dataset")) == 36
    assert data.dataset_renames["open-thoughts/open-thoughts-114k"] == "open-thoughts/OpenThoughts-114k"
    assert data.renames["meta-llama/Meta-Llama-3.1-8B"] == GATED_ID
    assert data.renames["t5-base"] == "google-t5/t5-base"
    for repo_dir in repo_dirs:
        info = json.loads((repo_dir / "info.json").read_text())
        repo = data.repos[info["id"]]
        expected = {p.name for p in repo_dir.iterdir()} - {"info.json"}
        assert set(repo.files) == expected
        for name in expected:
            assert repo.files[name] == (repo_dir / name).read_bytes()


def test_load_fixture_dir_prefers_id_in_info_json(tmp_path: Path) -> None:
    repo_dir = tmp_path / "some__dir"
    (repo_dir / "sub").mkdir(parents=True)
    (repo_dir / "info.json").write_text(json.dumps({"id": "Real-Org/Real.Name", "sha": "a" * 40}))
    (repo_dir / "README.md").write_text("hi")
    (repo_dir / "sub" / "x.json").write_text("{}")
    (tmp_path / "_renames.json").write_text(json.dumps({"old/name": "Real-Org/Real.Name"}))
    data = load_fixture_dir(tmp_path)
    assert list(data.repos) == ["Real-Org/Real.Name"]
    assert set(data.repos["Real-Org/Real.Name"].files) == {"README.md", "sub/x.json"}
    assert data.renames == {"old/name": "Real-Org/Real.Name"}


# ------------------------------------------------------------------------------------------------------------
# /api/models
# ------------------------------------------------------------------------------------------------------------


def test_model_info_normal_repo(no_token: FakeHub) -> None:
    fake_hub = no_token
    info = HfApi(endpoint=fake_hub.url).model_info("EleutherAI/pythia-6.9b")
    assert info.id == "EleutherAI/pythia-6.9b"
    assert (
        info.sha
        == fixture_info("EleutherAI/pythia-6.9b")["sha"]
        == "3def4393fecf961644233b434926f8fd7beb8b49"
    )
    assert info.card_data is not None
    assert info.card_data.license == "apache-2.0"
    assert info.tags is not None and "license:apache-2.0" in info.tags
    assert [s.rfilename for s in info.siblings or []] == ["README.md", "config.json"]
    assert info.gated is False
    assert info.private is False
    assert info.config == {"architectures": ["GPTNeoXForCausalLM"], "model_type": "gpt_neox"}
    assert fake_hub.requests == [
        RequestRecord("GET", "/api/models/EleutherAI/pythia-6.9b", {}, 200, False),
    ]


def test_model_info_raw_payload_has_hub_bookkeeping_fields(fake_hub: FakeHub) -> None:
    r = get_session().get(f"{fake_hub.url}/api/models/Qwen/Qwen2.5-7B")
    hf_raise_for_status(r)
    body = r.json()
    assert body["modelId"] == body["id"] == "Qwen/Qwen2.5-7B"
    assert isinstance(body["_id"], str) and body["_id"]
    assert body["private"] is False and body["disabled"] is False
    assert body["siblings"] == [{"rfilename": "README.md"}]
    # stable across calls
    assert get_session().get(f"{fake_hub.url}/api/models/Qwen/Qwen2.5-7B").json()["_id"] == body["_id"]


def test_model_info_files_metadata_reports_sizes(fake_hub: FakeHub) -> None:
    info = HfApi(endpoint=fake_hub.url).model_info("EleutherAI/pythia-6.9b", files_metadata=True)
    sizes = {s.rfilename: s.size for s in info.siblings or []}
    assert sizes == {
        "README.md": len(fixture_file("EleutherAI/pythia-6.9b", "README.md")),
        "config.json": len(fixture_file("EleutherAI/pythia-6.9b", "config.json")),
    }
    assert all(s.blob_id and len(s.blob_id) == 40 for s in info.siblings or [])


def test_model_info_expand_returns_only_requested_fields(fake_hub: FakeHub) -> None:
    info = HfApi(endpoint=fake_hub.url).model_info(
        "CohereLabs/c4ai-command-r-v01", expand=["cardData", "gated"]
    )
    assert info.id == "CohereLabs/c4ai-command-r-v01"
    assert info.card_data is not None and info.card_data.license == "cc-by-nc-4.0"
    assert info.gated == "auto"
    assert info.sha is None
    assert info.tags is None
    assert info.siblings is None
    assert fake_hub.requests[-1].query == {"expand": ["cardData", "gated"]}

    raw = get_session().get(f"{fake_hub.url}/api/models/EleutherAI/pythia-6.9b?expand[]=config&expand[]=sha")
    hf_raise_for_status(raw)
    assert set(raw.json()) == {"_id", "id", "config", "sha"}


def test_model_info_unknown_expand_is_bad_request(fake_hub: FakeHub) -> None:
    with pytest.raises(BadRequestError):
        HfApi(endpoint=fake_hub.url).model_info("Qwen/Qwen2.5-7B", expand=["licence"])  # type: ignore[list-item]


def test_model_info_follows_rename(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    assert api.model_info("meta-llama/Meta-Llama-3.1-8B").id == GATED_ID
    assert [(r.path, r.status) for r in fake_hub.requests] == [
        ("/api/models/meta-llama/Meta-Llama-3.1-8B", 307),
        (f"/api/models/{GATED_ID}", 200),
    ]
    # renamed from a legacy id without namespace
    assert api.model_info("t5-base").id == "google-t5/t5-base"


def test_rename_redirect_keeps_query_and_revision(fake_hub: FakeHub) -> None:
    sha = fixture_info(GATED_ID)["sha"]
    url = f"{fake_hub.url}/api/models/meta-llama/Meta-Llama-3.1-8B/revision/{sha}?expand=sha"
    r = get_session().get(url, follow_redirects=False)
    assert r.status_code == 307
    assert r.headers["Location"] == f"/api/models/{GATED_ID}/revision/{sha}?expand=sha"
    followed = get_session().get(url)
    assert followed.status_code == 200
    assert followed.json() == {"_id": followed.json()["_id"], "id": GATED_ID, "sha": sha}


def test_case_mismatch_redirects_to_canonical_id(fake_hub: FakeHub) -> None:
    info = HfApi(endpoint=fake_hub.url).model_info("qwen/qwen2.5-7B")
    assert info.id == "Qwen/Qwen2.5-7B"
    assert [r.status for r in fake_hub.requests] == [307, 200]


def test_unknown_repo_raises_repository_not_found(fake_hub: FakeHub) -> None:
    with pytest.raises(RepositoryNotFoundError) as excinfo:
        HfApi(endpoint=fake_hub.url).model_info("nobody/does-not-exist")
    assert not isinstance(excinfo.value, GatedRepoError)
    assert excinfo.value.response.status_code == 404
    assert excinfo.value.response.headers["X-Error-Code"] == "RepoNotFound"
    assert excinfo.value.response.json() == {"error": "Repository not found"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/models/..%2F..%2Fetc/passwd",
        "/api/models/a/%2E%2E",  # httpx would normalise a literal "/.." away
        "/api/models/-bad/name",
        "/api/models/org/na--me",
        "/org/..%2Fsecret/resolve/main/README.md",
    ],
)
def test_bad_repo_ids_are_not_found(fake_hub: FakeHub, path: str) -> None:
    r = get_session().get(fake_hub.url + path)
    assert r.status_code == 404
    assert r.headers["X-Error-Code"] == "RepoNotFound"
    with pytest.raises(RepositoryNotFoundError):
        hf_raise_for_status(r)


def test_revision_must_be_sha_or_main(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    sha = str(fixture_info("Qwen/Qwen2.5-7B")["sha"])
    assert api.model_info("Qwen/Qwen2.5-7B", revision=sha).sha == sha
    assert api.model_info("Qwen/Qwen2.5-7B", revision="main").sha == sha
    with pytest.raises(RevisionNotFoundError):
        api.model_info("Qwen/Qwen2.5-7B", revision="0" * 40)


def test_other_paths_and_methods_are_plain_404(fake_hub: FakeHub) -> None:
    for method, path in [
        ("GET", "/api/whoami-v2"),
        ("GET", "/api/models/Qwen/Qwen2.5-7B/refs"),
        ("GET", "/api/models/Qwen/Qwen2.5-7B/paths-info/main"),  # a POST, see test_fakehub_tree
        ("POST", "/api/models/Qwen/Qwen2.5-7B"),
    ]:
        r = get_session().request(method, fake_hub.url + path, content=b"{}")
        assert r.status_code == 404
        assert r.json() == {"error": "Not Found"}
        assert "X-Error-Code" not in r.headers


# ------------------------------------------------------------------------------------------------------------
# /resolve
# ------------------------------------------------------------------------------------------------------------


def test_resolve_serves_file_with_hub_headers(fake_hub: FakeHub) -> None:
    url = hf_hub_url("EleutherAI/pythia-6.9b", "config.json", endpoint=fake_hub.url)
    expected = fixture_file("EleutherAI/pythia-6.9b", "config.json")
    r = get_session().get(url)
    hf_raise_for_status(r)
    assert r.content == expected
    assert r.headers["Content-Type"] == "application/json"
    assert r.headers["X-Repo-Commit"] == fixture_info("EleutherAI/pythia-6.9b")["sha"]
    import hashlib

    assert r.headers["ETag"] == f'"{hashlib.sha256(expected).hexdigest()}"'
    head = get_session().head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["Content-Length"]) == len(expected)
    assert head.headers["ETag"] == r.headers["ETag"]


def test_resolve_follows_rename(fake_hub: FakeHub) -> None:
    url = hf_hub_url("CohereForAI/c4ai-command-r-v01", "README.md", endpoint=fake_hub.url)
    r = get_session().get(url, headers=AUTH)
    hf_raise_for_status(r)
    assert r.content == fixture_file("CohereLabs/c4ai-command-r-v01", "README.md")
    assert [(x.path, x.status) for x in fake_hub.requests] == [
        ("/CohereForAI/c4ai-command-r-v01/resolve/main/README.md", 307),
        ("/CohereLabs/c4ai-command-r-v01/resolve/main/README.md", 200),
    ]


def test_gated_repo_metadata_is_public_but_files_need_token(no_token: FakeHub) -> None:
    fake_hub = no_token
    assert HfApi(endpoint=fake_hub.url).model_info(GATED_ID).gated == "manual"
    url = hf_hub_url(GATED_ID, "README.md", endpoint=fake_hub.url)

    anonymous = get_session().get(url)
    assert anonymous.status_code == 401
    with pytest.raises(GatedRepoError) as excinfo:
        hf_raise_for_status(anonymous)
    assert f"Access to model {GATED_ID} is restricted" in str(excinfo.value)

    wrong = get_session().get(url, headers={"Authorization": "Bearer hf_someone_else"})
    assert wrong.status_code == 403
    with pytest.raises(GatedRepoError):
        hf_raise_for_status(wrong)

    authorized = get_session().get(url, headers=AUTH)
    hf_raise_for_status(authorized)
    assert authorized.content == fixture_file(GATED_ID, "README.md")
    assert [r.authorized for r in fake_hub.requests] == [False, False, False, True]


def test_custom_access_token() -> None:
    data = HubData()
    data.add(make_repo("org/gated", gated="auto", license="llama3"))
    with FakeHub(data, access_token="hf_other") as hub:
        url = hf_hub_url("org/gated", "README.md", endpoint=hub.url)
        with pytest.raises(GatedRepoError):
            hf_raise_for_status(get_session().get(url, headers=AUTH))
        ok = get_session().get(url, headers={"Authorization": "Bearer hf_other"})
        hf_raise_for_status(ok)
        assert ok.text.startswith("---\nlicense: llama3\n---")


def test_missing_file_raises_entry_not_found(fake_hub: FakeHub) -> None:
    url = hf_hub_url("Qwen/Qwen2.5-7B", "LICENSE", endpoint=fake_hub.url)
    r = get_session().get(url)
    with pytest.raises(RemoteEntryNotFoundError) as excinfo:
        hf_raise_for_status(r)
    assert isinstance(excinfo.value, EntryNotFoundError)
    assert r.headers["X-Repo-Commit"] == fixture_info("Qwen/Qwen2.5-7B")["sha"]


def test_resolve_unknown_repo_and_revision(fake_hub: FakeHub) -> None:
    with pytest.raises(RepositoryNotFoundError):
        hf_raise_for_status(
            get_session().get(hf_hub_url("nobody/nothing", "README.md", endpoint=fake_hub.url))
        )
    bad_rev = hf_hub_url("Qwen/Qwen2.5-7B", "README.md", revision="v1.0", endpoint=fake_hub.url)
    with pytest.raises(RevisionNotFoundError):
        hf_raise_for_status(get_session().get(bad_rev))


def test_resolve_nested_filename_and_single_segment_id() -> None:
    data = HubData()
    data.add(make_repo("legacy-id", files={"sub dir/weights.json": b"{}", "README.md": b"# hi\n"}))
    with FakeHub(data) as hub:
        r = get_session().get(hf_hub_url("legacy-id", "sub dir/weights.json", endpoint=hub.url))
        hf_raise_for_status(r)
        assert r.content == b"{}"
        assert hub.requests[-1].path == "/legacy-id/resolve/main/sub dir/weights.json"
        info = HfApi(endpoint=hub.url).model_info("legacy-id")
        assert [s.rfilename for s in info.siblings or []] == ["README.md", "sub dir/weights.json"]


# ------------------------------------------------------------------------------------------------------------
# hf_hub_download
# ------------------------------------------------------------------------------------------------------------


def test_hf_hub_download_and_cache_hit(fake_hub: FakeHub, tmp_path: Path) -> None:
    repo_id = "Qwen/Qwen2.5-7B"
    sha = str(fixture_info(repo_id)["sha"])
    path = Path(hf_hub_download(repo_id, "README.md", cache_dir=tmp_path, endpoint=fake_hub.url))
    assert path.read_bytes() == fixture_file(repo_id, "README.md")
    assert path.parent.name == sha  # snapshots/<X-Repo-Commit>/README.md
    assert [r.method for r in fake_hub.requests] == ["HEAD", "GET"]

    fake_hub.reset_log()
    again = hf_hub_download(repo_id, "README.md", revision=sha, cache_dir=tmp_path, endpoint=fake_hub.url)
    assert Path(again) == path
    assert fake_hub.count() == 0


def test_hf_hub_download_gated(fake_hub: FakeHub, tmp_path: Path) -> None:
    with pytest.raises(GatedRepoError):
        hf_hub_download(GATED_ID, "README.md", cache_dir=tmp_path, endpoint=fake_hub.url, token=False)
    path = hf_hub_download(
        "meta-llama/Meta-Llama-3.1-8B",  # old name: HEAD is redirected, then downloaded from the new name
        "README.md",
        cache_dir=tmp_path,
        endpoint=fake_hub.url,
        token=DEFAULT_ACCESS_TOKEN,
    )
    assert Path(path).read_bytes() == fixture_file(GATED_ID, "README.md")


def test_hf_hub_download_missing_file(fake_hub: FakeHub, tmp_path: Path) -> None:
    with pytest.raises(RemoteEntryNotFoundError):
        hf_hub_download("Qwen/Qwen2.5-7B", "config.json", cache_dir=tmp_path, endpoint=fake_hub.url)


# ------------------------------------------------------------------------------------------------------------
# Faults, latency, log
# ------------------------------------------------------------------------------------------------------------


def test_inject_429_with_retry_after_then_success(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    fake_hub.inject("/api/models/Qwen/Qwen2.5-7B", 429, headers={"Retry-After": "1"})
    with pytest.raises(HfHubHTTPError) as excinfo:
        api.model_info("Qwen/Qwen2.5-7B")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "1"
    assert api.model_info("Qwen/Qwen2.5-7B").id == "Qwen/Qwen2.5-7B"
    assert [r.status for r in fake_hub.requests] == [429, 200]


def test_http_backoff_honours_injected_retry_after(fake_hub: FakeHub) -> None:
    fake_hub.inject("README.md", 429, headers={"Retry-After": "0"})
    start = time.monotonic()
    r = http_backoff("GET", hf_hub_url("Qwen/Qwen2.5-7B", "README.md", endpoint=fake_hub.url))
    elapsed = time.monotonic() - start
    assert r.status_code == 200
    assert elapsed >= 1.0  # huggingface_hub sleeps Retry-After + 1 s
    assert [x.status for x in fake_hub.requests] == [429, 200]


def test_inject_500_only_hits_matching_paths(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    fake_hub.inject("Qwen2.5-7B", 500, times=2)
    assert api.model_info("Qwen/Qwen2.5-3B").id == "Qwen/Qwen2.5-3B"  # not matched, not consumed
    for _ in range(2):
        with pytest.raises(HfHubHTTPError) as excinfo:
            api.model_info("Qwen/Qwen2.5-7B")
        assert excinfo.value.response.status_code == 500
    assert api.model_info("Qwen/Qwen2.5-7B").sha is not None
    assert [r.status for r in fake_hub.requests] == [200, 500, 500, 200]


def test_inject_applies_before_routing(fake_hub: FakeHub) -> None:
    fake_hub.inject("nobody/nothing", 503)
    with pytest.raises(HfHubHTTPError) as excinfo:
        HfApi(endpoint=fake_hub.url).model_info("nobody/nothing")
    assert excinfo.value.response.status_code == 503
    assert not isinstance(excinfo.value, RepositoryNotFoundError)
    with pytest.raises(RepositoryNotFoundError):
        HfApi(endpoint=fake_hub.url).model_info("nobody/nothing")


def test_inject_delay_triggers_client_timeout(fake_hub: FakeHub) -> None:
    fake_hub.inject("/api/models/", 200, delay=1.0)
    with pytest.raises(httpx.TimeoutException):
        HfApi(endpoint=fake_hub.url).model_info("Qwen/Qwen2.5-7B", timeout=0.2)
    assert HfApi(endpoint=fake_hub.url).model_info("Qwen/Qwen2.5-7B", timeout=5).id == "Qwen/Qwen2.5-7B"


def test_latency_is_applied(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    api.model_info("Qwen/Qwen2.5-7B")  # warm the connection
    start = time.monotonic()
    api.model_info("Qwen/Qwen2.5-7B")
    fast = time.monotonic() - start

    fake_hub.latency = 0.3
    start = time.monotonic()
    api.model_info("Qwen/Qwen2.5-7B")
    slow = time.monotonic() - start
    assert slow >= 0.3
    assert slow - fast >= 0.25


def test_requests_are_served_concurrently() -> None:
    data = HubData()
    for i in range(20):
        data.add(make_repo(f"bench/model-{i:04d}", license="mit"))
    with FakeHub(data, latency=0.3) as hub:
        api = HfApi(endpoint=hub.url)
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=20) as pool:
            ids = list(pool.map(lambda i: api.model_info(f"bench/model-{i:04d}").id, range(20)))
        elapsed = time.monotonic() - start
    assert ids == [f"bench/model-{i:04d}" for i in range(20)]
    assert elapsed < 20 * 0.3 / 3  # far below the serial time
    assert hub.count() == 20


def test_request_log_counts(fake_hub: FakeHub) -> None:
    api = HfApi(endpoint=fake_hub.url)
    api.model_info("Qwen/Qwen2.5-7B")
    api.model_info("Qwen/Qwen2.5-3B", expand=["sha"])
    get_session().head(hf_hub_url(GATED_ID, "README.md", endpoint=fake_hub.url), headers=AUTH)
    assert fake_hub.count() == 3
    assert fake_hub.count(is_api) == 2
    assert fake_hub.count(lambda r: r.method == "HEAD" and r.authorized and r.status == 200) == 1
    assert fake_hub.count(lambda r: r.query.get("expand") == ["sha"]) == 1
    snapshot = fake_hub.requests
    snapshot.clear()  # a copy: clearing it does not touch the log
    assert fake_hub.count() == 3
    fake_hub.reset_log()
    assert fake_hub.count() == 0 and fake_hub.requests == []


def test_in_memory_data_at_benchmark_scale() -> None:
    data = HubData()
    for i in range(1000):
        data.add(make_repo(f"org{i % 7}/model-{i:04d}", license="apache-2.0", tags=["text-generation"]))
    with FakeHub(data) as hub:
        info = HfApi(endpoint=hub.url).model_info(f"org{999 % 7}/model-0999")
        assert info.card_data is not None and info.card_data.license == "apache-2.0"
        assert info.tags == ["text-generation", "license:apache-2.0"]
        assert info.sha is not None and len(info.sha) == 40


def test_stop_refuses_further_connections() -> None:
    hub = FakeHub(HubData()).start()
    url = hub.url
    with pytest.raises(RepositoryNotFoundError):
        HfApi(endpoint=url).model_info("a/b")  # leaves a pooled keep-alive connection behind
    hub.stop()
    hub.stop()  # idempotent
    with pytest.raises(httpx.TransportError):
        get_session().get(f"{url}/api/models/a/b", timeout=2)
    with pytest.raises(RuntimeError):
        _ = hub.url


# ------------------------------------------------------------------------------------------------------------
# The pytest fixture
# ------------------------------------------------------------------------------------------------------------


def test_fake_hub_fixture_is_the_default_endpoint(fake_hub: FakeHub, tmp_path: Path) -> None:
    import os

    assert os.environ["HF_ENDPOINT"] == fake_hub.url
    assert os.environ["HF_TOKEN"] == DEFAULT_ACCESS_TOKEN  # a user who accepted the gates (see ``no_token``)
    # No endpoint passed anywhere: the client must still talk to the fake.
    assert HfApi().model_info("Qwen/Qwen2.5-7B").id == "Qwen/Qwen2.5-7B"
    assert huggingface_hub.model_info("Qwen/Qwen2.5-3B").id == "Qwen/Qwen2.5-3B"
    path = huggingface_hub.hf_hub_download("Qwen/Qwen2.5-7B", "README.md")
    assert Path(path).read_bytes() == fixture_file("Qwen/Qwen2.5-7B", "README.md")
    assert Path(path).is_relative_to(Path(os.environ["HF_HUB_CACHE"]))
    assert fake_hub.count() == 4
    assert all(r.authorized for r in fake_hub.requests)  # the token reached the fake
