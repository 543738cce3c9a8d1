"""Catapult's rate limits (§1) on the virtual clock, set through the control API's limits."""

from __future__ import annotations

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, user_url


def test_requests_beyond_the_rate_get_429_until_the_window_ends(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    telephony_emulator.set_limits(requests_per_second=2)
    start = telephony_emulator.clock()["time"]
    catapult.account.get_account()
    catapult.account.list_applications()
    refused = call(catapult.login, "GET", user_url(catapult.login, "account"))
    reset = str((int(start) + 1) * 1000)
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Reset"] == reset
    assert refused.json() == {
        "category": "too-many-requests",
        "code": "rate-limit-reached",
        "message": "You have reached the limit of 2 requests per 1 seconds",
        "details": [
            {"name": "rateLimitResetTime", "value": reset},
            {"name": "requestMethod", "value": "GET"},
            {"name": "requestPath", "value": f"users/{catapult.login.user_id}/account"},
        ],
    }
    with pytest.raises(CatapultError) as raised:
        catapult.account.search_available_toll_free_numbers()
    assert (raised.value.status_code, raised.value.code) == (429, "rate-limit-reached")
    telephony_emulator.advance(1)
    assert catapult.account.get_account()["account_type"] == "pre-pay"


def test_a_rate_below_one_a_second_spreads_its_window(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    telephony_emulator.set_limits(requests_per_second=0.5)
    telephony_emulator.advance(2 - telephony_emulator.clock()["time"] % 2)
    catapult.account.get_account()
    telephony_emulator.advance(1)
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_account()
    assert raised.value.message == "You have reached the limit of 1 requests per 2 seconds"
    telephony_emulator.advance(1)
    catapult.account.get_account()


def test_each_account_has_its_own_window(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    telephony_emulator.set_limits(requests_per_second=1)
    catapult.account.get_account()
    other = telephony_emulator.control.create_account()["catapult"]
    response = call(
        catapult.login.__class__(
            other["user_id"], other["api_token"], other["api_secret"], catapult.login.base_url
        ),
        "GET",
        f"/users/{other['user_id']}/account",
    )
    assert response.status_code == 200
