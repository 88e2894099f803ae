"""The ``modelaudit`` command line: a thin layer of flags, environment twins and exit codes.

Every command imports the engine lazily, inside its function, so ``--help`` and a warm
(cached) run start fast.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

import typer

from modelaudit._version import __version__

app = typer.Typer(
    name="modelaudit",
    help="May we use this open-weight model, and why? Lineage-aware licence compliance for Hugging Face models.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion [bash|zsh|fish|powershell]
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modelaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """modelaudit: may we use this open-weight model, and why?"""


def _register() -> None:
    from modelaudit.cli import (
        cache_cmd,
        check_cmd,
        config_cmd,
        hub_cmd,
        index_cmd,
        licenses_cmd,
        lineage_cmd,
        scan_cmd,
        snapshot_cmd,
    )

    app.command("check")(check_cmd.check)
    app.command("lineage")(lineage_cmd.lineage)
    app.add_typer(licenses_cmd.app, name="licenses")
    app.command("scan")(scan_cmd.scan)
    app.add_typer(snapshot_cmd.app, name="snapshot")
    app.add_typer(cache_cmd.app, name="cache")
    app.command("config")(config_cmd.config)
    app.add_typer(index_cmd.app, name="index")
    app.add_typer(hub_cmd.app, name="hub")


_register()


def _cli_exceptions() -> dict[str, tuple[type[BaseException], ...]]:
    """The command-line framework's exception classes, by kind.

    Typer >= 0.16 vendors its own copy of click (``typer._click``) whose exceptions are not the
    ``click`` package's; catch both so that a bad option value is a usage error, not a crash."""
    import click

    modules: list[object] = [click.exceptions]
    try:
        import typer._click.exceptions as vendored  # type: ignore[import-not-found,unused-ignore]

        modules.append(vendored)
    except ImportError:
        pass
    kinds: dict[str, tuple[type[BaseException], ...]] = {}
    for kind in ("NoArgsIsHelpError", "Exit", "UsageError", "Abort", "ClickException"):
        kinds[kind] = tuple(getattr(m, kind) for m in modules if isinstance(getattr(m, kind, None), type))
    kinds["Exit"] += (typer.Exit,)
    kinds["Abort"] += (typer.Abort,)
    return kinds


def _without_flag_metavars(command: Any, parent: Any = None) -> Any:
    """Drop the type label (``<bool>``) that newer typer prints in ``--help`` beside every flag: a
    flag takes no value, so the label only suggests that it does. Walks every subcommand; the help
    option itself is built lazily, so it is built here (once, cached by click >= 8.2) to be tidied too."""
    # The context as a run would make it (help option names are inherited from the parent's).
    ctx = command.context_class(command, parent=parent, info_name=command.name, **command.context_settings)
    help_option = command.get_help_option(ctx)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _without_flag_metavars(sub, ctx)
    return command


@functools.cache
def cli_command() -> Any:
    """The click command behind ``app`` (built once: typer rebuilds it on every call)."""
    return _without_flag_metavars(typer.main.get_command(app))


def _configured_defaults(command: Any) -> dict[str, Any]:
    """``default_map`` from the discovered configuration file, if any (flags and env twins win)."""
    from modelaudit.config import discover

    config = discover()
    if config is None:
        return {}
    from modelaudit.cli.configuration import default_map

    return {"default_map": default_map(config, command)}


def main(argv: list[str] | None = None) -> int:
    """Entry point. Every failure ends as one line on stderr and exit status 2 — no traceback."""
    from modelaudit._distribution import conflict_message, foreign_distribution
    from modelaudit.cli.console import error_line
    from modelaudit.errors import ModelauditError

    foreign = foreign_distribution()
    if foreign is not None:
        error_line(conflict_message(foreign))
        return 2
    exc_kinds = _cli_exceptions()
    command = cli_command()
    try:
        extra = _configured_defaults(command)
        result = command.main(args=argv, prog_name="modelaudit", standalone_mode=False, **extra)
    except exc_kinds["NoArgsIsHelpError"] as exc:
        # click >= 8.2 raises this for a bare group invocation after printing nothing
        ctx = getattr(exc, "ctx", None)
        typer.echo(ctx.get_help() if ctx else "")
        return 2
    except exc_kinds["Exit"] as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except exc_kinds["UsageError"] as exc:
        ctx = getattr(exc, "ctx", None)
        path = ctx.command_path if ctx is not None else "modelaudit"
        hint = f" (see '{path} --help')" if path != "modelaudit" else ""
        error_line(" ".join(exc.format_message().split()) + hint)  # type: ignore[attr-defined]
        return 2
    except exc_kinds["ClickException"] as exc:
        error_line(" ".join(exc.format_message().split()))  # type: ignore[attr-defined]
        return 2
    except exc_kinds["Abort"]:
        error_line("interrupted")
        return 130
    except KeyboardInterrupt:
        error_line("interrupted")
        return 130
    except ModelauditError as exc:
        error_line(str(exc))
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug or an environment failure: still one line, never a traceback
        if os.environ.get("MODELAUDIT_DEBUG"):
            raise
        error_line(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())} "
                   "(set MODELAUDIT_DEBUG=1 for a traceback)")
        return 2
    return int(result or 0)


def run() -> None:
    sys.exit(main())
