"""``modelaudit snapshot``: build and inspect the dated Hub snapshot used offline."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Annotated

import typer

from modelaudit.cli.options import Endpoint, Timeout

app = typer.Typer(help="Build or inspect the bundled Hub snapshot (used with --offline or when the Hub is unreachable).",
                  no_args_is_help=True)


def read_model_list(path: Path) -> list[str]:
    """One model per line; ``#`` starts a comment; blank lines ignored."""
    from modelaudit.yamlio import read_user_text

    text = read_user_text(path, "model list")  # bounded: --from-file /dev/zero must not read forever
    models = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            models.append(line)
    return models


@app.command("build")
def build(
    models: Annotated[list[str] | None, typer.Argument(help="Models to include, with all their ancestors.")] = None,
    from_file: Annotated[Path | None, typer.Option("--from-file", help="File with one model id per line.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", dir_okay=False, help="Snapshot file to write.")] = Path(
        "hub-snapshot.json"
    ),
    date: Annotated[str | None, typer.Option("--date", help="Snapshot date (YYYY-MM-DD); default today.")] = None,
    endpoint: Endpoint = None,
    timeout: Timeout = 600.0,
    label: Annotated[
        str | None, typer.Option("--label", help="What to record as the snapshot's origin (default: the endpoint URL).")
    ] = None,
) -> None:
    """Fetch the listed models, every ancestor and the datasets their lineage reaches from a Hub endpoint and
    write a snapshot file."""
    from modelaudit.cli.console import notice
    from modelaudit.errors import ModelauditError, UsageError
    from modelaudit.lineage.names import default_catalogue
    from modelaudit.snapshot_build import build_snapshot
    from modelaudit.sources.chain import MemoSource
    from modelaudit.sources.hub import HubSource, configured_endpoint, public_endpoint

    wanted = list(models or [])
    if from_file is not None:
        wanted += read_model_list(from_file)
    if not wanted:
        raise UsageError("no models given (pass ids or --from-file)")
    from modelaudit.refs import RefKind, is_dataset_node_id
    from modelaudit.sources.registry import parse_reference

    refs = [parse_reference(m) for m in wanted]
    local = [r for r in refs if r.kind is not RefKind.HUB]
    if local:
        raise UsageError(f"{local[0].id!r} is a local path; a snapshot holds Hub repositories only")
    wanted = [str(r) for r in refs]
    if date is None:
        date = _dt.date.today().isoformat()
    try:
        _dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"--date {date!r} is not YYYY-MM-DD") from None
    url = (endpoint or configured_endpoint()).rstrip("/")
    shown = public_endpoint(url)  # a password in the URL goes neither into the file nor on screen
    from modelaudit.sources.base import SourceUnavailable

    try:
        source = MemoSource(HubSource(endpoint=url, budget=timeout, publisher_orgs=default_catalogue().publisher_orgs()))
        result = build_snapshot(wanted, source, endpoint=label or shown, date=date,
                                progress=lambda m: notice(f"snapshot: {m}"))
    except SourceUnavailable as exc:
        raise ModelauditError(f"cannot build a snapshot: {exc}") from None
    result.snapshot.write(output)
    datasets = sum(1 for key in result.snapshot.entries if is_dataset_node_id(key))
    typer.echo(f"wrote {output}: {len(result.snapshot.entries)} records"
               + (f" ({datasets} of them datasets)" if datasets else "") + f", dated {date}, from {shown}")
    if result.failures:
        for repo, message in sorted(result.failures.items()):
            notice(f"not recorded: {repo}: {message}")
        raise typer.Exit(1)


@app.command("info")
def info(
    path: Annotated[Path | None, typer.Option("--path", help="Snapshot file (default: the bundled one).")] = None,
    list_models: Annotated[bool, typer.Option("--list", help="List every repository in the snapshot.")] = False,
) -> None:
    """Show the snapshot's date, source endpoint and size."""
    from modelaudit.errors import ModelauditError
    from modelaudit.sources.records import FetchStatus
    from modelaudit.sources.snapshot import Snapshot, bundled_snapshot_path

    target = path or bundled_snapshot_path()
    try:
        snap = Snapshot.read(target)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelauditError(f"cannot read snapshot {target}: {exc}") from None
    from modelaudit.refs import is_dataset_node_id

    found = sum(1 for o in snap.entries.values() if o.status is FetchStatus.OK)
    datasets = sum(1 for k, o in snap.entries.items() if o.status is FetchStatus.OK and is_dataset_node_id(k))
    typer.echo(f"snapshot {target}\n  date: {snap.snapshot_date}\n  endpoint: {snap.endpoint}\n"
               f"  records: {found} repositories, {len(snap.entries) - found} known-missing ids\n"
               + (f"  datasets: {datasets} of those repositories\n" if datasets else "")
               + f"  built by modelaudit {snap.tool_version}")
    if list_models:
        for key in sorted(snap.entries):
            outcome = snap.entries[key]
            typer.echo(f"  {key}  ({outcome.status.value})")
