"""The dump's expected schema: ``librarian-bots/model_cards_with_metadata`` as the Hub publishes it.

Earlier revisions of that dataset had other columns; a dump of another shape is one clear error, never a
half-read index.
"""

from __future__ import annotations

from collections.abc import Sequence

from modelaudit.errors import UsageError

#: Column -> the kinds accepted (``Backend.columns``).
EXPECTED: dict[str, tuple[str, ...]] = {
    "modelId": ("text",),
    "author": ("text",),
    "last_modified": ("time", "text"),
    "downloads": ("number",),
    "likes": ("number",),
    "library_name": ("text",),
    "tags": ("list<text>",),
    "pipeline_tag": ("text",),
    "createdAt": ("time", "text"),
    "card": ("text",),
}
DATASET = "librarian-bots/model_cards_with_metadata"


def check_schema(columns: Sequence[tuple[str, str]]) -> list[str]:
    """Raise ``UsageError`` for a dump of another schema; return the extra columns (ignored, recorded)."""
    have = dict(columns)
    missing = [name for name in EXPECTED if name not in have]
    if missing:
        raise UsageError(f"the dump is not {DATASET}'s schema: no column {', '.join(missing)} "
                         f"(it has {', '.join(sorted(have)) or 'no columns'})")
    for name, kinds in EXPECTED.items():
        if have[name] not in kinds:
            what = "a list of strings" if name == "tags" else " or ".join(kinds)
            raise UsageError(f"the dump is not {DATASET}'s schema: column {name} is {have[name]}, expected {what}")
    return sorted(set(have) - set(EXPECTED))
