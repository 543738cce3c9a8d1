"""Available numbers (§2.3) in the seed's README order: local search by place and pattern,
toll-free search, search-and-order, and every search error."""

from __future__ import annotations

import re

import pytest

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, user_url


def national(number: str) -> str:
    return f"({number[2:5]}) {number[5:8]}-{number[8:]}"


def test_seed_local_search_without_criteria(catapult: Catapult) -> None:
    # bandwidth.available_numbers
    found = catapult.account.search_available_local_numbers()
    assert len(found) == 10
    assert len({item["state"] for item in found}) > 1
    for item in found:
        assert re.fullmatch(r"\+1[2-9]\d{2}[2-9]\d{6}", item["number"])
        assert item["national_number"] == national(item["number"])
        assert item["price"] == "0.60"
        assert set(item) == {
            "number",
            "national_number",
            "city",
            "lata",
            "rate_center",
            "state",
            "price",
        }


def test_seed_filter_by_state_zip_or_area_code(catapult: Catapult) -> None:
    # bandwidth.available_numbers zip: '12345' / state: 'CA' / area_code: '919'
    by_zip = catapult.account.search_available_local_numbers(zip_code="12345")
    assert {(item["city"], item["state"]) for item in by_zip} == {("ALBANY", "NY")}
    by_state = catapult.account.search_available_local_numbers(state="CA")
    assert {item["state"] for item in by_state} == {"CA"}
    assert {item["city"] for item in by_state} == {
        "LOS ANGELES",
        "SAN FRANCISCO",
        "SAN DIEGO",
        "SAN JOSE",
        "SACRAMENTO",
    }
    by_area = catapult.account.search_available_local_numbers(area_code="919")
    assert {item["number"][:5] for item in by_area} == {"+1919"}


def test_seed_filter_by_city(catapult: Catapult) -> None:
    # bandwidth.available_numbers state: 'NC', city: 'Cary'
    found = catapult.account.search_available_local_numbers(state="NC", city="Cary", quantity=3)
    assert len(found) == 3
    for item in found:
        assert item["number"].startswith("+1919")
        assert (item["city"], item["state"], item["rate_center"], item["lata"]) == (
            "CARY",
            "NC",
            "CARY",
            "426",
        )


def test_seed_filter_by_pattern(catapult: Catapult) -> None:
    # bandwidth.available_numbers pattern: "*2?9*"
    found = catapult.account.search_available_local_numbers(pattern="*2?9*")
    assert len(found) == 10
    for item in found:
        assert re.search(r"2\d9", item["number"][2:])
        shown = item["pattern_match"]
        assert len(shown) == 10
        assert re.fullmatch(r" *2\d9 *", shown)


def test_local_number_prefix_and_quantity(catapult: Catapult) -> None:
    found = catapult.account.search_available_local_numbers(
        area_code="212", local_number="555", in_local_calling_area="true", quantity=25
    )
    assert len(found) == 25
    assert {item["number"][:8] for item in found} == {"+1212555"}


def test_seed_toll_free_search_with_and_without_pattern(catapult: Catapult) -> None:
    # bandwidth.available_toll_free_numbers
    found = catapult.account.search_available_toll_free_numbers()
    assert len(found) == 10
    for item in found:
        assert item["number"][2:5] in {"800", "833", "844", "855", "866", "877", "888"}
        assert set(item) == {"number", "national_number", "price"}
        assert item["price"] == "2.00"
    # bandwidth.available_toll_free_numbers pattern: "*2?9*"
    matching = catapult.account.search_available_toll_free_numbers(pattern="*2?9*", quantity=2)
    assert len(matching) == 2
    assert all(re.search(r"2\d9", item["number"][2:]) for item in matching)


def test_the_same_search_offers_the_same_numbers(catapult: Catapult) -> None:
    first = catapult.account.search_available_local_numbers(state="NC", city="Cary")
    assert catapult.account.search_available_local_numbers(state="NC", city="Cary") == first


