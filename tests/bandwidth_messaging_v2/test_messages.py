"""createMessage through the official SDK: the 202 Message, segments, and each recipient's
callbacks on the virtual clock (delivered, failed with the vendor's codes, MMS sending)."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import bandwidth
import pytest

from tests.bandwidth_messaging_v2.conftest import Messaging

MESSAGE_ID = r"^\d{13}[a-z0-9]{16}$"


def at(emu_time: float) -> str:
    return (
        datetime.fromtimestamp(round(emu_time * 1000) / 1000, tz=UTC).isoformat(
            timespec="milliseconds"
        )[:23]
        + "Z"
    )


def now(messaging: Messaging) -> float:
    return float(messaging.emu.clock()["time"])


def test_an_sms_is_accepted_with_the_full_message(messaging: Messaging) -> None:
    sent_at = now(messaging)
    raw = messaging.send_raw(["+15551230000"], "Hello world", tag="order-17", priority="high")
    assert re.match(MESSAGE_ID, raw.pop("id"))
    assert raw == {
        "owner": messaging.number,
        "applicationId": messaging.application_id,
        "time": at(sent_at),
        "segmentCount": 1,
        "direction": "out",
        "to": ["+15551230000"],
        "from": messaging.number,
        "text": "Hello world",
        "tag": "order-17",
        "priority": "high",
    }


def test_the_sdk_reads_the_message_and_its_id_has_the_vendor_shape(messaging: Messaging) -> None:
    message = messaging.send(["+15551230000"])
    assert message.id is not None
    assert len(message.id) == 29
    assert message.id[:13].isdigit()
    assert message.id[13:].isalnum()
    assert message.id[13:] == message.id[13:].lower()
    assert message.direction == bandwidth.MessageDirectionEnum.OUT
    assert message.segment_count == 1
    assert message.var_from == messaging.number


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # an extension character takes two septets
        ("€" * 81, 2),
        ("é" * 160, 1),  # in the GSM-7 basic table
        ("ü" * 70 + "ł", 2),  # ł is not GSM-7: UCS-2 from here on
        ("ł" * 70, 1),
        ("ł" * 71, 2),
        ("ł" * 134, 2),
        ("ł" * 135, 3),
        ("😀" * 35, 1),  # a surrogate pair is two UCS-2 units
        ("😀" * 36, 2),
    ],
)
def test_segments_are_counted_as_gsm7_or_ucs2(
    messaging: Messaging, text: str, segments: int
) -> None:
    assert messaging.send(["+15551230000"], text).segment_count == segments


def test_one_sms_is_delivered_after_a_second(messaging: Messaging) -> None:
    sent_at = now(messaging)
    message = messaging.send(["+15551230000"], "Hi there", tag="t1")
    messaging.run()
    (event,) = messaging.callbacks()
    assert event == {
        "time": datetime.fromtimestamp(sent_at + 1, tz=UTC)
        .isoformat(timespec="microseconds")
        .replace("+00:00", "Z"),
        "type": "message-delivered",
        "to": "+15551230000",
        "description": "Message delivered to handset.",
        "message": {
            "id": message.id,
            "owner": messaging.number,
            "applicationId": messaging.application_id,
            "time": at(sent_at),
            "segmentCount": 1,
            "direction": "out",
            "to": ["+15551230000"],
            "from": messaging.number,
            "text": "",  # the vendor does not keep the text
            "tag": "t1",
            "priority": "default",
        },
    }


def test_callbacks_come_as_the_vendor_sends_them(messaging: Messaging) -> None:
    messaging.emu.update_application(
        "messaging", outbound_callback_username="hook-user", outbound_callback_password="s3cret"
    )
    messaging.send(["+15551230000"])
    messaging.run()
    (hook,) = messaging.hooks.received
    assert hook.method == "POST"
    assert hook.path == "/status"
    assert hook.headers["User-Agent"] == "BandwidthAPI/v2"
    assert hook.headers["Content-Type"] == "application/json; charset=utf-8"
    expected = base64.b64encode(b"hook-user:s3cret").decode()
    assert hook.headers["Authorization"] == f"Basic {expected}"
    (attempt,) = messaging.emu.ledger(event_type="message-delivered")
    assert attempt["outcome"] == "delivered"
    assert attempt["surface"] == "bandwidth_messaging_v2"


def test_a_group_message_sends_one_callback_per_recipient(messaging: Messaging) -> None:
    to = ["+15551230000", "+15005554003", "+15005555005"]
    message = messaging.send(to, "Group hello")
    messaging.run()
    events = messaging.callbacks()
    assert [(e["type"], e["to"]) for e in events] == [
        ("message-delivered", "+15551230000"),
        ("message-failed", "+15005554003"),
        ("message-delivered", "+15005555005"),
    ]
    assert {e["message"]["id"] for e in events} == {message.id}
    assert all(e["message"]["to"] == to for e in events)
    assert events[1]["errorCode"] == 4770
    times = [datetime.fromisoformat(e["time"]) for e in events]
    assert (times[2] - times[0]).total_seconds() == pytest.approx(4.0, abs=1e-5)


@pytest.mark.parametrize(
    ("number", "code", "description"),
    [
        ("+15005554001", 4701, "destination-service-unavailable"),
        ("+15005554002", 4750, "destination-rejected-message"),
        ("+15005554003", 4770, "destination-spam-detected"),
        ("+15005554004", 4775, "destination-rejected-due-to-user-opt-out"),
        ("+15005554005", 4720, "invalid-destination-address"),
    ],
)
def test_magic_numbers_fail_with_the_vendor_codes(
    messaging: Messaging, number: str, code: int, description: str
) -> None:
    message = messaging.send([number])
    messaging.run()
    (event,) = messaging.callbacks()
    assert event["type"] == "message-failed"
    assert event["to"] == number
    assert event["errorCode"] == code
    assert event["description"] == description
    assert event["message"]["id"] == message.id
    assert event["message"]["text"] == ""
    (listed,) = messaging.emu.messages()
    assert listed["recipients"][0]["status"] == "failed"


def test_a_scenario_rule_sets_the_failure_and_the_delay(messaging: Messaging) -> None:
    messaging.emu.set_scenario("+15557770000", message_failure="opted_out", message_delay=30)
    messaging.emu.set_scenario("+15557770001", message_delay=90)
    sent_at = now(messaging)
    messaging.send(["+15557770000", "+15557770001"])
    messaging.emu.advance(29.9)
    assert messaging.callbacks() == []
    messaging.emu.advance(0.1)
    (failed,) = messaging.callbacks()
    assert (failed["type"], failed["errorCode"]) == ("message-failed", 4775)
    messaging.run()
    delivered = messaging.callbacks()[1]
    assert delivered["type"] == "message-delivered"
    assert datetime.fromisoformat(delivered["time"]).timestamp() == pytest.approx(sent_at + 90)


def test_a_message_whose_expiration_passes_first_fails(messaging: Messaging) -> None:
    soon = datetime.fromtimestamp(now(messaging), tz=UTC) + timedelta(seconds=5)
    messaging.send(["+15005555010"], expiration=soon)
    messaging.run()
    (event,) = messaging.callbacks()
    assert (event["type"], event["errorCode"]) == ("message-failed", 4360)
    assert event["description"] == "message-not-sent-expiration-date-passed"


def test_an_mms_is_handed_to_the_carrier_then_delivered(messaging: Messaging) -> None:
    messaging.media.upload_media(
        messaging.account_id, "pics/cat.png", b"\x89PNG-cat", _content_type="image/png"
    )
    url = f"{messaging.emu.url}/api/v2/users/{messaging.account_id}/media/pics/cat.png"
    raw = messaging.send_raw(["+15551230000"], "Look", media=[url])
    assert raw["media"] == [url]
    assert raw["segmentCount"] == 1
    messaging.run()
    events = messaging.callbacks()
    assert [e["type"] for e in events] == ["message-sending", "message-delivered"]
    assert events[0]["description"] == "Message is sending to carrier"
    assert all(e["message"]["media"] == [url] for e in events)
    # The receiver downloads the attachment back through the SDK.
    data = messaging.media.get_media(messaging.account_id, "pics/cat.png")
    assert bytes(data) == b"\x89PNG-cat"


def test_an_mms_with_missing_emulator_media_fails_as_unavailable(messaging: Messaging) -> None:
    url = f"{messaging.emu.url}/api/v2/users/{messaging.account_id}/media/missing.png"
    messaging.send(["+15551230000"], media=[url])
    messaging.run()
    (event,) = messaging.callbacks()
    assert (event["type"], event["errorCode"]) == ("message-failed", 4410)
    assert event["description"] == "media-unavailable"


def test_requested_callback_types_filter_status_events(messaging: Messaging) -> None:
    messaging.emu.update_application("messaging", requested_callback_types=["message-failed"])
    messaging.send(["+15551230000", "+15005554001"], media=["https://example.com/a.png"])
    messaging.run()
    assert [(e["type"], e["to"]) for e in messaging.callbacks()] == [
        ("message-failed", "+15005554001")
    ]


def test_without_a_callback_url_nothing_is_sent(messaging: Messaging) -> None:
    messaging.emu.update_application("messaging", outbound_callback_url=None)
    messaging.send(["+15551230000"])
    messaging.run()
    assert messaging.hooks.received == []
    (listed,) = messaging.emu.messages()
    assert listed["recipients"][0]["status"] == "delivered"


def test_wait_for_sees_message_callbacks(messaging: Messaging) -> None:
    messaging.send(["+15551230000", "+15551230001"])
    messaging.run()
    found = messaging.hooks.wait_for("message-delivered", count=2, timeout=5)
    assert [hook.events[0]["to"] for hook in found] == ["+15551230000", "+15551230001"]


def test_the_control_api_lists_messages_as_sent(messaging: Messaging) -> None:
    message = messaging.send(["+15551230000"], "Secret text", tag="x")
    listed: list[dict[str, Any]] = messaging.emu.messages(direction="out")
    assert [m["message_id"] for m in listed] == [message.id]
    (item,) = listed
    assert item["text"] == "Secret text"
    assert item["from"] == messaging.number
    assert item["recipients"] == [
        {"number": "+15551230000", "status": "queued", "failure": None, "updated_at": None}
    ]
    assert messaging.emu.messages(to="+15550000000") == []
