"""``modelaudit cache``: where Hub answers are kept, and emptying it."""

from __future__ import annotations

import typer

from modelaudit.cli.options import CacheDir

app = typer.Typer(help="Inspect or clear the on-disk cache of Hub answers.", no_args_is_help=True)


@app.command("info")
def info(cache_dir: CacheDir = None) -> None:
    """Show the cache directory and how much it holds."""
    from modelaudit.sources.cache import RecordCache, default_cache_dir

    cache = RecordCache(cache_dir or default_cache_dir())
    count, size = cache.stats()
    typer.echo(f"cache directory: {cache.directory}\nentries: {count} ({size / 1024:.1f} KiB)")


@app.command("clear")
def clear(cache_dir: CacheDir = None) -> None:
    """Delete every cached Hub answer (the next run asks the Hub again)."""
    from modelaudit.sources.cache import RecordCache, default_cache_dir

    cache = RecordCache(cache_dir or default_cache_dir())
    typer.echo(f"removed {cache.clear()} cached entries from {cache.directory}")
