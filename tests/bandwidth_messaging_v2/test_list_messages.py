"""listMessages through the SDK and raw HTTP: every filter kind, sorting, paging to the end."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import bandwidth
import pytest

from tests.bandwidth_messaging_v2.conftest import Messaging, Wire
from tests.specs import assert_matches


def listing(messaging: Messaging, **query: Any) -> dict[str, Any]:
    """listMessages' JSON, validated against the spec's ``messagesList``."""
    response = messaging.messages.list_messages_with_http_info(messaging.account_id, **query)
    body: dict[str, Any] = json.loads(response.raw_data)
    assert_matches("bandwidth.yml", "messagesList", body)
    return body


@pytest.fixture
def sent(messaging: Messaging) -> list[bandwidth.Message]:
    """Three outbound messages (one a group of two, one failing), one inbound, delivered."""
    messages = [
        messaging.send(["+15551230000"], "one"),
        messaging.send(["+15551230001", "+15005554003"], "two"),
        messaging.send(["+15551239999"], "ł" * 71, media=["https://example.com/a.png"]),
    ]
    messaging.emu.place_inbound_message(messaging.number, "+15557654321", "hello back")
    messaging.run()
    return messages


def test_an_outbound_message_is_listed_once_per_recipient(
    messaging: Messaging, sent: list[bandwidth.Message]
) -> None:
    body = listing(messaging, message_id=sent[1].id)
    assert body["totalCount"] == 2
    assert body["pageInfo"] == {}
    first, second = body["messages"]
    assert first == {
        "messageId": sent[1].id,
        "accountId": messaging.account_id,
        "sourceTn": messaging.number,
        "destinationTn": "+15551230001",
        "messageStatus": "DELIVERED",
        "messageDirection": "OUTBOUND",
        "messageType": "sms",
        "segmentCount": 1,
        "errorCode": 0,
        "receiveTime": first["receiveTime"],
        "carrierName": None,
        "messageSize": 3,
        "messageLength": 3,
        "attachmentCount": 0,
        "recipientCount": 2,
        "campaignClass": None,
        "campaignId": None,
        "bwLatency": None,
        "carrierLatency": None,
        "callingNumberCountryA3": "USA",
        "calledNumberCountryA3": "USA",
        "product": None,
        "location": None,
    }
    assert (second["destinationTn"], second["messageStatus"], second["errorCode"]) == (
        "+15005554003",
        "FAILED",
        4770,
    )


@pytest.mark.parametrize(
    ("query", "destinations"),
    [
        ({"message_direction": "INBOUND"}, ["INBOUND"]),
        ({"message_status": "FAILED"}, ["+15005554003"]),
        ({"error_code": 4770}, ["+15005554003"]),
        ({"message_type": "mms"}, ["+15551239999"]),
        ({"destination_tn": "+15551230000,+15551239999"}, ["+15551230000", "+15551239999"]),
        ({"destination_tn": "+1555123"}, ["+15551230000", "+15551230001", "+15551239999"]),
        ({"source_tn": "+15557654321"}, ["INBOUND"]),
        ({"from_segment_count": 2}, []),
        ({"to_segment_count": 1, "message_type": "sms", "message_status": "DELIVERED"},
         ["+15551230000", "+15551230001"]),
        ({"carrier_name": "Verizon"}, []),
        ({"campaign_id": "CJEUMDK"}, []),
        ({"product": "P2P"}, []),
        ({"location": "123ABC"}, []),
        ({"from_bw_latency": 5}, []),
        ({"from_carrier_latency": 5}, []),
        ({"carrier_queued": True}, []),
        ({"bw_queued": True}, []),
        ({"bw_queued": False, "message_type": "mms"}, ["+15551239999"]),
        ({"calling_number_country_a3": "USA", "message_direction": "INBOUND"}, ["INBOUND"]),
        ({"called_number_country_a3": "MEX"}, []),
        ({"from_message_size": 4, "message_direction": "OUTBOUND"}, ["+15551239999"]),
        ({"to_message_size": 3, "message_direction": "OUTBOUND"},
         ["+15551230000", "+15551230001", "+15005554003"]),
    ],
)  # fmt: skip
def test_filters(
    messaging: Messaging,
    sent: list[bandwidth.Message],
    query: dict[str, Any],
    destinations: list[str],
) -> None:
    found = listing(messaging, **query)["messages"]
    seen = [
        "INBOUND" if item["messageDirection"] == "INBOUND" else item["destinationTn"]
        for item in found
    ]
    assert seen == destinations


def test_the_inbound_message_is_received(
    messaging: Messaging, sent: list[bandwidth.Message]
) -> None:
    (item,) = listing(messaging, message_direction="INBOUND")["messages"]
    assert item["sourceTn"] == "+15557654321"
    assert item["destinationTn"] == messaging.number
    assert item["messageStatus"] == "RECEIVED"


def test_the_date_range_filters_and_is_at_most_14_days(
    messaging: Messaging, wire: Wire, sent: list[bandwidth.Message]
) -> None:
    clock = datetime.fromtimestamp(float(messaging.emu.clock()["time"]), tz=UTC)
    hour = timedelta(hours=1)
    assert listing(messaging, from_date_time=(clock - hour).isoformat())["totalCount"] == 5
    assert listing(messaging, from_date_time=(clock + hour).isoformat())["totalCount"] == 0
    assert listing(messaging, to_date_time=(clock - hour).isoformat())["totalCount"] == 0
    query = (
        f"fromDateTime={(clock - timedelta(days=15)).isoformat()}&toDateTime={clock.isoformat()}"
    )
    answer = wire.send("GET", "/messages?" + query.replace("+", "%2B"))
    assert answer.status == 400
    assert answer.json == {
        "type": "request-validation",
        "description": "The date range to search in cannot be more than 14 days",
    }


def test_sorting(messaging: Messaging, sent: list[bandwidth.Message]) -> None:
    ascending = listing(messaging, message_direction="OUTBOUND", sort="destinationTn:asc")
    tns = [item["destinationTn"] for item in ascending["messages"]]
    assert tns == sorted(tns)
    descending = listing(messaging, message_direction="OUTBOUND", sort="destinationTn:desc")
    assert [item["destinationTn"] for item in descending["messages"]] == sorted(tns, reverse=True)


def test_paging_followed_to_the_end(messaging: Messaging) -> None:
    ids = [messaging.send([f"+1555123{n:04d}"], f"m{n}").id for n in range(7)]
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        query: dict[str, Any] = {"message_direction": "OUTBOUND", "limit": 3}
        if token is not None:
            query["page_token"] = token
        body = listing(messaging, **query)
        pages += 1
        assert body["totalCount"] == 7
        seen += [item["messageId"] for item in body["messages"]]
        if pages > 1:
            assert "prevPageToken" in body["pageInfo"]
        token = body["pageInfo"].get("nextPageToken")
        if token is None:
            break
        next_page = body["pageInfo"]["nextPage"]
        assert next_page.startswith(messaging.emu.url + f"/api/v2/users/{messaging.account_id}")
        assert f"pageToken={token}" in next_page
    assert pages == 3
    assert seen == ids


def test_the_next_page_link_can_be_followed_as_is(messaging: Messaging, wire: Wire) -> None:
    for n in range(3):
        messaging.send([f"+1555123{n:04d}"])
    first = wire.send("GET", "/messages?messageDirection=OUTBOUND&limit=2").json
    url = first["pageInfo"]["nextPage"]
    path = url.split(f"/users/{messaging.account_id}", 1)[1]
    second = wire.send("GET", path).json
    assert len(second["messages"]) == 1
    assert second["pageInfo"]["prevPageToken"]


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("", "At least one query parameter is required to search for messages"),
        ("?limit=5", "At least one query parameter is required to search for messages"),
        ("?messageStatus=LOST", "Invalid messageStatus: LOST"),
        ("?messageDirection=SIDEWAYS", "Invalid messageDirection: SIDEWAYS"),
        ("?messageType=fax", "Invalid messageType: fax"),
        ("?errorCode=abc", "Invalid errorCode: abc"),
        ("?sourceTn=%2B155", "sourceTn must be a full telephone number or at least 5 characters"),
        ("?messageDirection=INBOUND&limit=0", "limit must be between 1 and 1000"),
        ("?messageDirection=INBOUND&sort=color:asc", "Invalid sort parameter: color:asc"),
        ("?messageDirection=INBOUND&pageToken=zzz", "Invalid pageToken: zzz"),
        ("?fromDateTime=yesterday", "Invalid fromDateTime: yesterday"),
    ],
)
def test_bad_queries_are_400(wire: Wire, query: str, description: str) -> None:
    answer = wire.send("GET", "/messages" + query)
    assert answer.status == 400
    assert answer.json == {"type": "request-validation", "description": description}


def test_limit_and_offset_stay_within_10000(messaging: Messaging, wire: Wire) -> None:
    for n in range(3):
        messaging.send([f"+1555123{n:04d}"])
    page = wire.send("GET", "/messages?messageDirection=OUTBOUND&limit=1000").json
    assert len(page["messages"]) == 3
    token = wire.send("GET", "/messages?messageDirection=OUTBOUND&limit=2").json["pageInfo"][
        "nextPageToken"
    ]
    answer = wire.send("GET", f"/messages?messageDirection=OUTBOUND&limit=1000&pageToken={token}")
    assert answer.status == 200
    assert len(answer.json["messages"]) == 1
