"""Rendering the knowledge base for ``modelaudit licenses``."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from modelaudit.formats.width import text_width
from modelaudit.licensing.fingerprint import Reference
from modelaudit.licensing.model import License, Outputs


def _console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=text_width(140), color_system=None, highlight=False, soft_wrap=False)


def _mau(lic: License) -> str:
    terms = lic.terms_of("mau_threshold")
    return f"{terms[0].params.get('value', 0):,}" if terms else ""


def licenses_table(licenses: Sequence[License]) -> str:
    table = Table(title=f"modelaudit licence knowledge base ({len(licenses)} licences)", show_lines=False)
    # Ids are never folded: they are what users type and grep for (the longest Hub id has 35 characters).
    table.add_column("id", no_wrap=True)
    for column in ("name", "category", "OSI", "MAU limit", "binds"):
        table.add_column(column, overflow="fold")
    for lic in sorted(licenses, key=lambda item: item.id):
        binds = ", ".join(sorted(r.value for r in lic.propagation.binds))
        table.add_row(lic.id, lic.name, lic.category, "yes" if lic.osi_approved else "no", _mau(lic), binds)
    buffer = io.StringIO()
    _console(buffer).print(table)
    return buffer.getvalue()


_UNVERIFIED = "UNVERIFIED"


def license_detail(lic: License, reference: Reference | None = None) -> str:
    buffer = io.StringIO()
    console = _console(buffer)
    console.print(Text(f"{lic.name} ({lic.id})", style="bold"))
    meta = [
        ("licensor", lic.licensor), ("version", lic.version or "-"), ("date", lic.date or "-"),
        ("category", lic.category), ("OSI approved", "yes" if lic.osi_approved else "no"),
        ("SPDX", lic.spdx_id or "-"), ("ScanCode", lic.scancode_key or "-"), ("URL", lic.url),
    ]
    meta.extend((label, url) for label, url in lic.related_urls.items())
    if lic.identify.modifies:
        meta.append(("modifies", f"{lic.identify.modifies} (its reference text plus added clauses)"))
    if reference is not None:
        meta.append(("reference text", f"{reference.url} ({len(reference.sentences)} sentence fingerprints)"))
    for label, value in meta:
        console.print(f"  {label + ':':<22}{value}")
    console.print()
    console.print(" ".join(lic.summary.split()))
    unverified_terms = sum(t.unverified for t in lic.terms)
    title = "terms" + (f" ({unverified_terms} marked {_UNVERIFIED}: not read in the licence text)" if unverified_terms
                       else "")
    table = Table(title=title, show_lines=True)
    table.add_column("term")
    table.add_column("clause")
    table.add_column("what it means", overflow="fold")
    for term in lic.terms:
        params = "; ".join(f"{k}: {v}" for k, v in term.params.items() if k not in ("kind",) and not isinstance(v, list))
        kind = term.params.get("kind")
        name = f"{term.type} ({kind})" if kind else term.type
        if term.unverified:
            name += f"\n{_UNVERIFIED}"
        body = " ".join(term.summary.split()) + (f"\n[{params}]" if params else "")
        # Text, not markup: "[value_usd: …]" would read as a style tag and vanish.
        table.add_row(Text(name), Text(term.clause), Text(body))
    console.print(table)
    prop = lic.propagation
    console.print(Text("propagation", style="bold"))
    console.print(f"  binds: {', '.join(sorted(r.value for r in prop.binds)) or 'nothing'} ({prop.clause})")
    console.print(f"  derivatives must keep this licence: {'yes' if prop.same_license_required else 'no'}; "
                  f"may be relicensed: {'yes' if prop.relicensing_allowed else 'no'}")
    console.print("  " + " ".join(prop.summary.split()))
    _print_outputs(console, lic)
    if lic.unverified:
        console.print(Text(f"not verified against the licence text ({_UNVERIFIED})", style="bold"))
        for item in lic.unverified:
            console.print(f"  - {item}")
    if lic.notes:
        console.print(Text("notes", style="bold"))
        console.print("  " + " ".join(lic.notes.split()))
    return buffer.getvalue()


def _print_outputs(console: Console, lic: License) -> None:
    out = lic.outputs
    console.print(Text("models trained on its outputs", style="bold"))
    flag = f" {_UNVERIFIED}" if out.unverified else ""
    console.print(f"  reach: {out.reach} ({out.clause}){flag}")
    if out.terms:
        console.print(f"  terms that reach them: {', '.join(out.terms)}")
    if out.except_own_derivatives:
        console.print("  except models that are derivatives under this same licence")
    console.print("  " + " ".join(out.summary.split()))


def license_json(lic: License, reference: Reference | None = None) -> str:
    return json.dumps(license_document(lic, reference), indent=2, ensure_ascii=False)


def _outputs_document(out: Outputs) -> dict[str, Any]:
    return {"reach": out.reach, "terms": list(out.terms), "except_own_derivatives": out.except_own_derivatives,
            "clause": out.clause, "summary": " ".join(out.summary.split()), "unverified": out.unverified}


def license_document(lic: License, reference: Reference | None = None) -> dict[str, Any]:
    return {
        "id": lic.id, "name": lic.name, "family": lic.family, "version": lic.version, "date": lic.date,
        "licensor": lic.licensor, "url": lic.url, "related_urls": dict(lic.related_urls), "spdx_id": lic.spdx_id,
        "scancode_key": lic.scancode_key, "osi_approved": lic.osi_approved, "category": lic.category,
        "summary": " ".join(lic.summary.split()),
        "modifies": lic.identify.modifies,
        "terms": [{"type": t.type, "clause": t.clause, "summary": " ".join(t.summary.split()), **dict(t.params),
                   "unverified": t.unverified}
                  for t in lic.terms],
        "propagation": {"binds": sorted(r.value for r in lic.propagation.binds),
                        "same_license_required": lic.propagation.same_license_required,
                        "relicensing_allowed": lic.propagation.relicensing_allowed,
                        "clause": lic.propagation.clause},
        "outputs": _outputs_document(lic.outputs),
        "unverified": list(lic.unverified),
        "notes": lic.notes or None,
        "reference": {"url": reference.url, "sha256": reference.sha256, "sentences": len(reference.sentences)}
        if reference is not None else None,
    }


def licenses_json(licenses: Sequence[License]) -> str:
    return json.dumps({"schema_version": "1", "licenses": [license_document(lic) for lic in licenses]},
                      indent=2, ensure_ascii=False)
