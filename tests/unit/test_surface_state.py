"""Typed surface state on core objects: stored through the codecs, decoded per surface."""

from __future__ import annotations

from datetime import UTC, datetime

from telephony_emulator.apis.bandwidth_v2.errors import VOICE
from telephony_emulator.apis.bandwidth_v2.state import (
    Diversion,
    StoredEndpoint,
    TransferInfo,
    VoiceCallState,
    VoiceConferenceState,
    VoiceRecordingState,
    VoiceTranscriptionState,
)
from telephony_emulator.apis.ringcentral_common.state import RingOutLegState
from telephony_emulator.core.calls import Call, CallDirection
from telephony_emulator.core.conferences import Conference
from telephony_emulator.core.recordings import Recording, Transcription, TranscriptionStatus
from telephony_emulator.core.surface_state import RawState, SurfaceState
from telephony_emulator.storage.codecs import CALL, CONFERENCE, RECORDING
from telephony_emulator.webhooks.target import WebhookTarget

CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _call(surface: str, state: SurfaceState | None = None) -> Call:
    call = Call(
        id="c-1",
        account_id="9900000",
        surface=surface,
        direction=CallDirection.OUTBOUND,
        from_="+15551230001",
        to="+15551230002",
        created_at=CREATED,
        surface_state=state,
    )
    return call


def test_a_voice_call_state_survives_a_codec_round_trip() -> None:
    state = VoiceCallState(
        api_base="http://emulator",
        callback_timeout=7.5,
        call_timeout=20,
        answer=WebhookTarget("http://app/answer", "GET", "http://app/fallback", "POST", "u", "p"),
        disconnect=WebhookTarget("http://app/disconnect", username="u", password="p"),
        disconnect_method="POST",
        machine_detection={"mode": "sync"},
        transfer=TransferInfo("+1555", "+1666", "c-0", "+1777", "+1888"),
        diversion=(Diversion("+1999", "unconditional"),),
    )
    loaded = CALL.from_row(CALL.to_row(_call(VOICE.name, state)))
    assert loaded.surface_state == state


def test_a_row_written_with_camel_case_transfer_fields_still_loads() -> None:
    row = CALL.to_row(_call(VOICE.name))
    row["data"]["options"] = {
        "api_base": "http://emulator",
        "transfer": {
            "from": "+1555",
            "to": "+1666",
            "parentCallId": "c-0",
            "transferCallerId": "+1777",
            "transferTo": "+1888",
        },
        "diversion": [{"origTo": "+1999", "reason": "user-busy"}],
    }
    state = CALL.from_row(row).surface_state
    assert isinstance(state, VoiceCallState)
    assert state.transfer == TransferInfo("+1555", "+1666", "c-0", "+1777", "+1888")
    assert state.diversion == (Diversion("+1999", "user-busy"),)


def test_a_row_written_with_flat_webhook_fields_still_loads() -> None:
    row = CALL.to_row(_call(VOICE.name))
    row["data"]["options"] = {
        "api_base": "http://emulator",
        "answer_url": "http://app/answer",
        "answer_method": "GET",
        "answer_fallback_url": "http://app/fallback",
        "answer_fallback_method": "POST",
        "disconnect_url": "http://app/disconnect",
        "disconnect_method": "GET",
        "username": "u",
        "password": "p",
        "fallback_username": "fu",
        "fallback_password": "fp",
        "priority": 3,
    }
    state = CALL.from_row(row).surface_state
    assert isinstance(state, VoiceCallState)
    assert state.answer == WebhookTarget(
        "http://app/answer", "GET", "http://app/fallback", "POST", "u", "p", "fu", "fp"
    )
    assert state.disconnect == WebhookTarget("http://app/disconnect", "GET", None, "POST", "u", "p")
    assert (state.disconnect_method, state.priority) == ("GET", 3)
    # An old row of a call without webhooks of its own (inbound, or a leg BXML placed).
    row["data"]["options"] = {"answer_method": "POST", "disconnect_method": "POST"}
    state = CALL.from_row(row).surface_state
    assert isinstance(state, VoiceCallState)
    assert (state.answer, state.disconnect) == (None, None)


