"""Voice v2 JSON: CallState, the createCall response, conferences and their members, times
and durations."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2.state import conference_state, recording_state
from telephony_emulator.apis.common.json_body import compact_json
from telephony_emulator.bxml.call_state import voice_state
from telephony_emulator.core.calls import Call
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.conferences import Conference, Member
from telephony_emulator.core.recordings import Recording
from telephony_emulator.iso_time import timestamp
from telephony_emulator.public_url import public_base

#: The spec's example shows stored passwords masked like this.
MASK = "*****"


def _optional(value: datetime | None) -> str | None:
    return None if value is None else timestamp(value)


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration as Bandwidth writes it: ``PT4.98S``, ``PT1M52.2S``."""
    minutes, rest = divmod(round(seconds, 3), 60)
    text = f"{rest:.3f}".rstrip("0").rstrip(".")
    return f"PT{int(minutes)}M{text}S" if minutes else f"PT{text}S"


def call_url(call: Call) -> str:
    base = voice_state(call).api_base
    return f"{base}/api/v2/accounts/{call.account_id}/calls/{call.id}"


def call_state(call: Call) -> dict[str, Any]:
    """The CallState object of GET /calls/{callId} and of listCalls."""
    body: dict[str, Any] = {
        "applicationId": call.application_id,
        "accountId": call.account_id,
        "callId": call.id,
        "parentCallId": call.parent_id,
        "to": call.to,
        "from": call.from_,
        "direction": call.direction.value,
        "state": call.status.value,
        "enqueuedTime": _optional(call.enqueued_at),
        "startTime": _optional(call.started_at),
        "answerTime": _optional(call.answered_at),
        "endTime": _optional(call.ended_at),
        "disconnectCause": call.cause,
        "errorMessage": call.error_message,
        "errorId": call.error_id,
        "lastUpdate": _optional(call.updated_at),
    }
    stir_shaken = voice_state(call).stir_shaken
    if stir_shaken:
        body["stirShaken"] = stir_shaken
    return body


def create_call_response(call: Call) -> dict[str, Any]:
    """The 201 body of createCall: the call as configured, passwords masked."""
    state = voice_state(call)
    answer = state.answer
    assert answer is not None  # createCall requires answerUrl
    return {
        "applicationId": call.application_id,
        "accountId": call.account_id,
        "callId": call.id,
        "to": call.to,
        "from": call.from_,
        "enqueuedTime": _optional(call.enqueued_at),
        "callUrl": call_url(call),
        "callTimeout": state.call_timeout,
        "callbackTimeout": state.callback_timeout,
        "tag": call.tag,
        "answerMethod": answer.method,
        "answerUrl": answer.url,
        "answerFallbackMethod": answer.fallback_method,
        "answerFallbackUrl": answer.fallback_url,
        "disconnectMethod": state.disconnect_method,
        "disconnectUrl": None if state.disconnect is None else state.disconnect.url,
        "username": answer.username,
        "password": _mask(answer.password),
        "fallbackUsername": answer.fallback_username,
        "fallbackPassword": _mask(answer.fallback_password),
        "priority": state.priority,
    }


def conference_url(conference: Conference) -> str:
    base = conference_state(conference).api_base
    return f"{base}/api/v2/accounts/{conference.account_id}/conferences/{conference.id}"


def conference_json(conference: Conference, *, with_members: bool) -> dict[str, Any]:
    """The Conference object; ``activeMembers`` only in getConference (spec)."""
    state = conference_state(conference)
    body: dict[str, Any] = {
        "id": conference.id,
        "name": conference.name,
        "createdTime": timestamp(conference.created_at),
        "completedTime": _optional(conference.completed_at),
        "conferenceEventUrl": state.events.url if state.events else None,
        "conferenceEventMethod": state.event_method,
        "tag": conference.tag,
    }
    if with_members:
        body["activeMembers"] = [
            member_json(conference, member) for member in conference.present_members()
        ]
    return body


def member_json(conference: Conference, member: Member) -> dict[str, Any]:
    """ConferenceMember: the member's id is its call id."""
    return {
        "callId": member.call_id,
        "conferenceId": conference.id,
        "memberUrl": f"{conference_url(conference)}/members/{member.call_id}",
        "mute": member.mute,
        "hold": member.hold,
        "callIdsToCoach": list(member.call_ids_to_coach) or None,
    }


def _mask(value: str | None) -> str | None:
    return None if value is None else MASK


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """Voice answers ``application/json`` (errors add ``;charset=UTF-8``, see errors.py)."""
    return compact_json(body, status, headers)


def next_page_link(request: web.Request, next_token: str | None) -> dict[str, str]:
    """The ``Link`` header pointing at the next page, when there is one."""
    if next_token is None:
        return {}
    params = {k: v for k, v in request.query.items() if k != "pageToken"}
    params["pageToken"] = next_token
    link = f"{public_base(request)}{request.path}?{urlencode(params)}"
    return {"Link": f'<{link}>; rel="next"'}


def media_url(recording: Recording) -> str:
    owner = (
        f"conferences/{recording.conference_id}"
        if recording.conference_id is not None
        else f"calls/{recording.call_id}"
    )
    return (
        f"{recording_state(recording).api_base}/api/v2/accounts/{recording.account_id}"
        f"/{owner}/recordings/{recording.id}/media"
    )


def recording_event_fields(recording: Recording, clock: VirtualClock) -> dict[str, Any]:
    """What recordComplete and recordingAvailable add to the call fields (§3)."""
    return {
        "recordingId": recording.id,
        "mediaUrl": media_url(recording),
        "endTime": timestamp(recording.ended_at or clock.now()),
        "duration": iso_duration(recording.duration(clock.time())),
        "fileFormat": recording.file_format,
        "channels": recording.channels,
    }
