"""The seed's examples for account, transactions, messages, numbers and media as the seed's
gem (ruby-bandwidth 0.1.9, reference §10) puts them on the wire: camelCased query keys,
``Time#iso8601`` dates, lists walked page by page (25 a page) to an empty page, JSON bodies
for POST, raw bytes with Faraday's form type for PUT media."""

from __future__ import annotations

from typing import Any

from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult
from tests.bandwidth_v1.wire import call, now, user_url

GEM = {"User-Agent": "Faraday v0.9.0"}
JSON = {**GEM, "Content-Type": "application/json"}


def walk(catapult: Catapult, url: str, **filters: str) -> list[Any]:
    """A LazyArray's ``each``: page 0, 1, ... of 25 until an empty page; every item."""
    items: list[Any] = []
    for page in range(20):
        params = {**filters, "page": str(page), "size": "25"}
        response = call(catapult.login, "GET", url, params=params, headers=GEM)
        assert response.status_code == 200, response.text
        body = response.json()
        if not body:
            return items
        items.extend(body)
    raise AssertionError(f"{url} never gave an empty page")


def test_account_and_transactions(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    login = catapult.login
    # bandwidth.account.balance / .account_type
    account = call(login, "GET", user_url(login, "account"), headers=GEM).json()
    assert account == {"balance": "500.00000", "accountType": "pre-pay"}
    telephony_emulator.advance(2)
    from_ = now(telephony_emulator, 1)
    call(
        login,
        "POST",
        user_url(login, "phoneNumbers"),
        json={"number": "+19195550900"},
        headers=JSON,
    )
    # bandwidth.transactions from_date: Time.parse(from), to_date: Time.parse(to) (iso8601)
    telephony_emulator.advance(1)
    call(
        login,
        "POST",
        user_url(login, "phoneNumbers"),
        json={"number": "+19195550901"},
        headers=JSON,
    )
    found = walk(catapult, user_url(login, "account", "transactions"), fromDate=from_[:19] + "Z")
    assert [t["number"] for t in found] == ["+19195550901"]
    # bandwidth.transactions type: AUTO_RECHARGE
    assert walk(catapult, user_url(login, "account", "transactions"), type="auto-recharge") == []
    assert len(walk(catapult, user_url(login, "account", "transactions"))) == 3


def test_messages(catapult: Catapult, telephony_emulator: TelephonyEmulator) -> None:
    login = catapult.login
    sender = telephony_emulator.numbers[0]
    ids = []
    for n in range(27):  # more than one gem page
        response = call(
            login,
            "POST",
            user_url(login, "messages"),
            json={"from": sender, "to": "+13125556666", "text": f"Good morning {n}"},
            headers=JSON,
        )
        assert (response.status_code, response.content) == (201, b"")
        ids.append(response.headers["Location"].rsplit("/", 1)[1])
    telephony_emulator.run_until_idle()
    # message = bandwidth.message message_id
    message = call(login, "GET", user_url(login, "messages", ids[0]), headers=GEM).json()
    assert (message["direction"], message["state"], message["text"]) == (
        "out",
        "sent",
        "Good morning 0",
    )
    # bandwidth.messages / bandwidth.messages from: ..., to: ...
    assert [m["id"] for m in walk(catapult, user_url(login, "messages"))] == ids[::-1]
    filtered = walk(catapult, user_url(login, "messages"), **{"from": sender, "to": "+13125556666"})
    assert len(filtered) == 27


def test_available_numbers(catapult: Catapult) -> None:
    local = f"{catapult.login.base_url}/v1/availableNumbers/local"
    toll_free = f"{catapult.login.base_url}/v1/availableNumbers/tollFree"
    # bandwidth.available_numbers (and each filter), walked to the empty page
    assert len(walk(catapult, local)) == 10
    assert {n["state"] for n in walk(catapult, local, zip="12345")} == {"NY"}
    assert {n["state"] for n in walk(catapult, local, state="CA")} == {"CA"}
    assert {n["number"][:5] for n in walk(catapult, local, areaCode="919")} == {"+1919"}
    assert {n["city"] for n in walk(catapult, local, state="NC", city="Cary")} == {"CARY"}
    assert len(walk(catapult, local, pattern="*2?9*")) == 10
    # bandwidth.available_toll_free_numbers (pattern: "*2?9*")
    assert len(walk(catapult, toll_free)) == 10
    assert len(walk(catapult, toll_free, pattern="*2?9*")) == 10


def test_phone_numbers(catapult: Catapult) -> None:
    login = catapult.login
    # number_id = bandwidth.allocate_number "+19195551212" (with a name: the gem's 2nd argument)
    response = call(
        login,
        "POST",
        user_url(login, "phoneNumbers"),
        json={"number": "+19195551212", "name": "home phone"},
        headers=JSON,
    )
    number_id = response.headers["Location"].rsplit("/", 1)[1]
    try:
        # numbers = bandwidth.phone_numbers
        [number] = walk(catapult, user_url(login, "phoneNumbers"))
        assert (number["id"], number["nationalNumber"], number["name"], number["state"]) == (
            number_id,
            "(919) 555-1212",
            "home phone",
            "NC",
        )
        # bandwidth.phone_number_details "+19195551212" (a raw + in the path)
        details = call(login, "GET", user_url(login, "phoneNumbers", "+19195551212"), headers=GEM)
        assert details.json() == number
    finally:
        # bandwidth.remove_number number_id
        removed = call(login, "DELETE", user_url(login, "phoneNumbers", number_id), headers=GEM)
        assert (removed.status_code, removed.content) == (200, b"")


def test_media(catapult: Catapult) -> None:
    login = catapult.login
    data = b"ID3\x03\x00mp3 bytes"
    # bandwidth.upload "greeting.mp3", File.new("greeting.mp3")
    uploaded = call(
        login,
        "PUT",
        user_url(login, "media", "greeting.mp3"),
        data=data,
        headers={
            **GEM,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(data)),
        },
    )
    assert (uploaded.status_code, uploaded.content) == (200, b"")
    # media = bandwidth.media; medium.content_length; medium.media_name
    [medium] = walk(catapult, user_url(login, "media"))
    assert (medium["contentLength"], medium["mediaName"]) == (len(data), "greeting.mp3")
    # data = bandwidth.download "greeting.mp3"
    downloaded = call(login, "GET", user_url(login, "media", "greeting.mp3"), headers=GEM)
    assert downloaded.content == data
    # bandwidth.delete_media "greeting.mp3"
    deleted = call(login, "DELETE", user_url(login, "media", "greeting.mp3"), headers=GEM)
    assert deleted.status_code == 200
    assert walk(catapult, user_url(login, "media")) == []
