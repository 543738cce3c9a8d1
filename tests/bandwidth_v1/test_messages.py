"""Catapult v1 messages (§2.2) in the seed's README order, then batches, filters, the cursor,
redaction, events and receipts, inbound messages and every error, over the message core."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, now, user_url

TO = "+13125556666"


@pytest.fixture(autouse=True)
def settled(telephony_emulator: TelephonyEmulator) -> Iterator[None]:
    """Deliver what the test left in flight, so no delivery timer of it moves a later test's
    run-until-idle (the server is shared)."""
    yield
    telephony_emulator.run_until_idle()


@pytest.fixture
def sender(catapult: Catapult) -> Iterator[str]:
    """The seed's sender, allocated to the test's user (and released after: tests share the
    server, and a number has one owner)."""
    number_id = catapult.account.order_phone_number("+19195551212")
    yield "+19195551212"
    catapult.account.delete_phone_number(number_id)


def test_seed_send_then_get_a_message(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, sender: str
) -> None:
    sent_at = now(telephony_emulator)
    # message_id = bandwidth.send_message from, to, text
    message_id = catapult.messaging.send_message(sender, TO, "Good morning, this is a test message")
    assert message_id.startswith("m-")
    assert len(message_id) == 25
    queued = catapult.messaging.get_message(message_id)
    assert queued["state"] == "queued"
    assert queued["delivery_state"] == "waiting"
    telephony_emulator.run_until_idle()
    # message = bandwidth.message message_id
    assert catapult.messaging.get_message(message_id) == {
        "id": message_id,
        "message_id": message_id,
        "from": sender,
        "to": TO,
        "direction": "out",
        "text": "Good morning, this is a test message",
        "media": [],
        "state": "sent",
        "time": sent_at,
        "receipt_requested": "none",
        "delivery_state": "delivered",
        "delivery_code": 0,
        "delivery_description": "Message delivered to carrier",
        "segment_count": 1,
    }
    charges = list(catapult.account.list_account_transactions(trans_type="charge", max_items=1))
    assert [(t["product_type"], t["amount"], t["resource_id"]) for t in charges] == [
        ("sms-out", "0.00750", message_id)
    ]


def test_seed_list_messages_and_filter_by_sender_and_recipient(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, sender: str
) -> None:
    first = catapult.messaging.send_message(sender, TO, "one")
    telephony_emulator.advance(1)
    second = catapult.messaging.send_message(sender, "+13125557777", "two")
    telephony_emulator.run_until_idle()
    # messages = bandwidth.messages (newest first)
    assert [m["id"] for m in catapult.messaging.list_messages()] == [second, first]
    # messages = bandwidth.messages from: "+19195551212", to: "+13125556666"
    assert [m["id"] for m in catapult.messaging.list_messages(from_=sender, to=TO)] == [first]
    assert [m["id"] for m in catapult.messaging.list_messages(to="+13125557777")] == [second]
    assert [m["id"] for m in catapult.messaging.list_messages(sort_order="asc")] == [first, second]


def test_every_list_filter(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, sender: str
) -> None:
    failed = catapult.messaging.send_message(sender, "+15005554002", "rejected")
    telephony_emulator.advance(3600)
    ok = catapult.messaging.send_message(sender, TO, "fine")
    telephony_emulator.run_until_idle()
    [inbound] = telephony_emulator.place_inbound_message(sender, "+13125550000", "hi")
    telephony_emulator.run_until_idle()

    def ids(**filters: str) -> list[str]:
        return [m["id"] for m in catapult.messaging.list_messages(**filters)]

    inbound_id = inbound["message_id"]
    assert ids(direction="in") == [inbound_id]
    assert ids(direction="out") == [ok, failed]
    assert ids(state="error") == [failed]
    assert ids(state="sent") == [ok]
    assert ids(state="received") == [inbound_id]
    assert ids(delivery_state="not-delivered") == [failed]
    assert ids(delivery_state="delivered") == [ok]
    start = now(telephony_emulator, -1800).replace("T", " ").removesuffix("Z")
    assert ids(from_date_time=start) == [inbound_id, ok]
    assert ids(to_date_time=start) == [failed]
    assert ids(from_date_time=start[:10], to_date_time=start[:16]) == [failed]
    assert catapult.messaging.get_message(failed)["delivery_code"] == 750


def test_the_cursor_pages_to_the_end_and_repeats_the_filters(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, sender: str
) -> None:
    sent = []
    for n in range(5):
        sent.append(catapult.messaging.send_message(sender, TO, f"n{n}"))
        telephony_emulator.advance(1)
    assert [m["id"] for m in catapult.messaging.list_messages(size=2)] == sent[::-1]
    url = user_url(catapult.login, "messages")
    first = call(catapult.login, "GET", url, params={"to": TO, "size": "2"})
    link = first.headers["Link"]
    assert link.startswith(f"<{url}?to=%2B13125556666&sortKeyLT=")
    assert link.endswith('&size=2>; rel="next"')
    assert "," not in link
    assert [m["id"] for m in first.json()] == [sent[4], sent[3]]


def test_a_batch_answers_each_message_in_order(catapult: Catapult, sender: str) -> None:
    results = catapult.messaging.send_messages(
        [
            {"from": sender, "to": TO, "text": "one"},
            {"from": sender, "to": " ", "text": "two"},
            {"from": "+19195550000", "to": TO, "text": "three"},
        ]
    )
    accepted, blank, denied = results
    assert accepted["result"] == "accepted"
    assert accepted["location"] == user_url(catapult.login, "messages", accepted["id"])
    assert blank["result"] == "error"
    assert blank["error"] == {
        "category": "bad-request",
        "code": "blank-property",
        "message": "The 'message' resource property 'to' must contain at least one"
        " non-whitespace character",
        "details": [],
    }
    assert denied["error"]["code"] == "number-access-denied"
    assert denied["error"]["category"] == "authorization"
    assert catapult.messaging.get_message(accepted["id"])["text"] == "one"


def test_a_batch_holds_at_most_50(catapult: Catapult, sender: str) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.messaging.send_messages([{"from": sender, "to": TO, "text": "x"}] * 51)
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        403,
        "multi-message-limit",
        "You can send at most 50 messages in one request",
    )


def test_redaction_empties_the_text_and_nothing_else(catapult: Catapult, sender: str) -> None:
    message_id = catapult.messaging.send_message(sender, TO, "secret")
    url = user_url(catapult.login, "messages", message_id)
    assert call(catapult.login, "PATCH", url, json={"text": ""}).status_code == 200
    assert catapult.messaging.get_message(message_id)["text"] == ""
    refused = call(catapult.login, "PATCH", url, json={"text": "new"})
    assert refused.status_code == 400
    assert refused.json()["message"] == 'Only {"text": ""} is allowed: the text can only be removed'


def test_events_and_receipts(
    catapult: Catapult,
    telephony_emulator: TelephonyEmulator,
    telephony_webhooks: WebhookInbox,
    sender: str,
) -> None:
    hooks = telephony_webhooks
    ok = catapult.messaging.send_message(
        sender,
        TO,
        "hello",
        receipt_requested="all",
        callback_url=hooks.url_for("/ok"),
        tag="t1",
    )
    failed = catapult.messaging.send_message(
        sender,
        "+15005554004",
        "bye",
        receipt_requested="error",
        callback_url=hooks.url_for("/failed"),
        callback_http_method="GET",
    )
    plain = catapult.messaging.send_message(
        sender, TO, "quiet", callback_url=hooks.url_for("/plain")
    )
    telephony_emulator.run_until_idle()
    by_path: dict[str, dict[str, Any]] = {item.path: item.payload for item in hooks.received}
    base = user_url(catapult.login, "messages")
    assert by_path["/ok"] == {
        "eventType": "sms",
        "direction": "out",
        "messageId": ok,
        "messageUri": f"{base}/{ok}",
        "from": sender,
        "to": TO,
        "text": "hello",
        "state": "sent",
        "time": now(telephony_emulator),
        "segmentCount": 1,
        "tag": "t1",
        "deliveryState": "delivered",
        "deliveryCode": 0,
        "deliveryDescription": "Message delivered to carrier",
    }
    get_event = by_path["/failed"]
    assert (get_event["state"], get_event["deliveryState"], get_event["deliveryCode"]) == (
        "error",
        "not-delivered",
        "775",
    )
    assert get_event["messageId"] == failed
    assert "deliveryState" not in by_path["/plain"]
    assert by_path["/plain"]["messageId"] == plain
    assert [item.method for item in hooks.received if item.path == "/failed"] == ["GET"]


def test_an_mms_is_one_segment_billed_as_mms(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, sender: str
) -> None:
    message_id = catapult.messaging.send_message(
        sender, TO, "look", media="https://example.com/cat.jpg"
    )
    telephony_emulator.run_until_idle()
    message = catapult.messaging.get_message(message_id)
    assert (message["media"], message["segment_count"]) == (["https://example.com/cat.jpg"], 1)
    long_id = catapult.messaging.send_message(sender, TO, "x" * 161)
    assert catapult.messaging.get_message(long_id)["segment_count"] == 2
    charges = list(catapult.account.list_account_transactions(trans_type="charge", max_items=2))
    assert [(t["product_type"], t["units"], t["amount"]) for t in charges] == [
        ("sms-out", 2, "0.01500"),
        ("mms-out", 1, "0.01500"),
    ]


def test_inbound_messages_reach_the_numbers_application(
    catapult: Catapult,
    telephony_emulator: TelephonyEmulator,
    telephony_webhooks: WebhookInbox,
) -> None:
    app_id = catapult.account.create_application(
        "sms", incoming_message_url=telephony_webhooks.url_for("/in")
    )
    number_id = catapult.account.order_phone_number("+19195550700", application_id=app_id)
    assert number_id
    arrived_at = now(telephony_emulator)
    [arrived] = telephony_emulator.place_inbound_message(
        "+19195550700",
        "+13125550001",
        "ping",
        media=[{"name": "pic.png", "content_type": "image/png", "content_base64": "iVBORw=="}],
    )
    telephony_emulator.run_until_idle()
    message_id = arrived["message_id"]
    [event] = [item.payload for item in telephony_webhooks.received]
    media_name = f"pic-{message_id}-0.png"
    assert event == {
        "eventType": "mms",
        "direction": "in",
        "messageId": message_id,
        "messageUri": user_url(catapult.login, "messages", message_id),
        "from": "+13125550001",
        "to": "+19195550700",
        "text": "ping",
        "state": "received",
        "time": arrived_at,
        "segmentCount": 1,
        "media": [user_url(catapult.login, "media", media_name)],
        "applicationId": app_id,
    }
    assert catapult.account.download_media_file(media_name) == [b"\x89PNG", "image/png"]
    message = catapult.messaging.get_message(message_id)
    assert (message["direction"], message["state"], message["application_id"]) == (
        "in",
        "received",
        app_id,
    )


def test_inbound_without_an_application_is_logged(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    catapult.account.order_phone_number("+19195550701")
    telephony_emulator.place_inbound_message("+19195550701", "+13125550002", "hello?")
    [error] = catapult.account.list_errors()
    assert error["code"] == "no-application-for-number"
    assert error["category"] == "unavailable"
    assert error["message"] == "No application is configured for number +19195550701"
    assert error["time"] == now(telephony_emulator)
    [detail] = error["details"]
    assert (detail["name"], detail["value"]) == ("number", "+19195550701")
    assert detail["id"].startswith("ued-")
    assert catapult.account.get_error(error["id"]) == error


def test_message_rate_limit(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, sender: str
) -> None:
    telephony_emulator.set_limits(messages_per_second=2)
    catapult.messaging.send_message(sender, TO, "1")
    catapult.messaging.send_message(sender, TO, "2")
    with pytest.raises(CatapultError) as raised:
        catapult.messaging.send_message(sender, TO, "3")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        403,
        "message-rate-limit",
        "You can create 2 messages per 1 seconds",
    )
    telephony_emulator.advance(1)
    results = catapult.messaging.send_messages(
        [{"from": sender, "to": TO, "text": str(n)} for n in range(3)]
    )
    assert [r["result"] for r in results] == ["accepted", "accepted", "error"]
    assert results[2]["error"]["category"] == "limit"


@pytest.mark.parametrize(
    ("fields", "status", "code", "message"),
    [
        (
            {"to": TO},
            400,
            "missing-property",
            "The 'message' resource property 'from' is required but was not specified",
        ),
        (
            {"from": "+19195551212", "to": TO},
            400,
            "missing-property",
            "The 'message' resource property 'text' is required but was not specified",
        ),
        (
            {"from": "+19195551212", "to": "12345", "text": "x"},
            400,
            "validation-error",
            "The to number 12345 is not a valid E.164 number",
        ),
        (
            {"from": "+19195551212", "to": "+1９１９５５５０１２３", "text": "x"},
            400,
            "validation-error",
            "The to number +1９１９５５５０１２３ is not a valid E.164 number",
        ),
        (
            {"from": "+19195551212", "to": TO, "text": "x" * 2049},
            400,
            "validation-error",
            "The 'message' resource property 'text' must be at most 2048 characters",
        ),
        (
            {"from": "+19195551212", "to": TO, "text": "x", "callbackTimeout": 10001},
            400,
            "validation-error",
            "The 'message' resource property 'callbackTimeout' must be between 1 and 10000",
        ),
        (
            {"from": "+19195551212", "to": TO, "text": "x", "receiptRequested": "some"},
            400,
            "validation-error",
            "The 'message' resource property 'receiptRequested' must be one of [none, all, error]",
        ),
        (
            {
                "from": "+19195551212",
                "to": TO,
                "text": "x",
                "media": ["http://a/b.png"],
                "receiptRequested": "all",
            },
            400,
            "validation-error",
            "Delivery receipts cannot be requested for a message with media",
        ),
        (
            {"from": "+19195551212", "to": "+19005550100", "text": "x"},
            403,
            "restricted-number",
            "The number +19005550100 is restricted and cannot be messaged",
        ),
        ({"from": "+19195559999", "to": TO, "text": "x"}, 401, "number-access-denied", None),
    ],
)
def test_send_errors(
    catapult: Catapult,
    sender: str,
    fields: dict[str, Any],
    status: int,
    code: str,
    message: str | None,
) -> None:
    response = call(catapult.login, "POST", user_url(catapult.login, "messages"), json=fields)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    expected = message or (
        f"User {catapult.login.user_id} does not have permission to use number +19195559999"
    )
    assert body["message"] == expected


def test_unknown_messages(catapult: Catapult) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.messaging.get_message("m-nothere")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        404,
        "message-not-found",
        "The message m-nothere could not be found",
    )
