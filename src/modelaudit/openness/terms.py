"""Whether licence terms are open, in OSAID's and in the Model Openness Framework's sense.

OSAID asks for terms that grant the freedoms to use, study, modify and share (the OSI's approval is
the test); the MOF accepts open data and content licences for the weights too. Shared by the OSAID
components, the MOF classification and the published-assessment overlay.
"""

from __future__ import annotations

from collections.abc import Iterable

from modelaudit.licensing.model import License

#: Categories whose licences MOF accepts for a data-type component such as the weights even when the
#: OSI has not approved them (open data and content licences such as CC-BY, CC-BY-SA, CC0).
_MOF_OPEN_CATEGORIES = frozenset({"public-domain", "permissive", "weak-copyleft", "copyleft"})


def osd_conformant(lic: License | None) -> bool | None:
    """Do these terms grant use, study, modification and sharing for any purpose (OSAID's test)?

    OSI approval is the test for code and, by OSAID's reference to OSI-approved terms, for the
    parameters too; a public-domain dedication (CC0) grants at least as much. Open content licences
    the OSI has not reviewed (CC-BY, CC-BY-SA) grant the freedoms but are not OSI-approved: None, so
    that such weights are neither passed nor failed on our say-so. None also when the licence is unknown.
    """
    if lic is None:
        return None
    if lic.osi_approved or lic.category == "public-domain":
        return True
    return None if lic.category in _MOF_OPEN_CATEGORIES else False


def open_for_mof(lic: License | None) -> bool | None:
    """Is the licence open in the MOF's sense for the weights (a data-type component)?"""
    if lic is None:
        return None
    return bool(osd_conformant(lic)) or lic.category in _MOF_OPEN_CATEGORIES


def combined(values: Iterable[bool | None]) -> bool | None:
    """All must hold: any False decides, then any None leaves it open."""
    values = list(values)
    if not values:
        return None
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True

