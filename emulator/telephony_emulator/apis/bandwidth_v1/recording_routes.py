"""Catapult recording and transcription endpoints (§2.11)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.recordings import transcription_url
from telephony_emulator.apis.bandwidth_v1.render import created, json_response
from telephony_emulator.apis.bandwidth_v1.voice import CatapultVoice
from telephony_emulator.apis.bandwidth_v1.voice_keys import CATAPULT_VOICE
from telephony_emulator.apis.bandwidth_v1.voice_lists import list_response
from telephony_emulator.apis.bandwidth_v1.voice_render import (
    for_old_gem,
    gem_recording,
    recording_object,
    transcription_object,
)
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.calls import Call
from telephony_emulator.core.recordings import Recording

routes = web.RouteTableDef()
RECORDING = "/users/{userId}/recordings/{recordingId}"


def _call(voice: CatapultVoice, account: Account, recording: Recording) -> Call:
    return voice.get_call(account, recording.call_id or "")


def _render(request: web.Request, account: Account, recording: Recording) -> dict[str, object]:
    voice = request.app[CATAPULT_VOICE]
    call = _call(voice, account, recording)
    if for_old_gem(request):
        return gem_recording(call, recording, voice.engine.clock.now())
    return recording_object(call, recording)


@routes.get("/users/{userId}/recordings")
async def list_recordings(request: web.Request) -> web.Response:
    account = user_account(request)
    recordings = request.app[CATAPULT_VOICE].recordings.of_account(account)[::-1]
    return list_response(request, recordings, lambda item: _render(request, account, item))


@routes.get(RECORDING)
async def get_recording(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    recording = voice.recordings.get(account, request.match_info["recordingId"])
    return json_response(_render(request, account, recording))


@routes.post(RECORDING + "/transcriptions")
async def create_transcription(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    recording = voice.recordings.get(account, request.match_info["recordingId"])
    transcription = voice.recordings.transcribe(recording)
    return created(transcription_url(_call(voice, account, recording), recording, transcription))


@routes.get(RECORDING + "/transcriptions")
async def list_transcriptions(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    recording = voice.recordings.get(account, request.match_info["recordingId"])
    call = _call(voice, account, recording)
    transcriptions = voice.recordings.transcriptions(recording)
    return list_response(
        request, transcriptions, lambda item: transcription_object(call, recording, item)
    )


@routes.get(RECORDING + "/transcriptions/{transcriptionId}")
async def get_transcription(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    recording = voice.recordings.get(account, request.match_info["recordingId"])
    transcription = voice.recordings.transcription(recording, request.match_info["transcriptionId"])
    return json_response(
        transcription_object(_call(voice, account, recording), recording, transcription)
    )
