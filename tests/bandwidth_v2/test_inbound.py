"""Voice v2 inbound calls: initiate webhook, BXML answering or rejecting, callers, SDK updates."""

from __future__ import annotations

import json
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import ControlError
from pytest_telephony_emulator.webhooks import ReceivedWebhook

from tests.bandwidth_v2.conftest import (
    INBOUND_FIELDS,
    ISO_MILLIS_Z,
    Voice,
    assert_callback,
    basic,
    events,
    instant,
    seconds,
)

CALLER = "+15557654321"
#: Fields of every inbound event; initiate has exactly these.
COMMON = INBOUND_FIELDS
UNANSWERED_DISCONNECT = COMMON | {"endTime", "cause"}
ANSWERED_DISCONNECT = UNANSWERED_DISCONNECT | {"answerTime"}


# -- helpers ----------------------------------------------------------------------------------


def webhook(voice: Voice, event_type: str) -> ReceivedWebhook:
    """The single webhook of ``event_type``."""
    found = [item for item in voice.hooks.received if item.event_type == event_type]
    assert len(found) == 1, events(voice)
    return found[0]


def only(voice: Voice, event_type: str) -> dict[str, Any]:
    """The payload of the single POSTed webhook of ``event_type``, validated against the spec."""
    received = webhook(voice, event_type)
    assert received.method == "POST"
    assert received.headers["Content-Type"] == "application/json"
    payload = received.payload
    assert_callback(payload)
    return payload


def route_inbound(voice: Voice, **settings: Any) -> None:
    """Send the voice application's inbound calls to this test's /initiate and /status."""
    voice.emu.update_application(
        "voice",
        call_initiated_callback_url=voice.hooks.url_for("/initiate"),
        call_status_callback_url=voice.hooks.url_for("/status"),
        **settings,
    )


def ring_in(voice: Voice, bxml: str | None = None, **caller: Any) -> str:
    """An inbound call from CALLER to the first owned number; ``bxml`` answers initiate."""
    if bxml is not None:
        voice.hooks.reply(f"<Response>{bxml}</Response>", path="/initiate")
    call = voice.emu.place_inbound_call(voice.emu.numbers[0], from_=CALLER, **caller)
    return str(call["call_id"])


def assert_call_fields(voice: Voice, payload: dict[str, Any], call_id: str) -> None:
    """The common call fields of an inbound call's event."""
    assert payload["accountId"] == voice.account_id
    assert payload["applicationId"] == voice.emu.application_id()
    assert payload["from"] == CALLER
    assert payload["to"] == voice.emu.numbers[0]
    assert payload["direction"] == "inbound"
    assert payload["callId"] == call_id
    assert payload["callUrl"] == (
        f"{voice.emu.bandwidth.voice_url}/accounts/{voice.account_id}/calls/{call_id}"
    )


def assert_rejected(voice: Voice, call_id: str, rang: float) -> None:
    """initiate then a disconnect (cause rejected) ``rang`` s later; never answered."""
    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    disconnect = only(voice, "disconnect")
    assert set(disconnect) == UNANSWERED_DISCONNECT
    assert_call_fields(voice, disconnect, call_id)
    assert disconnect["cause"] == "rejected"
    assert seconds(disconnect["endTime"], disconnect["startTime"]) == rang
    state = voice.state(call_id)
    assert state.state == "disconnected"
    assert state.disconnect_cause == "rejected"
    assert state.answer_time is None
    assert seconds(state.end_time, state.start_time) == rang


def redirect(voice: Voice, call_id: str) -> None:
    body = bandwidth.UpdateCall(state="active", redirect_url=voice.hooks.url_for("/redirect"))
    voice.api.update_call(voice.account_id, call_id, body)


# -- initiate and the BXML it returns ----------------------------------------------------------


