"""Shared pytest configuration.  Keep small: put fixtures in dedicated plugin modules."""

import sys
from pathlib import Path

# Make helper modules in tests/ (fakehub, fakehub_fixtures, ...) importable by plain name.
sys.path.insert(0, str(Path(__file__).parent))

pytest_plugins = ["fakehub_fixtures"]

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own modelaudit cache, so no test reads another's (or the user's) answers."""
    monkeypatch.setenv("MODELAUDIT_CACHE_DIR", str(tmp_path_factory.mktemp("modelaudit-cache")))
    # Any MODELAUDIT_* setting of the developer's shell (a timeout, a format, a profile) would change
    # what the tests see: each test starts from the defaults.
    import os

    for name in [n for n in os.environ if n.startswith("MODELAUDIT_") and n != "MODELAUDIT_CACHE_DIR"]:
        monkeypatch.delenv(name, raising=False)
    # Nor may a .modelaudit.yaml of a parent directory (the developer's home, say): configuration
    # discovery is off unless a test turns it on (tests/test_config.py).
    monkeypatch.setenv("MODELAUDIT_CONFIG", "none")


@pytest.fixture(scope="session")
def kb():  # type: ignore[no-untyped-def]
    """The shipped licence knowledge base (loaded and validated once per run)."""
    from modelaudit.licensing.knowledge_base import default_knowledge_base

    return default_knowledge_base()
