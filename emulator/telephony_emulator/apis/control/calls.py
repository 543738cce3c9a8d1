"""Control API for calls: place inbound calls, act as the far end of a live call, set limits."""

from __future__ import annotations

import dataclasses

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.voice_keys import CATAPULT_VOICE
from telephony_emulator.apis.bandwidth_v2.keys import VOICE
from telephony_emulator.apis.ringcentral_common.keys import RINGOUT
from telephony_emulator.core.calls import Call
from telephony_emulator.core.live_call import LiveCall, RingOutcome
from telephony_emulator.core.scenarios import FarEndRule, check_number
from telephony_emulator.errors import Conflict, InvalidRequest, NotFound
from telephony_emulator.keys import CALLS, SCHEDULER, STATE
from telephony_emulator.public_url import public_base

from . import render
from .keys import FEED
from .live_render import call_detail
from .schemas import (
    PREFIX,
    InboundCallRequest,
    LimitsOut,
    LimitsRequest,
    PressDigitsRequest,
    RingCentralSettingsOut,
    RingCentralSettingsRequest,
    read_body,
)

routes = web.RouteTableDef()


def _live(request: web.Request) -> LiveCall:
    call_id = request.match_info["call_id"]
    engine = request.app[CALLS]
    if engine.registry.get(call_id) is None:
        raise NotFound(f"call {call_id} not found")
    live = engine.live.get(call_id)
    if live is None or live.ended:
        raise Conflict(f"call {call_id} is not in progress")
    return live


async def _settled_response(request: web.Request, call: Call, status: int = 200) -> web.Response:
    """Let the immediate consequences of an action happen (no virtual time passes), then
    answer with the call as it is afterwards."""
    await request.app[SCHEDULER].settle()
    live = request.app[CALLS].live.get(call.id)
    return render.model_response(
        render.call_out(call, live is not None and live.ringing), status=status
    )


@routes.patch(PREFIX + "/accounts/{account_id}/limits")
async def update_limits(request: web.Request) -> web.Response:
    body = await read_body(request, LimitsRequest)
    changes = body.model_dump(exclude_none=True)
    account = await request.app[STATE].update_limits(request.match_info["account_id"], **changes)
    return render.model_response(LimitsOut(**dataclasses.asdict(account.limits)))


@routes.patch(PREFIX + "/accounts/{account_id}/ringcentral")
async def update_ringcentral_settings(request: web.Request) -> web.Response:
    body = await read_body(request, RingCentralSettingsRequest)
    changes = body.model_dump(exclude_none=True)
    account = await request.app[STATE].update_ringcentral_settings(
        request.match_info["account_id"], **changes
    )
    return render.model_response(
        RingCentralSettingsOut.model_validate(account.ringcentral_settings.to_json())
    )


@routes.post(PREFIX + "/inbound-calls")
async def place_inbound_call(request: web.Request) -> web.Response:
    body = await read_body(request, InboundCallRequest)
    try:
        check_number(body.from_)
        check_number(body.to)
    except ValueError as error:
        raise InvalidRequest(str(error)) from None
    caller = FarEndRule(
        hangup_after=body.hangup_after,
        digits=body.digits,
        transcript=body.transcript,
        speech_seconds=body.speech_seconds,
    )
    catapult = request.app[CATAPULT_VOICE]
    place = catapult if catapult.takes_inbound(body.to) else request.app[VOICE]
    call = await place.place_inbound_call(
        from_=body.from_, to=body.to, caller=caller, api_base=public_base(request)
    )
    return await _settled_response(request, call, status=201)


@routes.get(PREFIX + "/calls/{call_id}")
async def get_call(request: web.Request) -> web.Response:
    engine = request.app[CALLS]
    call = engine.registry.get(request.match_info["call_id"])
    if call is None:
        raise NotFound(f"call {request.match_info['call_id']} not found")
    return render.model_response(call_detail(call, engine, request.app[FEED]))


@routes.post(PREFIX + "/calls/{call_id}/answer")
async def answer(request: web.Request) -> web.Response:
    return await _ring_outcome(request, "answer")


@routes.post(PREFIX + "/calls/{call_id}/reject")
async def reject(request: web.Request) -> web.Response:
    return await _ring_outcome(request, "reject")


@routes.post(PREFIX + "/calls/{call_id}/busy")
async def busy(request: web.Request) -> web.Response:
    return await _ring_outcome(request, "busy")


async def _ring_outcome(request: web.Request, outcome: RingOutcome) -> web.Response:
    live = _live(request)
    if not live.resolve_ring(outcome):
        raise Conflict(f"call {live.call.id} is not ringing its far end")
    return await _settled_response(request, live.call)


@routes.post(PREFIX + "/calls/{call_id}/hangup")
async def hangup(request: web.Request) -> web.Response:
    live = _live(request)
    live.end("hangup")
    return await _settled_response(request, live.call)


@routes.post(PREFIX + "/calls/{call_id}/digits")
async def press_digits(request: web.Request) -> web.Response:
    body = await read_body(request, PressDigitsRequest)
    live = _live(request)
    if not live.answered:
        raise Conflict(f"call {live.call.id} is not answered yet")
    live.press(body.digits)
    return await _settled_response(request, live.call)


@routes.get(PREFIX + "/ringouts/{ringout_id}")
async def get_ringout(request: web.Request) -> web.Response:
    ringout_id = request.match_info["ringout_id"]
    session = request.app[RINGOUT].find(ringout_id)
    if session is None:
        raise NotFound(f"RingOut {ringout_id} not found (or it ended and its grace period passed)")
    return render.model_response(render.ringout_out(session))
