"""``modelaudit licenses``: the licence knowledge base as a table, and one licence's terms."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from modelaudit.cli.options import Output

app = typer.Typer(
    help="The licence knowledge base: list every licence, or show one licence's terms with clauses.",
    invoke_without_command=True,
    no_args_is_help=False,
)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


@app.callback()
def list_licenses(
    ctx: typer.Context,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,
    category: Annotated[
        str | None, typer.Option("--category", help="Only licences of this category (e.g. open-weight-restricted).")
    ] = None,
    output: Output = None,
) -> None:
    """List the licences modelaudit knows (id, name, category, OSI, MAU threshold, what it binds)."""
    if ctx.invoked_subcommand is not None:
        return
    from modelaudit.cli.common import write_output
    from modelaudit.errors import UsageError
    from modelaudit.formats.licenses import licenses_json, licenses_table
    from modelaudit.licensing.knowledge_base import default_knowledge_base
    from modelaudit.licensing.model import CATEGORIES

    if category is not None and category not in CATEGORIES:
        raise UsageError(f"unknown category {category!r} (known: {', '.join(CATEGORIES)})")
    licenses = [lic for lic in default_knowledge_base() if category is None or lic.category == category]
    text = licenses_json(licenses) if format is ListFormat.json else licenses_table(licenses)
    write_output(text, output)


@app.command("show")
def show(
    license_id: Annotated[str, typer.Argument(metavar="ID", help="Knowledge-base id, Hub id, name or URL of a licence.")],
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,
    output: Output = None,
) -> None:
    """Show one licence: its terms with the clause each comes from, how it propagates, and its URL."""
    from modelaudit.cli.common import write_output
    from modelaudit.errors import UsageError
    from modelaudit.formats.licenses import license_detail, license_json
    from modelaudit.licensing.knowledge_base import default_knowledge_base

    kb = default_knowledge_base()
    lic = kb.get(license_id) or kb.lookup_hub_id(license_id) or kb.lookup_name(license_id) or kb.lookup_url(license_id)
    if lic is None:
        import difflib

        close = difflib.get_close_matches(license_id, [entry.id for entry in kb], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see 'modelaudit licenses')"
        raise UsageError(f"no licence {license_id!r} in the knowledge base{hint}")
    reference = kb.references.get(lic.id)
    text = license_json(lic, reference) if format is ListFormat.json else license_detail(lic, reference)
    write_output(text, output)


@app.command("verify")
def verify(
    online: Annotated[bool, typer.Option("--online", help="Also fetch every licence's recorded text and report "
                                         "texts that changed since they were recorded.")] = False,
    directory: Annotated[Path | None, typer.Option("--dir", help="A licence directory to check instead of the "
                                                   "shipped knowledge base.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0, max=300.0,
                                           help="Seconds per fetched URL (with --online).")] = 20.0,
) -> None:
    """Check the knowledge base: schema, unique ids/names/links, reference texts, URLs; --online: changed texts.

    One line per problem; exit status 0 when everything holds, 1 when a problem was found."""
    from modelaudit.errors import UsageError
    from modelaudit.licensing.verify import verify_offline, verify_online

    if directory is not None and not directory.is_dir():
        raise UsageError(f"--dir {directory}: not a directory")
    result = verify_online(directory, timeout=timeout) if online else verify_offline(directory)
    for problem in result.problems:
        typer.echo(str(problem))
    fetched = f", {result.fetched} URLs fetched" if online else ""
    summary = (f"{result.licenses} licences, {result.references} reference texts{fetched}: "
               + ("no problems" if result.ok else f"{len(result.problems)} problem(s)"))
    typer.echo(summary, err=not result.ok)
    if not result.ok:
        raise typer.Exit(1)
