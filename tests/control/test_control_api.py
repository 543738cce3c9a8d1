"""The control API: accounts, reset, clock, scenarios, ledger, and its errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiohttp import web
from telephony_emulator.keys import LEDGER, SCHEDULER
from telephony_emulator.webhooks.models import Attempt

from tests.conftest import CLOCK_START, AppClient

NewAccount = Callable[[], Awaitable[dict]]


async def error_of(response: web.StreamResponse | object, status: int) -> str:
    assert response.status == status
    body = await response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    return str(body["error"]["message"])


async def test_health(client: AppClient) -> None:
    response = await client.get("/_emulator/health")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "version": "0.1.0"}
    assert response.headers["X-Request-Id"]


async def test_default_account_is_there_at_first_start(client: AppClient) -> None:
    response = await client.get("/_emulator/accounts/9900000")
    account = await response.json()
    assert account["bandwidth"]["username"] == "emulator-user"
    assert account["bandwidth"]["voice_url"] == f"http://{client.host}:{client.port}/api/v2"
    assert account["catapult"]["user_id"] == "u-defaultuser234567abcdef"
    assert account["ringcentral"]["client_id"] == "emulator-client-id"
    assert [n["number"] for n in account["numbers"]] == ["+19195550100", "+19195550101"]
    assert {a["service_type"] for a in account["applications"]} == {"voice", "messaging"}


async def test_create_account_has_credentials_for_every_surface(client: AppClient) -> None:
    response = await client.post("/_emulator/accounts", json={"name": "CI", "numbers": 3})
    assert response.status == 201
    account = await response.json()
    base = f"http://{client.host}:{client.port}"

    assert account["name"] == "CI"
    assert account["account_id"].isdigit()
    assert len(account["account_id"]) == 7
    assert account["created_at"] == "2026-01-01T00:00:00Z"
    bandwidth = account["bandwidth"]
    assert bandwidth["account_id"] == account["account_id"]
    assert bandwidth["username"]
    assert bandwidth["password"]
    assert bandwidth["messaging_url"] == f"{base}/api/v2"
    catapult = account["catapult"]
    assert catapult["user_id"].startswith("u-")
    assert len(catapult["user_id"]) == 25
    assert catapult["api_token"].startswith("t-")
    assert len(catapult["api_token"]) == 25
    assert catapult["base_url"] == base
    rc = account["ringcentral"]
    assert rc["username"].startswith("+1")
    assert rc["extension"] == "101"
    assert rc["legacy_ringout_url"] == f"{base}/ringout.asp"
    assert rc["legacy_fax_url"] == f"{base}/faxapi.asp"
    assert len(account["numbers"]) == 3
    voice = next(a for a in account["applications"] if a["service_type"] == "voice")
    assert all(n["application_id"] == voice["id"] for n in account["numbers"])

    again = await client.get(f"/_emulator/accounts/{account['account_id']}")
    assert await again.json() == account


async def test_accounts_never_share_credentials_or_numbers(new_account: NewAccount) -> None:
    first, second = await new_account(), await new_account()
    assert first["account_id"] != second["account_id"]
    assert first["bandwidth"]["username"] != second["bandwidth"]["username"]
    assert first["catapult"]["api_token"] != second["catapult"]["api_token"]
    assert first["ringcentral"]["client_id"] != second["ringcentral"]["client_id"]
    assert not {n["number"] for n in first["numbers"]} & {n["number"] for n in second["numbers"]}


async def test_list_accounts(client: AppClient, new_account: NewAccount) -> None:
    created = await new_account()
    listed = await (await client.get("/_emulator/accounts")).json()
    assert [a["account_id"] for a in listed["accounts"]] == ["9900000", created["account_id"]]


async def test_bad_account_requests(client: AppClient) -> None:
    response = await client.post("/_emulator/accounts", json={"numbers": -1})
    assert await error_of(response, 400) == "numbers: Input should be greater than or equal to 0"
    response = await client.post("/_emulator/accounts", json={"nombre": "x"})
    assert await error_of(response, 400) == "nombre: Extra inputs are not permitted"
    as_json = {"Content-Type": "application/json"}
    response = await client.post("/_emulator/accounts", data=b"{not json", headers=as_json)
    assert "Invalid JSON" in await error_of(response, 400)
    response = await client.post("/_emulator/accounts", data=b"[1, 2]", headers=as_json)
    assert "body" in await error_of(response, 400)
    response = await client.get("/_emulator/accounts/123")
    assert await error_of(response, 404) == "account 123 not found"
    listed = await (await client.get("/_emulator/accounts")).json()
    assert len(listed["accounts"]) == 1, "bad requests must change nothing"


async def test_reset_is_post_only(client: AppClient) -> None:
    response = await client.get("/_emulator/reset")
    assert await error_of(response, 405) == "Method Not Allowed"
    assert response.headers["Allow"] == "POST"


async def test_reset_wipes_state_and_reloads_fixtures(
    client: AppClient, new_account: NewAccount
) -> None:
    created = await new_account()
    await client.put("/_emulator/accounts/9900000/scenarios/+15551112222", json={"action": "busy"})
    response = await client.post("/_emulator/reset")
    assert await response.json() == {"status": "reset", "accounts": ["9900000"]}
    gone = await client.get(f"/_emulator/accounts/{created['account_id']}")
    assert gone.status == 404
    rules = await (await client.get("/_emulator/accounts/9900000/scenarios")).json()
    assert [r["number"] for r in rules["scenarios"]] == [
        "+18005550101",
        "+18005550102",
        "+18005550103",
    ]


async def test_reset_replays_the_same_ids(client: AppClient, new_account: NewAccount) -> None:
    first = await new_account()
    await client.post("/_emulator/reset")
    again = await new_account()
    assert again["account_id"] == first["account_id"]
    assert again["bandwidth"] == first["bandwidth"]


async def test_application_settings(client: AppClient, new_account: NewAccount) -> None:
    account = await new_account()
    voice = next(a for a in account["applications"] if a["service_type"] == "voice")
    path = f"/_emulator/accounts/{account['account_id']}/applications/{voice['id']}"
    response = await client.patch(
        path,
        json={
            "name": "IVR",
            "settings": {
                "call_initiated_callback_url": "https://example.test/initiate",
                "call_initiated_method": "GET",
                "callback_timeout": 5,
            },
        },
    )
    assert response.status == 200
    assert await response.json() == {
        "id": voice["id"],
        "name": "IVR",
        "service_type": "voice",
        "settings": {
            "call_initiated_callback_url": "https://example.test/initiate",
            "call_initiated_method": "GET",
            "callback_timeout": 5.0,
        },
    }
    bad = await client.patch(path, json={"settings": {"callback_timeout": 99}})
    assert await error_of(bad, 400) == (
        "settings.callback_timeout: Input should be less than or equal to 25"
    )
    other = await client.patch(
        f"/_emulator/accounts/9900000/applications/{voice['id']}", json={"name": "x"}
    )
    assert await error_of(other, 404) == (f"application {voice['id']} not found in account 9900000")
    stored = await (await client.get(f"/_emulator/accounts/{account['account_id']}")).json()
    stored_voice = next(a for a in stored["applications"] if a["id"] == voice["id"])
    assert stored_voice["name"] == "IVR"
    assert stored_voice["settings"]["callback_timeout"] == 5.0


async def test_scenario_rules_crud(client: AppClient, new_account: NewAccount) -> None:
    account = await new_account()
    base = f"/_emulator/accounts/{account['account_id']}/scenarios"
    rule = {
        "action": "answer",
        "answer_after": 4,
        "hangup_after": 60,
        "digits": [{"at": 5, "digits": "12#"}],
    }
    put = await client.put(f"{base}/+15557654321", json=rule)
    assert put.status == 200
    expected = {
        "number": "+15557654321",
        "rule": {
            **rule,
            "answer_after": 4.0,
            "hangup_after": 60.0,
            "digits": [{"at": 5.0, "digits": "12#", "after": "answer"}],
            "machine_detection": None,
            "detection_seconds": None,
            "transcript": None,
            "speech_seconds": None,
        },
    }
    assert await put.json() == expected
    assert await (await client.get(f"{base}/+15557654321")).json() == expected
    sip = await client.put(f"{base}/sip:agent@example.test", json={"action": "reject"})
    assert sip.status == 200
    listed = await (await client.get(base)).json()
    assert [s["number"] for s in listed["scenarios"]] == ["+15557654321", "sip:agent@example.test"]

    deleted = await client.delete(f"{base}/+15557654321")
    assert deleted.status == 204
    missing = await client.get(f"{base}/+15557654321")
    assert await error_of(missing, 404) == (
        f"no scenario rule for +15557654321 in account {account['account_id']}"
    )
    cleared = await client.delete(base)
    assert cleared.status == 204
    assert await (await client.get(base)).json() == {"scenarios": []}


async def test_scenario_rules_are_per_account(client: AppClient, new_account: NewAccount) -> None:
    first, second = await new_account(), await new_account()
    await client.put(
        f"/_emulator/accounts/{first['account_id']}/scenarios/+15550000001", json={"action": "busy"}
    )
    theirs = await client.get(f"/_emulator/accounts/{second['account_id']}/scenarios")
    assert await theirs.json() == {"scenarios": []}


async def test_bad_scenarios_change_nothing(client: AppClient, new_account: NewAccount) -> None:
    account = await new_account()
    base = f"/_emulator/accounts/{account['account_id']}/scenarios"
    cases = [
        ("5551234", {"action": "busy"}, "'5551234' is neither an E.164 number"),
        ("+15551234567", {"action": "explode"}, "action: Input should be 'answer', 'busy'"),
        ("+15551234567", {"answer_after": -1}, "answer_after: Input should be greater than"),
        (
            "+15551234567",
            {"digits": [{"at": 1, "digits": "12x"}]},
            "digits.0.digits: Value error, digits may only contain 0-9, *, # and A-D",
        ),
        ("+15551234567", {"hangup_after": 0}, "hangup_after: Input should be greater than 0"),
    ]
    for number, body, message in cases:
        response = await client.put(f"{base}/{number}", json=body)
        assert message in await error_of(response, 400)
    unknown = await client.put("/_emulator/accounts/1/scenarios/+15551234567", json={})
    assert await error_of(unknown, 404) == "account 1 not found"
    assert await (await client.get(base)).json() == {"scenarios": []}


async def test_clock_read_advance_and_rate(client: AppClient) -> None:
    clock = await (await client.get("/_emulator/clock")).json()
    assert clock == {
        "now": "2026-01-01T00:00:00Z",
        "time": CLOCK_START,
        "rate": 0.0,
        "pending_timers": 0,
        "next_due": None,
    }
    client.app[SCHEDULER].call_later(30, lambda: None)
    client.app[SCHEDULER].call_later(90, lambda: None)
    advanced = await (await client.post("/_emulator/clock/advance", json={"seconds": 60})).json()
    assert advanced == {
        "timers_fired": 1,
        "virtual_seconds": 60.0,
        "pending_timers": 1,
        "idle": False,
        "stopped_by": None,
        "clock": {
            "now": "2026-01-01T00:01:00Z",
            "time": CLOCK_START + 60,
            "rate": 0.0,
            "pending_timers": 1,
            "next_due": "2026-01-01T00:01:30Z",
        },
    }
    idle = await (await client.post("/_emulator/clock/run-until-idle", json={})).json()
    assert (idle["timers_fired"], idle["idle"], idle["clock"]["now"]) == (
        1,
        True,
        "2026-01-01T00:01:30Z",
    )
    rate = await client.put("/_emulator/clock/rate", json={"rate": 5})
    assert (await rate.json())["rate"] == 5.0
    assert client.app[SCHEDULER].clock.rate == 5.0


async def test_clock_limits_and_bad_input(client: AppClient) -> None:
    def forever() -> None:
        client.app[SCHEDULER].call_later(1, forever)

    forever()
    report = await client.post("/_emulator/clock/run-until-idle", json={"max_timers": 10})
    assert (await report.json())["stopped_by"] == "max_timers"
    cases = [
        ("/_emulator/clock/advance", "post", {}, "seconds: Field required"),
        ("/_emulator/clock/advance", "post", {"seconds": "soon"}, "seconds: Input should be"),
        ("/_emulator/clock/rate", "put", {"rate": -2}, "rate: Input should be greater than"),
        ("/_emulator/clock/run-until-idle", "post", {"max_timers": 0}, "max_timers:"),
    ]
    before = await (await client.get("/_emulator/clock")).json()
    for path, method, body, message in cases:
        response = await getattr(client, method)(path, json=body)
        assert message in await error_of(response, 400)
    assert await (await client.get("/_emulator/clock")).json() == before


def attempt(account_id: str, call_id: str, event_type: str) -> Attempt:
    return Attempt(
        delivery_id=f"d-{call_id}-{event_type}",
        account_id=account_id,
        call_id=call_id,
        surface="bandwidth_voice_v2",
        event_type=event_type,
        target="primary",
        attempt=1,
        url="http://127.0.0.1:9/hook",
        method="POST",
        request_headers={"Content-Type": "application/json"},
        request_body="{}",
        response_status=204,
        response_headers={},
        response_body="",
        latency_ms=1.5,
        outcome="delivered",
        error=None,
        sent_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


async def test_ledger_filters_and_clear(client: AppClient) -> None:
    ledger = client.app[LEDGER]
    for item in [
        attempt("1111111", "c-a", "initiate"),
        attempt("1111111", "c-a", "disconnect"),
        attempt("2222222", "c-b", "initiate"),
    ]:
        ledger.record(item)  # buffered; the listing waits for it to be written

    async def listed(query: str) -> list[tuple[str, str]]:
        body = await (await client.get("/_emulator/webhooks" + query)).json()
        return [(d["call_id"], d["event_type"]) for d in body["deliveries"]]

    assert await listed("") == [("c-a", "initiate"), ("c-a", "disconnect"), ("c-b", "initiate")]
    assert await listed("?account_id=1111111") == [("c-a", "initiate"), ("c-a", "disconnect")]
    assert await listed("?call_id=c-b") == [("c-b", "initiate")]
    assert await listed("?event_type=initiate") == [("c-a", "initiate"), ("c-b", "initiate")]
    assert await listed("?limit=1&after_id=1") == [("c-a", "disconnect")]
    first = await (await client.get("/_emulator/webhooks?limit=2")).json()
    assert (first["has_more"], first["next_cursor"]) == (True, "2")
    rest = await (await client.get("/_emulator/webhooks?limit=2&after_id=2")).json()
    assert (len(rest["deliveries"]), rest["has_more"], rest["next_cursor"]) == (1, False, None)
    full = (await (await client.get("/_emulator/webhooks?call_id=c-b")).json())["deliveries"][0]
    assert full == {
        "id": 3,
        "delivery_id": "d-c-b-initiate",
        "account_id": "2222222",
        "call_id": "c-b",
        "surface": "bandwidth_voice_v2",
        "event_type": "initiate",
        "target": "primary",
        "attempt": 1,
        "url": "http://127.0.0.1:9/hook",
        "method": "POST",
        "request_headers": {"Content-Type": "application/json"},
        "request_body": "{}",
        "response_status": 204,
        "response_headers": {},
        "response_body": "",
        "latency_ms": 1.5,
        "outcome": "delivered",
        "error": None,
        "sent_at": "2026-01-01T00:00:00Z",
        "request_json": {},
        "response_json": None,
    }

    cleared = await client.delete("/_emulator/webhooks?account_id=1111111")
    assert await cleared.json() == {"deleted": 2}
    assert await listed("") == [("c-b", "initiate")]

    bad = await client.get("/_emulator/webhooks?limit=many")
    assert await error_of(bad, 400) == "limit must be an integer, got 'many'"
    bad = await client.get("/_emulator/webhooks?callid=c-b")
    assert await error_of(bad, 400) == "unknown query parameter(s): callid"