def test_initiate_payload_and_speak_then_hangup(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, "<SpeakSentence>Hello there</SpeakSentence><Hangup/>")
    voice.run()

    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    initiate = only(voice, "initiate")
    assert set(initiate) == COMMON
    assert initiate["eventType"] == "initiate"
    assert_call_fields(voice, initiate, call_id)
    assert initiate["eventTime"] == initiate["startTime"]

    disconnect = only(voice, "disconnect")
    assert set(disconnect) == ANSWERED_DISCONNECT
    assert_call_fields(voice, disconnect, call_id)
    assert disconnect["startTime"] == initiate["startTime"]
    assert disconnect["answerTime"] == initiate["eventTime"]
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 0.8  # 2 words x 0.4 s
    assert disconnect["eventTime"] == disconnect["endTime"]


def test_call_state_of_an_inbound_call(voice: Voice) -> None:
    route_inbound(voice)
    voice.hooks.reply("<Response><SpeakSentence>Hello there</SpeakSentence></Response>")
    call = voice.emu.place_inbound_call(voice.emu.numbers[0], from_=CALLER)
    # the initiate webhook and the start of its BXML already ran: the sentence answered
    assert call["state"] == "answered"
    assert call["direction"] == "inbound"
    assert call["from"] == CALLER
    call_id = str(call["call_id"])
    voice.emu.advance(0.4)

    state = voice.state(call_id)
    assert state.direction == "inbound"
    assert state.state == "answered"
    assert state.var_from == CALLER
    assert state.to == voice.emu.numbers[0]
    assert state.application_id == voice.emu.application_id()
    assert state.enqueued_time is None
    assert state.answer_time == state.start_time
    assert state.end_time is None
    assert state.disconnect_cause is None

    voice.run()
    state = voice.state(call_id)
    assert state.state == "disconnected"
    assert state.disconnect_cause == "hangup"
    assert state.enqueued_time is None
    assert seconds(state.end_time, state.answer_time) == 0.8
    assert instant(only(voice, "disconnect")["endTime"]) == state.end_time


@pytest.mark.parametrize(
    ("bxml", "rang"),
    [
        pytest.param('<Ring duration="5" answerCall="false"/><Hangup/>', 5.0, id="ring-hangup"),
        pytest.param('<Ring duration="5" answerCall="false"/>', 5.0, id="ring-runs-out"),
        pytest.param("", 0.0, id="empty-response"),
        pytest.param("<Hangup/>", 0.0, id="hangup"),
    ],
)
def test_unanswered_inbound_call_is_rejected(voice: Voice, bxml: str, rang: float) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, bxml)
    voice.run()
    assert_rejected(voice, call_id, rang)


def test_tag_before_hangup_rejects_and_tags_the_disconnect(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, "<Tag>kept</Tag><Hangup/><SpeakSentence>never</SpeakSentence>")
    voice.run()
    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    disconnect = only(voice, "disconnect")
    assert set(disconnect) == UNANSWERED_DISCONNECT | {"tag"}
    assert disconnect["tag"] == "kept"
    assert disconnect["cause"] == "rejected"
    assert disconnect["endTime"] == disconnect["startTime"]
    assert voice.state(call_id).answer_time is None


def test_empty_initiate_reply_body_rejects(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice)  # the inbox answers 204 with no body
    voice.run()
    assert_rejected(voice, call_id, 0.0)


def test_ring_that_answers_then_runs_out_hangs_up(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, '<Ring duration="3"/>')
    voice.run()
    disconnect = only(voice, "disconnect")
    assert disconnect["cause"] == "hangup"
    assert disconnect["answerTime"] == disconnect["startTime"]
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 3.0
    assert voice.state(call_id).disconnect_cause == "hangup"


# -- the caller --------------------------------------------------------------------------------


def test_caller_hangs_up_during_a_long_pause(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, '<Pause duration="100"/>', hangup_after=7)
    voice.run()

    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    disconnect = only(voice, "disconnect")
    assert set(disconnect) == ANSWERED_DISCONNECT
    assert disconnect["cause"] == "hangup"
    assert disconnect["answerTime"] == disconnect["startTime"]
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 7.0
    assert seconds(voice.state(call_id).end_time, voice.state(call_id).answer_time) == 7.0


