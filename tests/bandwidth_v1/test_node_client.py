"""The npm ``node-bandwidth`` client (4.0.0) against the emulator: account, numbers,
applications, media, messages, domains, errors and lookups, paged lists followed to the end
(node keeps only the next link's query: the filters must be in it), and its error types."""

from __future__ import annotations

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.node_sdk import NodeClient, NodeError
from tests.bandwidth_v1.wire import now, user_url


def test_account_and_transactions_paged_with_their_filters(
    catapult_node: NodeClient, telephony_emulator: TelephonyEmulator
) -> None:
    node = catapult_node
    assert node("Account.get") == {"balance": "500.00000", "accountType": "pre-pay"}
    for n in range(3):
        node("PhoneNumber.create", {"number": f"+1919555080{n}"})
    charges = node("Account.getTransactions", {"type": "charge", "size": 2}, pages="transactions")
    assert [t["number"] for t in charges] == ["+19195550802", "+19195550801", "+19195550800"]
    assert {t["type"] for t in charges} == {"charge"}
    assert node("Account.get")["balance"] == "498.20000"


def test_phone_numbers(catapult_node: NodeClient, telephony_emulator: TelephonyEmulator) -> None:
    node = catapult_node
    created = node("PhoneNumber.create", {"number": "+19195550810", "name": "desk"})
    number_id = created["id"]
    assert number_id.startswith("n-")
    # get by E.164 (node sends %2B1919…)
    by_number = node("PhoneNumber.get", "+19195550810")
    assert by_number == {
        "id": number_id,
        "number": "+19195550810",
        "nationalNumber": "(919) 555-0810",
        "name": "desk",
        "city": "CARY",
        "state": "NC",
        "price": "0.60",
        "numberState": "enabled",
        "createdTime": now(telephony_emulator),
    }
    node("PhoneNumber.create", {"number": "+19195550811"})
    node("PhoneNumber.create", {"number": "+12065550812"})
    listed = node("PhoneNumber.list", {"state": "NC", "size": 1}, pages="phoneNumbers")
    assert [item["number"] for item in listed] == ["+19195550810", "+19195550811"]
    node("PhoneNumber.update", number_id, {"name": "lobby"})
    assert node("PhoneNumber.get", number_id)["name"] == "lobby"
    node("PhoneNumber.delete", number_id)
    assert node("PhoneNumber.get", number_id)["numberState"] == "released"


def test_available_numbers_search_and_order(catapult_node: NodeClient) -> None:
    node = catapult_node
    cary = node("AvailableNumber.search", "local", {"state": "NC", "city": "Cary", "quantity": 2})
    assert [(item["city"], item["state"]) for item in cary] == [("CARY", "NC")] * 2
    toll_free = node("AvailableNumber.search", "tollFree", {"quantity": 3, "pattern": "8*"})
    assert len(toll_free) == 3
    ordered = node("AvailableNumber.searchAndOrder", "local", {"areaCode": "919", "quantity": 2})
    assert [item["id"][:2] for item in ordered] == ["n-", "n-"]
    assert node("PhoneNumber.get", ordered[0]["id"])["number"] == ordered[0]["number"]


def test_applications(catapult_node: NodeClient) -> None:
    node = catapult_node
    app = node(
        "Application.create",
        {"name": "node app", "incomingCallUrl": "http://a.test/calls", "autoAnswer": False},
    )
    assert node("Application.get", app["id"]) == {
        "id": app["id"],
        "name": "node app",
        "incomingCallUrl": "http://a.test/calls",
        "callbackHttpMethod": "post",
        "autoAnswer": False,
    }
    node("Application.create", {"name": "second", "incomingMessageUrl": "http://a.test/m"})
    listed = node("Application.list", {"size": 1}, pages="applications")
    assert [item["name"] for item in listed] == ["node app", "second"]
    node("Application.update", app["id"], {"name": "renamed"})
    assert node("Application.get", app["id"])["name"] == "renamed"
    node("Application.delete", app["id"])
    with pytest.raises(NodeError) as raised:
        node("Application.get", app["id"])
    assert raised.value.name == "UnexpectedResponseError"
    assert raised.value.statusCode == 404
    assert raised.value.message == f"The application {app['id']} could not be found"


