"""A Catapult call survives a restart with its Catapult fields; one live at the stop is ended."""

from __future__ import annotations

import base64

from aiohttp.test_utils import TestClient, TestServer
from telephony_emulator.app import create_app
from telephony_emulator.settings import Settings

from tests.conftest import AppClient

USER = "/v1/users/u-defaultuser234567abcdef"
AUTH = {
    "Authorization": "Basic "
    + base64.b64encode(b"t-defaulttoken234567abcde:emulator-secret").decode()
}


async def started(settings: Settings) -> AppClient:
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    return client


async def test_a_catapult_call_is_kept_across_a_restart(settings: Settings) -> None:
    first = await started(settings)
    try:
        created = await first.post(
            f"{USER}/calls",
            json={
                "from": "+19195550100",
                "to": "+13125556666",
                "callbackUrl": "http://app.test/events",
                "recordingEnabled": "true",
                "tag": "kept",
            },
            headers=AUTH,
        )
        assert created.status == 201
        call_id = created.headers["Location"].rsplit("/", 1)[1]
    finally:
        await first.close()
    second = await started(settings)
    try:
        reply = await second.get(f"{USER}/calls/{call_id}", headers=AUTH)
        call = await reply.json()
        assert (call["id"], call["tag"], call["callbackUrl"]) == (
            call_id,
            "kept",
            "http://app.test/events",
        )
        assert call["recordingEnabled"] is True
        assert call["state"] == "completed"  # it was live when the emulator stopped
    finally:
        await second.close()
