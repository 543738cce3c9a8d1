"""Catapult calls: the seed gem's call examples in README order, through the v1 Python SDK (raw
HTTP for the gem's own wire forms, reference bandwidth-v1.md §10)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult
from tests.bandwidth_v1.voice_helpers import FAR, Clock, call_url, events, parseable
from tests.bandwidth_v1.wire import call as raw
from tests.bandwidth_v1.wire import user_url

pytestmark = pytest.mark.usefixtures("catapult_hang_up")

GEM = {"User-Agent": "Faraday v0.9.0", "Accept": "application/json"}


def _dial(catapult: Catapult, emu: TelephonyEmulator, hooks: WebhookInbox, **options: Any) -> str:
    options.setdefault("to", FAR)
    call_id: str = catapult.voice.create_call(
        from_=emu.numbers[0], callback_url=hooks.url_for("/calls"), **options
    )
    return call_id


def test_seed_list_previous_calls_and_filter_them(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    clock = Clock(emu)
    first = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    catapult.voice.hangup_call(first)
    second = _dial(catapult, emu, telephony_webhooks, to="+13125550000", tag="second")
    emu.advance(1)
    # calls = bandwidth.calls; call = calls.first (newest first, §2.5)
    calls = list(catapult.voice.list_calls())
    assert [item["id"] for item in calls] == [second, first]
    url = call_url(login, first)
    assert calls[1] == {
        "id": first,
        "direction": "out",
        "from": emu.numbers[0],
        "to": FAR,
        "state": "completed",
        "start_time": clock.at(0),
        "active_time": clock.at(1),
        "end_time": clock.at(1),
        "chargeable_duration": 60,
        "call_timeout": 60,
        "callback_url": telephony_webhooks.url_for("/calls"),
        "callback_http_method": "post",
        "callback_timeout": 10000,
        "recording_enabled": False,
        "recording_file_format": "wav",
        "recording_max_duration": 3600,
        "transcription_enabled": False,
        "events": f"{url}/events",
        "recordings": f"{url}/recordings",
        "transcriptions": f"{url}/transcriptions",
    }
    assert calls[0]["state"] == "active"
    assert calls[0]["tag"] == "second"
    assert "end_time" not in calls[0]
    # bandwidth.calls from: ..., to: ...
    assert [c["id"] for c in catapult.voice.list_calls(from_=emu.numbers[0])] == [second, first]
    assert [c["id"] for c in catapult.voice.list_calls(from_=emu.numbers[0], to=FAR)] == [first]
    assert [c["id"] for c in catapult.voice.list_calls(sort_order="asc")] == [first, second]
    # bandwidth.calls bridge_id: ... / conference_id: ...
    bridge_id = catapult.voice.create_bridge(call_ids=[second])
    assert [c["id"] for c in catapult.voice.list_calls(bridge_id=bridge_id)] == [second]
    conference_id = catapult.voice.create_conference(emu.numbers[0])
    assert list(catapult.voice.list_calls(conference_id=conference_id)) == []


def test_calls_are_paged_to_the_end_with_a_link_repeating_the_filters(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    made = [_dial(catapult, emu, telephony_webhooks) for _ in range(5)]
    # The SDK follows the Link header to the end.
    assert [c["id"] for c in catapult.voice.list_calls(size=2)] == made[::-1]
    first = raw(login, "GET", user_url(login, "calls"), params={"to": FAR, "size": "2"})
    link = first.headers["Link"]
    assert link == (f'<{user_url(login, "calls")}?to=%2B13125556666&page=1&size=2>; rel="next"')
    last = raw(login, "GET", user_url(login, "calls"), params={"to": FAR, "page": "2", "size": "2"})
    assert [c["id"] for c in last.json()] == [made[0]]
    assert "Link" not in last.headers
    # The old gem stops only at an empty page.
    past = raw(login, "GET", user_url(login, "calls"), params={"page": "3", "size": "2"})
    assert (past.status_code, past.json()) == (200, [])


def test_seed_dial_record_and_bridge_a_new_call(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    # call_id = bandwidth.dial "+19195551212", "+13125556666"
    reply = raw(
        login,
        "POST",
        user_url(login, "calls"),
        json={"from": emu.numbers[0], "to": FAR},
        headers=GEM,
    )
    assert reply.status_code == 201
    assert reply.text == ""
    plain = reply.headers["Location"].rsplit("/", 1)[1]
    assert reply.headers["Location"] == call_url(login, plain)
    # dial ..., recording_enabled: true (the gem sends the string "true", §10)
    reply = raw(
        login,
        "POST",
        user_url(login, "calls"),
        json={"from": emu.numbers[0], "to": FAR, "recordingEnabled": "true"},
    )
    recorded = reply.headers["Location"].rsplit("/", 1)[1]
    # dial ..., bridge_id: bridge_id
    bridge_id = catapult.voice.create_bridge(call_ids=[])
    bridged = _dial(catapult, emu, telephony_webhooks, bridge_id=bridge_id)
    emu.advance(2)  # calls are placed 0.2 s apart (5 a second), then ring for 1 s
    assert catapult.voice.get_call(recorded)["recording_enabled"] is True
    assert catapult.voice.get_call(bridged)["bridge_id"] == bridge_id
    assert catapult.voice.get_bridge(bridge_id)["call_ids"] == [bridged]
    emu.advance(10)
    catapult.voice.hangup_call(recorded)
    emu.run_until_idle()
    recordings = list(catapult.voice.list_call_recordings(recorded))
    assert [r["media"] for r in recordings] == [user_url(login, "media", f"{recorded}-1.wav")]
    assert catapult.voice.get_call(plain)["state"] == "active"


def test_seed_call_info_asks_for_one_call_by_query(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    # call = bandwidth.call_info "c-..." sends GET /calls?callId= and wants one object (§10)
    reply = raw(login, "GET", user_url(login, "calls"), params={"callId": call_id}, headers=GEM)
    assert reply.status_code == 200
    body = reply.json()
    assert isinstance(body, dict)
    assert body["id"] == call_id
    assert body["state"] == "active"
    # The gem parses every time; an active call has no end yet, so it gets "now" (§10).
    for name in ("startTime", "activeTime", "endTime"):
        parseable(body[name])
    assert "endTime" not in catapult.voice.get_call(call_id)


def test_seed_hang_up(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    clock = Clock(emu)
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(3)
    # bandwidth.hangup "c-..."
    catapult.voice.hangup_call(call_id)
    emu.run_until_idle()
    call = catapult.voice.get_call(call_id)
    assert (call["state"], call["end_time"]) == ("completed", clock.at(3))
    assert events(telephony_webhooks)[-1] == {
        "eventType": "hangup",
        "callId": call_id,
        "callUri": call_url(catapult.login, call_id),
        "from": emu.numbers[0],
        "to": FAR,
        "callState": "completed",
        "cause": "NORMAL_CLEARING",
        "time": clock.at(3),
    }


def test_seed_transfer_with_caller_id_and_audio(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    clock = Clock(emu)
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    # bandwidth.transfer "c-...", "+19195551212", transfer_caller_id: ..., audio: sentence
    reply = raw(
        login,
        "POST",
        call_url(login, call_id),
        json={
            "state": "transferring",
            "transferTo": "+19195551212",
            "transferCallerId": "+19195553131",
            "whisperAudio": {"sentence": "Call has been transferred"},
        },
        headers=GEM,
    )
    assert reply.status_code == 201
    leg_id = reply.headers["Location"].rsplit("/", 1)[1]
    assert reply.headers["Location"] == call_url(login, leg_id)
    assert catapult.voice.get_call(call_id)["state"] == "transferring"
    leg = catapult.voice.get_call(leg_id)
    assert (leg["from"], leg["to"], leg["state"]) == ("+19195553131", "+19195551212", "started")
    emu.advance(1)  # the new leg answers and hears the whisper (4 words: 1.6 s)
    emu.advance(2)
    assert catapult.voice.get_call(call_id)["state"] == "transferring"
    assert catapult.voice.get_call(leg_id)["state"] == "active"
    emu.hangup(leg_id)
    emu.run_until_idle()
    assert catapult.voice.get_call(call_id)["state"] == "completed"
    leg_events = [e for e in events(telephony_webhooks) if e["callId"] == leg_id]
    assert [e["eventType"] for e in leg_events] == ["answer", "speak", "speak", "hangup"]
    assert leg_events[1]["time"] == clock.at(2)
    assert leg_events[2]["time"] == clock.at(3.6)
    # The SDK's transfer_call returns the new leg's id too.
    other = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    new_leg = catapult.voice.transfer_call(other, "+19195551212")
    assert new_leg.startswith("c-")
    assert new_leg != other


def test_seed_set_recording_state(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    clock = Clock(emu)
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    # bandwidth.recording_enabled "c-...", true (the README's recording_state)
    catapult.voice.enable_call_recording(call_id)
    assert catapult.voice.get_call(call_id)["recording_enabled"] is True
    emu.advance(4)
    catapult.voice.disable_call_recording(call_id)
    emu.run_until_idle()
    recordings = list(catapult.voice.list_call_recordings(call_id))
    assert len(recordings) == 1
    recording = recordings[0]
    assert recording["state"] == "complete"
    assert (recording["start_time"], recording["end_time"]) == (clock.at(1), clock.at(5))
    assert events(telephony_webhooks)[-1] == {
        "eventType": "recording",
        "callId": call_id,
        "recordingId": recording["id"],
        "recordingUri": user_url(catapult.login, "recordings", recording["id"]),
        "status": "complete",
        "state": "complete",
        "startTime": clock.at(1),
        "endTime": clock.at(5),
        "time": clock.at(5),
    }


def test_seed_play_sentences_and_files_then_loop_and_stop(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    clock = Clock(emu)
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    uri = call_url(login, call_id)
    # bandwidth.play call_id, sentence; bandwidth.play call_id, audio_file (queued in turn)
    catapult.voice.speak_sentence_to_call(call_id, "Hello, thank you for calling.", tag="hi")
    catapult.voice.play_audio_file_to_call(call_id, "http://example.com/audio.mp3#duration=3")
    emu.advance(10)
    assert events(telephony_webhooks)[1:] == [
        {
            "eventType": "speak",
            "callId": call_id,
            "callUri": uri,
            "status": "started",
            "state": "PLAYBACK_START",
            "tag": "hi",
            "time": clock.at(1),
        },
        {
            "eventType": "speak",
            "callId": call_id,
            "callUri": uri,
            "status": "done",
            "state": "PLAYBACK_STOP",
            "tag": "hi",
            "time": clock.at(3),
        },
        {
            "eventType": "playback",
            "callId": call_id,
            "callUri": uri,
            "status": "started",
            "time": clock.at(3),
        },
        {
            "eventType": "playback",
            "callId": call_id,
            "callUri": uri,
            "status": "done",
            "time": clock.at(6),
        },
    ]
    telephony_webhooks.clear()
    # Sentence options: locale and gender; General options: a file in a loop, stopped with "".
    catapult.voice.play_audio_to_call(call_id, sentence="Guten Tag", locale="de_DE", gender="male")
    catapult.voice.play_audio_to_call(
        call_id, file_url="http://example.com/audio.mp3#duration=2", loop_enabled=True
    )
    emu.advance(30)
    assert [e["status"] for e in events(telephony_webhooks)] == ["started", "done", "started"]
    catapult.voice.play_audio_to_call(call_id, file_url="")
    emu.advance(1)
    assert events(telephony_webhooks)[-1]["status"] == "done"
    assert events(telephony_webhooks)[-1]["time"] == clock.at(41)
    logged = list(catapult.voice.list_call_events(call_id))
    assert [(e["name"], e.get("data")) for e in logged][:4] == [
        ("create", None),
        ("answer", None),
        ("speak", "start"),
        ("speak", "done"),
    ]
    event = catapult.voice.get_call_event(call_id, logged[1]["id"])
    assert event == {"id": logged[1]["id"], "time": clock.at(1), "name": "answer"}


def test_seed_send_dtmf_and_hear_the_far_ends_keys(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    clock = Clock(emu)
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    # bandwidth.dtmf call_id, "1234"
    catapult.voice.send_dtmf_to_call(call_id, "1234")
    emu.press(call_id, "5#")
    emu.advance(1)
    assert events(telephony_webhooks)[1:] == [
        {
            "eventType": "dtmf",
            "callId": call_id,
            "callUri": call_url(catapult.login, call_id),
            "dtmfDigit": digit,
            "time": clock.at(1),
        }
        for digit in "5#"
    ]


def _gem_gather(login: Any, call_id: str, params: dict[str, str], out: list[Any]) -> None:
    url = f"{call_url(login, call_id)}/gather"
    reply = requests.get(url, params=params, auth=(login.api_token, login.api_secret), headers=GEM)
    out.append(reply)


def _drive(emu: TelephonyEmulator, worker: threading.Thread) -> None:
    """Move virtual time on while a request waits in the emulator for a gather to end."""
    worker.start()
    for _ in range(100):
        worker.join(0.02)
        if not worker.is_alive():
            return
        emu.advance(1)
    raise AssertionError("the gather request never returned")


def test_seed_gather_waits_for_the_digits(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    # +15005553DDD presses DDD 1 s into the call's first gather.
    call_id = _dial(catapult, emu, telephony_webhooks, to="+15005553123")
    emu.advance(1)
    # dtmf = bandwidth.gather call_id, max_digits: 3, tag: 'abc123', audio: audio (bargeable)
    out: list[Any] = []
    params = {
        "maxDigits": "3",
        "interDigitTimeout": "10",
        "terminatingDigits": "0#*",
        "tag": "abc123",
        "prompt[fileUrl]": "http://example.com/audio.mp3",
        "prompt[bargeable]": "false",
        "audio": "#<Bandwidth::Audio::File:0x0000>",
    }
    _drive(emu, threading.Thread(target=_gem_gather, args=(login, call_id, params, out)))
    reply = out[0]
    assert reply.status_code == 200
    body = reply.json()
    assert (body["digits"], body["state"], body["tag"]) == ("123", "completed", "abc123")
    assert body["terminatingDigit"] == ""
    assert body["reason"] == "max-digits"
    gather = [e for e in events(telephony_webhooks) if e["eventType"] == "gather"]
    assert gather[0]["gatherId"] == body["id"]


def test_gather_create_read_and_stop_through_the_sdk(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    clock = Clock(emu)
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    gather_id = catapult.voice.create_call_gather(call_id, max_digits=5, tag="menu")
    gather = catapult.voice.get_call_gather(call_id, gather_id)
    assert gather == {
        "id": gather_id,
        "state": "started",
        "tag": "menu",
        "created_time": clock.at(1),
        "call": call_url(login, call_id),
    }
    emu.press(call_id, "4")
    emu.advance(1)
    emu.press(call_id, "2#")
    emu.advance(1)
    done = catapult.voice.get_call_gather(call_id, gather_id)
    assert (done["state"], done["digits"], done["reason"]) == (
        "completed",
        "42",
        "terminating-digit",
    )
    assert done["completed_time"] == clock.at(2)
    assert [e["eventType"] for e in events(telephony_webhooks)] == [
        "answer",
        "dtmf",
        "dtmf",
        "dtmf",
        "gather",
    ]
    assert events(telephony_webhooks)[-1] == {
        "eventType": "gather",
        "callId": call_id,
        "callUri": call_url(login, call_id),
        "gatherId": gather_id,
        "state": "completed",
        "digits": "42",
        "reason": "terminating-digit",
        "tag": "menu",
        "time": clock.at(2),
    }
    # A second gather runs until stopped; the call stays up.
    second = catapult.voice.create_call_gather(call_id, max_digits=3)
    # (raw: the SDK's update_call_gather returns its Response, which the harness cannot carry)
    stop = raw(
        login, "POST", f"{call_url(login, call_id)}/gather/{second}", json={"state": "completed"}
    )
    assert (stop.status_code, stop.text) == (200, "")
    emu.advance(1)
    assert catapult.voice.get_call_gather(call_id, second)["reason"] == "cancelled"
    assert catapult.voice.get_call(call_id)["state"] == "active"
    # Silence ends a gather after interDigitTimeout.
    third = catapult.voice.create_call_gather(call_id, max_digits=3, inter_digit_timeout=2)
    emu.advance(3)
    assert catapult.voice.get_call_gather(call_id, third)["reason"] == "inter-digit-timeout"


def test_a_hang_up_ends_a_pending_gather_before_the_hangup_event(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    call_id = _dial(catapult, emu, telephony_webhooks)
    emu.advance(1)
    gather_id = catapult.voice.create_call_gather(call_id, max_digits=4)
    emu.press(call_id, "7")
    emu.hangup(call_id)
    emu.advance(1)
    tail = [(e["eventType"], e.get("reason")) for e in events(telephony_webhooks)][-3:]
    assert tail == [("dtmf", None), ("gather", "hung-up"), ("hangup", None)]
    assert catapult.voice.get_call_gather(call_id, gather_id)["reason"] == "hung-up"
