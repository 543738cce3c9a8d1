"""Catapult bridge endpoints (§2.7)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.render import created, json_response, no_content, user_url
from telephony_emulator.apis.bandwidth_v1.voice_keys import CATAPULT_VOICE
from telephony_emulator.apis.bandwidth_v1.voice_lists import list_response
from telephony_emulator.apis.bandwidth_v1.voice_render import (
    bridge_object,
    call_object,
    for_old_gem,
    gem_bridge,
    gem_call,
)
from telephony_emulator.apis.bandwidth_v1.voice_schemas import AudioBody, BridgeBody, parse_body
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.bridges import BridgeResource

routes = web.RouteTableDef()
BRIDGE = "/users/{userId}/bridges/{bridgeId}"


def _render(request: web.Request, account: Account, bridge: BridgeResource) -> dict[str, object]:
    voice = request.app[CATAPULT_VOICE]
    url = user_url(request, account, "bridges", bridge.id)
    if for_old_gem(request):
        return gem_bridge(voice.bridges, bridge, url, voice.engine.clock.now())
    return bridge_object(voice.bridges, bridge, url)


@routes.post("/users/{userId}/bridges")
async def create_bridge(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(BridgeBody, await request.read(), "bridge")
    bridge = request.app[CATAPULT_VOICE].bridges.create(account, body.call_ids, body.bridge_audio)
    return created(user_url(request, account, "bridges", bridge.id))


@routes.get("/users/{userId}/bridges")
async def list_bridges(request: web.Request) -> web.Response:
    account = user_account(request)
    bridges = request.app[CATAPULT_VOICE].bridges.of_account(account)
    return list_response(request, bridges, lambda bridge: _render(request, account, bridge))


@routes.get(BRIDGE)
async def get_bridge(request: web.Request) -> web.Response:
    account = user_account(request)
    bridge = request.app[CATAPULT_VOICE].bridges.get(account, request.match_info["bridgeId"])
    return json_response(_render(request, account, bridge))


@routes.post(BRIDGE)
async def update_bridge(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(BridgeBody, await request.read(), "bridge")
    request.app[CATAPULT_VOICE].bridges.update(
        account, request.match_info["bridgeId"], body.call_ids, body.bridge_audio
    )
    return no_content()


@routes.post(BRIDGE + "/audio")
async def play_audio_to_bridge(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(AudioBody, await request.read(), "audio")
    request.app[CATAPULT_VOICE].play_to_bridge(account, request.match_info["bridgeId"], body)
    return no_content()


@routes.get(BRIDGE + "/calls")
async def list_bridge_calls(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    bridge = voice.bridges.get(account, request.match_info["bridgeId"])
    now = voice.engine.clock.now()
    gem = for_old_gem(request)
    calls = voice.bridges.calls(bridge)
    return list_response(
        request,
        calls,
        lambda call: gem_call(call, now) if gem else call_object(call),
        always_paged=False,
    )
