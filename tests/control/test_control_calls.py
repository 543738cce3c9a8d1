"""Control API for calls: limits, inbound placement and far-end drivers refuse bad input."""

from __future__ import annotations

import pytest

from tests.conftest import AppClient


async def error_of(response: object) -> tuple[int, str]:
    body = await response.json()  # type: ignore[attr-defined]
    return response.status, body["error"]["message"]  # type: ignore[attr-defined]


async def test_limits_change_only_what_is_given_and_show_on_the_account(client: AppClient) -> None:
    response = await client.patch(
        "/_emulator/accounts/9900000/limits", json={"calls_per_second": 2}
    )
    assert response.status == 200
    expected = {
        "calls_per_second": 2.0,
        "max_queue_size": 1500,
        "max_active_calls": 100,
        "messages_per_second": 100.0,
        "requests_per_second": 1000.0,
    }
    assert await response.json() == expected
    account = await (await client.get("/_emulator/accounts/9900000")).json()
    assert account["limits"] == expected


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"calls_per_second": 0}, "calls_per_second"),
        ({"max_queue_size": -1}, "max_queue_size"),
        ({"max_active_calls": "many"}, "max_active_calls"),
        ({"burst": 3}, "burst"),
    ],
)
async def test_bad_limits_are_refused_and_change_nothing(
    client: AppClient, body: dict[str, object], fragment: str
) -> None:
    status, message = await error_of(
        await client.patch("/_emulator/accounts/9900000/limits", json=body)
    )
    assert status == 400
    assert fragment in message
    account = await (await client.get("/_emulator/accounts/9900000")).json()
    assert account["limits"]["calls_per_second"] == 5.0


async def test_limits_of_an_unknown_account_are_404(client: AppClient) -> None:
    response = await client.patch("/_emulator/accounts/1234567/limits", json={})
    assert response.status == 404


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"from": "12345", "to": "+19195550100"}, 400, "E.164"),
        ({"from": "+15551234567", "to": "not a number"}, 400, "E.164"),
        ({"from": "+15551234567"}, 400, "to"),
        ({"from": "+15551234567", "to": "+15557654321"}, 404, "not a number any account owns"),
        (
            {"from": "+15551234567", "to": "+19195550100"},
            409,
            "has no call_initiated_callback_url",
        ),
        ({"from": "+1555", "to": "+19195550100", "hangup_after": 0}, 400, "hangup_after"),
    ],
)
async def test_inbound_calls_refused(
    client: AppClient, body: dict[str, object], status: int, fragment: str
) -> None:
    got_status, message = await error_of(await client.post("/_emulator/inbound-calls", json=body))
    assert (got_status, fragment in message) == (status, True), message
    calls = await (
        await client.get(
            "/api/v2/accounts/9900000/calls",
            headers={"Authorization": "Basic ZW11bGF0b3ItdXNlcjplbXVsYXRvci1wYXNz"},
        )
    ).json()
    assert calls == []


@pytest.mark.parametrize("action", ["answer", "reject", "busy", "hangup"])
async def test_drivers_of_an_unknown_call_are_404(client: AppClient, action: str) -> None:
    status, message = await error_of(await client.post(f"/_emulator/calls/c-nope/{action}"))
    assert (status, message) == (404, "call c-nope not found")


async def test_digits_must_be_dtmf(client: AppClient) -> None:
    status, message = await error_of(
        await client.post("/_emulator/calls/c-nope/digits", json={"digits": "12x"})
    )
    assert status == 400
    assert "digits" in message


async def test_unknown_call_is_404(client: AppClient) -> None:
    response = await client.get("/_emulator/calls/c-nope")
    assert response.status == 404


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"blocked_numbers": ["6505551230"]}, "'6505551230' is not an E.164 number or N11 code"),
        ({"international_calling": "sometimes"}, "international_calling"),
        ({"forwarding_numbers": [{"id": "1", "phone_number": "+1", "label": "x"}]}, "phone_number"),
    ],
)
async def test_bad_ringcentral_settings_are_refused_and_change_nothing(
    client: AppClient, body: dict[str, object], fragment: str
) -> None:
    path = "/_emulator/accounts/9900000/ringcentral"
    status, message = await error_of(await client.patch(path, json=body))
    assert (status, fragment in message) == (400, True)
    unchanged = await client.patch(path, json={})
    assert (await unchanged.json())["blocked_numbers"] == []
    assert len((await unchanged.json())["forwarding_numbers"]) == 3
