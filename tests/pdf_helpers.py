"""Reading a PDF report back as text (pypdf, test extra), page by page."""

from __future__ import annotations

import io


def pdf_text(data: bytes) -> list[str]:
    """The text of every page, in page order."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
