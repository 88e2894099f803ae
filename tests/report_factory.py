"""Real ``AuditReport`` values for format tests, built the way ``modelaudit check`` builds them.

Models come from the bundled Hub snapshot (offline, reproducible) or from local model directories a
test writes; ``generated_at`` is fixed so two builds of the same audit differ in nothing but what the
test changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from modelaudit.results import AuditReport, Location, ModelReport

REPO_ROOT = Path(__file__).resolve().parent.parent
PROFILES = REPO_ROOT / "examples" / "profiles"
GENERATED_AT = "2026-11-25T12:00:00+00:00"
TODAY = dt.date(2026, 11, 25)
R1_LLAMA = "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"


def build_report(
    references: Sequence[str],
    *,
    profile: str | Path | None = None,
    waivers: object | None = None,
    locations: Mapping[str, tuple[Location, ...]] | None = None,
    generated_at: str = GENERATED_AT,
    today: dt.date = TODAY,
) -> AuditReport:
    """Audit ``references`` offline (bundled snapshot; local directories read from disk).

    ``profile`` is a file under ``examples/profiles`` by stem ("startup") or a path; ``waivers`` a
    ``Waivers`` value; ``locations`` maps a reference to where it was named (as ``--from-file`` does).
    """
    from modelaudit.api import check
    from modelaudit.audit import Target
    from modelaudit.policy.profile import Profile, load_profile
    from modelaudit.policy.waivers import Waivers

    if profile is None:
        loaded = Profile()
    else:
        path = Path(profile)
        if not path.suffix:
            path = PROFILES / f"{profile}.yaml"
        loaded = load_profile(path)
        # Report the profile by its repo-relative path, as a user running from the repo root would.
        loaded = dataclasses.replace(loaded, source=_relative(path))
    chosen_waivers = waivers if isinstance(waivers, Waivers) else Waivers()
    targets = [Target(ref, (locations or {}).get(ref, ())) for ref in references]
    report = check(targets, profile=loaded, waivers=chosen_waivers, offline=True, as_of=today, workers=2)
    return dataclasses.replace(report, generated_at=generated_at)


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def with_model(report: AuditReport, index: int, **changes: object) -> AuditReport:
    """The report with one ModelReport's fields replaced (for synthetic cases)."""
    models: list[ModelReport] = list(report.results)
    models[index] = dataclasses.replace(models[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(report, results=tuple(models))


HOSTILE = "<script>alert(1)</script>"
HOSTILE_MARKDOWN = "**bold** [click](javascript:alert(1)) | cell | `code` ![img](https://example.com/x.png)"


def hostile_model_dir(root: Path) -> Path:
    """A local model whose card carries HTML and Markdown injection in its licence name, its README
    prose and its directory name, derived from a snapshot model so the lineage has Hub nodes too."""
    import yaml

    model = root / 'evil-"model"-<img src=x onerror=alert(2)>'
    model.mkdir(parents=True)
    card = {
        "license": "other",
        # \x01 is legal in YAML and JSON but can never appear in XML 1.0, not even escaped.
        "license_name": f"{HOSTILE} {HOSTILE_MARKDOWN} \x01",
        "license_link": "javascript:alert(3)",
        "base_model": "meta-llama/Llama-3.3-70B-Instruct",
        "pipeline_tag": "text-generation",
    }
    body = (
        f"\n# Evil model\n\n{HOSTILE}\n\nThe model weights are released under the {HOSTILE} license. "
        f"{HOSTILE_MARKDOWN}\n\n# Heading injection\n- list injection\n"
    )
    (model / "README.md").write_text(f"---\n{yaml.safe_dump(card, sort_keys=False)}---\n{body}", encoding="utf-8")
    return model
