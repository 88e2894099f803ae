"""Options shared by the commands that read models, each with its environment-variable twin."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from modelaudit.lineage.builder import WalkLimits
    from modelaudit.sources.factory import SourceOptions

Offline = Annotated[
    bool,
    typer.Option("--offline", envvar="MODELAUDIT_OFFLINE",
                 help="Use only the bundled Hub snapshot; make no network request."),
]
Refresh = Annotated[
    bool, typer.Option("--refresh", envvar="MODELAUDIT_REFRESH", help="Ignore cached Hub answers and ask again.")
]
CacheDir = Annotated[
    Path | None,
    typer.Option("--cache-dir", envvar="MODELAUDIT_CACHE_DIR", file_okay=False,
                 help="Where Hub answers are cached (default: the user cache directory)."),
]
CacheTtl = Annotated[
    float,
    typer.Option("--cache-ttl", envvar="MODELAUDIT_CACHE_TTL", min=0,
                 help="Seconds a cached Hub answer stays fresh."),
]
Endpoint = Annotated[
    str | None,
    typer.Option("--endpoint", envvar="HF_ENDPOINT", help="Hugging Face Hub endpoint (default https://huggingface.co)."),
]
MaxNodes = Annotated[
    int,
    typer.Option("--max-nodes", envvar="MODELAUDIT_MAX_NODES", min=1,
                 help="Stop walking a lineage after this many repositories (the rest is reported unknown)."),
]
MaxDepth = Annotated[
    int, typer.Option("--max-depth", envvar="MODELAUDIT_MAX_DEPTH", min=1, help="Stop after this many generations.")
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", envvar="MODELAUDIT_OUTPUT", dir_okay=False,
                 help="Write the report to this file instead of standard output."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", envvar="MODELAUDIT_QUIET", help="No progress or notices on stderr.")]


class LineageFormat(str, Enum):
    text = "text"
    json = "json"


@dataclass(frozen=True)
class FetchSettings:
    offline: bool
    refresh: bool
    cache_dir: Path | None
    cache_ttl: float
    endpoint: str | None
    max_nodes: int
    max_depth: int
    quiet: bool = False

    def source_options(self) -> SourceOptions:
        from modelaudit.sources.factory import SourceOptions

        return SourceOptions(offline=self.offline, refresh=self.refresh, cache_dir=self.cache_dir,
                             cache_ttl=self.cache_ttl, endpoint=self.endpoint)

    def limits(self) -> WalkLimits:
        from modelaudit.lineage.builder import WalkLimits

        return WalkLimits(max_nodes=self.max_nodes, max_depth=self.max_depth)
