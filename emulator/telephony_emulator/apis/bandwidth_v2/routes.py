"""Voice v2 call endpoints, at ``/api/v2/accounts/...`` and at the root (as Prism serves them)."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2.auth import check_basic
from telephony_emulator.apis.bandwidth_v2.render import (
    call_state,
    call_url,
    create_call_response,
    json_response,
)
from telephony_emulator.apis.bandwidth_v2.schemas import (
    check_xml_content_type,
    parse_create_call,
    parse_list_calls_query,
    parse_update_call,
)
from telephony_emulator.bxml.parser import BxmlError, parse_bxml
from telephony_emulator.core.accounts import Account
from telephony_emulator.errors import InvalidRequest
from telephony_emulator.keys import STATE, VOICE
from telephony_emulator.public_url import public_base

routes = web.RouteTableDef()
PREFIXES = ("/api/v2", "")


def voice_account(request: web.Request) -> Account:
    return check_basic(
        request.headers.get("Authorization"),
        request.match_info["accountId"],
        request.app[STATE].accounts,
    )


async def create_call(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_create_call(await request.read(), request.headers.get("Content-Type"))
    call = await request.app[VOICE].create_call(account, body, public_base(request))
    return json_response(create_call_response(call), 201, {"Location": call_url(call)})


async def list_calls(request: web.Request) -> web.Response:
    account = voice_account(request)
    query = parse_list_calls_query(request.query)
    page = request.app[VOICE].list_calls(account, query)
    body = [call_state(call) for call in page.items]
    return json_response(body, headers=next_page_link(request, page.next_token))


def next_page_link(request: web.Request, next_token: str | None) -> dict[str, str]:
    """The ``Link`` header pointing at the next page, when there is one."""
    if next_token is None:
        return {}
    params = {k: v for k, v in request.query.items() if k != "pageToken"}
    params["pageToken"] = next_token
    link = f"{public_base(request)}{request.path}?{urlencode(params)}"
    return {"Link": f'<{link}>; rel="next"'}


async def get_call_state(request: web.Request) -> web.Response:
    account = voice_account(request)
    call = request.app[VOICE].get_call(account, request.match_info["callId"])
    return json_response(call_state(call))


async def update_call(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_update_call(await request.read(), request.headers.get("Content-Type"))
    await request.app[VOICE].update_call(account, request.match_info["callId"], body)
    return web.Response(status=200)


async def update_call_bxml(request: web.Request) -> web.Response:
    account = voice_account(request)
    check_xml_content_type(request.headers.get("Content-Type"))
    try:
        document = parse_bxml(await request.read())
    except BxmlError as error:
        raise InvalidRequest(str(error)) from None
    await request.app[VOICE].update_call_bxml(account, request.match_info["callId"], document)
    return web.Response(status=204)


async def get_statistics(request: web.Request) -> web.Response:
    account = voice_account(request)
    return json_response(request.app[VOICE].statistics(account))


for prefix in PREFIXES:
    base = prefix + "/accounts/{accountId}"
    routes.post(base + "/calls")(create_call)
    routes.get(base + "/calls")(list_calls)
    routes.get(base + "/calls/{callId}")(get_call_state)
    routes.post(base + "/calls/{callId}")(update_call)
    routes.put(base + "/calls/{callId}/bxml")(update_call_bxml)
    routes.get(base + "/statistics")(get_statistics)
