"""Options shared by the commands that read models, each with its environment-variable twin."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from modelaudit.formats.registry import DEFAULT_FORMAT, format_help, format_names

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
Timeout = Annotated[
    float,
    typer.Option("--timeout", envvar="MODELAUDIT_TIMEOUT", min=0.1,
                 help="Seconds all Hub requests of the run may take together; what is not fetched by then is "
                      "unknown (each request also ends after 30 s)."),
]
MaxNodes = Annotated[
    int,
    typer.Option("--max-nodes", envvar="MODELAUDIT_MAX_NODES", min=1,
                 help="Stop walking a lineage after this many repositories (the rest is reported unknown)."),
]
MaxDepth = Annotated[
    int, typer.Option("--max-depth", envvar="MODELAUDIT_MAX_DEPTH", min=1, help="Stop after this many generations.")
]
NoData = Annotated[
    bool,
    typer.Option("--no-data", envvar="MODELAUDIT_NO_DATA",
                 help="Skip data lineage: read no dataset (the datasets a model was trained on, their sources and "
                      "generators) and no closed service whose outputs were used; model lineage only."),
]
Local = Annotated[
    bool,
    typer.Option("--local", envvar="MODELAUDIT_LOCAL",
                 help="Read every model argument as a local folder: 'org/name' is ./org/name, not the Hub model."),
]
IndexOpt = Annotated[
    Path | None,
    typer.Option("--index", envvar="MODELAUDIT_INDEX", dir_okay=False,
                 help="A Hub index (modelaudit index build): ancestors are read from it with no Hub request; the "
                      "models checked are read live (from the index too with --offline)."),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", envvar="MODELAUDIT_OUTPUT", dir_okay=False,
                 help="Write the report to this file instead of standard output."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", envvar="MODELAUDIT_QUIET", help="No progress or notices on stderr.")]


if TYPE_CHECKING:
    class ReportFormat(str, Enum):
        """The ``--format`` choices; at run time the members are generated from the format registry."""
else:
    # Generated from modelaudit.formats.registry, the one list of formats: registering a format
    # there makes it a --format choice here, with no edit to the CLI.
    ReportFormat = Enum("ReportFormat", [(name, name) for name in format_names()], type=str, module=__name__)

#: The default of ``--format`` (the registry's first format).
DEFAULT_REPORT_FORMAT = ReportFormat(DEFAULT_FORMAT)


class FailOn(str, Enum):
    warn = "warn"
    block = "block"


ProfileOpt = Annotated[
    Path | None,
    typer.Option("--profile", envvar="MODELAUDIT_PROFILE", dir_okay=False,
                 help="Organisation profile (YAML): MAU, revenue, regions, domicile, entity type, uses, sector."),
]
PolicyOpt = Annotated[
    Path | None,
    typer.Option("--policy", envvar="MODELAUDIT_POLICY", dir_okay=False,
                 help="Policy rules (YAML) instead of the shipped default policy."),
]
WaiversOpt = Annotated[
    Path | None,
    typer.Option("--waivers", envvar="MODELAUDIT_WAIVERS", dir_okay=False,
                 help="Approvals register (YAML) of waived findings with approver and expiry."),
]
FormatOpt = Annotated[
    ReportFormat, typer.Option("--format", "-f", envvar="MODELAUDIT_FORMAT", help=format_help())
]
FailOnOpt = Annotated[
    FailOn,
    typer.Option("--fail-on", envvar="MODELAUDIT_FAIL_ON",
                 help="Lowest verdict that fails the run: 'block' (default) or 'warn' (warn then exits 1)."),
]
WorkersOpt = Annotated[
    int, typer.Option("--workers", "-j", envvar="MODELAUDIT_WORKERS", min=1, max=64,
                      help="Models analysed at once.")
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", envvar="MODELAUDIT_AS_OF", help="Evaluate waiver expiry as of this date (YYYY-MM-DD)."),
]


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
    timeout: float | None = None  # run budget for Hub requests; None: the default
    data: bool = True  # follow data lineage (--no-data: False)
    index: Path | None = None  # a Hub index file (--index)

    def api_options(self) -> dict[str, Any]:
        """These settings as keyword arguments of ``modelaudit.api.check`` / ``lineage_of``."""
        options: dict[str, Any] = {"offline": self.offline, "refresh": self.refresh, "cache_dir": self.cache_dir,
                                   "cache_ttl": self.cache_ttl, "endpoint": self.endpoint,
                                   "max_nodes": self.max_nodes, "max_depth": self.max_depth, "data": self.data}
        if self.timeout is not None:
            options["timeout"] = self.timeout
        if self.index is not None:
            options["index"] = self.index
        return options
