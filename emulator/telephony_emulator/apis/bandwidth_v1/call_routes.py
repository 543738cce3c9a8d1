"""Catapult call endpoints: calls, audio, DTMF, gathers, events, a call's recordings (§2.5)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.render import created, json_response, no_content
from telephony_emulator.apis.bandwidth_v1.voice_keys import CATAPULT_VOICE
from telephony_emulator.apis.bandwidth_v1.voice_lists import list_response
from telephony_emulator.apis.bandwidth_v1.voice_render import (
    call_object,
    event_object,
    for_old_gem,
    gather_object,
    gem_call,
    gem_recording,
    recording_object,
    transcription_object,
    user_base,
)
from telephony_emulator.apis.bandwidth_v1.voice_schemas import (
    AudioBody,
    CreateCallBody,
    DtmfBody,
    GatherBody,
    UpdateCallBody,
    UpdateGatherBody,
    parse_body,
    parse_query,
)
from telephony_emulator.core.calls import Call
from telephony_emulator.core.recordings import Recording
from telephony_emulator.errors import NotFound
from telephony_emulator.keys import SCHEDULER
from telephony_emulator.public_url import public_base

routes = web.RouteTableDef()
CALL = "/users/{userId}/calls/{callId}"


def _render(request: web.Request, call: Call) -> dict[str, object]:
    if for_old_gem(request):
        return gem_call(call, request.app[CATAPULT_VOICE].engine.clock.now())
    return call_object(call)


@routes.post("/users/{userId}/calls")
async def create_call(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(CreateCallBody, await request.read(), "call")
    call = await request.app[CATAPULT_VOICE].create_call(account, body, public_base(request))
    return created(f"{user_base(call)}/calls/{call.id}")


@routes.get("/users/{userId}/calls")
async def list_calls(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    call_id = request.query.get("callId")
    if call_id:  # the seed gem's ``call_info`` asks for one call this way (§10)
        return json_response(_render(request, voice.get_call(account, call_id)))
    calls = voice.list_calls(account, request.query)
    whole = bool(request.query.get("bridgeId") or request.query.get("conferenceId"))  # §2.5
    return list_response(
        request, calls, lambda call: _render(request, call), always_paged=not whole
    )


@routes.get(CALL)
async def get_call(request: web.Request) -> web.Response:
    account = user_account(request)
    call = await request.app[CATAPULT_VOICE].read_call(account, request.match_info["callId"])
    return json_response(_render(request, call))


@routes.post(CALL)
async def update_call(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(UpdateCallBody, await request.read(), "call")
    voice = request.app[CATAPULT_VOICE]
    leg = await voice.update_call(account, request.match_info["callId"], body)
    if leg is not None:  # a transfer answers with the new leg (node and cs fixtures)
        return created(f"{user_base(leg)}/calls/{leg.id}")
    return no_content()


@routes.post(CALL + "/audio")
async def play_audio(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(AudioBody, await request.read(), "audio")
    request.app[CATAPULT_VOICE].play_audio(account, request.match_info["callId"], body)
    return no_content()


@routes.post(CALL + "/dtmf")
async def send_dtmf(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(DtmfBody, await request.read(), "dtmf")
    await request.app[CATAPULT_VOICE].send_dtmf(
        account, request.match_info["callId"], body.dtmf_out
    )
    return no_content()


@routes.post(CALL + "/gather")
async def create_gather(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(GatherBody, await request.read(), "gather")
    voice = request.app[CATAPULT_VOICE]
    call_id = request.match_info["callId"]
    gather = voice.start_gather(account, call_id, body)
    call = voice.get_call(account, call_id)
    return created(f"{user_base(call)}/calls/{call.id}/gather/{gather.id}")


@routes.get(CALL + "/gather")
async def gather_and_wait(request: web.Request) -> web.Response:
    """The seed gem's ``gather``: the options in the query (``prompt[fileUrl]=…``; a junk
    ``audio=`` is ignored), answered only once the gather has ended (§10)."""
    account = user_account(request)
    body = parse_query(GatherBody, request.query, "gather")
    voice = request.app[CATAPULT_VOICE]
    call_id = request.match_info["callId"]
    gather = voice.start_gather(account, call_id, body)
    await request.app[SCHEDULER].wait_in_request(gather.done)
    result = gather_object(voice.get_call(account, call_id), gather)
    result["terminatingDigit"] = gather.terminating_digit
    return json_response(result)


@routes.get(CALL + "/gather/{gatherId}")
async def get_gather(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    call_id = request.match_info["callId"]
    gather = voice.get_gather(account, call_id, request.match_info["gatherId"])
    return json_response(gather_object(voice.get_call(account, call_id), gather))


@routes.post(CALL + "/gather/{gatherId}")
async def update_gather(request: web.Request) -> web.Response:
    account = user_account(request)
    parse_body(UpdateGatherBody, await request.read(), "gather")
    request.app[CATAPULT_VOICE].stop_gather(
        account, request.match_info["callId"], request.match_info["gatherId"]
    )
    return no_content()


@routes.get(CALL + "/events")
async def list_call_events(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    call = voice.get_call(account, request.match_info["callId"])
    return json_response([event_object(event) for event in voice.callbacks.logged(call.id)])


@routes.get(CALL + "/events/{eventId}")
async def get_call_event(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    call = voice.get_call(account, request.match_info["callId"])
    event_id = request.match_info["eventId"]
    for event in voice.callbacks.logged(call.id):
        if event.id == event_id:
            return json_response(event_object(event))
    raise NotFound(f"The call event {event_id} could not be found", code="resource-not-found")


@routes.get(CALL + "/recordings")
async def list_call_recordings(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    call = voice.get_call(account, request.match_info["callId"])
    now = voice.engine.clock.now()
    gem = for_old_gem(request)

    def render(recording: Recording) -> dict[str, object]:
        return gem_recording(call, recording, now) if gem else recording_object(call, recording)

    return list_response(request, voice.recordings.of_call(call.id), render, always_paged=False)


@routes.get(CALL + "/transcriptions")
async def list_call_transcriptions(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    call = voice.get_call(account, request.match_info["callId"])
    return json_response(
        [
            transcription_object(call, recording, transcription)
            for recording in voice.recordings.of_call(call.id)
            for transcription in voice.recordings.transcriptions(recording)
        ]
    )
