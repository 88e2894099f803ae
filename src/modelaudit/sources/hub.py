"""The Hugging Face Hub, through ``huggingface_hub`` only.

One model-info request (with ``expand`` so the Hub sends just what we read) plus one GET per
planned file (see ``file_plan.py``) make a record; with the README that is two requests for a
typical node. Datasets (node ids ``datasets/org/name``) are read the same way from the dataset
API and ``/datasets/{id}/resolve/...``; their records carry the node id as ``repo_id``. Every
request is built with the library's URL builders, auth headers, request hook and error mapping
(``hf_raise_for_status``) and parsed by its ``ModelInfo`` / ``DatasetInfo``, but sent through our own
bounded client (``transport.py``): every request has a total deadline and a byte cap, and the run
as a whole a time budget, so a slow, endless or inflating answer ends as an error outcome (an
unknown), never as a hang, a crash or a pass. Files are not read with ``hf_hub_download``, which
spends a HEAD request per file before the GET; files the user already has in ``HF_HUB_CACHE`` at
the pinned revision cost nothing.

Environment honoured: ``HF_ENDPOINT`` (where the Hub is), ``HF_TOKEN`` (or the saved login),
``HF_HUB_CACHE`` (read-only reuse of downloaded files) and ``HF_HUB_OFFLINE`` (no requests at all).
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import json
import os
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

from modelaudit.kinds import SourceKind
from modelaudit.refs import dataset_node_id, dataset_repo_id, is_dataset_node_id
from modelaudit.sources.base import SourceUnavailable
from modelaudit.sources.file_plan import plan_files, wants_for
from modelaudit.sources.records import FetchOutcome, FileStatus, ModelRecord

T = TypeVar("T")

DEFAULT_ENDPOINT = "https://huggingface.co"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: Decoded bytes read of one file; what follows is not read and the file is marked too large.
MAX_FILE_BYTES = 1_000_000
#: Decoded bytes of one model-info answer (with ``expand`` a real one is a few kB to a few MB).
MAX_INFO_BYTES = 16_000_000
#: Connect, headers and body of one request attempt must fit in this many seconds.
DEFAULT_REQUEST_TIMEOUT = 30.0
#: Wall-clock budget of all Hub requests of one CLI run (``--timeout``).
DEFAULT_RUN_TIMEOUT = 600.0

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

#: The same for datasets (``ExpandDatasetProperty_T``: no config, library or pipeline; asking for
#: them is a 400).
DATASET_EXPAND = [
    "author",
    "cardData",
    "createdAt",
    "gated",
    "lastModified",
    "sha",
    "siblings",
    "tags",
]


class HubRequestFailed(Exception):
    """A request kept failing (rate limits, server errors, timeouts) after the bounded retries,
    or could not be made at all (the run's time budget is spent)."""


def _truthy_env(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def hub_offline() -> bool:
    return _truthy_env("HF_HUB_OFFLINE") or _truthy_env("TRANSFORMERS_OFFLINE")


def configured_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def public_endpoint(url: str) -> str:
    """``url`` fit for reports, notices and cache keys: any ``user:password@`` removed."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class RunBudget:
    """The wall-clock budget shared by every request of a run. It starts with the first request,
    so reading inputs or a warm cache costs none of it; ``None`` seconds means no budget."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._ends: float | None = None

    def start(self) -> None:
        if self.seconds is None or self._ends is not None:
            return
        with self._lock:
            if self._ends is None:
                self._ends = self._clock() + self.seconds

    def remaining(self) -> float | None:
        if self.seconds is None:
            return None
        if self._ends is None:
            return self.seconds
        return self._ends - self._clock()

    def spent_message(self) -> str:
        return f"the time budget for Hub requests of this run ({self.seconds:g} s, --timeout) is spent"


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
    """Fetches records from a Hub endpoint with bounded, backed-off retries.

    ``timeout`` bounds each request attempt as a whole (connect, headers and body); ``budget``
    bounds all requests of this source together (``None``: no overall budget)."""

    kind = SourceKind.HUB

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        timeout: float = DEFAULT_REQUEST_TIMEOUT,
        budget: float | None = None,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        hub_cache_dir: str | None = None,
        publisher_orgs: frozenset[str] = frozenset(),
    ) -> None:
        self.endpoint = (endpoint or configured_endpoint()).rstrip("/")
        self.public_endpoint = public_endpoint(self.endpoint)
        self._token = token
        self.timeout = timeout
        self.budget = RunBudget(budget)
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._hub_cache_dir = hub_cache_dir or os.environ.get("HF_HUB_CACHE") or None
        self._publishers = frozenset(o.lower() for o in publisher_orgs)
        # Once the endpoint has proved unreachable, later fetches fail at once instead of each
        # paying for its own DNS failure or connect timeout.
        self._down: str | None = None

    # -- plumbing -------------------------------------------------------------------------------

    def _get(self, url: str, *, max_bytes: int, params: dict[str, Any] | None = None) -> Callable[[float], Any]:
        """One attempt of a GET as a function of its deadline; returns the ``Fetched`` response
        after the library's error mapping."""
        from huggingface_hub.errors import HfHubHTTPError
        from huggingface_hub.utils import build_hf_headers, hf_raise_for_status  # type: ignore[attr-defined]

        from modelaudit.sources.transport import get, shared_client

        headers = build_hf_headers(token=self._token)
        # Built on first use: a warm run answered from the cache never imports the HTTP stack.
        client = shared_client()

        def attempt(until: float) -> Any:
            fetched = get(client, url, headers=headers, params=params, until=until, max_bytes=max_bytes)
            try:
                hf_raise_for_status(fetched.response)
            except HfHubHTTPError:
                raise
            except Exception:  # the library's error formatter choking on a hostile body
                raise HfHubHTTPError(f"HTTP {fetched.status}", response=fetched.response) from None
            if not 200 <= fetched.status < 300:
                raise HfHubHTTPError(f"unexpected HTTP {fetched.status}", response=fetched.response)
            return fetched

        return attempt

    def _with_retries(self, call: Callable[[float], T], what: str) -> T:
        from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

        from modelaudit.sources.transport import http_library

        http, _core = http_library()
        self.budget.start()
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            wait: float
            left = self.budget.remaining()
            if left is not None and left <= 0:
                raise HubRequestFailed(f"{what}: {self.budget.spent_message()}" + (f" ({last})" if last else ""))
            allowed = self.timeout if left is None else min(self.timeout, left)
            try:
                return call(time.monotonic() + allowed)
            except HfHubHTTPError as exc:
                response = exc.response
                status = response.status_code if response is not None else None
                if status not in RETRY_STATUSES:
                    raise
                last = f"HTTP {status}"
                hinted = _retry_after_seconds(response.headers) if response is not None else None
                wait = hinted if hinted is not None else self._backoff(attempt)
            except http.TimeoutException:
                last = f"no complete answer within {allowed:.3g} s"
                wait = self._backoff(attempt)
            except http.ConnectError as exc:
                # Name resolution or connection refused: the Hub is not reachable at all. One quick
                # second try guards against a blip; after that the caller falls back to the snapshot.
                if attempt >= 2:
                    self._down = f"{self.public_endpoint} cannot be reached ({self._scrub(str(exc))})"
                    raise SourceUnavailable(self._down) from None
                last = self._scrub(str(exc))
                wait = min(self._backoff(attempt), 1.0)
            except http.TransportError as exc:
                # Reachable, but the answer broke off (a wrong Content-Length, a reset): retry it
                # like a server error.
                last = f"the connection failed: {type(exc).__name__}"
                wait = self._backoff(attempt)
            except OfflineModeIsEnabled:
                raise SourceUnavailable("huggingface_hub is in offline mode (HF_HUB_OFFLINE)") from None
            if attempt == self.max_attempts:
                break
            if wait > self.max_wait:
                raise HubRequestFailed(
                    f"{what}: the Hub asked us to wait {wait:.0f} s ({last}); giving up"
                ) from None
            left = self.budget.remaining()
            if left is not None and wait >= left:
                raise HubRequestFailed(f"{what}: {last}; {self.budget.spent_message()}") from None
            self._sleep(wait)
        raise HubRequestFailed(f"{what}: still failing after {self.max_attempts} attempts ({last})")

    def _backoff(self, attempt: int) -> float:
        # Exponential with a little jitter so concurrent workers do not retry in lock-step.
        return float(min(self.max_wait, self.backoff * (2 ** (attempt - 1)) * (1 + 0.25 * random.random())))

    def _scrub(self, text: str) -> str:
        """Library messages may quote the URL; never let the endpoint's userinfo through."""
        return text.replace(self.endpoint, self.public_endpoint) if self.endpoint != self.public_endpoint else text

    # -- the interface --------------------------------------------------------------------------

    def fetch(self, repo_id: str, revision: str | None = None) -> FetchOutcome:
        """The record of a model (``org/name``) or of a dataset (its node id ``datasets/org/name``)."""
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

        from modelaudit.sources.transport import UnreadableResponse

        dataset = is_dataset_node_id(repo_id)
        hub_id = dataset_repo_id(repo_id) if dataset else repo_id
        what = "dataset" if dataset else "model"
        try:
            info = self._info(hub_id, revision, dataset=dataset)
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
            return FetchOutcome.error(repo_id, f"the Hub refused {what} info for {hub_id} (HTTP {status})", self.kind)
        except UnreadableResponse as exc:
            return FetchOutcome.error(repo_id, f"{what} info for {hub_id}: {exc}", self.kind)
        try:
            return FetchOutcome.ok(self._record(repo_id, info, dataset=dataset))
        except (TypeError, ValueError, AttributeError, KeyError):
            # Parsed, but not the shape the Hub sends (wrong types): nothing in it can be trusted.
            return FetchOutcome.error(repo_id, f"{what} info for {hub_id} is malformed", self.kind)

    def _info(self, repo_id: str, revision: str | None, *, dataset: bool) -> Any:
        """``HfApi.model_info`` / ``HfApi.dataset_info`` (same URL, parameters, headers and parsing),
        bounded. ``repo_id`` is the Hub id (``org/name``)."""
        from huggingface_hub.hf_api import DatasetInfo, ModelInfo
        from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

        from modelaudit.sources.transport import UnreadableResponse

        validate_repo_id(repo_id)
        api = f"{self.endpoint}/api/{'datasets' if dataset else 'models'}/{repo_id}"
        url = api if revision is None else f"{api}/revision/{quote(revision, safe='')}"
        what = f"{'dataset' if dataset else 'model'} info for {repo_id}"
        params = {"expand": DATASET_EXPAND if dataset else EXPAND}
        fetched = self._with_retries(self._get(url, max_bytes=MAX_INFO_BYTES, params=params), what)
        if fetched.truncated:
            raise UnreadableResponse(f"larger than {MAX_INFO_BYTES // 1_000_000} MB; not read")
        try:
            data = json.loads(fetched.content)
        except (ValueError, RecursionError):
            raise UnreadableResponse("not valid JSON") from None
        if not isinstance(data, dict):
            raise UnreadableResponse("not a JSON object")
        try:
            return (DatasetInfo if dataset else ModelInfo)(**data)
        except (TypeError, ValueError, AttributeError, KeyError):
            raise UnreadableResponse("malformed") from None

    def _record(self, requested_id: str, info: Any, *, dataset: bool) -> ModelRecord:
        """The record of ``info``; ``requested_id`` as asked (a dataset's node id, any case)."""
        if not isinstance(info.id, str):
            raise TypeError("id is not a string")
        repo_type = "dataset" if dataset else "model"
        card = info.card_data.to_dict() if info.card_data is not None else {}
        siblings = tuple(str(s.rfilename) for s in (info.siblings or ()))
        sha = info.sha if isinstance(info.sha, str) else None
        files: dict[str, str] = {}
        statuses: dict[str, FileStatus] = {}
        publisher = info.id.split("/", 1)[0].lower() in self._publishers
        for name in plan_files(card, siblings, publisher=publisher, wants=wants_for(repo_type)):
            if FileStatus.GATED in statuses.values():
                # One refused file means every file of the repo is refused; do not ask again.
                statuses[name] = FileStatus.GATED
                continue
            text, file_status = self._read_file(info.id, name, sha, repo_type=repo_type)
            statuses[name] = file_status
            if text is not None:
                files[name] = text
        gated = info.gated if isinstance(info.gated, str) else ("manual" if info.gated else None)
        return ModelRecord(
            # The payload's id is canonical (the Hub matches ids case-insensitively and follows renames).
            repo_id=dataset_node_id(info.id) if dataset else info.id,
            requested_id=requested_id,
            revision=sha,
            card_data=card,
            tags=tuple(str(t) for t in info.tags or ()),
            gated=gated,
            # Model-only facts; a dataset answer has none (a hostile one must not smuggle them in).
            pipeline_tag=None if dataset else info.pipeline_tag,
            library_name=None if dataset else info.library_name,
            config={} if dataset else dict(info.config or {}),
            siblings=siblings,
            files=files,
            file_status=statuses,
            source=self.kind,
            fetched_at=_now_iso(),
            created_at=_iso(info.created_at),
            last_modified=_iso(info.last_modified),
            author=info.author,
        )

    def _read_file(self, repo_id: str, filename: str, revision: str | None, *,
                   repo_type: str = "model") -> tuple[str | None, FileStatus]:
        from huggingface_hub import hf_hub_url, try_to_load_from_cache
        from huggingface_hub.errors import EntryNotFoundError, GatedRepoError, HfHubHTTPError

        from modelaudit.sources.transport import UnreadableResponse

        if revision:
            cached = try_to_load_from_cache(repo_id, filename, cache_dir=self._hub_cache_dir, revision=revision,
                                            repo_type=repo_type)
            if isinstance(cached, str):
                try:
                    with open(cached, "rb") as handle:
                        return _decode(handle.read(MAX_FILE_BYTES + 1))
                except OSError:
                    pass  # a broken cache entry: read it from the Hub instead
        url = hf_hub_url(repo_id, filename, repo_type=repo_type, revision=revision, endpoint=self.endpoint)
        try:
            fetched = self._with_retries(self._get(url, max_bytes=MAX_FILE_BYTES), f"{filename} of {repo_id}")
        except GatedRepoError:
            return None, FileStatus.GATED
        except EntryNotFoundError:
            return None, FileStatus.MISSING
        except (HubRequestFailed, HfHubHTTPError, UnreadableResponse):
            return None, FileStatus.ERROR
        text = fetched.content.decode("utf-8", errors="replace")
        return text, (FileStatus.TOO_LARGE if fetched.truncated else FileStatus.READ)


def _decode(content: bytes) -> tuple[str, FileStatus]:
    if len(content) > MAX_FILE_BYTES:
        return content[:MAX_FILE_BYTES].decode("utf-8", errors="replace"), FileStatus.TOO_LARGE
    return content.decode("utf-8", errors="replace"), FileStatus.READ
