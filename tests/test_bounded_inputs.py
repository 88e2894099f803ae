"""Local inputs are read with bounds (issue 11, E): a device, a pipe or a huge file given as an input
is refused after at most 10 MB, a YAML alias bomb is refused before anything walks it, an oversized
ignore file is skipped, and a very deep directory tree is walked without recursion. Every refusal
is one line on stderr, exit 2, fast and in bounded memory."""

from __future__ import annotations

import contextlib
import os
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import run_cli
from modelaudit.yamlio import MAX_USER_FILE_BYTES

MODEL = "mistralai/Mistral-7B-v0.1"
# Ten levels of ten aliases: 10**10 strings once expanded ("billion laughs").
BOMB = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 10) + "]\n" for i in range(10))


@contextlib.contextmanager
def bounded(seconds: float = 10.0, megabytes: int = 150) -> Iterator[None]:
    """Assert the block finishes in time and allocates less than ``megabytes`` at its peak."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        yield
        elapsed = time.monotonic() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


@pytest.fixture(autouse=True, scope="module")
def _warm() -> None:
    """Import what the commands import before any memory is traced: bounds are about the input."""
    import modelaudit.cli.check_cmd
    import modelaudit.cli.run
    import modelaudit.cli.scan_cmd
    import modelaudit.cli.snapshot_cmd
    import modelaudit.inventory
    from modelaudit.policy.rules import default_policy

    assert modelaudit.cli.check_cmd and modelaudit.cli.run and modelaudit.cli.scan_cmd and modelaudit.inventory
    assert modelaudit.cli.snapshot_cmd
    default_policy()


def _one_line_error(result: object, needle: str) -> None:
    code, out, err = result.code, result.out, result.err  # type: ignore[attr-defined]
    assert code == 2, (code, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("modelaudit: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    assert needle in err, err


# -- device, pipe, oversized file ------------------------------------------------------------------

@pytest.mark.parametrize("option", ["--profile", "--policy", "--waivers", "--from-file"])
def test_dev_zero_as_an_input_file_is_refused_at_the_cap(capsys: pytest.CaptureFixture[str], option: str) -> None:
    with bounded():
        result = run_cli(capsys, "check", MODEL, "--offline", option, "/dev/zero")
    _one_line_error(result, "/dev/zero is larger than 10 MB")


def test_dev_zero_as_a_snapshot_model_list_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with bounded():
        result = run_cli(capsys, "snapshot", "build", "--from-file", "/dev/zero", "-o", os.devnull)
    _one_line_error(result, "is larger than 10 MB")


def test_an_oversized_regular_file_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    big = tmp_path / "profile.yaml"
    with big.open("wb") as handle:  # sparse: 2 GB on paper, nothing on disk
        handle.truncate(2 * 1024**3)
    with bounded(megabytes=20):
        result = run_cli(capsys, "check", MODEL, "--offline", "--profile", str(big))
    _one_line_error(result, f"profile file {big} is larger than 10 MB")


def _fifo_writer(path: Path, payload: bytes | None) -> threading.Thread:
    """Write ``payload`` into the FIFO (or zeros without end when None) until the reader leaves."""

    def write() -> None:
        with contextlib.suppress(OSError), open(path, "wb", buffering=0) as handle:
            if payload is not None:
                handle.write(payload)
                return
            chunk = b"#" * 65536
            while True:
                handle.write(chunk)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_endless_fifo_is_read_up_to_the_cap(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "policy.yaml"
    os.mkfifo(fifo)
    writer = _fifo_writer(fifo, None)
    with bounded():
        result = run_cli(capsys, "check", MODEL, "--offline", "--policy", str(fifo))
    _one_line_error(result, "is larger than 10 MB")
    writer.join(5)
    assert not writer.is_alive()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_small_profile_through_a_fifo_still_works(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    _fifo_writer(fifo, b"monthly_active_users: lots\n")
    result = run_cli(capsys, "check", MODEL, "--offline", "--profile", str(fifo))
    _one_line_error(result, "monthly_active_users: expected a number")  # read and validated like a file


def test_a_file_just_under_the_cap_is_read(tmp_path: Path) -> None:
    from modelaudit.yamlio import read_user_text

    path = tmp_path / "list.txt"
    path.write_bytes(b"#" * MAX_USER_FILE_BYTES)
    assert len(read_user_text(path, "model list")) == MAX_USER_FILE_BYTES


# -- YAML aliases ----------------------------------------------------------------------------------

def test_an_alias_bomb_in_an_inventory_note_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(BOMB + f"models:\n  - id: {MODEL}\n    note: *l9\n")
    with bounded(seconds=5, megabytes=50):
        result = run_cli(capsys, "check", "--from-file", str(inventory), "--offline")
    _one_line_error(result, "aliases expand this document by more than")


@pytest.mark.parametrize("option", ["--profile", "--policy", "--waivers"])
def test_an_alias_bomb_in_any_user_yaml_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   option: str) -> None:
    path = tmp_path / "input.yaml"
    path.write_text(BOMB)
    with bounded(seconds=5, megabytes=50):
        result = run_cli(capsys, "check", MODEL, "--offline", option, str(path))
    _one_line_error(result, f"{path} (line 1): aliases expand")


def test_a_recursive_alias_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("rules: &r [*r]\n")
    _one_line_error(run_cli(capsys, "check", MODEL, "--offline", "--policy", str(path)), "recursive alias")


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    from modelaudit.policy.rules import default_policy
    from modelaudit.yamlio import parse_yaml

    data, _ = parse_yaml("a: &x [1, 2]\nb: *x\nc: *x\n", "f.yaml")
    assert data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}
    assert default_policy().rule("attribution-notices") is not None  # the shipped policy uses &restrictive


@pytest.mark.parametrize(
    ("entry", "needle"),
    [
        ("{id: %s, note: [a, b]}", "models[0].note: expected text, got list"),
        ("{id: %s, note: {a: 1}}", "models[0].note: expected text, got dict"),
        ("{id: %s, revision: [1]}", "models[0].revision: expected text, got list"),
        ("{id: %s, 1: x, z: y}", "models[0].1: unknown key"),
    ],
)
def test_inventory_entries_are_type_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path, entry: str,
                                            needle: str) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text("models:\n  - " + entry % MODEL + "\n")
    _one_line_error(run_cli(capsys, "check", "--from-file", str(inventory), "--offline"), needle)


def test_yaml_inventory_lines_come_from_the_document(tmp_path: Path) -> None:
    from modelaudit.inventory import read_inventory

    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(f"# {MODEL} mentioned in a comment first\nmodels:\n  - google/gemma-2-9b\n"
                         f"  - id: {MODEL}\n    note: 2024\n")
    targets = read_inventory(inventory)
    assert [t.locations[0].line for t in targets] == [3, 4]
    assert targets[1].note == "2024"


def test_mixed_type_keys_are_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("1: x\nfoo: y\n")
    _one_line_error(run_cli(capsys, "check", MODEL, "--offline", "--profile", str(path)), "unknown key")


def test_a_profile_number_must_be_finite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("annual_revenue_usd: .nan\n")  # NaN compares false with every threshold
    _one_line_error(run_cli(capsys, "check", MODEL, "--offline", "--profile", str(path)), "expected a finite number")


# -- scan: ignore files and deep trees -------------------------------------------------------------

def test_a_huge_gitignore_is_skipped_with_a_notice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "build").mkdir(parents=True)
    (root / "build" / "gen.py").write_text(f"from_pretrained('{MODEL}')\n")
    with (root / ".gitignore").open("wb") as handle:
        handle.write(b"build/\n")
        handle.truncate(2 * 1024**3)  # 2 GB, sparse
    with bounded(megabytes=30):
        result = run_cli(capsys, "scan", str(root), "--list")
    assert result.code == 0
    assert "build/gen.py:1:" in result.out  # the rules were not applied: more is scanned, never less
    assert ".gitignore: ignore file is larger than 256 KB; its rules are not applied" in result.err
    assert "Traceback" not in result.err


DEPTH = 1500


def _deep_tree(root: Path) -> None:
    """``root/d/d/…/d/app.py``, DEPTH levels, with a symlink back to ``root`` at the bottom. Built
    bottom-up by renames so that every call uses a short path (os.makedirs recurses, and deep
    absolute paths make each call walk the whole chain)."""
    root.mkdir()
    (root / "d").mkdir()
    (root / "d" / "app.py").write_text(f"from_pretrained('{MODEL}')\n")
    (root / "d" / "loop").symlink_to(root, target_is_directory=True)  # symlinks are not followed
    for _ in range(DEPTH - 1):
        (root / "up").mkdir()
        os.rename(root / "d", root / "up" / "d")
        os.rename(root / "up", root / "d")


def _remove_deep_tree(root: Path) -> None:
    """The reverse, top-down: shutil.rmtree (and pytest's clean-up of old temporary directories)
    recurses and would fail on this tree."""
    while (root / "d").is_dir():
        middle = root / "d"
        for child in middle.iterdir():
            if child.name != "d":
                child.unlink()
        if (middle / "d").is_dir():
            os.rename(middle / "d", root / "next")
            middle.rmdir()
            os.rename(root / "next", root / "d")
        else:
            middle.rmdir()
    root.rmdir()


def test_a_deep_directory_tree_is_walked_without_recursion(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    import tempfile

    # On tmpfs when there is one: 1,500 rmdir calls on a journalled disk take seconds.
    shm = Path("/dev/shm")
    base = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path
    root = base / "deep"
    _deep_tree(root)
    try:
        with bounded(seconds=20):
            result = run_cli(capsys, "scan", str(root), "--list")
    finally:
        _remove_deep_tree(root)
        if base != tmp_path:
            base.rmdir()
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.out.count(MODEL) == 1 and "/d/app.py:1:" in result.out
    assert result.out.startswith("d/d/d/") and result.out.count("d/") == DEPTH


def test_a_300_character_path_to_scan_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    _one_line_error(run_cli(capsys, "scan", "a" * 300), "File name too long")