def test_a_ringout_leg_state_round_trips() -> None:
    state = RingOutLegState("r-1", "caller", "+1555", "+1666", "+1777", barrier="Blocked")
    loaded = CALL.from_row(CALL.to_row(_call("ringcentral", state)))
    assert loaded.surface_state == state


def test_an_unknown_surfaces_state_is_kept_as_raw_data() -> None:
    row = CALL.to_row(_call("some_future_surface"))
    row["data"]["options"] = {"whatever": [1, 2], "nested": {"a": "b"}}
    loaded = CALL.from_row(row)
    assert loaded.surface_state == RawState({"whatever": [1, 2], "nested": {"a": "b"}})
    assert CALL.to_row(loaded)["data"]["options"] == row["data"]["options"]


def test_a_call_without_state_stores_empty_options() -> None:
    row = CALL.to_row(_call(VOICE.name))
    assert row["data"]["options"] == {}
    assert CALL.from_row(row).surface_state is None


def test_a_voice_conference_state_survives_a_codec_round_trip() -> None:
    state = VoiceConferenceState(
        api_base="http://emulator",
        callback_timeout=4.0,
        event_method="GET",
        events=StoredEndpoint("http://app/events", "POST", "user", "secret"),
        fallback=StoredEndpoint("http://app/fallback", "GET"),
    )
    conference = Conference(
        id="conf-1",
        account_id="9900000",
        surface=VOICE.name,
        name="standup",
        created_at=CREATED,
        surface_state=state,
    )
    assert CONFERENCE.from_row(CONFERENCE.to_row(conference)).surface_state == state


def test_a_voice_recording_and_its_transcription_survive_a_codec_round_trip() -> None:
    state = VoiceRecordingState(
        api_base="http://emulator",
        recording_available=StoredEndpoint("http://app/available", "GET", "u", "p"),
        transcription_available=StoredEndpoint("http://app/transcription", "POST", "u", "p"),
        transcribe=True,
        to="+1666",
        from_="+1555",
        direction="outbound",
    )
    recording = Recording(
        id="r-1", account_id="9900000", surface=VOICE.name, started_at=CREATED, call_id="c-1"
    )
    recording.surface_state = state
    recording.transcription = Transcription(
        "t-1",
        TranscriptionStatus.PROCESSING,
        CREATED,
        surface_state=VoiceTranscriptionState(StoredEndpoint("http://app/t"), tag="x", timeout=3.0),
    )
    loaded = RECORDING.from_row(RECORDING.to_row(recording))
    assert loaded.surface_state == state
    assert loaded.transcription is not None
    assert loaded.transcription.surface_state == recording.transcription.surface_state


def test_recording_rows_written_with_flat_webhook_fields_still_load() -> None:
    recording = Recording(
        id="r-1", account_id="9900000", surface=VOICE.name, started_at=CREATED, call_id="c-1"
    )
    row = RECORDING.to_row(recording)
    row["data"]["options"] = {
        "api_base": "http://emulator",
        "available_url": "http://app/available",
        "available_method": "GET",
        "transcription_url": "http://app/transcription",
        "transcription_method": "POST",
        "username": "u",
        "password": "p",
        "transcribe": True,
    }
    loaded = RECORDING.from_row(row)
    assert loaded.surface_state == VoiceRecordingState(
        api_base="http://emulator",
        recording_available=StoredEndpoint("http://app/available", "GET", "u", "p"),
        transcription_available=StoredEndpoint("http://app/transcription", "POST", "u", "p"),
        transcribe=True,
    )
    old_transcription = {"url": "http://app/t", "method": "GET", "tag": "x", "timeout": 3.0}
    assert VoiceTranscriptionState.from_data(old_transcription) == VoiceTranscriptionState(
        StoredEndpoint("http://app/t", "GET"), tag="x", timeout=3.0
    )
