"""The user's error log and caller-name lookups (§2.13), and the error envelope of every kind
of failure (§3)."""

from __future__ import annotations

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, user_url


def test_an_empty_error_log_and_an_unknown_error(catapult: Catapult) -> None:
    assert list(catapult.account.list_errors()) == []
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_error("ue-nothere")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        404,
        "user-error-not-found",
        "The user error ue-nothere could not be found",
    )


def test_number_info_is_a_stable_caller_name_and_is_charged(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    first = catapult.account.get_number_info("+19195551212")
    assert set(first) == {"name", "number", "created", "updated"}
    assert first["number"] == "+19195551212"
    assert first["name"] == first["name"].upper()
    assert 0 < len(first["name"]) <= 15
    assert first["created"] == first["updated"]
    assert catapult.account.get_number_info("+19195551212") == first
    raw = call(catapult.login, "GET", "/phoneNumbers/numberInfo/+19195551212")
    assert raw.json() == {
        "name": first["name"],
        **{k: first[k] for k in ("number", "created", "updated")},
    }
    charges = list(catapult.account.list_account_transactions(trans_type="charge"))
    assert [(t["product_type"], t["amount"]) for t in charges] == [("cnam-search", "0.01000")] * 3


def test_number_info_errors(catapult: Catapult) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_number_info("9195551212")
    assert (raised.value.status_code, raised.value.code) == (403, "invalid-cnam-search")
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_number_info("+18005551212")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        404,
        "cnam-not-found",
        "No CNAM information found for +18005551212",
    )


def test_unknown_paths_and_methods_get_catapult_envelopes(catapult: Catapult) -> None:
    missing = call(catapult.login, "GET", user_url(catapult.login, "nothing"))
    assert missing.status_code == 404
    assert missing.json() == {
        "category": "not-found",
        "code": "resource-not-found",
        "message": "The requested resource could not be found.",
        "details": [
            {"name": "requestMethod", "value": "GET"},
            {"name": "requestPath", "value": f"users/{catapult.login.user_id}/nothing"},
        ],
    }
    wrong = call(catapult.login, "PUT", user_url(catapult.login, "applications"))
    assert wrong.status_code == 405
    assert wrong.json()["category"] == "bad-request"


def test_bad_json_and_bad_credentials(catapult: Catapult) -> None:
    login = catapult.login
    bad = call(
        login,
        "POST",
        user_url(login, "applications"),
        data=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert (bad.status_code, bad.json()["code"], bad.json()["message"]) == (
        400,
        "invalid-json",
        "The request body is not valid JSON",
    )
    wrong = call(
        login.__class__(login.user_id, login.api_token, "wrong", login.base_url),
        "GET",
        user_url(login, "account"),
    )
    assert wrong.status_code == 401
    assert wrong.json()["category"] == "authentication"
    assert wrong.json()["code"] == "unauthorized"
