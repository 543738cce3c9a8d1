"""Request wire models of the recording endpoints: updateCallRecordingState,
transcribeCallRecording and the listAccountCallRecordings query (spec schemas
``updateCallRecording``, ``transcribeRecording``). Parsed like the call requests (schemas.py):
unknown fields ignored, ``null`` is "not sent", errors in the vendor's wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from telephony_emulator.apis.bandwidth_v2.schemas import (
    Credential,
    HttpMethod,
    Number,
    Tag,
    Url,
    VoiceBody,
    check_https,
    check_json_content_type,
    check_url,
    describer,
    null_is_default,
    parse_list_calls_query,
)
from telephony_emulator.apis.common.validation import validate_json

RecordingState = Literal["paused", "recording"]


class UpdateRecordingStateRequest(VoiceBody):
    state: RecordingState


class TranscribeRequest(VoiceBody):
    callback_url: Url | None = None
    callback_method: HttpMethod = "POST"
    username: Credential | None = None
    password: Credential | None = None
    tag: Tag | None = None
    callback_timeout: Number = Field(default=15, ge=1, le=25)
    detect_language: Annotated[bool, BeforeValidator(null_is_default)] = False


@dataclass(frozen=True, slots=True)
class RecordingsQuery:
    """The listAccountCallRecordings filters; times are aware UTC, ``max`` inclusive."""

    to: str | None = None
    from_: str | None = None
    min_start_time: datetime | None = None
    max_start_time: datetime | None = None


_STATE_ERRORS = describer(UpdateRecordingStateRequest)
_TRANSCRIBE_ERRORS = describer(TranscribeRequest)
_FILTERS = ("to", "from", "minStartTime", "maxStartTime")


def parse_update_recording_state(raw: bytes, content_type: str | None) -> RecordingState:
    check_json_content_type(content_type)
    return validate_json(UpdateRecordingStateRequest, raw, _STATE_ERRORS).state


def parse_transcribe(raw: bytes, content_type: str | None) -> TranscribeRequest:
    """An empty body counts as ``{}``: every field is optional."""
    check_json_content_type(content_type)
    body = validate_json(TranscribeRequest, raw.strip() or b"{}", _TRANSCRIBE_ERRORS)
    if body.callback_url is not None:
        check_url("callbackUrl", body.callback_url)
        check_https(
            "callbackUrl", body.callback_url, body.username, body.password, "username and password"
        )
    return body


def parse_recordings_query(query: Mapping[str, str]) -> RecordingsQuery:
    """Only the spec's four filters are read; the time formats are checked as in listCalls."""
    parsed = parse_list_calls_query({name: query[name] for name in _FILTERS if name in query})
    return RecordingsQuery(
        to=parsed.to,
        from_=parsed.from_,
        min_start_time=parsed.min_start_time,
        max_start_time=parsed.max_start_time,
    )
