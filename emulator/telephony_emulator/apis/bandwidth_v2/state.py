"""Voice v2's typed state on core objects, and its decoders registered for storage."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from telephony_emulator.apis.bandwidth_v2.errors import VOICE
from telephony_emulator.bxml.call_state import Diversion, TransferInfo, VoiceCallState
from telephony_emulator.core import surface_state
from telephony_emulator.core.conferences import Conference
from telephony_emulator.core.recordings import Recording, Transcription
from telephony_emulator.webhooks.models import Endpoint, basic_auth

__all__ = [
    "Diversion",
    "StoredEndpoint",
    "TransferInfo",
    "VoiceCallState",
    "VoiceConferenceState",
    "VoiceRecordingState",
    "VoiceTranscriptionState",
    "conference_state",
    "recording_state",
    "transcription_state",
]


@dataclass(frozen=True)
class StoredEndpoint:
    """A resolved webhook endpoint as kept: the URL, method and the credentials' two parts."""

    url: str
    method: Literal["POST", "GET"] = "POST"
    username: str | None = None
    password: str | None = None

    @classmethod
    def of(cls, endpoint: Endpoint) -> StoredEndpoint:
        auth = endpoint.auth
        return cls(
            endpoint.url,
            endpoint.method,
            None if auth is None else auth.username,
            None if auth is None else auth.password,
        )

    def endpoint(self) -> Endpoint:
        return Endpoint(self.url, self.method, basic_auth(self.username, self.password))

    def to_data(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "method": self.method,
            "username": self.username,
            "password": self.password,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> StoredEndpoint:
        return cls(data["url"], data["method"], data.get("username"), data.get("password"))


@dataclass(frozen=True)
class VoiceConferenceState:
    """A ``<Conference>``'s settings: where its events go, and how long a callback may take."""

    api_base: str = ""
    callback_timeout: float = 15.0
    #: Shown by getConference even without a URL (the spec's enum has no null).
    event_method: str = "POST"
    events: StoredEndpoint | None = None
    fallback: StoredEndpoint | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "api_base": self.api_base,
            "callback_timeout": self.callback_timeout,
            "event_method": self.event_method,
        }
        if self.events is not None:
            data["events"] = self.events.to_data()
        if self.fallback is not None:
            data["fallback"] = self.fallback.to_data()
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VoiceConferenceState:
        events, fallback = data.get("events"), data.get("fallback")
        return cls(
            api_base=data.get("api_base", ""),
            callback_timeout=data.get("callback_timeout", 15.0),
            event_method=data.get("event_method", "POST"),
            events=None if events is None else StoredEndpoint.from_data(events),
            fallback=None if fallback is None else StoredEndpoint.from_data(fallback),
        )


def _set_fields(state: Any) -> dict[str, Any]:
    """A flat state's stored form: the fields that hold a value."""
    return {key: value for key, value in dataclasses.asdict(state).items() if value is not None}


def _fields_of(cls: type[Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values that name fields of ``cls`` (keys of older rows are skipped)."""
    names = {item.name for item in dataclasses.fields(cls)}
    return {key: value for key, value in data.items() if key in names}


def _stored_endpoint(data: Mapping[str, Any], name: str, old: str) -> StoredEndpoint | None:
    """``data[name]``; in a row written before endpoints were kept whole, the URL and method
    named ``{old}url`` and ``{old}method``, with the shared username and password."""
    if data.get(name) is not None:
        return StoredEndpoint.from_data(data[name])
    url = data.get(f"{old}url")
    if not url:
        return None
    method: Literal["POST", "GET"] = "GET" if data.get(f"{old}method") == "GET" else "POST"
    return StoredEndpoint(url, method, data.get("username"), data.get("password"))


@dataclass(frozen=True)
class VoiceRecordingState:
    """A recording's settings: its recordingAvailable and transcriptionAvailable targets, and
    what its metadata shows of the call (or conference) it records."""

    api_base: str = ""
    recording_available: StoredEndpoint | None = None
    transcription_available: StoredEndpoint | None = None
    transcribe: bool = False
    application_id: str | None = None
    to: str | None = None
    from_: str | None = None
    direction: str | None = None
    parent_call_id: str | None = None
    conference_name: str | None = None
    tag: str | None = None
    callback_timeout: float | None = None

    def to_data(self) -> dict[str, Any]:
        return _set_fields(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VoiceRecordingState:
        values = _fields_of(cls, data)
        for name, old in (("recording", "available_"), ("transcription", "transcription_")):
            values[f"{name}_available"] = _stored_endpoint(data, f"{name}_available", old)
        return cls(**values)


@dataclass(frozen=True)
class VoiceTranscriptionState:
    """Where a transcription's transcriptionAvailable goes, with its tag and timeout."""

    transcription_available: StoredEndpoint | None = None
    tag: str | None = None
    timeout: float | None = None

    def to_data(self) -> dict[str, Any]:
        return _set_fields(self)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VoiceTranscriptionState:
        values = _fields_of(cls, data)
        values["transcription_available"] = _stored_endpoint(data, "transcription_available", "")
        return cls(**values)


def recording_state(recording: Recording) -> VoiceRecordingState:
    """``recording``'s Voice state; the defaults when it has none of that kind."""
    state = recording.surface_state
    return state if isinstance(state, VoiceRecordingState) else VoiceRecordingState()


def transcription_state(transcription: Transcription) -> VoiceTranscriptionState:
    state = transcription.surface_state
    return state if isinstance(state, VoiceTranscriptionState) else VoiceTranscriptionState()


def conference_state(conference: Conference) -> VoiceConferenceState:
    """``conference``'s Voice state; the defaults when it has none of that kind."""
    state = conference.surface_state
    return state if isinstance(state, VoiceConferenceState) else VoiceConferenceState()


surface_state.register(VOICE.name, "call", VoiceCallState.from_data)
surface_state.register(VOICE.name, "conference", VoiceConferenceState.from_data)
surface_state.register(VOICE.name, "recording", VoiceRecordingState.from_data)
surface_state.register(VOICE.name, "transcription", VoiceTranscriptionState.from_data)