def test_caller_presses_digits_into_a_gather(voice: Voice) -> None:
    route_inbound(voice)
    gather = (
        f'<Gather gatherUrl="{voice.hooks.url_for("/gather")}" terminatingDigits="#">'
        "<SpeakSentence>Enter your code</SpeakSentence></Gather>"
    )
    voice.hooks.reply("<Response><Hangup/></Response>", path="/gather")
    call_id = ring_in(voice, gather, digits=[{"at": 1, "digits": "12#"}])
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("gather", "/gather"),
        ("disconnect", "/status"),
    ]
    payload = only(voice, "gather")
    assert set(payload) == COMMON | {"answerTime", "digits", "terminatingDigit"}
    assert_call_fields(voice, payload, call_id)
    assert payload["digits"] == "12"
    assert payload["terminatingDigit"] == "#"
    assert payload["answerTime"] == payload["startTime"]
    # the prompt (3 words, 1.2 s) is cut off by the first digit, 1 s after the answer
    assert seconds(payload["eventTime"], payload["answerTime"]) == 1.0
    disconnect = only(voice, "disconnect")
    assert disconnect["cause"] == "hangup"
    assert disconnect["endTime"] == payload["eventTime"]


# -- application settings ----------------------------------------------------------------------


def test_initiate_by_get_sends_the_payload_as_query_parameters(voice: Voice) -> None:
    route_inbound(voice, call_initiated_method="GET")
    call_id = ring_in(voice, "<Hangup/>")
    voice.run()

    initiate = webhook(voice, "initiate")
    assert initiate.method == "GET"
    assert initiate.body == b""
    assert initiate.query == {
        "eventType": "initiate",
        "eventTime": initiate.query["startTime"],
        "accountId": voice.account_id,
        "applicationId": voice.emu.application_id(),
        "from": CALLER,
        "to": voice.emu.numbers[0],
        "direction": "inbound",
        "callId": call_id,
        "callUrl": f"{voice.emu.bandwidth.voice_url}/accounts/{voice.account_id}/calls/{call_id}",
        "startTime": initiate.query["startTime"],
    }
    assert ISO_MILLIS_Z.fullmatch(initiate.query["startTime"])
    disconnect = webhook(voice, "disconnect")
    assert disconnect.method == "POST"  # call_status_method is still the default
    assert disconnect.payload["cause"] == "rejected"


def test_callback_credentials_reach_initiate_and_status(voice: Voice) -> None:
    route_inbound(voice, callback_username="app-user", callback_password="s3cret")
    ring_in(voice, "<SpeakSentence>Hi</SpeakSentence>")
    voice.run()

    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    expected = basic("app-user", "s3cret")
    assert [item.headers.get("Authorization") for item in voice.hooks.received] == [
        expected,
        expected,
    ]


def test_no_credentials_no_authorization_header(voice: Voice) -> None:
    route_inbound(voice)
    ring_in(voice, "<Hangup/>")
    voice.run()
    assert [item.headers.get("Authorization") for item in voice.hooks.received] == [None, None]


