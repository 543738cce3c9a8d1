"""Messaging v2 routes, at ``/api/v2/users/...`` and at the root (as Prism serves them)."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from telephony_emulator.apis.bandwidth_messaging_v2.keys import MESSAGING_SERVICE
from telephony_emulator.apis.bandwidth_messaging_v2.render import (
    json_response,
    list_item,
    media_json,
    message_json,
)
from telephony_emulator.apis.bandwidth_messaging_v2.schemas import (
    check_json_content_type,
    parse_list_query,
    parse_message_request,
)
from telephony_emulator.apis.bandwidth_messaging_v2.service import page_token
from telephony_emulator.apis.bandwidth_v2.auth import check_basic
from telephony_emulator.apis.common.routing import mounted
from telephony_emulator.core.accounts import Account
from telephony_emulator.errors import Forbidden
from telephony_emulator.keys import CLOCK, STATE
from telephony_emulator.public_url import public_base

routes = web.RouteTableDef()
MEDIA_PATH = "/users/{accountId}/media/{mediaId:.+}"


def messaging_account(request: web.Request) -> Account:
    """401 "Authentication Failed" unless the Basic credentials are good, 403 for another
    account's path; every route checks this first."""
    return check_basic(
        request.headers.get("Authorization"),
        request.match_info["accountId"],
        request.app[STATE].accounts,
    )


@routes.post("/users/{accountId}/messages")
async def create_message(request: web.Request) -> web.Response:
    account = messaging_account(request)
    check_json_content_type(request.headers.get("Content-Type"))
    body = parse_message_request(await request.read(), request.app[CLOCK].now())
    service = request.app[MESSAGING_SERVICE]
    message = await service.create_message(account, body, public_base(request))
    return json_response(message_json(message), 202)


@routes.get("/users/{accountId}/messages")
async def list_messages(request: web.Request) -> web.Response:
    account = messaging_account(request)
    query = parse_list_query(request.query)
    page = request.app[MESSAGING_SERVICE].list_messages(account, query)

    def link(offset: int) -> tuple[str, str]:
        token = page_token(offset)
        params = {k: v for k, v in request.query.items() if k != "pageToken"}
        url = f"{public_base(request)}{request.path}?{urlencode({**params, 'pageToken': token})}"
        return url, token

    page_info: dict[str, str] = {}
    if page.offset > 0:
        page_info["prevPage"], page_info["prevPageToken"] = link(max(0, page.offset - query.limit))
    if page.next_offset is not None:
        page_info["nextPage"], page_info["nextPageToken"] = link(page.next_offset)
    body = {
        "totalCount": page.total,
        "pageInfo": page_info,
        "messages": [list_item(message, recipient) for message, recipient in page.items],
    }
    return json_response(body)


@routes.post("/users/{accountId}/messages/multiChannel")
async def create_multi_channel_message(request: web.Request) -> web.Response:
    messaging_account(request)
    # Not emulated: multi-channel (RBM first, SMS/MMS fallback) is a beta feature enabled per
    # account; every emulated account answers as one without it.
    raise Forbidden()


@routes.get("/users/{accountId}/media")
async def list_media(request: web.Request) -> web.Response:
    account = messaging_account(request)
    token = request.headers.get("Continuation-Token")
    items, next_token = request.app[MESSAGING_SERVICE].list_media(account, token)
    base = public_base(request)
    headers = {"Continuation-Token": next_token} if next_token else None
    return json_response([media_json(item, base) for item in items], headers=headers)


@routes.get(MEDIA_PATH)
async def get_media(request: web.Request) -> web.Response:
    account = messaging_account(request)
    item = request.app[MESSAGING_SERVICE].get_media(account, request.match_info["mediaId"])
    headers = {"Content-Type": item.content_type}  # as uploaded, parameters included
    if item.cache_control:
        headers["Cache-Control"] = item.cache_control
    return web.Response(body=item.content, headers=headers)


@routes.put(MEDIA_PATH)
async def upload_media(request: web.Request) -> web.Response:
    account = messaging_account(request)
    content_type = request.headers.get("Content-Type")
    await request.app[MESSAGING_SERVICE].upload_media(
        account,
        request.match_info["mediaId"],
        content_type,
        await request.read(),
        request.headers.get("Cache-Control"),
    )
    return web.Response(status=204)


@routes.delete(MEDIA_PATH)
async def delete_media(request: web.Request) -> web.Response:
    account = messaging_account(request)
    await request.app[MESSAGING_SERVICE].delete_media(account, request.match_info["mediaId"])
    return web.Response(status=204)


routes = mounted((routes,), ("/api/v2", ""))
