"""Fax documents: which files can be faxed, and how many pages each renders to."""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass

#: The document types RingCentral renders for faxing (a subset of its published list of
#: supported files: PDF, Office, text, HTML and common images).
SUPPORTED_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/rtf",
        "text/rtf",
        "text/plain",
        "text/html",
        "text/csv",
        "text/xml",
        "application/xml",
        "image/tiff",
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/bmp",
    }
)
_GENERIC_TYPES = ("", "application/octet-stream")


@dataclass(frozen=True)
class Document:
    """One uploaded file."""

    file_name: str
    content_type: str  # as sent; may be empty or generic
    content: bytes


def media_type(document: Document) -> str | None:
    """The document's type (from its part, else from its file name) if it can be faxed."""
    declared = document.content_type.split(";", 1)[0].strip().lower()
    if declared in _GENERIC_TYPES:
        declared = (mimetypes.guess_type(document.file_name)[0] or "").lower()
    return declared if declared in SUPPORTED_TYPES else None


def page_count(content: bytes, content_type: str) -> int | None:
    """Pages a document renders to: a PDF's own page count (None when it cannot be read),
    one page for every other type."""
    if content_type != "application/pdf":
        return 1
    # pypdf is a twentieth of the start-up time, and only faxes of PDFs need it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(content)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    return pages or None
