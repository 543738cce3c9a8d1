"""Catapult account and transactions (§2.1) in the seed's README order: balance, account type,
the statement, its filters and paging, at the emulator's prices."""

from __future__ import annotations

import pytest
from pytest_telephony_emulator.control import ControlError, TelephonyEmulator

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


def test_a_balance_that_cannot_pay_refuses_and_changes_nothing(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    """Below the price of what is asked, numbers, messages and calls are 403 ``credit`` /
    ``insufficient-available-balance``; a payment through the control API lets them through."""
    spent = telephony_emulator.add_transaction("499.99500", type="charge")
    assert spent["balance"] == "0.00500"
    before = list(catapult.account.list_account_transactions())
    login = catapult.login
    owned = telephony_emulator.numbers[0]
    refused = [
        call(login, "POST", user_url(login, "phoneNumbers"), json={"number": "+19195550777"}),
        call(
            login,
            "POST",
            user_url(login, "messages"),
            json={"from": owned, "to": "+15551230000", "text": "hi"},
        ),
        call(login, "POST", user_url(login, "calls"), json={"from": owned, "to": "+15551230000"}),
    ]
    for response in refused:
        assert response.status_code == 403
        body = response.json()
        assert (body["category"], body["code"]) == ("credit", "insufficient-available-balance")
        assert body["message"].startswith(
            f"The available balance 0.00500 of user {login.user_id} does not cover"
        )
    assert list(catapult.account.list_account_transactions()) == before
    assert call(login, "GET", user_url(login, "phoneNumbers", "+19195550777")).status_code == 404
    assert call(login, "GET", user_url(login, "messages")).json() == []
    assert call(login, "GET", user_url(login, "calls")).json() == []
    paid = telephony_emulator.add_transaction("10")
    assert (paid["type"], paid["amount"], paid["balance"]) == ("payment", "10.00000", "10.00500")
    catapult.account.order_phone_number("+19195550777")
    assert catapult.account.get_account()["balance"] == "9.40500"


def test_a_transaction_is_checked_before_it_is_added(telephony_emulator: TelephonyEmulator) -> None:
    for body in ({"amount": "0"}, {"amount": "-5"}, {"amount": "1", "type": "refund"}, {}):
        with pytest.raises(ControlError) as refused:
            telephony_emulator.control.request(
                "POST", f"/accounts/{telephony_emulator.account_id}/transactions", body
            )
        assert refused.value.status == 400
    assert telephony_emulator.add_transaction("1")["balance"] == "501.00000"
