"""The fake Hub as ``HfFileSystem`` sees it: a dataset repo with binary files in folders, listed (paged), stat'ed
and read by byte ranges through the real huggingface_hub client (see ``fakehub_tree``)."""

from __future__ import annotations

import pytest
from huggingface_hub import HfApi, HfFileSystem
from huggingface_hub.errors import EntryNotFoundError, GatedRepoError, RevisionNotFoundError
from huggingface_hub.hf_api import RepoFile, RepoFolder
from huggingface_hub.utils import get_session

from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, make_dataset
from fakehub_tree import byte_range

REPO = "org/shards"
SHA = "c" * 40
BLOB = bytes(range(256)) * 40  # 10,240 bytes, every byte value
FILES = {"README.md": b"# shards\n", "data/a.parquet": BLOB, "data/deep/b.parquet": BLOB[:100], "notes.txt": b"hi"}


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    fake_hub.data.add_dataset(make_dataset(REPO, files=dict(FILES), sha=SHA))
    fake_hub.data.add_dataset(make_dataset("org/gated", files=dict(FILES), sha=SHA, gated="auto"))
    return fake_hub


def test_tree_lists_folders_then_files_and_pages_by_link(hub: FakeHub) -> None:
    api = HfApi(endpoint=hub.url)
    top = list(api.list_repo_tree(REPO, repo_type="dataset", revision=SHA))
    assert [(type(e).__name__, e.path) for e in top] == [
        ("RepoFolder", "data"), ("RepoFile", "README.md"), ("RepoFile", "notes.txt")]
    hub.tree_page_size = 2
    hub.reset_log()
    every = list(api.list_repo_tree(REPO, repo_type="dataset", revision=SHA, recursive=True))
    assert [e.path for e in every] == ["data", "data/deep", "README.md", "data/a.parquet", "data/deep/b.parquet",
                                       "notes.txt"]
    assert hub.count(lambda r: "/tree/" in r.path) == 3  # 6 entries, 2 a page: the Link header was followed
    parquet = next(e for e in every if e.path == "data/a.parquet")
    assert isinstance(parquet, RepoFile) and parquet.size == len(BLOB) and parquet.lfs is not None
    assert parquet.lfs.size == len(BLOB) and len(parquet.blob_id) == 40
    readme = next(e for e in every if e.path == "README.md")
    assert isinstance(readme, RepoFile) and readme.lfs is None
    sub = list(api.list_repo_tree(REPO, "data/deep", repo_type="dataset", revision="main", expand=True))
    assert [e.path for e in sub] == ["data/deep/b.parquet"] and sub[0].last_commit is not None
    assert sub[0].last_commit.oid == SHA


def test_tree_errors_are_the_hubs(hub: FakeHub) -> None:
    api = HfApi(endpoint=hub.url)
    with pytest.raises(EntryNotFoundError):
        list(api.list_repo_tree(REPO, "nope", repo_type="dataset"))
    with pytest.raises(RevisionNotFoundError):
        list(api.list_repo_tree(REPO, repo_type="dataset", revision="0" * 40))
    # The file list of a gated repo is public (its files are not).
    assert len(list(HfApi(endpoint=hub.url, token=False).list_repo_tree("org/gated", repo_type="dataset"))) == 3


def test_paths_info_is_a_post_form(hub: FakeHub) -> None:
    infos = HfApi(endpoint=hub.url).get_paths_info(REPO, ["data/a.parquet", "data", "missing"], repo_type="dataset",
                                                   revision=SHA)
    assert [(type(i).__name__, i.path) for i in infos] == [("RepoFile", "data/a.parquet"), ("RepoFolder", "data")]
    assert isinstance(infos[0], RepoFile) and infos[0].size == len(BLOB) and isinstance(infos[1], RepoFolder)
    assert [r.method for r in hub.requests if "/paths-info/" in r.path] == ["POST"]


def test_resolve_answers_range_requests(hub: FakeHub) -> None:
    url = f"{hub.url}/datasets/{REPO}/resolve/{SHA}/data/a.parquet"
    session = get_session()
    part = session.get(url, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == BLOB[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(BLOB)}" and part.headers["Content-Length"] == "10"
    assert part.headers["X-Repo-Commit"] == SHA and part.headers["ETag"]
    tail = session.get(url, headers={"Range": "bytes=-8"})
    assert tail.status_code == 206 and tail.content == BLOB[-8:]
    assert session.get(url, headers={"Range": f"bytes={len(BLOB)}-"}).status_code == 416
    whole = session.get(url)
    assert whole.status_code == 200 and whole.content == BLOB and whole.headers["Accept-Ranges"] == "bytes"
    head = session.head(url)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(BLOB))


@pytest.mark.parametrize(("header", "want"), [
    ("bytes=0-0", (0, 0)), ("bytes=5-", (5, 99)), ("bytes=-200", (0, 99)), ("bytes=90-500", (90, 99)),
    ("", None), ("bytes=1-2,5-6", None), ("bytes=x-y", None), ("items=0-1", None),
])
def test_byte_range(header: str, want: tuple[int, int] | None) -> None:
    assert byte_range(header, 100) == want


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=5-4", "bytes=-0"])
def test_unsatisfiable_ranges(header: str) -> None:
    with pytest.raises(ValueError):
        byte_range(header, 100)


def test_hf_file_system_globs_stats_and_reads(hub: FakeHub) -> None:
    fs = HfFileSystem(endpoint=hub.url, token=DEFAULT_ACCESS_TOKEN)
    root = f"hf://datasets/{REPO}@{SHA}"
    assert fs.glob(root + "/**/*.parquet") == [f"datasets/{REPO}@{SHA}/data/a.parquet",
                                               f"datasets/{REPO}@{SHA}/data/deep/b.parquet"]
    assert fs.info(root + "/data/a.parquet")["size"] == len(BLOB)
    assert fs.isdir(root + "/data/deep") and not fs.exists(root + "/data/none.parquet")
    with fs.open(root + "/data/a.parquet", "rb", block_size=64) as f:
        f.seek(1000)
        assert f.read(300) == BLOB[1000:1300]
    assert fs.cat_file(root + "/data/a.parquet", start=-4) == BLOB[-4:]
    fs_anonymous = HfFileSystem(endpoint=hub.url, token=False)
    assert fs_anonymous.glob(f"hf://datasets/org/gated@{SHA}/data/*.parquet")  # listing is public
    with pytest.raises(GatedRepoError):
        fs_anonymous.cat_file(f"hf://datasets/org/gated@{SHA}/data/a.parquet", start=0, end=4)
