"""``--format json``: the JSON contract of ``check`` (schema_version "1"), as ``AuditReport.to_json``
defines it; other tools and our CI rely on it."""

from __future__ import annotations

import json

from modelaudit.results import AuditReport


def render(report: AuditReport, *, color: bool = False) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
