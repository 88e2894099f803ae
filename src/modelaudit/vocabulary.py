"""Words and file names that several layers must read the same way.

Which card ``license`` values say nothing about the licence, and which file names hold licence or
notice text, decide both what a source fetches (``sources/file_plan.py``, ``sources/local.py``)
and how the licence is identified (``licensing/identify.py``). Two copies drifted apart once
(``license: custom`` was resolved from a LICENSE file that was never fetched), so there is one.
"""

from __future__ import annotations

import re
from functools import cache

from modelaudit.resources import data_dir

#: Card ``license`` values (and ``license:<value>`` tags) that do not identify a licence on their
#: own: the licence must be looked for in ``license_name`` / ``license_link``, the LICENSE file or
#: the README. Compared after ``strip().lower()``.
UNSPECIFIC_LICENSE_VALUES: frozenset[str] = frozenset({
    "",
    "other",
    "unknown",
    "none",
    "n/a",
    "na",
    "custom",
    "unspecified",
    "not specified",
    "see license",
    "see-license",
    "see license file",
})

_LICENSE_FILE = re.compile(
    r"^(licen[sc]e|copying|licen[sc]e[-_]model|model[-_]licen[sc]e|use[-_]policy|acceptable[-_]use[-_]policy)"
    r"(\.(txt|md|rst))?$",
    re.IGNORECASE,
)
# The repo's own licence (not its use policy): a text nothing recognises is still a declaration.
_OWN_LICENSE_FILE = re.compile(
    r"^(?:licen[sc]e|copying|licen[sc]e[-_]model|model[-_]licen[sc]e)(?:\.(?:txt|md|rst))?$", re.IGNORECASE
)
_NOTICE_FILE = re.compile(r"^notice(\.(txt|md))?$", re.IGNORECASE)


def is_unspecific_license(value: object) -> bool:
    """A card licence value that needs other evidence to be identified (``other``, ``custom``, ``n/a``...)."""
    return str(value).strip().lower() in UNSPECIFIC_LICENSE_VALUES


@cache
def _text_checked_licenses() -> frozenset[str]:
    try:
        return frozenset(p.stem.lower() for p in (data_dir("licenses") / "references").glob("*.yaml"))
    except FileNotFoundError:
        return frozenset()


def is_text_checked_license(value: object) -> bool:
    """A card licence value whose licence text is often copied with clauses added ("MIT plus a revenue
    cut-off"): the generic licences the knowledge base holds a reference text for
    (``licenses/references/<id>.yaml``). The card's word is then not enough: the repository's licence file is
    read and compared whole, so a modified text is not taken for the original."""
    return str(value).strip().lower() in _text_checked_licenses()


def is_license_file(name: str) -> bool:
    """LICENSE, COPYING, MODEL_LICENSE, USE_POLICY ... (root-level name, optional .txt/.md/.rst)."""
    return bool(_LICENSE_FILE.match(name))


def is_own_license_file(name: str) -> bool:
    """A licence file that states the repo's own licence (a use policy does not)."""
    return bool(_OWN_LICENSE_FILE.match(name))


def is_notice_file(name: str) -> bool:
    return bool(_NOTICE_FILE.match(name))


# -- the organisation profile's closed vocabularies (policy/profile.py reads them; licence terms name them) --

#: What an organisation may say it does with models (profile ``uses``); an attribution duty's ``triggers``.
PROFILE_USES: tuple[str, ...] = (
    "commercial", "research", "hosted-service", "fine-tuning", "distillation", "redistribution",
)
#: What kind of organisation the profile describes (profile ``entity_type``): some licences grant or withhold
#: rights by it (the MRL's "Research Purposes" leave out a company's staff at work, whatever the project).
ENTITY_TYPES: tuple[str, ...] = ("company", "individual", "academic", "government")
#: Sector words licence terms test (a use restriction's ``sectors``), so a military-use ban can block a defence
#: profile. A profile may state any other sector; it simply meets no such term.
KNOWN_SECTORS: tuple[str, ...] = ("military", "defence")
