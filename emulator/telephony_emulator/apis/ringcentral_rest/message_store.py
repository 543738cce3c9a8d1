"""The message store: read, list, download, mark and delete fax records."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.ringcentral_common.fax import Availability, FaxMessage
from telephony_emulator.apis.ringcentral_common.keys import FAXES
from telephony_emulator.apis.ringcentral_rest.context import (
    EXTENSION_PATH,
    RestCaller,
    date_window,
    invalid_parameter,
    not_found,
    paged_list,
    rest_caller,
)
from telephony_emulator.apis.ringcentral_rest.render import message_record
from telephony_emulator.apis.ringcentral_rest.schemas import MessageUpdate, read_json

STORE = EXTENSION_PATH + "/message-store"
_FILTERS = {
    "messageType": {"Fax", "SMS", "VoiceMail", "Pager", "Text"},
    "direction": {"Inbound", "Outbound"},
    "readStatus": {"Read", "Unread"},
    "availability": {"Alive", "Deleted", "Purged"},
}
routes = web.RouteTableDef()


def _message(request: web.Request, caller: RestCaller) -> FaxMessage:
    message = request.app[FAXES].store.get(request.match_info["messageId"])
    if (
        message is None
        or message.account_id != caller.account.id
        or message.availability is Availability.PURGED
    ):
        raise not_found("messageId")
    return message


@routes.get(STORE)
async def list_messages(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    wanted = {name: _multi(request, name) for name in _FILTERS}
    wanted["availability"] = wanted["availability"] or {"Alive"}
    now = request.app[FAXES].engine.clock.now()
    date_from, date_to = date_window(request, now)
    records = [
        message
        for message in reversed(request.app[FAXES].store.of_account(caller.account.id))
        if date_from <= message.created_at <= date_to
        and _keeps(wanted["messageType"], "Fax")
        and _keeps(wanted["direction"], "Outbound")
        and _keeps(wanted["readStatus"], message.read_status)
        and _keeps(wanted["availability"], message.availability.value)
    ]
    body = paged_list(
        request,
        f"{caller.extension_uri}/message-store",
        records,
        lambda m: message_record(caller, m),
    )
    return web.json_response(body)


def _multi(request: web.Request, name: str) -> set[str]:
    values = set(request.query.getall(name, []))
    if not values <= _FILTERS[name]:
        raise invalid_parameter(name)
    return values


def _keeps(wanted: set[str], value: str) -> bool:
    return not wanted or value in wanted


@routes.get(STORE + "/{messageId}")
async def get_message(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    return web.json_response(message_record(caller, _message(request, caller)))


@routes.get(STORE + "/{messageId}/content/{attachmentId}")
async def get_content(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    message = _message(request, caller)
    attachment = message.attachment(request.match_info["attachmentId"])
    content = None
    if attachment is not None:
        content = await request.app[FAXES].store.content(attachment.id)
    if attachment is None or content is None:
        raise not_found("attachmentId")
    return web.Response(body=content, content_type=attachment.content_type)


@routes.delete(STORE + "/{messageId}")
async def delete_message(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    message = _message(request, caller)
    purge = request.query.get("purge", "false").lower()
    if purge not in ("true", "false"):
        raise invalid_parameter("purge")
    await request.app[FAXES].delete(message, purge=purge == "true")
    return web.Response(status=204)


@routes.put(STORE + "/{messageId}")
@routes.patch(STORE + "/{messageId}")
async def update_message(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    message = _message(request, caller)
    body = await read_json(request, MessageUpdate)
    read_status, availability = body.read_status, body.availability
    if availability is not None and (request.method != "PATCH" or availability != "Alive"):
        raise invalid_parameter("availability")
    if read_status is None and availability is None:
        raise invalid_parameter("readStatus")
    request.app[FAXES].update(message, read_status=read_status, restore=availability == "Alive")
    return web.json_response(message_record(caller, message))
