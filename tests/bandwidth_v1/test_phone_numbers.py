"""Catapult phone numbers through the v1 Python SDK, in the seed's README order (§2.4)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, now, user_url


def test_seed_allocate_a_number_then_list_and_read_it(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    # number_id = bandwidth.allocate_number "+19195551212"
    number_id = catapult.account.order_phone_number("+19195551212", name="home phone")
    assert number_id.startswith("n-")
    assert len(number_id) == 25
    # numbers = bandwidth.phone_numbers; number = numbers.first
    numbers = list(catapult.account.list_phone_numbers())
    expected = {
        "id": number_id,
        "number": "+19195551212",
        "national_number": "(919) 555-1212",
        "name": "home phone",
        "city": "CARY",
        "state": "NC",
        "price": "0.60",
        "number_state": "enabled",
        "created_time": now(telephony_emulator),
    }
    assert numbers == [expected]
    # bandwidth.phone_number_details (by id, and by E.164 in both encodings)
    assert catapult.account.get_phone_number(number_id) == expected
    assert catapult.account.get_phone_number(quote("+19195551212")) == expected
    raw = call(catapult.login, "GET", user_url(catapult.login, "phoneNumbers", "+19195551212"))
    assert raw.status_code == 200
    assert raw.json()["id"] == number_id
    # bandwidth.remove_number number_id
    catapult.account.delete_phone_number(number_id)
    assert catapult.account.get_phone_number(number_id)["number_state"] == "released"


def test_update_attaches_and_detaches_an_application(catapult: Catapult) -> None:
    app_id = catapult.account.create_application("voice", incoming_call_url="http://a.test/")
    number_id = catapult.account.order_phone_number("+19195550123")
    catapult.account.update_phone_number(
        number_id, application_id=app_id, name="desk", fallback_number="+19195550199"
    )
    number = catapult.account.get_phone_number(number_id)
    assert number["application_id"] == app_id
    assert number["application"] == (
        f"{catapult.login.base_url}/v1/users/{catapult.login.user_id}/applications/{app_id}"
    )
    assert (number["name"], number["fallback_number"]) == ("desk", "+19195550199")
    catapult.account.update_phone_number(number_id, application_id="")
    assert "application_id" not in catapult.account.get_phone_number(number_id)


def test_deleting_an_application_detaches_its_numbers(catapult: Catapult) -> None:
    app_id = catapult.account.create_application("voice", incoming_call_url="http://a.test/")
    number_id = catapult.account.order_phone_number("+19195550124", application_id=app_id)
    catapult.account.delete_application(app_id)
    assert "application_id" not in catapult.account.get_phone_number(number_id)


def test_every_filter_and_paging_to_the_end(catapult: Catapult) -> None:
    app_id = catapult.account.create_application("voice", incoming_call_url="http://a.test/")
    cary = [catapult.account.order_phone_number(f"+1919555020{n}") for n in range(3)]
    la = catapult.account.order_phone_number("+12135550100", name="LA", application_id=app_id)
    catapult.account.delete_phone_number(cary[2])

    def ids(**filters: str) -> list[str]:
        return [item["id"] for item in catapult.account.list_phone_numbers(size=1, **filters)]

    assert ids() == [*cary, la]
    assert ids(application_id=app_id) == [la]
    assert ids(state="CA") == [la]
    assert ids(city="Cary") == cary
    assert ids(name="LA") == [la]
    assert ids(number_state="released") == [cary[2]]
    assert ids(number_state="enabled") == [cary[0], cary[1], la]


def test_the_next_link_repeats_the_filters(catapult: Catapult) -> None:
    for n in range(3):
        catapult.account.order_phone_number(f"+1919555030{n}")
    login = catapult.login
    url = user_url(login, "phoneNumbers")
    first = call(login, "GET", url, params={"state": "NC", "size": "2"})
    assert first.headers["Link"] == f'<{url}?state=NC&page=1&size=2>; rel="next"'
    last = call(login, "GET", url, params={"state": "NC", "size": "2", "page": "1"})
    assert len(last.json()) == 1
    assert "Link" not in last.headers
    past = call(login, "GET", url, params={"page": "5"})
    assert past.json() == []
    assert "Link" not in past.headers


@pytest.mark.parametrize(
    ("number", "status", "code"),
    [
        ("9195551212", 400, "invalid-number"),
        ("+1٩١٩٥٥٥١٢١٢", 400, "invalid-number"),  # only ASCII digits make E.164
        ("+4930123456", 403, "number-not-available"),
    ],
)
def test_allocation_errors(catapult: Catapult, number: str, status: int, code: str) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.order_phone_number(number)
    assert (raised.value.status_code, raised.value.code) == (status, code)


def test_a_number_is_allocated_once(catapult: Catapult) -> None:
    catapult.account.order_phone_number("+19195550400")
    with pytest.raises(CatapultError) as raised:
        catapult.account.order_phone_number("+19195550400")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        409,
        "duplicate-number",
        "Number +19195550400 has already been allocated",
    )


def test_unknown_numbers_and_applications(catapult: Catapult) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_phone_number("n-nothere")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        404,
        "number-not-found",
        "The number n-nothere could not be found",
    )
    with pytest.raises(CatapultError) as raised:
        catapult.account.order_phone_number("+19195550401", application_id="a-nothere")
    assert (raised.value.status_code, raised.value.code) == (404, "application-not-found")
