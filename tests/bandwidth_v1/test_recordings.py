"""Catapult recordings and transcriptions: the seed gem's recording examples in README order,
their events, and the errors of §2.11."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.voice_helpers import FAR, Clock, call_url, events, parseable
from tests.bandwidth_v1.wire import call as raw
from tests.bandwidth_v1.wire import user_url

pytestmark = pytest.mark.usefixtures("catapult_hang_up")

GEM = {"User-Agent": "Faraday v0.9.0"}
SAID = "Hello, this is a test message left with the emulator."


def _error(action: Callable[[], Any]) -> tuple[int | None, str | None, str]:
    with pytest.raises(CatapultError) as raised:
        action()
    return raised.value.status_code, raised.value.code, raised.value.message


def _recorded_call(
    catapult: Catapult, emu: TelephonyEmulator, hooks: WebhookInbox, seconds: float, **kw: Any
) -> str:
    call_id: str = catapult.voice.create_call(
        from_=emu.numbers[0],
        to=FAR,
        callback_url=hooks.url_for("/c"),
        recording_enabled=True,
        **kw,
    )
    emu.advance(1 + seconds)
    catapult.voice.hangup_call(call_id)
    emu.advance(0)  # advance, not run-until-idle: other tests' calls may still have timers
    return call_id


def test_seed_recording_examples_in_readme_order(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    clock = Clock(emu)
    call_id = _recorded_call(catapult, emu, telephony_webhooks, 12)
    # records = bandwidth.call_records call_id; record = records.first
    (record,) = catapult.voice.list_call_recordings(call_id)
    rec_id = record["id"]
    assert rec_id.startswith("rec-")
    expected = {
        "id": rec_id,
        "start_time": clock.at(1),
        "end_time": clock.at(13),
        "call": call_url(login, call_id),
        "media": user_url(login, "media", f"{call_id}-1.wav"),
        "state": "complete",
        "transcriptions": user_url(login, "recordings", rec_id, "transcriptions"),
    }
    assert record == expected
    # records = bandwidth.records (newest first, paged to the end)
    second = _recorded_call(catapult, emu, telephony_webhooks, 2)
    listed = list(catapult.voice.list_recordings(size=1))
    assert [r["id"] for r in listed][1] == rec_id
    assert listed[0]["call"] == call_url(login, second)
    # bandwidth.record "rec-..." (the SDK adds media_name, the media URL's last segment)
    assert catapult.voice.get_recording(rec_id) == {**expected, "media_name": f"{call_id}-1.wav"}
    gem = raw(login, "GET", user_url(login, "recordings", rec_id), headers=GEM).json()
    parseable(gem["startTime"])
    parseable(gem["endTime"])
    assert gem["media"].rsplit("/", 1)[1] == f"{call_id}-1.wav"
    assert gem["call"].rsplit("/", 1)[1] == call_id
    # The media is a real WAV of the recorded length: 12 s of 8 kHz 16-bit mono after the header.
    media = raw(login, "GET", record["media"])
    assert media.status_code == 200
    assert media.content[:4] == b"RIFF"
    assert len(media.content) == 44 + 12 * 8000 * 2
    text = raw(login, "GET", user_url(login, "media", f"{call_id}-2.wav"))
    assert text.status_code == 404


def test_transcriptions_of_a_complete_recording(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login, hooks = telephony_emulator, catapult.login, telephony_webhooks
    clock = Clock(emu)
    call_id = _recorded_call(catapult, emu, hooks, 6)
    (record,) = catapult.voice.list_call_recordings(call_id)
    hooks.clear()
    transcription_id = catapult.voice.create_transcription(record["id"])
    url = user_url(login, "recordings", record["id"], "transcriptions", transcription_id)
    pending = catapult.voice.get_transcription(record["id"], transcription_id)
    assert (pending["state"], pending["text"]) == ("transcribing", "")
    emu.advance(5)
    done = {
        "id": transcription_id,
        "state": "completed",
        "text": SAID,
        "time": clock.at(12),
        "chargeable_duration": 6,
        "text_size": len(SAID),
        "text_url": user_url(login, "media", transcription_id),
    }
    assert catapult.voice.get_transcription(record["id"], transcription_id) == done
    assert list(catapult.voice.list_transcriptions(record["id"])) == [done]
    assert list(catapult.voice.list_call_transcriptions(call_id)) == [done]
    # The statement: the call by its started minute, then the transcription.
    charges = list(catapult.account.list_account_transactions(trans_type="charge"))
    assert [(t["product_type"], t["units"], t.get("resource_id")) for t in charges][:2] == [
        ("transcription", 1, transcription_id),
        ("call-out", 1, call_id),
    ]
    assert events(hooks) == [
        {
            "eventType": "transcription",
            "callId": call_id,
            "transcriptionId": transcription_id,
            "transcriptionUri": url,
            "recordingId": record["id"],
            "recordingUri": user_url(login, "recordings", record["id"]),
            "status": "completed",
            "state": "completed",
            "text": SAID,
            "textSize": len(SAID),
            "textUrl": user_url(login, "media", transcription_id),
            "time": clock.at(12),
        }
    ]


def test_transcription_enabled_transcribes_each_recording_and_max_duration_stops_it(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    clock = Clock(emu)
    call_id = _recorded_call(
        catapult, emu, hooks, 20, transcription_enabled=True, recording_max_duration=8
    )
    (record,) = catapult.voice.list_call_recordings(call_id)
    assert record["end_time"] == clock.at(9)
    kinds = [e["eventType"] for e in events(hooks)]
    assert kinds == ["answer", "recording", "transcription", "hangup"]
    assert events(hooks)[2]["time"] == clock.at(14)


def test_recording_errors_over_the_wire(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    assert _error(lambda: catapult.voice.get_recording("rec-nope")) == (
        404,
        "recording-not-found",
        "The recording rec-nope could not be found",
    )
    call_id = catapult.voice.create_call(from_=emu.numbers[0], to=FAR, recording_enabled=True)
    emu.advance(3)
    (running,) = catapult.voice.list_call_recordings(call_id)
    assert running["state"] == "recording"
    assert _error(lambda: catapult.voice.create_transcription(running["id"])) == (
        403,
        "invalid-recording-state",
        f"The recording {running['id']} is not complete",
    )
    assert _error(lambda: catapult.voice.get_transcription(running["id"], "tr-nope"))[:2] == (
        404,
        "transcription-not-found",
    )
    catapult.voice.hangup_call(call_id)
