"""Voice v2 call endpoints (createCall, listCalls, getCallState, updateCall, BXML, statistics)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2.auth import voice_account
from telephony_emulator.apis.bandwidth_v2.keys import VOICE
from telephony_emulator.apis.bandwidth_v2.render import (
    call_state,
    call_url,
    create_call_response,
    json_response,
    next_page_link,
)
from telephony_emulator.apis.bandwidth_v2.schemas import (
    check_xml_content_type,
    parse_create_call,
    parse_list_calls_query,
    parse_update_call,
)
from telephony_emulator.bxml.parser import BxmlError, parse_bxml
from telephony_emulator.errors import InvalidRequest
from telephony_emulator.public_url import public_base

routes: web.RouteTableDef = web.RouteTableDef()


@routes.post("/accounts/{accountId}/calls")
async def create_call(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_create_call(await request.read(), request.headers.get("Content-Type"))
    call = await request.app[VOICE].create_call(account, body, public_base(request))
    return json_response(create_call_response(call), 201, {"Location": call_url(call)})


@routes.get("/accounts/{accountId}/calls")
async def list_calls(request: web.Request) -> web.Response:
    account = voice_account(request)
    query = parse_list_calls_query(request.query)
    page = request.app[VOICE].list_calls(account, query)
    body = [call_state(call) for call in page.items]
    return json_response(body, headers=next_page_link(request, page.next_token))


@routes.get("/accounts/{accountId}/calls/{callId}")
async def get_call_state(request: web.Request) -> web.Response:
    account = voice_account(request)
    call = await request.app[VOICE].read_call(account, request.match_info["callId"])
    return json_response(call_state(call))


@routes.post("/accounts/{accountId}/calls/{callId}")
async def update_call(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_update_call(await request.read(), request.headers.get("Content-Type"))
    await request.app[VOICE].update_call(account, request.match_info["callId"], body)
    return web.Response(status=200)


@routes.put("/accounts/{accountId}/calls/{callId}/bxml")
async def update_call_bxml(request: web.Request) -> web.Response:
    account = voice_account(request)
    check_xml_content_type(request.headers.get("Content-Type"))
    try:
        document = parse_bxml(await request.read())
    except BxmlError as error:
        raise InvalidRequest(str(error)) from None
    await request.app[VOICE].update_call_bxml(account, request.match_info["callId"], document)
    return web.Response(status=204)


@routes.get("/accounts/{accountId}/statistics")
async def get_statistics(request: web.Request) -> web.Response:
    account = voice_account(request)
    return json_response(request.app[VOICE].statistics(account))
