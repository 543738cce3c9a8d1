"""Catapult v1 messages (§2.2): send one (201) or a batch (202), get, list, redact."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.errors import error_object
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.paging import after_cursor, link_header, paged
from telephony_emulator.apis.bandwidth_v1.schemas import (
    SendMessage,
    decode_object,
    parse_object,
    query_time_of_day,
)
from telephony_emulator.errors import EmulatorError, InvalidRequest

routes = web.RouteTableDef()
PATH = "/users/{userId}/messages"


@routes.post(PATH)
async def send_message(request: web.Request) -> web.Response:
    account = user_account(request)
    messages = request.app[CATAPULT_SERVICES].messages
    raw = await request.read()
    base = render.api_base(request).removesuffix("/v1")
    if raw.lstrip().startswith(b"["):
        items = _decode_list(raw)
        messages.check_batch(items)
        results: list[dict[str, Any]] = []
        for item in items:
            try:
                if not isinstance(item, dict):
                    raise InvalidRequest("Each message must be a JSON object")
                sent = await messages.send(account, parse_object(SendMessage, item), base)
            except EmulatorError as error:
                results.append({"result": "error", "error": {**error_object(error), "details": []}})
                continue
            location = render.user_url(request, account, "messages", sent.id)
            results.append({"result": "accepted", "location": location})
        return render.json_response(results, status=202)
    body = parse_object(SendMessage, decode_object(raw))
    sent = await messages.send(account, body, base)
    return render.created(render.user_url(request, account, "messages", sent.id))


@routes.get(PATH)
async def list_messages(request: web.Request) -> web.Response:
    account = user_account(request)
    query = request.query
    order = (query.get("sortOrder") or "desc").lower()
    if order not in ("asc", "desc"):
        raise InvalidRequest(f"The sortOrder {order} is not one of asc, desc")
    found = request.app[CATAPULT_SERVICES].messages.matching(
        account,
        from_=query.get("from") or None,
        to=query.get("to") or None,
        since=query_time_of_day(query, "fromDateTime"),
        until=query_time_of_day(query, "toDateTime"),
        direction=query.get("direction") or None,
        state=query.get("state") or None,
        delivery_state=query.get("deliveryState") or None,
    )
    if "page" in query:  # the seed's gem pages by number (§10); clients since by the cursor
        ordered = sorted(found, key=lambda view: view.sort_key, reverse=order == "desc")
        page = paged(ordered, query)
    else:
        page = after_cursor(found, query, lambda view: view.sort_key, descending=order == "desc")
    body = [render.message(request, account, view) for view in page.items]
    return render.json_response(body, headers=link_header(request, page))


@routes.get(PATH + "/{messageId}")
async def get_message(request: web.Request) -> web.Response:
    account = user_account(request)
    view = request.app[CATAPULT_SERVICES].messages.get(account, request.match_info["messageId"])
    return render.json_response(render.message(request, account, view))


@routes.patch(PATH + "/{messageId}")
async def redact_message(request: web.Request) -> web.Response:
    account = user_account(request)
    body = decode_object(await request.read())
    # The one change allowed: emptying the text (reference §2.2).
    if body != {"text": ""}:
        raise InvalidRequest('Only {"text": ""} is allowed: the text can only be removed')
    request.app[CATAPULT_SERVICES].messages.redact(account, request.match_info["messageId"])
    return render.no_content()


def _decode_list(raw: bytes) -> list[Any]:
    try:
        items = json.loads(raw)
    except ValueError:
        raise InvalidRequest("The request body is not valid JSON", code="invalid-json") from None
    assert isinstance(items, list)
    return items