def test_search_and_order_local_numbers(catapult: Catapult) -> None:
    offered = catapult.account.search_available_local_numbers(state="NC", city="Cary", quantity=2)
    ordered = catapult.account.search_and_order_local_numbers(state="NC", city="Cary", quantity=2)
    assert [item["number"] for item in ordered] == [item["number"] for item in offered]
    for item in ordered:
        assert item["location"] == user_url(catapult.login, "phoneNumbers", item["id"])
        assert set(item) == {"number", "national_number", "price", "location", "id"}
        number = catapult.account.get_phone_number(item["id"])
        assert (number["number"], number["city"], number["state"]) == (item["number"], "CARY", "NC")
    # ordered numbers are no longer offered
    again = catapult.account.search_available_local_numbers(state="NC", city="Cary", quantity=2)
    assert not {item["number"] for item in again} & {item["number"] for item in ordered}


def test_search_and_order_toll_free_numbers(catapult: Catapult) -> None:
    ordered = catapult.account.search_and_order_toll_free_numbers(1)
    assert len(ordered) == 1
    number = catapult.account.get_phone_number(ordered[0]["id"])
    assert number["price"] == "2.00"
    raw = call(catapult.login, "POST", "/availableNumbers/tollFree")  # quantity defaults to 1
    assert raw.status_code == 201
    assert len(raw.json()) == 1


def test_released_numbers_are_never_offered_again(catapult: Catapult) -> None:
    [first] = catapult.account.search_and_order_local_numbers(area_code="206", quantity=1)
    catapult.account.delete_phone_number(first["id"])
    offered = catapult.account.search_available_local_numbers(area_code="206", quantity=50)
    assert first["number"] not in {item["number"] for item in offered}


@pytest.mark.parametrize(
    ("params", "status", "code", "message"),
    [
        (
            {"state": "NC", "zip": "27511"},
            400,
            "invalid-available-number-search",
            "Specify a State ZIP Code or Area Code with your query.",
        ),
        (
            {"city": "Cary"},
            400,
            "invalid-available-number-search",
            "For searching by City the State is also required.",
        ),
        (
            {"areaCode": "91"},
            400,
            "invalid-available-number-search",
            "An Area Code must be 3 digits.",
        ),
        (
            {"localNumber": "555"},
            400,
            "invalid-available-number-search",
            "For searching by Local Number the Area Code is also required.",
        ),
        ({"zip": "2751"}, 400, "invalid-zip-code", "The zip code 2751 is invalid"),
        (
            {"state": "XX"},
            400,
            "invalid-available-number-search",
            "The state XX is not a valid US state.",
        ),
        (
            {"pattern": "9a9"},
            400,
            "invalid-available-number-search",
            "The pattern 9a9 may hold only digits, ? and *.",
        ),
        (
            {"quantity": "5001"},
            400,
            "invalid-available-number-search",
            "The quantity must be between 1 and 5000.",
        ),
    ],
)
def test_search_errors(
    catapult: Catapult, params: dict[str, str], status: int, code: str, message: str
) -> None:
    response = call(catapult.login, "GET", "/availableNumbers/local", params=params)
    assert response.status_code == status
    assert response.json() == {
        "category": "bad-request",
        "code": code,
        "message": message,
        "details": [
            {"name": "requestMethod", "value": "GET"},
            {"name": "requestPath", "value": "availableNumbers/local"},
        ],
    }


def test_order_errors(catapult: Catapult) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.search_and_order_local_numbers(state="NC", quantity=11)
    assert (raised.value.status_code, raised.value.message) == (
        400,
        "The quantity must be between 1 and 10.",
    )
    response = call(
        catapult.login, "POST", "/availableNumbers/local", params={"state": "NC", "pattern": "9*"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid-available-number-search-order"
    assert response.json()["message"] == "A query and order numbers cannot contain pattern"


def test_searching_needs_valid_credentials(catapult: Catapult) -> None:
    response = call(
        catapult.login.__class__(catapult.login.user_id, "t-wrong", "x", catapult.login.base_url),
        "GET",
        "/availableNumbers/tollFree",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
