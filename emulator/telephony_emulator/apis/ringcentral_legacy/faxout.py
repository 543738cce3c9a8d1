"""``POST /faxapi.asp``: the legacy FaxOut page (reference ringcentral.md §1.3).

A multipart form with case-insensitive field names; the reply is one digit in plain text:
0 accepted, 1 authorization failed, 2 faxing prohibited, 3 no recipients, 4 no fax data,
5 generic error. An accepted fax is the same fax the REST API sends (and lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import BodyPartReader, web

from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.apis.ringcentral_common.fax_documents import Document, media_type
from telephony_emulator.apis.ringcentral_common.fax_sending import FaxOrder
from telephony_emulator.apis.ringcentral_common.keys import FAXES
from telephony_emulator.apis.ringcentral_legacy.auth import check_login
from telephony_emulator.apis.ringcentral_legacy.pages import legacy_params
from telephony_emulator.keys import STATE
from telephony_emulator.middlewares import refuse_oversize

routes = web.RouteTableDef()
ACCEPTED, PROHIBITED, NO_RECIPIENTS, NO_FAX_DATA, GENERIC_ERROR = "0", "2", "3", "4", "5"
#: Cover pages by name, numbered as REST's ``coverIndex`` (reference §1.1); ``Default`` and
#: an empty or unknown name mean the user's default cover page.
COVER_PAGES = {
    name.lower(): index
    for index, name in enumerate(
        (
            "None",
            "Ancient",
            "Birthday",
            "Blank",
            "ClasMod",
            "Classic",
            "Confidential",
            "Contempo",
            "Elegant",
            "Express",
            "Formal",
            "Jazzy",
            "Modern",
            "Urgent",
        )
    )
}


@dataclass
class _Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)

    def one(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[-1] if values else None


def _reply(digit: str) -> web.Response:
    return web.Response(text=digit, content_type="text/plain")


@routes.post("/faxapi.asp")
async def send_fax(request: web.Request) -> web.Response:
    multipart = request.content_type == "multipart/form-data"
    try:
        form = await _read_form(request) if multipart else await _read_plain(request)
    except (ValueError, AssertionError, LookupError):  # LookupError: an unknown charset
        return _reply(GENERIC_ERROR)
    extension = form.one("ext") or form.one("extension")
    account = check_login(
        form.one("username"), extension, form.one("password"), request.app[STATE].accounts
    )
    if not account.ringcentral_settings.faxing:
        return _reply(PROHIBITED)
    if not multipart:  # no file can come any other way
        return _reply(GENERIC_ERROR)
    recipients = [value for value in form.fields.get("recipient", []) if value.strip()]
    if not recipients:
        return _reply(NO_RECIPIENTS)
    documents = [document for document in form.documents if document.content]
    if not documents:
        return _reply(NO_FAX_DATA)
    order = _order(form, recipients, documents)
    if order is None:
        return _reply(GENERIC_ERROR)
    await request.app[FAXES].submit(account, order, origin="ringcentral_legacy")
    return _reply(ACCEPTED)


async def _read_plain(request: web.Request) -> _Form:
    """Fields of a request that is not multipart: the query string and a form body, if any."""
    form = _Form()
    for name, value in (await legacy_params(request)).items():
        form.fields.setdefault(name, []).append(value)
    return form


async def _read_form(request: web.Request) -> _Form:
    refuse_oversize(request)
    reader = await request.multipart()
    form = _Form()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            raise ValueError("nested multipart")
        name = (part.name or "").lower()
        if name == "attachment":
            content_type = part.headers.get("Content-Type", "")
            content = bytes(await part.read())
            form.documents.append(Document(part.filename or "", content_type, content))
        else:
            form.fields.setdefault(name, []).append(await part.text())
    return form


def _order(form: _Form, recipients: list[str], documents: list[Document]) -> FaxOrder | None:
    """The fax the form asks for; None when a recipient or document is unusable."""
    numbers: list[tuple[str, str | None]] = []
    for value in recipients:
        raw, _, name = value.partition("|")
        number = dialing.to_e164(raw)
        if number is None or not number.startswith("+"):
            return None
        numbers.append((number, name.strip() or None))
    resolved = []
    for position, document in enumerate(documents, 1):
        kind = media_type(document)
        if kind is None:
            return None
        resolved.append(
            Document(document.file_name or f"attachment{position}", kind, document.content)
        )
    resolution = (form.one("resolution") or "").strip().capitalize()
    cover = (form.one("coverpage") or "").strip().lower()
    return FaxOrder(
        recipients=numbers,
        documents=resolved,
        resolution=resolution if resolution in ("High", "Low") else "Low",
        cover_index=COVER_PAGES.get(cover),
        cover_page_text=form.one("coverpagetext") or None,
        send_at=_send_time(form.one("sendtime")),
    )


def _send_time(value: str | None) -> datetime | None:
    """``dd:mm:yy hh:mm`` in GMT; anything else means now (reference §1.3)."""
    try:
        return datetime.strptime((value or "").strip(), "%d:%m:%y %H:%M").replace(tzinfo=UTC)
    except ValueError:
        return None
