"""Errors that end a command with a one-line message and exit status 2."""

from __future__ import annotations


class ModelauditError(Exception):
    """Bad input or a failure the user must act on. ``str(exc)`` is the whole one-line message."""


class UsageError(ModelauditError):
    """The command line or an input file is wrong."""
