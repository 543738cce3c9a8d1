"""Voice v2 recordings: the recording verbs, their webhooks, the recording and transcription
endpoints (official SDK), the media files, errors and tenant isolation."""

from __future__ import annotations

import base64
import io
import json
import urllib.error
import urllib.request
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v2.conftest import (
    ANSWERED_OUTBOUND_FIELDS,
    Voice,
    basic,
    events,
    instant,
    start_on_whole_second,
)
from tests.specs import assert_matches

CALLEE = "+15551230000"
CALLER = "+15557654321"
SCHEMAS = {
    "recordComplete": "recordingCompleteCallback",
    "recordingAvailable": "recordingAvailableCallback",
    "transcriptionAvailable": "transcriptionAvailableCallback",
    "disconnect": "disconnectCallback",
}
RECORDING_FIELDS = {"recordingId", "mediaUrl", "endTime", "duration", "fileFormat", "channels"}
NO_ANSWER_TIME = ANSWERED_OUTBOUND_FIELDS - {"answerTime"}
DEFAULT_TRANSCRIPT = "Hello, this is a test message left with the emulator."
UNKNOWN_RECORDING = "r-11111111-22222222-3333-4444-5555-666666666666"


@dataclass
class Recs:
    """The SDK's RecordingsApi on the test's account, plus raw HTTP for what it cannot send."""

    voice: Voice
    api: bandwidth.RecordingsApi

    @property
    def account_id(self) -> str:
        return self.voice.account_id

    def raw(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content_type: str = "application/json",
        emu: TelephonyEmulator | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """A request below ``/accounts/{id}`` with the (other) account's credentials."""
        emu = emu or self.voice.emu
        login = emu.bandwidth
        token = base64.b64encode(f"{login.username}:{login.password}".encode()).decode()
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body))
        request = urllib.request.Request(
            f"{login.voice_url}/accounts/{emu.account_id}{path}",
            data=data.encode() if isinstance(data, str) else data,
            method=method,
            headers={"Authorization": f"Basic {token}", "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture
def recs(voice: Voice) -> Iterator[Recs]:
    with bandwidth.ApiClient(voice.emu.bandwidth.sdk_configuration()) as client:
        yield Recs(voice, bandwidth.RecordingsApi(client))


def call_with(voice: Voice, verbs: str, **scenario: Any) -> str:
    """Place a call answered with ``<Response>{verbs}</Response>``; the clock is on a whole
    second, and the far end behaves per ``scenario``."""
    if scenario:
        voice.emu.set_scenario(CALLEE, **scenario)
    voice.hooks.reply(f"<Response>{verbs}</Response>", path="/answer")
    start_on_whole_second(voice.emu)
    return str(voice.create_call(CALLEE).call_id)


def payloads(voice: Voice, event_type: str) -> list[dict[str, Any]]:
    """Every webhook body of ``event_type``, each validated against its spec schema."""
    found = [hook.payload for hook in voice.hooks.received if hook.event_type == event_type]
    for payload in found:
        assert_matches("bandwidth.yml", SCHEMAS[event_type], payload)
    return found


def at(voice: Voice, stamp: str) -> float:
    """Seconds from the call's answer to ``stamp``."""
    (answer,) = [hook.payload for hook in voice.hooks.received if hook.event_type == "answer"]
    return (instant(stamp) - instant(answer["answerTime"])).total_seconds()


def wav_of(data: bytes) -> tuple[int, int, int, int]:
    """(channels, sample width, frame rate, frames) of a WAV file."""
    with wave.open(io.BytesIO(data)) as audio:
        return audio.getnchannels(), audio.getsampwidth(), audio.getframerate(), audio.getnframes()


def assert_metadata(recs: Recs, call_id: str, recording_id: str) -> dict[str, Any]:
    """GET the metadata raw, check it against the spec schema and return it."""
    status, headers, body = recs.raw("GET", f"/calls/{call_id}/recordings/{recording_id}")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    metadata = json.loads(body)
    assert_matches("bandwidth.yml", "callRecordingMetadata", metadata)
    return metadata


# -- the voicemail flow -------------------------------------------------------------------


def test_voicemail_record_complete_available_transcribed_and_downloaded(
    voice: Voice, recs: Recs
) -> None:
    said = "Please call me back about the invoice"  # 7 words: 2.8 s of speech
    voice.hooks.reply(
        "<Response><SpeakSentence>Thank you</SpeakSentence></Response>", path="/record-complete"
    )
    call_id = call_with(
        voice,
        "<SpeakSentence>Please leave a message</SpeakSentence>"  # 1.6 s
        '<Record recordCompleteUrl="record-complete" recordingAvailableUrl="available"'
        ' transcribe="true" transcriptionAvailableUrl="transcribed" silenceTimeout="2"/>'
        "<SpeakSentence>never spoken</SpeakSentence>",
        transcript=said,
    )
    voice.run()

    assert events(voice) == [
        ("answer", "/answer"),
        ("recordComplete", "/record-complete"),
        ("recordingAvailable", "/available"),
        ("disconnect", "/disconnect"),
        ("transcriptionAvailable", "/transcribed"),
    ]
    (complete,) = payloads(voice, "recordComplete")
    (available,) = payloads(voice, "recordingAvailable")
    (transcribed,) = payloads(voice, "transcriptionAvailable")
    (disconnect,) = payloads(voice, "disconnect")
    recording_id = complete["recordingId"]
    assert recording_id.startswith("r-")
    media_url = (
        f"{voice.emu.bandwidth.voice_url}/accounts/{voice.account_id}/calls/{call_id}"
        f"/recordings/{recording_id}/media"
    )
    # Recorded from 1.6 s: 2.8 s of speech, then 2 s of silence end it.
    assert set(complete) == ANSWERED_OUTBOUND_FIELDS | RECORDING_FIELDS
    assert complete["callId"] == call_id
    assert (complete["mediaUrl"], complete["duration"]) == (media_url, "PT4.8S")
    assert (complete["fileFormat"], complete["channels"]) == ("wav", 1)
    assert at(voice, complete["eventTime"]) == at(voice, complete["endTime"]) == 6.4
    assert set(available) == NO_ANSWER_TIME | RECORDING_FIELDS | {"status"}
    assert {key: available[key] for key in RECORDING_FIELDS} == {
        key: complete[key] for key in RECORDING_FIELDS
    }
    assert available["status"] == "complete"
    assert at(voice, disconnect["endTime"]) == 7.2  # "Thank you" from the recordComplete reply
    assert set(transcribed) == NO_ANSWER_TIME | RECORDING_FIELDS - {"channels"} | {"transcription"}
    assert at(voice, transcribed["eventTime"]) == 11.4  # ready 5 s after the recording
    transcription = transcribed["transcription"]
    assert transcription["id"].startswith("t-")
    assert transcription == {
        "id": transcription["id"],
        "status": "available",
        "completedTime": transcribed["eventTime"],
        "url": media_url.removesuffix("/media") + "/transcription",
        "text": said,
        "confidence": 0.93,
    }

    (listed,) = recs.api.list_call_recordings(voice.account_id, call_id)
    assert listed.recording_id == recording_id
    metadata = recs.api.get_call_recording(voice.account_id, call_id, recording_id)
    assert metadata == listed
    assert (metadata.duration, metadata.status, metadata.media_url) == (
        "PT4.8S",
        "complete",
        media_url,
    )
    assert (metadata.file_format, metadata.channels, metadata.direction) == ("wav", 1, "outbound")
    assert (metadata.to, metadata.var_from) == (CALLEE, voice.emu.numbers[0])
    assert metadata.application_id == voice.emu.application_id()
    assert at(voice, metadata.start_time.isoformat()[:23] + "Z") == 1.6
    assert metadata.transcription is not None
    assert metadata.transcription.status == "available"
    assert metadata.transcription.id == transcription["id"]
    raw = assert_metadata(recs, call_id, recording_id)
    assert "parentCallId" not in raw
    assert raw["endTime"] == complete["endTime"]

    media = recs.api.download_call_recording(voice.account_id, call_id, recording_id)
    assert wav_of(bytes(media)) == (1, 2, 8000, 38400)  # 4.8 s at 8 kHz, 16-bit mono
    status, headers, body = recs.raw("GET", f"/calls/{call_id}/recordings/{recording_id}/media")
    assert (status, headers["Content-Type"], body) == (200, "audio/vnd.wave", bytes(media))

    text = recs.api.get_recording_transcription(voice.account_id, call_id, recording_id)
    assert [(t.text, t.confidence) for t in text.transcripts] == [(said, 0.93)]
    status, _, body = recs.raw("GET", f"/calls/{call_id}/recordings/{recording_id}/transcription")
    assert status == 200
    assert_matches("bandwidth.yml", "recordingTranscriptions", json.loads(body))
    assert json.loads(body)["clips"] == [
        {
            "speaker": 0,
            "text": said,
            "confidence": 0.93,
            "startTimeSeconds": 0.0,
            "endTimeSeconds": 2.8,
        }
    ]


def test_inbound_voicemail_with_the_default_caller_speech(voice: Voice, recs: Recs) -> None:
    voice.emu.update_application(
        "voice",
        call_initiated_callback_url=voice.hooks.url_for("/initiate"),
        call_status_callback_url=voice.hooks.url_for("/status"),
    )
    voice.hooks.reply(
        '<Response><Record recordingAvailableUrl="available" transcribe="true"'
        ' silenceTimeout="1" fileFormat="mp3"/></Response>',
        path="/initiate",
    )
    start_on_whole_second(voice.emu)
    call = voice.emu.place_inbound_call(voice.emu.numbers[0], from_=CALLER)
    voice.run()

    # No recordCompleteUrl: the document runs out after the Record and the call hangs up.
    assert [event for event, _ in events(voice)] == ["initiate", "recordingAvailable", "disconnect"]
    (available,) = payloads(voice, "recordingAvailable")
    assert (available["direction"], available["from"]) == ("inbound", CALLER)
    assert (available["duration"], available["fileFormat"]) == ("PT5S", "mp3")  # 4 s + 1 s
    recording_id = available["recordingId"]
    call_id = str(call["call_id"])
    text = recs.api.get_recording_transcription(voice.account_id, call_id, recording_id)
    assert [t.text for t in text.transcripts] == [DEFAULT_TRANSCRIPT]

    media = bytes(recs.api.download_call_recording(voice.account_id, call_id, recording_id))
    frames = [media[i : i + 96] for i in range(0, len(media), 96)]
    assert len(frames) == 208  # 5 s in frames of 1152 samples at 48 kHz (24 ms), rounded
    assert len(media) == 208 * 96  # 32 kbit/s: 96 bytes a frame
    for frame in frames:
        # Frame sync, MPEG-1 Layer III without CRC; 32 kbit/s at 48 kHz; mono.
        assert frame[:3] == b"\xff\xfb\x14"
        assert frame[3] >> 6 == 0b11


def test_inbound_caller_says_its_transcript_and_hangs_up(voice: Voice, recs: Recs) -> None:
    voice.emu.update_application(
        "voice",
        call_initiated_callback_url=voice.hooks.url_for("/initiate"),
        call_status_callback_url=voice.hooks.url_for("/status"),
    )
    voice.hooks.reply(
        '<Response><Record recordCompleteUrl="complete" transcribe="true"'
        ' silenceTimeout="3"/></Response>',
        path="/initiate",
    )
    start_on_whole_second(voice.emu)
    call = voice.emu.place_inbound_call(
        voice.emu.numbers[0],
        from_=CALLER,
        hangup_after=6,
        transcript="It is Ann, call me",
        speech_seconds=4.5,
    )
    voice.run()

    # Talks 4.5 s, then 3 s of silence would end it, but the caller hangs up at 6 s first.
    assert [event for event, _ in events(voice)] == ["initiate", "disconnect"]
    call_id = str(call["call_id"])
    (recording,) = recs.api.list_call_recordings(voice.account_id, call_id)
    assert (recording.duration, recording.status) == ("PT6S", "complete")
    assert recording.transcription is not None
    assert recording.transcription.status == "available"
    text = recs.api.get_recording_transcription(voice.account_id, call_id, recording.recording_id)
    assert [t.text for t in text.transcripts] == ["It is Ann, call me"]
    assert text.clips is not None
    assert (text.clips[0].start_time_seconds, text.clips[0].end_time_seconds) == (0.0, 4.5)


# -- how a <Record> ends --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "scenario", "duration"),
    [
        pytest.param('<Record maxDuration="2.5"/>', {}, "PT2.5S", id="max-duration"),
        pytest.param(
            '<Record maxDuration="3" silenceTimeout="5"/>', {}, "PT3S", id="max-before-silence"
        ),
        pytest.param(
            "<Record/>",
            {"digits": [{"at": 3.25, "digits": "1#"}]},
            "PT3.25S",
            id="default-terminating-digit",
        ),
        pytest.param(
            '<Record terminatingDigits="*"/>',
            {"digits": [{"at": 1, "digits": "#"}, {"at": 2, "digits": "*"}]},
            "PT2S",
            id="other-digits-are-ignored",
        ),
        pytest.param(
            '<Record terminatingDigits="" maxDuration="4"/>',
            {"digits": [{"at": 1, "digits": "#"}]},
            "PT4S",
            id="terminating-digits-off",
        ),
        pytest.param(
            '<Record silenceTimeout="0.5"/>',
            {"speech_seconds": 1.5},
            "PT2S",
            id="speech-seconds-then-silence",
        ),
    ],
)
def test_record_ends_on_digit_limit_or_silence(
    voice: Voice, record: str, scenario: dict[str, Any], duration: str
) -> None:
    call_with(
        voice,
        record.replace("<Record", '<Record recordingAvailableUrl="available"')
        + "<SpeakSentence>bye</SpeakSentence>",
        **scenario,
    )
    voice.run()

    # Without recordCompleteUrl the document goes on at once; the recording is available then.
    (available,) = payloads(voice, "recordingAvailable")
    assert available["duration"] == duration
    seconds = float(duration[2:-1])
    assert at(voice, available["eventTime"]) == at(voice, available["endTime"]) == seconds
    assert at(voice, payloads(voice, "disconnect")[0]["endTime"]) == seconds + 0.5


def test_record_when_the_caller_hangs_up_sends_no_record_complete(voice: Voice) -> None:
    call_with(
        voice,
        '<Record recordCompleteUrl="record-complete" recordingAvailableUrl="available"/>',
        hangup_after=3,
    )
    voice.run()

    assert [event for event, _ in events(voice)] == ["answer", "disconnect", "recordingAvailable"]
    (available,) = payloads(voice, "recordingAvailable")
    assert (available["duration"], available["status"]) == ("PT3S", "complete")


def test_record_complete_reply_runs_next_and_its_tag_is_carried(voice: Voice) -> None:
    voice.hooks.reply(
        "<Response><Record recordCompleteUrl='second' maxDuration='1'/></Response>",
        path="/first",
    )
    call_with(voice, '<Record recordCompleteUrl="first" maxDuration="2" tag="vm"/>')
    voice.run()

    assert events(voice) == [
        ("answer", "/answer"),
        ("recordComplete", "/first"),
        ("recordComplete", "/second"),
        ("disconnect", "/disconnect"),
    ]
    first, second = payloads(voice, "recordComplete")
    assert (first["duration"], second["duration"]) == ("PT2S", "PT1S")
    assert first["tag"] == second["tag"] == "vm"
    assert first["recordingId"] != second["recordingId"]


def test_recording_webhooks_honour_method_and_credentials(voice: Voice) -> None:
    call_with(
        voice,
        '<StartRecording recordingAvailableUrl="available" recordingAvailableMethod="GET"'
        ' transcribe="true" transcriptionAvailableUrl="transcribed" username="u" password="p"/>'
        '<Pause duration="2"/>',
    )
    voice.run()

    available, transcribed = [
        hook for hook in voice.hooks.received if hook.path in ("/available", "/transcribed")
    ]
    assert (available.method, transcribed.method) == ("GET", "POST")
    assert (
        available.headers["Authorization"]
        == transcribed.headers["Authorization"]
        == basic("u", "p")
    )
    assert available.payload["eventType"] == "recordingAvailable"
    assert available.payload["duration"] == "PT2S"
    assert transcribed.payload["transcription"]["text"] == DEFAULT_TRANSCRIPT


# -- <StartRecording> and friends -----------------------------------------------------------


def test_start_recording_paused_and_resumed_through_the_api(voice: Voice, recs: Recs) -> None:
    call_id = call_with(
        voice,
        '<StartRecording recordingAvailableUrl="available" multiChannel="true"/>'
        '<StartRecording recordingAvailableUrl="ignored"/>'  # only one can be active
        '<Pause duration="10"/><StopRecording/><Pause duration="1"/>',
    )
    voice.emu.advance(1)  # answered
    voice.emu.advance(2)
    paused = bandwidth.UpdateCallRecording(state=bandwidth.RecordingStateEnum.PAUSED)
    recs.api.update_call_recording_state(voice.account_id, call_id, paused)
    recs.api.update_call_recording_state(voice.account_id, call_id, paused)  # no change
    voice.emu.advance(3)
    resumed = bandwidth.UpdateCallRecording(state=bandwidth.RecordingStateEnum.RECORDING)
    recs.api.update_call_recording_state(voice.account_id, call_id, resumed)
    voice.emu.advance(1)
    (in_progress,) = recs.api.list_call_recordings(voice.account_id, call_id)
    assert (in_progress.status, in_progress.media_url, in_progress.duration) == (
        "processing",
        None,
        "PT3S",
    )
    voice.run()

    # 10 s of recording minus the 3 s paused; stopped by <StopRecording> while the call goes on.
    assert [event for event, _ in events(voice)] == ["answer", "recordingAvailable", "disconnect"]
    (available,) = payloads(voice, "recordingAvailable")
    assert (available["duration"], available["channels"]) == ("PT7S", 2)
    assert at(voice, available["eventTime"]) == 10.0
    media = recs.api.download_call_recording(voice.account_id, call_id, available["recordingId"])
    assert wav_of(bytes(media)) == (2, 2, 8000, 56000)
    metadata = assert_metadata(recs, call_id, available["recordingId"])
    assert metadata["channels"] == 2


def test_pause_and_resume_verbs_and_the_call_end_stop_the_recording(
    voice: Voice, recs: Recs
) -> None:
    call_id = call_with(
        voice,
        '<StartRecording recordingAvailableUrl="available" fileFormat="mp3"'
        ' recordingName="greeting"/>'
        '<Pause duration="2"/><PauseRecording/><Pause duration="3"/><PauseRecording/>'
        '<ResumeRecording/><Pause duration="1.5"/>',
    )
    voice.run()

    # The call hangs up when the document runs out; the recording is available after that.
    assert [event for event, _ in events(voice)] == ["answer", "disconnect", "recordingAvailable"]
    (available,) = payloads(voice, "recordingAvailable")
    assert (available["duration"], available["fileFormat"]) == ("PT3.5S", "mp3")
    assert at(voice, available["endTime"]) == 6.5
    metadata = recs.api.get_call_recording(voice.account_id, call_id, available["recordingId"])
    assert metadata.recording_name == "greeting"
    assert metadata.file_format == "mp3"
    status, headers, _ = recs.raw(
        "GET", f"/calls/{call_id}/recordings/{metadata.recording_id}/media"
    )
    assert (status, headers["Content-Type"]) == (200, "audio/mpeg")


def test_recording_verbs_without_an_active_recording_do_nothing(voice: Voice) -> None:
    call_with(voice, "<PauseRecording/><ResumeRecording/><StopRecording/><Pause/>")
    voice.run()

    assert [event for event, _ in events(voice)] == ["answer", "disconnect"]
    assert payloads(voice, "disconnect")[0]["cause"] == "hangup"


# -- transcription on request ---------------------------------------------------------------


def test_transcribe_on_request_then_delete_the_transcription(voice: Voice, recs: Recs) -> None:
    call_id = call_with(voice, '<Record maxDuration="3"/>', transcript="Ring me tomorrow")
    voice.run()
    (recording,) = recs.api.list_call_recordings(voice.account_id, call_id)
    rid = recording.recording_id
    assert recording.transcription is None
    path = f"/calls/{call_id}/recordings/{rid}/transcription"
    assert recs.raw("GET", path)[0] == 404

    request = bandwidth.TranscribeRecording(
        callback_url=voice.hooks.url_for("/transcribed"), tag="tx-1", callback_timeout=5
    )
    recs.api.transcribe_call_recording(voice.account_id, call_id, rid, request)
    pending = recs.api.get_call_recording(voice.account_id, call_id, rid).transcription
    assert pending is not None
    assert (pending.status, pending.completed_time) == ("processing", None)
    assert recs.raw("GET", path)[0] == 404  # not ready yet
    voice.emu.advance(5)

    (transcribed,) = payloads(voice, "transcriptionAvailable")
    assert transcribed["tag"] == "tx-1"
    assert transcribed["transcription"]["text"] == "Ring me tomorrow"
    text = recs.api.get_recording_transcription(voice.account_id, call_id, rid)
    assert [t.text for t in text.transcripts] == ["Ring me tomorrow"]

    recs.api.delete_recording_transcription(voice.account_id, call_id, rid)
    assert recs.raw("GET", path)[0] == 404
    assert recs.api.get_call_recording(voice.account_id, call_id, rid).transcription is None
    status, _, body = recs.raw("DELETE", path)
    assert status == 404
    assert json.loads(body)["description"] == f"Transcription for recording [{rid}] not found"


# -- deleting -------------------------------------------------------------------------------


def test_delete_media_then_the_recording(voice: Voice, recs: Recs) -> None:
    call_id = call_with(voice, '<Record maxDuration="1"/>')
    voice.run()
    (recording,) = recs.api.list_call_recordings(voice.account_id, call_id)
    rid = recording.recording_id
    one = f"/calls/{call_id}/recordings/{rid}"

    recs.api.delete_recording_media(voice.account_id, call_id, rid)
    metadata = assert_metadata(recs, call_id, rid)
    assert (metadata["status"], metadata["mediaUrl"]) == ("deleted", None)
    status, headers, body = recs.raw("GET", one + "/media")
    assert (status, headers["Content-Type"]) == (404, "application/json;charset=UTF-8")
    error = json.loads(body)
    assert (error["type"], error["description"]) == (
        "validation",
        f"Media for recording [{rid}] not found",
    )
    assert recs.raw("POST", one + "/transcription", {})[0] == 404

    recs.api.delete_recording(voice.account_id, call_id, rid)
    for method, path in [("GET", one), ("GET", one + "/media"), ("DELETE", one)]:
        status, _, body = recs.raw(method, path)
        assert status == 404, (method, path)
        assert json.loads(body)["description"] == f"Recording [{rid}] not found"
    assert recs.api.list_call_recordings(voice.account_id, call_id) == []
    assert recs.api.list_account_call_recordings(voice.account_id) == []


# -- listing --------------------------------------------------------------------------------


def test_list_account_recordings_with_filters(voice: Voice, recs: Recs) -> None:
    first = call_with(voice, '<Record maxDuration="1"/>')
    voice.run()
    voice.emu.set_scenario("+15551230001")
    voice.hooks.reply('<Response><Record maxDuration="1"/></Response>', path="/answer")
    second = str(voice.create_call("+15551230001").call_id)
    voice.run()

    listed = recs.api.list_account_call_recordings(voice.account_id)
    assert [item.call_id for item in listed] == [first, second]
    start = listed[1].start_time.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    cases: list[tuple[dict[str, str], list[str]]] = [
        ({"to": "+15551230001"}, [second]),
        ({"var_from": voice.emu.numbers[0]}, [first, second]),
        ({"var_from": "+15550000000"}, []),
        ({"min_start_time": start}, [second]),
        ({"max_start_time": start}, [first, second]),
        ({"max_start_time": "2000-01-01T00:00:00Z"}, []),
    ]
    for filters, expected in cases:
        found = recs.api.list_account_call_recordings(voice.account_id, **filters)
        assert [item.call_id for item in found] == expected, filters
    status, _, body = recs.raw("GET", "/recordings?minStartTime=yesterday")
    assert status == 400
    assert json.loads(body)["description"].startswith("Invalid minStartTime")
    status, _, body = recs.raw("GET", "/recordings")
    for item in json.loads(body):
        assert_matches("bandwidth.yml", "callRecordingMetadata", item)


# -- errors and isolation -------------------------------------------------------------------


def test_update_recording_state_errors(voice: Voice, recs: Recs) -> None:
    call_id = call_with(voice, '<Pause duration="5"/>')
    voice.emu.advance(2)
    path = f"/calls/{call_id}/recording"
    paused = bandwidth.UpdateCallRecording(state=bandwidth.RecordingStateEnum.PAUSED)

    with pytest.raises(bandwidth.ApiException) as caught:
        recs.api.update_call_recording_state(voice.account_id, call_id, paused)
    assert caught.value.status == 409
    assert json.loads(caught.value.body) == {
        "type": "validation",
        "description": f"Call [{call_id}] has no recording in progress",
        "id": "",
    }
    for body, description in [
        ({}, "Invalid state: must be one of [paused, recording]"),
        ({"state": "stopped"}, "Invalid state: must be one of [paused, recording]"),
        (b"{", "Invalid request body: malformed JSON"),
    ]:
        status, _, answer = recs.raw("PUT", path, body)
        assert (status, json.loads(answer)["description"]) == (400, description)
    assert recs.raw("PUT", path, {"state": "paused"}, content_type="text/plain")[0] == 415
    unknown = "c-11111111-22222222-3333-4444-5555-666666666666"
    status, _, answer = recs.raw("PUT", f"/calls/{unknown}/recording", {"state": "paused"})
    assert (status, json.loads(answer)["description"]) == (404, f"Call [{unknown}] not found")
    voice.run()
    status, _, answer = recs.raw("PUT", path, {"state": "paused"})
    assert status == 409  # the call has ended


def test_unknown_and_other_accounts_recordings_are_not_found(
    voice: Voice, recs: Recs, telephony_emulator: TelephonyEmulator
) -> None:
    call_id = call_with(voice, '<Record maxDuration="1"/>')
    voice.run()
    (recording,) = recs.api.list_call_recordings(voice.account_id, call_id)
    rid = recording.recording_id
    other = TelephonyEmulator(
        telephony_emulator.url,
        telephony_emulator.control,
        telephony_emulator.control.create_account(),
    )
    one = f"/calls/{call_id}/recordings/{rid}"

    for method, path in [
        ("GET", one),
        ("GET", one + "/media"),
        ("DELETE", one),
        ("DELETE", one + "/media"),
        ("GET", one + "/transcription"),
        ("POST", one + "/transcription"),
    ]:
        status, headers, body = recs.raw(method, path, {} if method == "POST" else None, emu=other)
        assert status == 404, (method, path)
        assert headers["Content-Type"] == "application/json;charset=UTF-8"
        assert json.loads(body)["description"] == f"Recording [{rid}] not found"
    # Like every other per-call route: another account's call, or an unknown one, is not found.
    status, _, body = recs.raw("GET", f"/calls/{call_id}/recordings", emu=other)
    assert (status, json.loads(body)["description"]) == (404, f"Call [{call_id}] not found")
    unknown = "c-11111111-22222222-3333-4444-5555-666666666666"
    status, _, body = recs.raw("GET", f"/calls/{unknown}/recordings")
    assert (status, json.loads(body)["description"]) == (404, f"Call [{unknown}] not found")
    status, _, body = recs.raw("GET", "/recordings", emu=other)
    assert (status, json.loads(body)) == (200, [])
    with pytest.raises(bandwidth.ApiException) as caught:
        recs.api.get_call_recording(voice.account_id, call_id, UNKNOWN_RECORDING)
    assert caught.value.status == 404
    wrong_call = "c-11111111-22222222-3333-4444-5555-666666666666"
    assert recs.raw("GET", f"/calls/{wrong_call}/recordings/{rid}")[0] == 404
    assert recs.api.get_call_recording(voice.account_id, call_id, rid).recording_id == rid


def test_transcribe_request_validation(voice: Voice, recs: Recs) -> None:
    call_id = call_with(voice, '<Record maxDuration="1"/>')
    voice.run()
    (recording,) = recs.api.list_call_recordings(voice.account_id, call_id)
    path = f"/calls/{call_id}/recordings/{recording.recording_id}/transcription"
    for body, description in [
        ({"callbackTimeout": 30}, "callbackTimeout must be within the range [1, 25], but was 30"),
        (
            {"callbackUrl": "ftp://x.example/t"},
            "Invalid callbackUrl: only http and https are allowed",
        ),
        ({"callbackMethod": "PUT"}, "Invalid callbackUrl method. Supported methods: [POST, GET]"),
    ]:
        status, _, answer = recs.raw("POST", path, body)
        assert (status, json.loads(answer)["description"]) == (400, description), body
    assert (
        recs.api.get_call_recording(voice.account_id, call_id, recording.recording_id).transcription
        is None
    )