def test_initiate_fallback_is_used_when_the_primary_fails(voice: Voice) -> None:
    route_inbound(
        voice,
        call_initiated_fallback_url=voice.hooks.url_for("/initiate-fallback"),
        fallback_username="fb-user",
        fallback_password="fb-pass",
    )
    voice.hooks.reply("oops", status=500, path="/initiate")
    voice.hooks.reply(
        "<Response><SpeakSentence>From the fallback</SpeakSentence></Response>",
        path="/initiate-fallback",
    )
    call_id = ring_in(voice)
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("initiate", "/initiate-fallback"),
        ("disconnect", "/status"),
    ]
    primary, fallback = (item for item in voice.hooks.received if item.event_type == "initiate")
    assert primary.payload == fallback.payload
    assert "Authorization" not in primary.headers
    assert fallback.headers["Authorization"] == basic("fb-user", "fb-pass")
    keys = ("event_type", "target", "attempt", "url", "method", "response_status", "outcome")
    ledger = [tuple(entry[key] for key in keys) for entry in voice.emu.ledger(call_id=call_id)]
    assert ledger == [
        ("initiate", "primary", 1, voice.hooks.url_for("/initiate"), "POST", 500, "http_status"),
        (
            "initiate",
            "fallback",
            2,
            voice.hooks.url_for("/initiate-fallback"),
            "POST",
            200,
            "delivered",
        ),
        ("disconnect", "primary", 1, voice.hooks.url_for("/status"), "POST", 204, "delivered"),
    ]
    disconnect = only(voice, "disconnect")
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 1.2  # 3 words


def test_inbound_call_to_a_number_nobody_owns(voice: Voice) -> None:
    route_inbound(voice)
    with pytest.raises(ControlError) as caught:
        voice.emu.place_inbound_call("+15005559999", from_=CALLER)
    assert caught.value.status == 404
    assert voice.hooks.received == []


def test_inbound_call_without_call_initiated_url_conflicts(voice: Voice) -> None:
    with pytest.raises(ControlError) as caught:
        voice.emu.place_inbound_call(voice.emu.numbers[0], from_=CALLER)
    assert caught.value.status == 409
    assert "call_initiated_callback_url" in caught.value.message
    voice.run()
    assert voice.emu.ledger() == []


# -- updateCall on a ringing inbound call ------------------------------------------------------


def test_complete_a_ringing_inbound_call_rejects_it(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, '<Ring answerCall="false" duration="30"/>')
    voice.emu.advance(2)
    assert voice.state(call_id).state == "initiated"
    voice.api.update_call(voice.account_id, call_id, bandwidth.UpdateCall(state="completed"))
    voice.run()
    assert_rejected(voice, call_id, 2.0)


def test_redirect_a_ringing_inbound_call_conflicts(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, '<Ring answerCall="false" duration="30"/>')
    voice.emu.advance(2)
    with pytest.raises(bandwidth.ApiException) as caught:
        redirect(voice, call_id)
    assert caught.value.status == 409
    body = json.loads(caught.value.body)
    assert body["type"] == "validation"
    assert body["description"] == f"Call [{call_id}] cannot be modified in its current state"
    voice.run()
    # the Ring went on undisturbed and the document ran out: rejected after 30 s
    assert_rejected(voice, call_id, 30.0)


def test_redirect_an_answered_inbound_call(voice: Voice) -> None:
    route_inbound(voice)
    call_id = ring_in(voice, '<Pause duration="100"/>')
    voice.hooks.reply("<Response><Hangup/></Response>", path="/redirect")
    voice.emu.advance(4)
    redirect(voice, call_id)
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("redirect", "/redirect"),
        ("disconnect", "/status"),
    ]
    payload = only(voice, "redirect")
    assert set(payload) == COMMON | {"answerTime"}
    assert_call_fields(voice, payload, call_id)
    assert seconds(payload["eventTime"], payload["answerTime"]) == 4.0
    disconnect = only(voice, "disconnect")
    assert disconnect["cause"] == "hangup"
    assert disconnect["endTime"] == payload["eventTime"]


def test_advance_waits_for_the_initiate_reply(voice: Voice) -> None:
    route_inbound(voice)
    voice.hooks.reply(
        "<Response><SpeakSentence>Hello there</SpeakSentence></Response>",
        path="/initiate",
        delay=0.3,
    )
    call_id = ring_in(voice)
    voice.emu.advance(5)
    state = voice.state(call_id)
    assert state.state == "disconnected"
    assert state.answer_time == state.start_time
    assert seconds(state.end_time, state.start_time) == 0.8
