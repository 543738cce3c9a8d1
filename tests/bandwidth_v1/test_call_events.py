"""Catapult call events with their exact payloads: inbound calls through the number's
application, the far end's outcomes, GET-style callbacks and the fallback URL (§4)."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult
from tests.bandwidth_v1.voice_helpers import FAR, Clock, call_url, events
from tests.bandwidth_v1.wire import call as raw

pytestmark = pytest.mark.usefixtures("catapult_hang_up")

CALLER = "+15557654321"


def _inbound_number(
    catapult: Catapult, emu: TelephonyEmulator, hooks: WebhookInbox, **app: Any
) -> tuple[str, str]:
    """A newly ordered number on a new Catapult application whose call events go to the inbox:
    the application's id and the number."""
    app_id = catapult.account.create_application(
        "ivr", incoming_call_url=hooks.url_for("/incoming"), **app
    )
    (ordered,) = catapult.account.search_and_order_local_numbers(area_code="919", quantity=1)
    catapult.account.update_phone_number(ordered["id"], application_id=app_id)
    return app_id, str(ordered["number"])


def test_an_inbound_call_is_answered_at_once_with_auto_answer(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    clock = Clock(emu)
    app_id, number = _inbound_number(catapult, emu, telephony_webhooks)
    call_id = emu.place_inbound_call(number, from_=CALLER, hangup_after=5)["call_id"]
    emu.run_until_idle()
    uri = call_url(catapult.login, call_id)
    common = {"callId": call_id, "callUri": uri, "from": CALLER, "to": number}
    assert events(telephony_webhooks) == [
        {
            "eventType": "incomingcall",
            **common,
            "callState": "active",
            "applicationId": app_id,
            "time": clock.at(0),
        },
        {"eventType": "answer", **common, "callState": "active", "time": clock.at(0)},
        {
            "eventType": "hangup",
            **common,
            "callState": "completed",
            "cause": "NORMAL_CLEARING",
            "time": clock.at(5),
        },
    ]
    call = catapult.voice.get_call(call_id)
    assert (call["direction"], call["state"], call["chargeable_duration"]) == (
        "in",
        "completed",
        60,
    )


def test_without_auto_answer_the_application_answers_or_rejects(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    clock = Clock(emu)
    _, number = _inbound_number(catapult, emu, telephony_webhooks, auto_answer=False)
    answered = emu.place_inbound_call(number, from_=CALLER)["call_id"]
    emu.advance(2)
    assert catapult.voice.get_call(answered)["state"] == "started"
    catapult.voice.answer_call(answered)
    assert catapult.voice.get_call(answered)["state"] == "active"
    rejected = emu.place_inbound_call(number, from_=CALLER)["call_id"]
    catapult.voice.reject_call(rejected)
    emu.run_until_idle()
    assert catapult.voice.get_call(rejected)["state"] == "rejected"
    assert [(e["eventType"], e["callState"]) for e in events(telephony_webhooks)] == [
        ("incomingcall", "started"),
        ("answer", "active"),
        ("incomingcall", "started"),
        ("hangup", "completed"),
    ]
    assert events(telephony_webhooks)[-1] == {
        "eventType": "hangup",
        "callId": rejected,
        "callUri": call_url(catapult.login, rejected),
        "from": CALLER,
        "to": number,
        "callState": "completed",
        "cause": "CALL_REJECTED",
        "time": clock.at(2),
    }


def test_far_end_outcomes_give_their_causes_and_timeout_comes_first(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    clock = Clock(emu)
    hooks = telephony_webhooks

    def dial(to: str, **options: Any) -> str:
        call_id: str = catapult.voice.create_call(
            from_=emu.numbers[0], to=to, callback_url=hooks.url_for("/c"), **options
        )
        return call_id

    unanswered = dial("+15005550002", call_timeout=30)
    emu.run_until_idle()
    assert events(hooks) == [
        {
            "eventType": "timeout",
            "callId": unanswered,
            "callUri": call_url(catapult.login, unanswered),
            "from": emu.numbers[0],
            "to": "+15005550002",
            "callState": "started",
            "time": clock.at(30),
        },
        {
            "eventType": "hangup",
            "callId": unanswered,
            "callUri": call_url(catapult.login, unanswered),
            "from": emu.numbers[0],
            "to": "+15005550002",
            "callState": "completed",
            "cause": "NO_ANSWER",
            "time": clock.at(30),
        },
    ]
    hooks.clear()
    busy, rejecting = dial("+15005550001"), dial("+15005550003")
    emu.run_until_idle()
    causes = {e["callId"]: e["cause"] for e in events(hooks)}
    assert causes == {busy: "USER_BUSY", rejecting: "CALL_REJECTED"}
    assert catapult.voice.get_call(busy)["state"] == "completed"
    assert catapult.voice.get_call(busy)["chargeable_duration"] == 0
    hooks.clear()
    cancelled = dial(FAR)
    emu.advance(0.5)
    catapult.voice.hangup_call(cancelled)  # still ringing: the caller gives up
    emu.run_until_idle()
    assert events(hooks)[-1]["cause"] == "ORIGINATOR_CANCEL"


def test_get_callbacks_send_the_fields_as_a_query_and_failures_reach_the_fallback(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    clock = Clock(emu)
    hooks.reply("no", status=500, path="/broken")
    call_id = catapult.voice.create_call(
        from_=emu.numbers[0],
        to=FAR,
        callback_url=hooks.url_for("/broken"),
        callback_http_method="GET",
        fallback_url=hooks.url_for("/fallback"),
        tag="t1",
    )
    emu.advance(1)
    first, second = hooks.received
    assert (first.method, first.path, second.method, second.path) == (
        "GET",
        "/broken",
        "GET",
        "/fallback",
    )
    assert second.query == {
        "eventType": "answer",
        "callId": call_id,
        "callUri": call_url(catapult.login, call_id),
        "from": emu.numbers[0],
        "to": FAR,
        "callState": "active",
        "tag": "t1",
        "time": clock.at(1),
    }
    assert second.headers["User-Agent"].startswith("BandwidthAPI/v1")


def test_a_callback_url_given_on_update_takes_the_later_events(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks, login = telephony_emulator, telephony_webhooks, catapult.login
    call_id = catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    emu.advance(1)
    reply = raw(
        login, "POST", call_url(login, call_id), json={"callbackUrl": hooks.url_for("/new")}
    )
    assert (reply.status_code, reply.text, reply.headers["Content-Type"]) == (200, "", "text/plain")
    catapult.voice.hangup_call(call_id)
    emu.run_until_idle()
    assert [(item.path, item.event_type) for item in hooks.received] == [("/new", "hangup")]


def test_failed_deliveries_and_an_application_without_a_call_url_are_written_to_errors(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    hooks.reply("down", status=503)
    call_id = catapult.voice.create_call(
        from_=emu.numbers[0], to=FAR, callback_url=hooks.url_for("/down")
    )
    emu.advance(1)
    app_id = catapult.account.create_application(
        "texts only", incoming_message_url=hooks.url_for("/sms")
    )
    (ordered,) = catapult.account.search_and_order_local_numbers(area_code="919", quantity=1)
    catapult.account.update_phone_number(ordered["id"], application_id=app_id)
    refused = emu.place_inbound_call(ordered["number"], from_=CALLER)["call_id"]
    emu.advance(1)
    assert emu.call(refused)["cause"] == "rejected"  # nothing could answer it
    errors = sorted(catapult.account.list_errors(), key=lambda error: error["code"])
    assert [(e["category"], e["code"]) for e in errors] == [
        ("unavailable", "callback-http-failure"),
        ("unavailable", "no-callback-for-call"),
    ]
    assert errors[0]["message"] == (
        f"The answer event could not be delivered to {hooks.url_for('/down')}: "
        "the receiver answered 503"
    )
    assert {d["name"]: d["value"] for d in errors[0]["details"]}["eventType"] == "answer"
    assert errors[1]["message"] == (
        f"Application {app_id} for number {ordered['number']} does not specify a URL for "
        "call events"
    )
    assert catapult.voice.get_call(call_id)["state"] == "active"
