"""The Hugging Face Hub, through ``huggingface_hub`` only.

One ``model_info`` call (with ``expand`` so the Hub sends just what we read) plus one GET per
planned file (see ``file_plan.py``) make a record; with the README that is two requests for a
typical node. Files are read with the library's own session, URL builder, auth headers and error
mapping rather than ``hf_hub_download``, because the latter spends a HEAD request per file before
the GET; files the user already has in ``HF_HUB_CACHE`` at the pinned revision cost nothing.

Environment honoured: ``HF_ENDPOINT`` (where the Hub is), ``HF_TOKEN`` (or the saved login),
``HF_HUB_CACHE`` (read-only reuse of downloaded files) and ``HF_HUB_OFFLINE`` (no requests at all).
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import os
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from modelaudit.kinds import SourceKind
from modelaudit.sources.base import SourceUnavailable
from modelaudit.sources.file_plan import plan_files
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

T = TypeVar("T")

DEFAULT_ENDPOINT = "https://huggingface.co"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_FILE_BYTES = 1_000_000

#: Only the properties the engine reads; the Hub then leaves out downloads, widgets, spaces...
EXPAND = [
    "author",
    "cardData",
    "config",
    "createdAt",
    "gated",
    "lastModified",
    "library_name",
    "pipeline_tag",
    "sha",
    "siblings",
    "tags",
]


class HubRequestFailed(Exception):
    """A request kept failing (rate limits, server errors, timeouts) after the bounded retries."""


def _truthy_env(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def hub_offline() -> bool:
    return _truthy_env("HF_HUB_OFFLINE") or _truthy_env("TRANSFORMERS_OFFLINE")


def configured_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def _retry_after_seconds(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - _dt.datetime.now(when.tzinfo)).total_seconds())


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return str(value)


class HubSource:
    """Fetches records from a Hub endpoint with bounded, backed-off retries."""

    kind = SourceKind.HUB

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | None = None,
        timeout: float = 15.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        hub_cache_dir: str | None = None,
        publisher_orgs: frozenset[str] = frozenset(),
    ) -> None:
        self.endpoint = (endpoint or configured_endpoint()).rstrip("/")
        self._token = token
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._hub_cache_dir = hub_cache_dir or os.environ.get("HF_HUB_CACHE") or None
        self._publishers = frozenset(o.lower() for o in publisher_orgs)
        self._api: Any = None
        # Once the endpoint has proved unreachable, later fetches fail at once instead of each
        # paying for its own DNS failure or connect timeout.
        self._down: str | None = None

    # -- plumbing -------------------------------------------------------------------------------

    def _client(self) -> Any:
        # Imported lazily: a warm run answered from the cache never pays for it.
        if self._api is None:
            from huggingface_hub import HfApi

            self._api = HfApi(endpoint=self.endpoint, token=self._token)
        return self._api

    def _with_retries(self, call: Callable[[], T], what: str) -> T:
        import httpx2
        from huggingface_hub.errors import HfHubHTTPError

        last = ""
        for attempt in range(1, self.max_attempts + 1):
            wait: float
            try:
                return call()
            except HfHubHTTPError as exc:
                response = exc.response
                status = response.status_code if response is not None else None
                if status not in RETRY_STATUSES:
                    raise
                last = f"HTTP {status}"
                hinted = _retry_after_seconds(response.headers) if response is not None else None
                wait = hinted if hinted is not None else self._backoff(attempt)
            except httpx2.TimeoutException:
                last = f"no answer within {self.timeout:g} s"
                wait = self._backoff(attempt)
            except httpx2.TransportError as exc:
                # Name resolution or connection refused: the Hub is not reachable at all. One quick
                # second try guards against a blip; after that the caller falls back to the snapshot.
                if attempt >= 2:
                    self._down = f"{self.endpoint} cannot be reached ({exc})"
                    raise SourceUnavailable(self._down) from None
                last = str(exc)
                wait = min(self._backoff(attempt), 1.0)
            if attempt == self.max_attempts:
                break
            if wait > self.max_wait:
                raise HubRequestFailed(
                    f"{what}: the Hub asked us to wait {wait:.0f} s ({last}); giving up"
                ) from None
            self._sleep(wait)
        raise HubRequestFailed(f"{what}: still failing after {self.max_attempts} attempts ({last})")

    def _backoff(self, attempt: int) -> float:
        # Exponential with a little jitter so concurrent workers do not retry in lock-step.
        return float(min(self.max_wait, self.backoff * (2 ** (attempt - 1)) * (1 + 0.25 * random.random())))

    # -- the interface --------------------------------------------------------------------------

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        if hub_offline():
            raise SourceUnavailable("HF_HUB_OFFLINE is set")
        if self._down is not None:
            raise SourceUnavailable(self._down)
        from huggingface_hub.errors import (
            HfHubHTTPError,
            HFValidationError,
            RepositoryNotFoundError,
            RevisionNotFoundError,
        )

        api = self._client()
        try:
            info = self._with_retries(
                lambda: api.model_info(repo_id, revision=revision, expand=EXPAND, timeout=self.timeout),
                f"model info for {repo_id}",
            )
        except HFValidationError:
            return FetchOutcome.missing(repo_id, f"{repo_id!r} is not a valid Hub repository id", self.kind)
        except RevisionNotFoundError:
            return FetchOutcome.missing(repo_id, f"revision {revision} of {repo_id} does not exist", self.kind)
        except RepositoryNotFoundError:
            return FetchOutcome.missing(repo_id, f"{repo_id} is not on the Hub (or is private)", self.kind)
        except HubRequestFailed as exc:
            return FetchOutcome.error(repo_id, str(exc), self.kind)
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            return FetchOutcome.error(repo_id, f"the Hub refused model info for {repo_id} (HTTP {status})", self.kind)

        card = info.card_data.to_dict() if info.card_data is not None else {}
        siblings = tuple(s.rfilename for s in (info.siblings or ()))
        sha = info.sha
        files: dict[str, str] = {}
        statuses: dict[str, FileStatus] = {}
        publisher = info.id.split("/", 1)[0].lower() in self._publishers
        for name in plan_files(card, siblings, publisher=publisher):
            if FileStatus.GATED in statuses.values():
                # One refused file means every file of the repo is refused; do not ask again.
                statuses[name] = FileStatus.GATED
                continue
            text, file_status = self._read_file(info.id, name, sha)
            statuses[name] = file_status
            if text is not None:
                files[name] = text
        gated = info.gated if isinstance(info.gated, str) else ("manual" if info.gated else None)
        record = ModelRecord(
            repo_id=info.id,
            requested_id=repo_id,
            revision=sha,
            card_data=card,
            tags=tuple(info.tags or ()),
            gated=gated,
            pipeline_tag=info.pipeline_tag,
            library_name=info.library_name,
            config=dict(info.config or {}),
            siblings=siblings,
            files=files,
            file_status=statuses,
            source=self.kind,
            fetched_at=_now_iso(),
            created_at=_iso(info.created_at),
            last_modified=_iso(info.last_modified),
            author=info.author,
        )
        return FetchOutcome.ok(record)

    def _read_file(self, repo_id: str, filename: str, revision: str | None) -> tuple[str | None, FileStatus]:
        from huggingface_hub import hf_hub_url, try_to_load_from_cache
        from huggingface_hub.errors import EntryNotFoundError, GatedRepoError, HfHubHTTPError
        from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status  # type: ignore[attr-defined]

        if revision:
            cached = try_to_load_from_cache(repo_id, filename, cache_dir=self._hub_cache_dir, revision=revision)
            if isinstance(cached, str):
                try:
                    with open(cached, "rb") as handle:
                        return _decode(handle.read(MAX_FILE_BYTES + 1))
                except OSError:
                    pass  # a broken cache entry: read it from the Hub instead
        url = hf_hub_url(repo_id, filename, revision=revision, endpoint=self.endpoint)
        headers = build_hf_headers(token=self._token)

        def get() -> Any:
            response = get_session().get(url, headers=headers, timeout=self.timeout, follow_redirects=True)
            hf_raise_for_status(response)
            return response

        try:
            response = self._with_retries(get, f"{filename} of {repo_id}")
        except GatedRepoError:
            return None, FileStatus.GATED
        except EntryNotFoundError:
            return None, FileStatus.MISSING
        except (HubRequestFailed, HfHubHTTPError):
            return None, FileStatus.ERROR
        return _decode(response.content)


def _decode(content: bytes) -> tuple[str, FileStatus]:
    if len(content) > MAX_FILE_BYTES:
        return content[:MAX_FILE_BYTES].decode("utf-8", errors="replace"), FileStatus.TOO_LARGE
    return content.decode("utf-8", errors="replace"), FileStatus.READ
