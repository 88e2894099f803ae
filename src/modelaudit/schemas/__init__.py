"""JSON schemas of modelaudit's own output, shipped in the package so that consumers validate a
report without fetching anything: ``report.schema.json`` for ``check``/``scan --format json``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPORT_SCHEMA = Path(__file__).with_name("report.schema.json")


@cache
def report_schema() -> dict[str, Any]:
    """The report's JSON schema (draft 2020-12); its ``$id`` is what a report's ``$schema`` names."""
    schema: dict[str, Any] = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    return schema
