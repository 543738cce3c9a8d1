"""Calls survive a restart: ended calls as they were, live calls ended with an error cause."""

from __future__ import annotations

import base64

from aiohttp.test_utils import TestClient, TestServer
from telephony_emulator.app import create_app
from telephony_emulator.core.engine import INTERRUPTED
from telephony_emulator.settings import Settings

from tests.conftest import AppClient

AUTH = {"Authorization": "Basic " + base64.b64encode(b"emulator-user:emulator-pass").decode()}
CALLS = "/api/v2/accounts/9900000/calls"
BODY = {
    "to": "+15551230000",
    "from": "+19195550100",
    "applicationId": "a0000000-0000-4000-8000-000000000001",
    "answerUrl": "http://127.0.0.1:9/answer",
}


async def started(settings: Settings) -> AppClient:
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    return client


async def test_calls_are_kept_across_a_restart(settings: Settings) -> None:
    first = await started(settings)
    try:
        queued = await (await first.post(CALLS, json=BODY, headers=AUTH)).json()
        cancelled = await (await first.post(CALLS, json=BODY, headers=AUTH)).json()
        response = await first.post(
            f"{CALLS}/{cancelled['callId']}", json={"state": "completed"}, headers=AUTH
        )
        assert response.status == 200
    finally:
        await first.close()

    second = await started(settings)
    try:
        listed = await (await second.get(CALLS, headers=AUTH)).json()
        assert [call["callId"] for call in listed] == [queued["callId"], cancelled["callId"]]
        interrupted, ended = listed
        assert interrupted["state"] == "disconnected"
        assert interrupted["disconnectCause"] == "error"
        assert interrupted["errorMessage"] == INTERRUPTED
        assert interrupted["enqueuedTime"] == queued["enqueuedTime"]
        assert ended["state"] == "disconnected"
        assert ended["disconnectCause"] == "cancel"
        assert ended["errorMessage"] is None
        # the restarted server numbers new calls after the stored ones
        new = await (await second.post(CALLS, json=BODY, headers=AUTH)).json()
        listed = await (await second.get(CALLS, headers=AUTH)).json()
        assert [call["callId"] for call in listed][-1] == new["callId"]
    finally:
        await second.close()
