"""Inbound messages placed through the control API: message-received, MMS media, groups."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import bandwidth
import pytest
from pytest_telephony_emulator.control import ControlError

from tests.bandwidth_messaging_v2.conftest import Messaging


def test_an_inbound_sms_reaches_the_inbound_callback(messaging: Messaging) -> None:
    (placed,) = messaging.emu.place_inbound_message(messaging.number, "+15557654321", "Hi!")
    messaging.run()
    (event,) = messaging.callbacks("/inbound")
    created = datetime.fromisoformat(placed["created_at"])
    assert event == {
        "time": created.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "type": "message-received",
        "to": messaging.number,
        "description": "Incoming message received",
        "message": {
            "id": placed["message_id"],
            "owner": messaging.number,
            "applicationId": messaging.application_id,
            "time": event["message"]["time"],
            "segmentCount": 1,
            "direction": "in",
            "to": [messaging.number],
            "from": "+15557654321",
            "text": "Hi!",
            "priority": "default",
        },
    }
    assert messaging.callbacks("/status") == []


def test_an_inbound_mms_serves_its_media_to_the_sdk(messaging: Messaging) -> None:
    picture = b"\xff\xd8\xff-jpeg-bytes"
    media = [
        {
            "name": "beach.jpg",
            "content_type": "image/jpeg",
            "content_base64": base64.b64encode(picture).decode(),
        },
        "https://example.com/external.gif",
    ]
    (placed,) = messaging.emu.place_inbound_message(
        messaging.number, "+15557654321", "Look", media=media
    )
    messaging.run()
    (event,) = messaging.callbacks("/inbound")
    message_id = placed["message_id"]
    url = f"{messaging.emu.url}/api/v2/users/{messaging.account_id}/media/{message_id}/0/beach.jpg"
    assert event["message"]["media"] == [url, "https://example.com/external.gif"]
    name = url.split("/media/", 1)[1]
    assert bytes(messaging.media.get_media(messaging.account_id, name)) == picture


def test_an_inbound_round_trip_reply(messaging: Messaging) -> None:
    messaging.emu.place_inbound_message(messaging.number, "+15557654321", "STATUS?")
    messaging.run()
    (received,) = messaging.callbacks("/inbound")
    reply = messaging.send([received["message"]["from"]], "All good")
    messaging.run()
    (status,) = messaging.callbacks("/status")
    assert (status["type"], status["to"], status["message"]["id"]) == (
        "message-delivered",
        "+15557654321",
        reply.id,
    )
    directions = [m["direction"] for m in messaging.emu.messages()]
    assert directions == ["in", "out"]


def test_a_group_message_to_two_owned_numbers_is_two_messages(messaging: Messaging) -> None:
    first, second = messaging.emu.numbers[:2]
    to = [first, "+15550009999", second]
    placed = messaging.emu.place_inbound_message(to, "+15557654321", "Group")
    assert len(placed) == 2
    assert placed[0]["message_id"] != placed[1]["message_id"]
    messaging.run()
    events = messaging.callbacks("/inbound")
    assert [(e["to"], e["message"]["owner"]) for e in events] == [(first, first), (second, second)]
    assert all(e["message"]["to"] == to for e in events)


def test_an_inbound_message_to_no_owned_number_is_refused(messaging: Messaging) -> None:
    with pytest.raises(ControlError) as error:
        messaging.emu.place_inbound_message("+15550009999", "+15557654321", "?")
    assert error.value.status == 400
    assert "+15550009999" in error.value.message


def test_inbound_messages_are_listed_by_the_sdk(messaging: Messaging) -> None:
    messaging.emu.place_inbound_message(messaging.number, "+15557654321", "Hi")
    found = messaging.messages.list_messages(messaging.account_id, message_direction="INBOUND")
    assert found.total_count == 1
    assert found.messages is not None
    (item,) = found.messages
    assert item.message_status == bandwidth.MessageStatusEnum.RECEIVED
    assert item.source_tn == "+15557654321"