def test_media(catapult_node: NodeClient) -> None:
    node = catapult_node
    node("Media.upload", "node song.mp3", b"\x00\x01binary", "audio/mpeg")
    assert node("Media.list") == [
        {
            "mediaName": "node song.mp3",
            "contentLength": 8,
            "content": user_url(node.login, "media", "node%20song.mp3"),
        }
    ]
    assert node("Media.download", "node song.mp3", None) == {
        "contentType": "audio/mpeg",
        "content": b"\x00\x01binary",
    }
    node("Media.delete", "node song.mp3")
    assert node("Media.list") == []


def test_messages(
    catapult_node: NodeClient,
    telephony_emulator: TelephonyEmulator,
    telephony_webhooks: WebhookInbox,
) -> None:
    node = catapult_node
    sender = telephony_emulator.numbers[0]
    sent = node(
        "Message.send",
        {
            "from": sender,
            "to": "+13125556666",
            "text": "from node",
            "receiptRequested": "all",
            "callbackUrl": telephony_webhooks.url_for("/sms"),
        },
    )
    batch = node(
        "Message.sendMultiple",
        [
            {"from": sender, "to": "+13125556667", "text": "a"},
            {"from": sender, "to": "+13125556668", "text": "b"},
        ],
    )
    assert [item["result"] for item in batch] == ["accepted", "accepted"]
    telephony_emulator.run_until_idle()
    message = node("Message.get", sent["id"])
    assert (message["state"], message["deliveryState"], message["text"]) == (
        "sent",
        "delivered",
        "from node",
    )
    [event] = [item.payload for item in telephony_webhooks.received]
    assert (event["eventType"], event["messageId"], event["deliveryCode"]) == ("sms", sent["id"], 0)
    # node follows the next link by its query alone: sortKeyLT and the filter are in it
    listed = node("Message.list", {"from": sender, "size": 1}, pages="messages")
    assert [item["id"] for item in listed] == [
        batch[1]["message"]["id"],
        batch[0]["message"]["id"],
        sent["id"],
    ]
    node("Message.patch", sent["id"], {"text": ""})
    assert node("Message.get", sent["id"])["text"] == ""


def test_domains_endpoints_and_tokens(catapult_node: NodeClient) -> None:
    node = catapult_node
    domain = node("Domain.create", {"name": "nodedomain", "description": "from node"})
    [listed] = node("Domain.list", {}, pages="domains")
    assert listed["id"] == domain["id"]
    endpoint = node(
        "Endpoint.create",
        domain["id"],
        {"name": "carol", "credentials": {"password": "123456"}},
    )
    got = node("Endpoint.get", domain["id"], endpoint["id"])
    assert got["sipUri"] == "carol@nodedomain.bwapp.bwsipp.io"
    token = node("Endpoint.createAuthToken", domain["id"], endpoint["id"], {"expires": 60})
    assert token["expires"] == 60
    node("Endpoint.delete", domain["id"], endpoint["id"])
    assert node("Endpoint.list", domain["id"], {}, pages="endpoints") == []


def test_errors_number_info_and_rate_limits(
    catapult_node: NodeClient, telephony_emulator: TelephonyEmulator
) -> None:
    node = catapult_node
    assert node("Error.list", {}, pages="errors") == []
    info = node("NumberInfo.get", "+19195551212")
    assert info["number"] == "+19195551212"
    telephony_emulator.set_limits(requests_per_second=1)
    telephony_emulator.advance(1)
    node("Account.get")
    with pytest.raises(NodeError) as raised:
        node("Account.get")
    assert raised.value.name == "RateLimitError"
    assert raised.value.statusCode == 429
    reset = str((int(telephony_emulator.clock()["time"]) + 1) * 1000)
    assert raised.value.limitReset == reset
    assert '"code":"rate-limit-reached"' in raised.value.message
