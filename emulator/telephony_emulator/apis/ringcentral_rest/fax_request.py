"""Reading ``POST …/fax``: both multipart forms into a validated :class:`FaxOrder`.

The body is ``multipart/form-data`` or ``multipart/mixed`` (reference ringcentral.md §2.4). Its
first part may be the JSON envelope — recognised by its Content-Type, whatever its name (the
Python SDK calls it ``json``, the docs' example names it not at all); otherwise plain fields
(``to`` repeated, ``faxResolution``, ``sendTime``, ``isoCode``, ``coverIndex``,
``coverPageText``) carry the same settings. Every other part is a document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import BodyPartReader, web

from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.apis.ringcentral_common.fax_documents import Document, media_type
from telephony_emulator.apis.ringcentral_common.fax_sending import FaxOrder
from telephony_emulator.apis.ringcentral_rest.context import invalid_parameter, iso_datetime
from telephony_emulator.errors import InvalidRequest, UnsupportedMediaType
from telephony_emulator.middlewares import refuse_oversize

FIELDS = frozenset({"to", "faxResolution", "sendTime", "isoCode", "coverIndex", "coverPageText"})
MAX_COVER_TEXT = 1024
MAX_COVER_INDEX = 13


def envelope_error() -> InvalidRequest:
    return InvalidRequest("Unable to parse fax envelope", code="MSG-349")


@dataclass
class _Parts:
    envelope: dict[str, Any] | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)


async def read_fax_order(request: web.Request) -> FaxOrder:
    """The fax the request asks for; the vendor's 400/415 errors otherwise."""
    if request.content_type not in ("multipart/form-data", "multipart/mixed"):
        raise envelope_error()
    refuse_oversize(request)
    try:
        parts = await _read_parts(request)
    except (ValueError, AssertionError, LookupError):  # LookupError: an unknown charset
        raise envelope_error() from None
    settings = parts.envelope if parts.envelope is not None else _from_fields(parts.fields)
    return _order(settings, parts.documents)


async def _read_parts(request: web.Request) -> _Parts:
    reader = await request.multipart()
    parts = _Parts()
    first = True
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise ValueError("nested multipart")
        content_type = part.headers.get("Content-Type", "")
        name = part.name or ""
        if name in FIELDS:
            parts.fields.setdefault(name, []).append(await part.text())
        elif first and content_type.split(";")[0].strip().lower() == "application/json":
            envelope = json.loads(await part.text())
            if not isinstance(envelope, dict):
                raise ValueError("the envelope is not an object")
            parts.envelope = envelope
        else:
            content = bytes(await part.read())
            parts.documents.append(Document(part.filename or "", content_type, content))
        first = False
    return parts


def _from_fields(fields: dict[str, list[str]]) -> dict[str, Any]:
    """Plain form fields in the envelope's shape."""
    settings: dict[str, Any] = {"to": [{"phoneNumber": value} for value in fields.get("to", [])]}
    for name, values in fields.items():
        if name != "to" and values:
            settings[name] = values[-1]
    return settings


def _order(settings: dict[str, Any], documents: list[Document]) -> FaxOrder:
    recipients = _recipients(settings.get("to"))
    resolution = settings.get("faxResolution") or "Low"
    if resolution not in ("High", "Low"):
        raise invalid_parameter("faxResolution")
    cover_text = settings.get("coverPageText")
    if cover_text is not None and (
        not isinstance(cover_text, str) or len(cover_text) > MAX_COVER_TEXT
    ):
        raise invalid_parameter("coverPageText")
    if not documents:
        raise invalid_parameter("attachment")
    return FaxOrder(
        recipients=recipients,
        documents=[_document(number, item) for number, item in enumerate(documents, 1)],
        resolution=resolution,
        cover_index=_cover_index(settings.get("coverIndex")),
        cover_page_text=cover_text or None,
        send_at=_send_time(settings.get("sendTime")),
    )


def _recipients(value: Any) -> list[tuple[str, str | None]]:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list) or not value:
        raise invalid_parameter("to")
    recipients: list[tuple[str, str | None]] = []
    for item in value:
        raw, name = (item, None) if isinstance(item, str) else (None, None)
        if isinstance(item, dict):
            raw, name = item.get("phoneNumber"), item.get("name")
        number = dialing.to_e164(raw) if isinstance(raw, str) else None
        if (
            number is None
            or not number.startswith("+")
            or not (name is None or isinstance(name, str))
        ):
            raise invalid_parameter("to")
        recipients.append((number, name))
    return recipients


def _cover_index(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        index = int(value)
    except (TypeError, ValueError):
        raise invalid_parameter("coverIndex") from None
    if isinstance(value, (bool, float)) or not 0 <= index <= MAX_COVER_INDEX:
        raise invalid_parameter("coverIndex")
    return index


def _send_time(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise invalid_parameter("sendTime")
    return iso_datetime(value, "sendTime")


def _document(position: int, document: Document) -> Document:
    if not document.content:
        raise InvalidRequest("Attachment body is empty", code="MSG-347")
    resolved = media_type(document)
    if resolved is None:
        raise UnsupportedMediaType("Unsupported attachment media type", code="MSG-348")
    name = document.file_name or f"attachment{position}"
    return Document(name, resolved, document.content)
