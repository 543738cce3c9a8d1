"""Voice v2 recording and recording-transcription endpoints (reference bandwidth-v2.md §2)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2.auth import voice_account
from telephony_emulator.apis.bandwidth_v2.keys import RECORDINGS, VOICE
from telephony_emulator.apis.bandwidth_v2.recording_schemas import (
    parse_recordings_query,
    parse_transcribe,
    parse_update_recording_state,
)
from telephony_emulator.apis.bandwidth_v2.recordings import Media
from telephony_emulator.apis.bandwidth_v2.render import json_response

routes: web.RouteTableDef = web.RouteTableDef()
_BASE = "/accounts/{accountId}"
_ONE = _BASE + "/calls/{callId}/recordings/{recordingId}"


def _ids(request: web.Request) -> tuple[str, str]:
    return request.match_info["callId"], request.match_info["recordingId"]


@routes.get(_BASE + "/recordings")
async def list_account_call_recordings(request: web.Request) -> web.Response:
    account = voice_account(request)
    query = parse_recordings_query(request.query)
    return json_response(request.app[RECORDINGS].list_account(account, query))


@routes.put(_BASE + "/calls/{callId}/recording")
async def update_call_recording_state(request: web.Request) -> web.Response:
    account = voice_account(request)
    call = request.app[VOICE].get_call(account, request.match_info["callId"])
    state = parse_update_recording_state(await request.read(), request.headers.get("Content-Type"))
    request.app[RECORDINGS].update_state(call, state)
    return web.Response(status=200)


@routes.get(_BASE + "/calls/{callId}/recordings")
async def list_call_recordings(request: web.Request) -> web.Response:
    account = voice_account(request)
    call_id = request.match_info["callId"]
    recordings = request.app[RECORDINGS].list_call(account, call_id)
    if not recordings:
        request.app[VOICE].get_call(account, call_id)  # an unknown call is 404, as on every route
    return json_response(recordings)


@routes.get(_ONE)
async def get_call_recording(request: web.Request) -> web.Response:
    account = voice_account(request)
    return json_response(request.app[RECORDINGS].metadata(account, *_ids(request)))


@routes.delete(_ONE)
async def delete_recording(request: web.Request) -> web.Response:
    account = voice_account(request)
    request.app[RECORDINGS].delete(account, *_ids(request))
    return web.Response(status=204)


@routes.get(_ONE + "/media")
async def download_call_recording(request: web.Request) -> web.StreamResponse:
    account = voice_account(request)
    return await stream_media(request, request.app[RECORDINGS].media(account, *_ids(request)))


async def stream_media(request: web.Request, media: Media) -> web.StreamResponse:
    """Send a recording's audio in chunks, with its exact length."""
    response = web.StreamResponse(
        headers={"Content-Type": media.content_type, "Content-Length": str(media.size)}
    )
    await response.prepare(request)
    for chunk in media.chunks:
        await response.write(chunk)
    await response.write_eof()
    return response


@routes.delete(_ONE + "/media")
async def delete_recording_media(request: web.Request) -> web.Response:
    account = voice_account(request)
    request.app[RECORDINGS].delete_media(account, *_ids(request))
    return web.Response(status=204)


@routes.get(_ONE + "/transcription")
async def get_recording_transcription(request: web.Request) -> web.Response:
    account = voice_account(request)
    return json_response(request.app[RECORDINGS].transcription(account, *_ids(request)))


@routes.post(_ONE + "/transcription")
async def transcribe_call_recording(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_transcribe(await request.read(), request.headers.get("Content-Type"))
    request.app[RECORDINGS].transcribe(account, *_ids(request), body)
    return web.Response(status=204)


@routes.delete(_ONE + "/transcription")
async def delete_recording_transcription(request: web.Request) -> web.Response:
    account = voice_account(request)
    request.app[RECORDINGS].delete_transcription(account, *_ids(request))
    return web.Response(status=204)
