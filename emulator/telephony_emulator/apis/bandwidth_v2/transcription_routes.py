"""Voice v2 real-time transcription endpoints (reference bandwidth-v2.md §2, rows 26-28)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2.auth import voice_account
from telephony_emulator.apis.bandwidth_v2.keys import VOICE
from telephony_emulator.apis.bandwidth_v2.render import json_response

routes: web.RouteTableDef = web.RouteTableDef()
_BASE = "/accounts/{accountId}/calls/{callId}/transcriptions"


@routes.get(_BASE)
async def list_real_time_transcriptions(request: web.Request) -> web.Response:
    voice = request.app[VOICE]
    call = voice.get_call(voice_account(request), request.match_info["callId"])
    return json_response(voice.host.streams.list_call(call))


@routes.get(_BASE + "/{transcriptionId}")
async def get_real_time_transcription(request: web.Request) -> web.Response:
    voice = request.app[VOICE]
    account = voice_account(request)
    call = voice.get_call(account, request.match_info["callId"])
    found = voice.host.streams.get(account, call, request.match_info["transcriptionId"])
    return json_response(found)


@routes.delete(_BASE + "/{transcriptionId}")
async def delete_real_time_transcription(request: web.Request) -> web.Response:
    voice = request.app[VOICE]
    call = voice.get_call(voice_account(request), request.match_info["callId"])
    voice.host.streams.delete(call, request.match_info["transcriptionId"])
    return web.Response(status=200)  # 200 without a body (reference §2, row 28)
