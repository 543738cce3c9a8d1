"""Catapult account and transactions (§2.1) in the seed's README order: balance, account type,
the statement, its filters and paging, at the emulator's prices."""

from __future__ import annotations

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, now, user_url


def test_seed_account_balance_and_type(catapult: Catapult) -> None:
    # bandwidth.account.balance / bandwidth.account.account_type
    assert catapult.account.get_account() == {"balance": "500.00000", "account_type": "pre-pay"}


def test_the_balance_moves_with_what_the_account_does(catapult: Catapult) -> None:
    catapult.account.order_phone_number("+19195550500")
    catapult.account.order_phone_number("+18005550500")
    assert catapult.account.get_account()["balance"] == "497.40000"


def test_seed_transactions_list_newest_first(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    opened = now(telephony_emulator)
    telephony_emulator.advance(60)
    number_id = catapult.account.order_phone_number("+19195550501")
    # transactions = bandwidth.transactions; example_transaction = transactions.first
    transactions = list(catapult.account.list_account_transactions())
    assert len(transactions) == 2
    first, opening = transactions
    assert first["id"].startswith("pptx-")
    assert len(first["id"]) == 28
    assert first == {
        "id": first["id"],
        "time": now(telephony_emulator),
        "amount": "0.60000",
        "type": "charge",
        "units": 1,
        "product_type": "local-number-per-month",
        "number": "+19195550501",
        "resource_id": number_id,
    }
    assert opening == {
        "id": opening["id"],
        "time": opened,
        "amount": "500.00000",
        "type": "payment",
        "units": 1,
    }


def test_seed_filter_by_time_period_and_type(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    telephony_emulator.advance(60)
    start = now(telephony_emulator)
    catapult.account.order_phone_number("+19195550502")
    telephony_emulator.advance(60)
    catapult.account.order_phone_number("+19195550503")
    end = now(telephony_emulator)

    def numbers(**filters: object) -> list[str | None]:
        return [t.get("number") for t in catapult.account.list_account_transactions(**filters)]

    # transactions = bandwidth.transactions from_date: Time.parse(from), to_date: Time.parse(to)
    assert numbers(from_date=start, to_date=start) == ["+19195550502"]
    assert numbers(from_date=start) == ["+19195550503", "+19195550502"]
    assert numbers(to_date=start) == ["+19195550502", None]
    # the old gem sends a Ruby Time as its to_s: "2013-02-21 13:38:00 UTC"
    ruby_time = end.replace("T", " ").replace(".000Z", " UTC")
    raw = call(
        catapult.login,
        "GET",
        user_url(catapult.login, "account", "transactions"),
        params={"fromDate": ruby_time, "page": "0", "size": "25"},
    )
    assert [t["number"] for t in raw.json()] == ["+19195550503"]
    # transactions = bandwidth.transactions type: ...::AUTO_RECHARGE (and CHARGE, PAYMENT, CREDIT)
    assert numbers(trans_type="auto-recharge") == []
    assert numbers(trans_type="credit") == []
    assert numbers(trans_type="Payment") == [None]
    assert numbers(trans_type="CHARGE") == ["+19195550503", "+19195550502"]
    assert numbers(number="+19195550502") == ["+19195550502"]
    assert numbers(max_items=2) == ["+19195550503", "+19195550502"]


def test_transactions_page_to_the_end(catapult: Catapult) -> None:
    for n in range(4):
        catapult.account.order_phone_number(f"+1919555060{n}")
    listed = list(catapult.account.list_account_transactions(size=2))
    assert [t.get("number") for t in listed] == [
        "+19195550603",
        "+19195550602",
        "+19195550601",
        "+19195550600",
        None,
    ]
    raw = call(
        catapult.login,
        "GET",
        user_url(catapult.login, "account", "transactions"),
        params={"type": "charge", "size": "3"},
    )
    assert raw.headers["Link"] == (
        f"<{user_url(catapult.login, 'account', 'transactions')}?type=charge&page=1&size=3>;"
        ' rel="next"'
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fromDate": "yesterday"}, "The fromDate yesterday is not a valid date and time"),
        (
            {"type": "refund"},
            "The type refund is not one of charge, payment, credit, auto-recharge",
        ),
        ({"maxItems": "0"}, "The maxItems must be an integer of at least 1"),
        ({"size": "1001"}, "The size must be between 1 and 1000"),
    ],
)
def test_bad_filters(catapult: Catapult, params: dict[str, str], message: str) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.list_account_transactions(**_sdk_names(params))
    assert raised.value.status_code == 400
    assert raised.value.message == message


def _sdk_names(params: dict[str, str]) -> dict[str, str]:
    names = {"fromDate": "from_date", "type": "trans_type", "maxItems": "max_items"}
    return {names.get(key, key): value for key, value in params.items()}
