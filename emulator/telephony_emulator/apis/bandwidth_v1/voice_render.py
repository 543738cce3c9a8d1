"""Catapult voice resources as JSON: calls, events, gathers, bridges, conferences, members,
recordings and transcriptions (reference bandwidth-v1.md §2.5 to §2.11).

Fields without a value are left out (the samples leave them out). The seed's old Ruby gem
(0.1.x) cannot: it parses every time attribute it knows with ``Time.parse`` and crashes on a
missing one (§10), so for it — recognised by its User-Agent, ``Faraday v…``, since it sends
none of its own — times not reached yet are filled in: beginnings with the resource's
creation, ends with the current virtual time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.bridges import CatapultBridges
from telephony_emulator.apis.bandwidth_v1.call_state import catapult_state, chargeable_duration
from telephony_emulator.apis.bandwidth_v1.callbacks import LoggedEvent, call_state_name, call_uri
from telephony_emulator.apis.bandwidth_v1.conferences import (
    CatapultConferences,
    conference_state,
    conference_url,
)
from telephony_emulator.apis.bandwidth_v1.gathers import Gather
from telephony_emulator.apis.bandwidth_v1.recordings import (
    TEXT_LIMIT,
    media_url,
    recording_state_name,
    recording_url,
    text_url,
    transcript,
    transcription_status,
)
from telephony_emulator.core.bridges import BridgeResource
from telephony_emulator.core.calls import Call, CallDirection
from telephony_emulator.core.conferences import Conference, Member
from telephony_emulator.core.recordings import Recording, Transcription
from telephony_emulator.iso_time import timestamp

#: Time attributes the old gem parses, with what stands in for a missing one (§10).
_GEM_TIMES = {
    "startTime": "created",
    "activeTime": "created",
    "endTime": "now",
    "createdTime": "created",
    "activatedTime": "created",
    "completedTime": "now",
    "addedTime": "created",
    "removedTime": "now",
}


def _time(value: datetime | None) -> str | None:
    return None if value is None else timestamp(value)


def for_old_gem(request: web.Request) -> bool:
    """Whether the client is the seed's gem (Faraday's default User-Agent)."""
    return request.headers.get("User-Agent", "").startswith("Faraday")


def fill_gem_times(
    body: dict[str, Any], created: datetime, now: datetime, keys: Sequence[str]
) -> dict[str, Any]:
    """``body`` with each of ``keys`` that is missing filled in for the old gem."""
    for key in keys:
        if body.get(key) is None:
            body[key] = timestamp(created if _GEM_TIMES[key] == "created" else now)
    return body


def user_base(call: Call) -> str:
    state = catapult_state(call)
    return f"{state.api_base}/v1/users/{state.user_id}"


def call_object(call: Call) -> dict[str, Any]:
    state = catapult_state(call)
    base = user_base(call)
    url = call_uri(call)
    body: dict[str, Any] = {
        "id": call.id,
        "direction": "in" if call.direction is CallDirection.INBOUND else "out",
        "from": call.from_,
        "to": call.to,
        "state": call_state_name(call),
        "startTime": _time(call.created_at),
        "activeTime": _time(call.answered_at),
        "endTime": _time(call.ended_at),
        "chargeableDuration": chargeable_duration(call),
        "callTimeout": state.call_timeout,
        "callbackUrl": state.callback_url,
        "callbackHttpMethod": state.callback_http_method.lower(),
        "callbackTimeout": state.callback_timeout,
        "fallbackUrl": state.fallback_url,
        "bridgeId": state.bridge_id,
        "bridge": f"{base}/bridges/{state.bridge_id}" if state.bridge_id else None,
        "conferenceId": state.conference_id,
        "conference": f"{base}/conferences/{state.conference_id}" if state.conference_id else None,
        "recordingEnabled": state.recording_enabled,
        "recordingFileFormat": state.recording_file_format,
        "recordingMaxDuration": state.recording_max_duration,
        "transcriptionEnabled": state.transcription_enabled,
        "tag": call.tag,
        "sipHeaders": state.sip_headers or None,
        "events": f"{url}/events",
        "recordings": f"{url}/recordings",
        "transcriptions": f"{url}/transcriptions",
    }
    return body


def gem_call(call: Call, now: datetime) -> dict[str, Any]:
    return fill_gem_times(
        call_object(call), call.created_at, now, ("startTime", "activeTime", "endTime")
    )


def event_object(event: LoggedEvent) -> dict[str, Any]:
    return {"id": event.id, "time": timestamp(event.at), "name": event.name, "data": event.data}


def gather_object(call: Call, gather: Gather) -> dict[str, Any]:
    return {
        "id": gather.id,
        "state": gather.state,
        "reason": gather.reason,
        "digits": gather.digits if not gather.running else None,
        "terminatingDigit": gather.terminating_digit or None,
        "tag": gather.body.tag,
        "createdTime": _time(gather.created_at),
        "completedTime": _time(gather.completed_at),
        "call": call_uri(call),
    }


def bridge_object(bridges: CatapultBridges, bridge: BridgeResource, url: str) -> dict[str, Any]:
    return {
        "id": bridge.id,
        "state": bridges.state(bridge),
        "bridgeAudio": bridge.bridge_audio,
        "callIds": bridges.call_ids(bridge),
        "calls": f"{url}/calls",
        "createdTime": _time(bridge.created_at),
        "activatedTime": _time(bridge.activated_at),
        "completedTime": _time(bridge.completed_at),
    }


def gem_bridge(
    bridges: CatapultBridges, bridge: BridgeResource, url: str, now: datetime
) -> dict[str, Any]:
    return fill_gem_times(
        bridge_object(bridges, bridge, url),
        bridge.created_at,
        now,
        ("createdTime", "activatedTime", "completedTime"),
    )


def conference_object(conference: Conference) -> dict[str, Any]:
    state = conference_state(conference)
    return {
        "id": conference.id,
        "state": CatapultConferences.state(conference),
        "from": state.from_,
        "createdTime": _time(conference.created_at),
        "completedTime": _time(conference.completed_at),
        "activeMembers": len(conference.present_members()),
        "hold": state.hold,
        "mute": state.mute,
        "profile": state.profile,
        "callbackUrl": state.callback_url,
        "callbackHttpMethod": state.callback_http_method.lower(),
        "callbackTimeout": state.callback_timeout,
        "fallbackUrl": state.fallback_url,
        "tag": conference.tag,
        "members": f"{conference_url(conference)}/members",
    }


def gem_conference(conference: Conference, now: datetime) -> dict[str, Any]:
    return fill_gem_times(
        conference_object(conference),
        conference.created_at,
        now,
        ("createdTime", "completedTime"),
    )


def member_object(conference: Conference, member_id: str, member: Member) -> dict[str, Any]:
    state = conference_state(conference)
    join, leave = state.tones.get(member.call_id, (False, False))
    return {
        "id": member_id,
        "state": "active" if member.present else "completed",
        "mute": member.mute,
        "hold": member.hold,
        "joinTone": join,
        "leavingTone": leave,
        "addedTime": _time(member.joined_at),
        "removedTime": _time(member.left_at),
        "call": f"{state.api_base}/v1/users/{state.user_id}/calls/{member.call_id}",
    }


def gem_member(
    conference: Conference, member_id: str, member: Member, now: datetime
) -> dict[str, Any]:
    return fill_gem_times(
        member_object(conference, member_id, member),
        member.joined_at,
        now,
        ("addedTime", "removedTime"),
    )


def recording_object(call: Call, recording: Recording) -> dict[str, Any]:
    return {
        "id": recording.id,
        "startTime": _time(recording.started_at),
        "endTime": _time(recording.ended_at),
        "call": call_uri(call),
        "media": media_url(call, recording),
        "state": recording_state_name(recording),
        "transcriptions": f"{recording_url(call, recording)}/transcriptions",
    }


def gem_recording(call: Call, recording: Recording, now: datetime) -> dict[str, Any]:
    body = recording_object(call, recording)
    return fill_gem_times(body, recording.started_at, now, ("startTime", "endTime"))


def transcription_object(
    call: Call, recording: Recording, transcription: Transcription
) -> dict[str, Any]:
    text = transcript(recording, transcription)
    return {
        "id": transcription.id,
        "state": transcription_status(transcription),
        "text": text[:TEXT_LIMIT],
        "time": _time(transcription.completed_at or transcription.requested_at),
        "chargeableDuration": math.ceil(recording.recorded),
        "textSize": len(text),
        "textUrl": text_url(call, transcription),
    }
