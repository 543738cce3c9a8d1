"""Ended calls beyond the in-memory window are read from SQLite; expired calls are deleted."""

from __future__ import annotations

import base64
import dataclasses

from aiohttp.test_utils import TestClient, TestServer
from telephony_emulator.app import create_app
from telephony_emulator.core.calls import CallStatus
from telephony_emulator.keys import CALLS as ENGINE
from telephony_emulator.settings import Settings

from tests.conftest import AppClient

AUTH = {"Authorization": "Basic " + base64.b64encode(b"emulator-user:emulator-pass").decode()}
ACCOUNT = "9900000"
CALLS = f"/api/v2/accounts/{ACCOUNT}/calls"
BODY = {
    "to": "+15551230000",
    "from": "+19195550100",
    "applicationId": "a0000000-0000-4000-8000-000000000001",
    "answerUrl": "http://127.0.0.1:9/answer",
    "disconnectUrl": "http://127.0.0.1:9/disconnect",
}
DAY = 86_400


async def started(settings: Settings) -> AppClient:
    client = TestClient(TestServer(create_app(dataclasses.replace(settings, calls_in_memory=1))))
    await client.start_server()
    return client


async def ended_calls(client: AppClient, count: int) -> list[str]:
    """``count`` calls placed and cancelled while queued (each sends its disconnect)."""
    ids = []
    for _ in range(count):
        call = await (await client.post(CALLS, json=BODY, headers=AUTH)).json()
        response = await client.post(
            f"{CALLS}/{call['callId']}", json={"state": "completed"}, headers=AUTH
        )
        assert response.status == 200
        ids.append(call["callId"])
        await client.post("/_emulator/clock/advance", json={"seconds": 1})
    report = await client.post("/_emulator/clock/run-until-idle", json={})
    assert (await report.json())["idle"]
    return ids


async def ledger_of(client: AppClient, call_id: str) -> list[object]:
    response = await client.get("/_emulator/webhooks", params={"call_id": call_id})
    assert response.status == 200
    deliveries: list[object] = (await response.json())["deliveries"]
    return deliveries


async def test_a_call_beyond_the_window_is_read_from_the_database(settings: Settings) -> None:
    client = await started(settings)
    try:
        first, second = await ended_calls(client, 2)
        registry = client.app[ENGINE].registry
        assert registry.get(first) is None
        assert registry.get(second) is not None
        assert registry.count(ACCOUNT, CallStatus.DISCONNECTED) == 1
        state = await (await client.get(f"{CALLS}/{first}", headers=AUTH)).json()
        assert state["callId"] == first
        assert state["state"] == "disconnected"
        assert state["disconnectCause"] == "cancel"
        listed = await (await client.get(CALLS, headers=AUTH)).json()
        assert [call["callId"] for call in listed] == [second]
    finally:
        await client.close()


async def test_a_restart_loads_only_the_window(settings: Settings) -> None:
    client = await started(settings)
    try:
        first, second = await ended_calls(client, 2)
    finally:
        await client.close()
    client = await started(settings)
    try:
        registry = client.app[ENGINE].registry
        assert registry.get(first) is None
        assert registry.get(second) is not None
        response = await client.get(f"{CALLS}/{first}", headers=AUTH)
        assert response.status == 200
    finally:
        await client.close()


async def test_expired_calls_and_their_ledger_entries_are_deleted(settings: Settings) -> None:
    client = await started(settings)
    try:
        first, second = await ended_calls(client, 2)
        assert await ledger_of(client, first)
        await client.post("/_emulator/clock/advance", json={"seconds": 8 * DAY})
        engine = client.app[ENGINE]
        assert await engine.purge() == 2
        assert len(engine.registry) == 0
        assert await engine.repository.find(first) is None
        for call_id in (first, second):
            response = await client.get(f"{CALLS}/{call_id}", headers=AUTH)
            assert response.status == 404
            assert await ledger_of(client, call_id) == []
    finally:
        await client.close()


async def test_a_call_ending_after_an_hour_purges_by_itself(settings: Settings) -> None:
    client = await started(settings)
    try:
        (old,) = await ended_calls(client, 1)
        await client.post("/_emulator/clock/advance", json={"seconds": 8 * DAY})
        await ended_calls(client, 1)
        engine = client.app[ENGINE]
        await engine.close()  # waits for the purge that the second call's end started
        assert await engine.repository.find(old) is None
    finally:
        await client.close()
