"""Voice v2 media streams and real-time transcriptions: the verbs' events, their refusals, and
the real-time transcription endpoints (official SDK), with their errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import bandwidth
import pytest

from tests.bandwidth_v2.conftest import ANSWERED_OUTBOUND_FIELDS, Voice, events
from tests.bandwidth_v2.test_recordings import DEFAULT_TRANSCRIPT, Recs, at, call_with
from tests.specs import assert_matches

WSS = "wss://media.example.com/stream"
UNKNOWN_CALL = "c-11111111-22222222-3333-4444-5555-666666666666"
UNKNOWN_TRANSCRIPTION = "t-11111111-22222222-3333-4444-5555-666666666666"


@pytest.fixture
def tx(voice: Voice) -> Iterator[bandwidth.TranscriptionsApi]:
    with bandwidth.ApiClient(voice.emu.bandwidth.sdk_configuration()) as client:
        yield bandwidth.TranscriptionsApi(client)


@pytest.fixture
def recs(voice: Voice) -> Iterator[Recs]:
    with bandwidth.ApiClient(voice.emu.bandwidth.sdk_configuration()) as client:
        yield Recs(voice, bandwidth.RecordingsApi(client))


def payloads(voice: Voice, event_type: str) -> list[dict[str, Any]]:
    return [hook.payload for hook in voice.hooks.received if hook.event_type == event_type]


# -- media streams --------------------------------------------------------------------------


def test_stream_started_then_stopped_by_name(voice: Voice) -> None:
    call_id = call_with(
        voice,
        f'<StartStream name="live" tracks="both" destination="{WSS}" streamEventUrl="streams">'
        '<StreamParam name="agent" value="42"/></StartStream>'
        '<Pause duration="3"/><StopStream name="live"/><Pause duration="1"/>',
    )
    voice.run()

    assert events(voice) == [
        ("answer", "/answer"),
        ("mediaStreamStarted", "/streams"),
        ("mediaStreamStopped", "/streams"),
        ("disconnect", "/disconnect"),
    ]
    (started,) = payloads(voice, "mediaStreamStarted")
    (stopped,) = payloads(voice, "mediaStreamStopped")
    assert set(started) == ANSWERED_OUTBOUND_FIELDS | {"mediaStream"}
    assert started["callId"] == call_id
    stream = started["mediaStream"]
    assert stream["id"].startswith("s-")
    assert stream == {
        "id": stream["id"],
        "name": "live",
        "startTime": started["eventTime"],
        "tracks": ["inbound", "outbound"],
        "destination": WSS,
        "type": "WebSocket",
    }
    assert at(voice, started["eventTime"]) == 0
    assert set(stopped) == ANSWERED_OUTBOUND_FIELDS | {"mediaStream", "cause"}
    assert stopped["mediaStream"] == {**stream, "duration": "PT3S"}
    assert stopped["cause"] == "closed"
    assert at(voice, stopped["eventTime"]) == 3


def test_duplicate_name_and_track_limit_are_rejected_and_the_rest_stop_with_the_call(
    voice: Voice,
) -> None:
    stream = f'destination="{WSS}" streamEventUrl="streams"'
    call_with(
        voice,
        f'<StartStream name="a" tracks="both" {stream}/>'
        f'<StartStream name="a" tracks="outbound" {stream}/>'
        f'<StartStream tracks="both" {stream}/>'  # unnamed: named after its id
        f'<StartStream name="c" {stream}/>'  # a fifth track
        '<StopStream name="never-started"/>'  # nothing to stop: no event, the document goes on
        f'<StartStream name="silent" destination="{WSS}"/>'  # refused, but with no event URL
        '<Pause duration="2"/>',
    )
    voice.run()

    assert [event for event, _ in events(voice)] == [
        "answer",
        "mediaStreamStarted",
        "mediaStreamRejected",
        "mediaStreamStarted",
        "mediaStreamRejected",
        "disconnect",
        "mediaStreamStopped",
        "mediaStreamStopped",
    ]
    first, unnamed = (hook["mediaStream"] for hook in payloads(voice, "mediaStreamStarted"))
    assert unnamed["name"] == unnamed["id"]
    duplicate, limited = payloads(voice, "mediaStreamRejected")
    assert set(duplicate) == ANSWERED_OUTBOUND_FIELDS | {
        "mediaStream",
        "cause",
        "errorMessage",
        "originalMediaStream",
    }
    assert duplicate["cause"] == "duplicate"
    assert duplicate["errorMessage"] == "The name [a] is already in use on this call"
    assert duplicate["originalMediaStream"] == first
    assert duplicate["mediaStream"]["tracks"] == ["outbound"]
    assert duplicate["mediaStream"]["id"] != first["id"]
    assert set(limited) == ANSWERED_OUTBOUND_FIELDS | {"mediaStream", "cause", "errorMessage"}
    assert (limited["cause"], limited["errorMessage"]) == (
        "track-limit",
        "At most 4 tracks can run at once on a call",
    )
    assert limited["mediaStream"]["name"] == "c"
    (disconnect,) = payloads(voice, "disconnect")
    stopped = payloads(voice, "mediaStreamStopped")
    assert [hook["mediaStream"]["name"] for hook in stopped] == ["a", unnamed["id"]]
    for hook in stopped:
        assert hook["cause"] == "closed"
        assert hook["mediaStream"]["duration"] == "PT2S"
        assert hook["eventTime"] == disconnect["endTime"]


# -- real-time transcriptions ---------------------------------------------------------------


def test_transcription_started_stopped_available_then_listed_read_and_deleted(
    voice: Voice, tx: bandwidth.TranscriptionsApi, recs: Recs
) -> None:
    said = "I would like to speak to an agent"
    call_id = call_with(
        voice,
        '<StartTranscription name="live" tracks="both" transcriptionEventUrl="tx">'
        '<CustomParam name="agent" value="42"/></StartTranscription>'
        '<Pause duration="2"/><StopTranscription/><Pause duration="1"/>',
        transcript=said,
    )
    voice.run()

    assert events(voice) == [
        ("answer", "/answer"),
        ("realTimeTranscriptionStarted", "/tx"),
        ("realTimeTranscriptionStopped", "/tx"),
        ("disconnect", "/disconnect"),
        ("realTimeTranscriptionAvailable", "/tx"),
    ]
    (started,) = payloads(voice, "realTimeTranscriptionStarted")
    (stopped,) = payloads(voice, "realTimeTranscriptionStopped")
    (available,) = payloads(voice, "realTimeTranscriptionAvailable")
    transcription = started["realTimeTranscription"]
    tid = transcription["id"]
    assert tid.startswith("t-")
    assert set(started) == ANSWERED_OUTBOUND_FIELDS | {"realTimeTranscription"}
    assert transcription == {
        "id": tid,
        "name": "live",
        "startTime": started["eventTime"],
        "tracks": ["inbound", "outbound"],
    }
    assert set(stopped) == ANSWERED_OUTBOUND_FIELDS | {"realTimeTranscription", "duration", "cause"}
    assert stopped["realTimeTranscription"] == transcription
    assert (stopped["duration"], stopped["cause"]) == ("PT2S", "closed")
    assert at(voice, stopped["eventTime"]) == 2
    url = f"{voice.emu.bandwidth.voice_url}/accounts/{voice.account_id}/calls/{call_id}"
    url += f"/transcriptions/{tid}"
    assert set(available) == ANSWERED_OUTBOUND_FIELDS | {
        "realTimeTranscription",
        "status",
        "url",
        "completedTime",
    }
    assert (available["status"], available["url"]) == ("available", url)
    assert available["completedTime"] == available["eventTime"]
    assert at(voice, available["eventTime"]) == 7  # ready 5 s after it stopped

    (listed,) = tx.list_real_time_transcriptions(voice.account_id, call_id)
    assert (listed.transcription_id, listed.transcription_name, listed.transcription_url) == (
        tid,
        "live",
        url,
    )
    got = tx.get_real_time_transcription(voice.account_id, call_id, tid)
    assert (got.account_id, got.call_id, got.transcription_id) == (voice.account_id, call_id, tid)
    assert [(t.track, t.transcript, t.detected_language, t.confidence) for t in got.tracks] == [
        ("inbound", said, "en-US", 0.93),
        ("outbound", "", "en-US", 0.93),
    ]
    status, _, body = recs.raw("GET", f"/calls/{call_id}/transcriptions")
    assert status == 200
    assert_matches("bandwidth.yml", "callTranscriptionMetadataList", json.loads(body))
    status, _, body = recs.raw("GET", f"/calls/{call_id}/transcriptions/{tid}")
    assert status == 200
    assert_matches("bandwidth.yml", "callTranscriptionResponse", json.loads(body))

    status, _, body = recs.raw("DELETE", f"/calls/{call_id}/transcriptions/{tid}")
    assert (status, body) == (200, b"")
    assert tx.list_real_time_transcriptions(voice.account_id, call_id) == []
    for method in ("GET", "DELETE"):
        status, headers, body = recs.raw(method, f"/calls/{call_id}/transcriptions/{tid}")
        assert status == 404
        assert headers["Content-Type"].startswith("application/json")
        assert json.loads(body)["description"] == f"Transcription [{tid}] not found"


def test_transcriptions_stop_with_the_call_duplicates_are_rejected(
    voice: Voice, tx: bandwidth.TranscriptionsApi, recs: Recs
) -> None:
    events_url = 'transcriptionEventUrl="tx"'
    call_id = call_with(
        voice,
        f'<StartTranscription name="one" {events_url}/>'
        f'<StartTranscription name="one" {events_url}/>'
        f"<StartTranscription {events_url}/>"
        '<StopTranscription name="unknown"/>'
        '<Pause duration="1"/>',
    )
    voice.emu.advance(0.5)
    assert tx.list_real_time_transcriptions(voice.account_id, call_id) == []  # not ready yet
    voice.run()

    assert [event for event, _ in events(voice)] == [
        "answer",
        "realTimeTranscriptionStarted",
        "realTimeTranscriptionRejected",
        "realTimeTranscriptionStarted",
        "disconnect",
        "realTimeTranscriptionStopped",
        "realTimeTranscriptionStopped",
        "realTimeTranscriptionAvailable",
        "realTimeTranscriptionAvailable",
    ]
    first, unnamed = (
        h["realTimeTranscription"] for h in payloads(voice, "realTimeTranscriptionStarted")
    )
    assert unnamed["name"] == unnamed["id"]
    (rejected,) = payloads(voice, "realTimeTranscriptionRejected")
    assert set(rejected) == ANSWERED_OUTBOUND_FIELDS | {
        "realTimeTranscription",
        "cause",
        "errorMessage",
        "originalTranscription",
    }
    assert rejected["originalTranscription"] == first
    assert rejected["cause"] == "duplicate"
    listed = tx.list_real_time_transcriptions(voice.account_id, call_id)
    assert [item.transcription_name for item in listed] == ["one", unnamed["id"]]
    got = tx.get_real_time_transcription(voice.account_id, call_id, first["id"])
    assert [(t.track, t.transcript) for t in got.tracks] == [("inbound", DEFAULT_TRANSCRIPT)]

    for path in (
        f"/calls/{call_id}/transcriptions/{UNKNOWN_TRANSCRIPTION}",
        f"/calls/{UNKNOWN_CALL}/transcriptions",
        f"/calls/{UNKNOWN_CALL}/transcriptions/{first['id']}",
    ):
        status, _, body = recs.raw("GET", path)
        assert status == 404, path
        assert "not found" in json.loads(body)["description"]
