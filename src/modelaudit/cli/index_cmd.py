"""``modelaudit index``: build the Hub index from the model-card dump, and say what an index holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Build or inspect the Hub index: the Hub's model-card dump as an embedded DuckDB file "
                       "(every model, its licences, lineage, effective licences and mismatches).",
                  no_args_is_help=True)

IndexFile = Annotated[
    Path | None,
    typer.Option("--index", envvar="MODELAUDIT_INDEX", dir_okay=False,
                 help="The index file (default: hub-index.duckdb in the user cache directory)."),
]


def index_path(value: Path | None) -> Path:
    from modelaudit.index.store import default_index_path

    return value if value is not None else default_index_path()


@app.command("build")
def build(
    from_parquet: Annotated[
        str, typer.Option("--from-parquet", help="The dump: a Parquet file, directory or glob, or "
                                                 "hf://datasets/librarian-bots/model_cards_with_metadata@REV.")],
    index: IndexFile = None,
    engine: Annotated[str, typer.Option("--engine", envvar="MODELAUDIT_INDEX_ENGINE",
                                        help="duckdb (default, embedded) or spark (modelaudit-license[spark]).")]
    = "duckdb",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notices on stderr.")] = False,
) -> None:
    """Read the dump (its schema checked), identify every declared licence with the knowledge base, mark
    duplicates, cycles and missing parents, propagate licences down every lineage and write the mismatches."""
    from modelaudit.cli.console import notice
    from modelaudit.index.build import build_index

    path = index_path(index)
    report = build_index(from_parquet, path, engine=engine,
                         notify=(lambda m: None) if quiet else (lambda m: notice(f"index: {m}")))
    meta = report.meta
    typer.echo(f"{path}: {meta['models']} models, {meta['edges']} edges, {meta['mismatches']} mismatches "
               f"(dump of {meta['dump_date'][:10]}, revision {meta['dump_revision']}; "
               f"{report.timings.get('total', 0):.1f} s with {engine})")


@app.command("info")
def info(
    index: IndexFile = None,
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """What an index was built from (dump, revision, date, knowledge-base hash) and what it holds."""
    import json

    from modelaudit.index.store import HubIndex

    with HubIndex(index_path(index)) as hub:
        counts = hub.counts()
        if json_out:
            typer.echo(json.dumps({"path": str(hub.path), "meta": hub.meta, "tables": counts}, indent=2))
            return
        typer.echo(f"Hub index {hub.path}")
        for key, value in hub.meta.items():
            typer.echo(f"  {key}: {value}")
        typer.echo("  tables: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
