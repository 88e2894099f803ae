"""Pytest fixtures around :mod:`fakehub`, loaded from ``conftest.py`` via ``pytest_plugins``.

Why more than setting ``HF_ENDPOINT``: ``huggingface_hub`` reads its environment once, at import time, into
``huggingface_hub.constants`` (and builds a module-level ``HfApi()`` whose endpoint is frozen then).  Once any
test or our package has imported it, changing the environment alone no longer redirects anything.  So the
fixture sets the environment (for subprocesses and for code that reads it directly) *and* patches the
already-imported constants, and it points the cache and token file at a temporary directory so a developer's
real cache or login can never leak into, or be polluted by, a test run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fakehub import DEFAULT_ACCESS_TOKEN, FakeHub, default_fixtures

_UNSET_ENV = ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeHub]:
    """A running :class:`fakehub.FakeHub` serving ``tests/fixtures/hub``, wired in as the Hub endpoint."""
    hub = FakeHub(default_fixtures()).start()
    try:
        hf_home = tmp_path_factory.mktemp("fakehub-hf-home")
        hub_cache = hf_home / "hub"
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        monkeypatch.setenv("HF_HOME", str(hf_home))
        monkeypatch.setenv("HF_HUB_CACHE", str(hub_cache))
        for name in _UNSET_ENV:
            monkeypatch.delenv(name, raising=False)
        # Like a user who accepted the gates of the gated bases: an unread gated README makes a node
        # incomplete (unknown), so tests of lineage and licences audit with access. Tests of the
        # tokenless case delete it (see ``no_token``).
        monkeypatch.setenv("HF_TOKEN", DEFAULT_ACCESS_TOKEN)
        _patch_imported_huggingface_hub(monkeypatch, hub.url, hf_home)
        yield hub
    finally:
        hub.stop()


def _patch_imported_huggingface_hub(monkeypatch: pytest.MonkeyPatch, url: str, home: Path) -> None:
    """Re-point the values ``huggingface_hub`` captured at import time (see module docstring)."""
    from huggingface_hub import constants, hf_api

    monkeypatch.setattr(constants, "ENDPOINT", url)
    monkeypatch.setattr(
        constants, "HUGGINGFACE_CO_URL_TEMPLATE", url + "/{repo_id}/resolve/{revision}/{filename}"
    )
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(home / "token"))
    monkeypatch.setattr(constants, "HF_STORED_TOKENS_PATH", str(home / "stored_tokens"))
    # `huggingface_hub.model_info(...)` & co. are bound methods of this instance, created at import time.
    monkeypatch.setattr(hf_api.api, "endpoint", url)


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch, fake_hub: FakeHub) -> FakeHub:
    """The fake Hub, audited without any token: gated files answer 401."""
    for name in _UNSET_ENV[:2]:
        monkeypatch.delenv(name, raising=False)
    return fake_hub
