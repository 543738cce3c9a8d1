"""Messages and media survive a restart; a message in flight at the stop loads back as failed."""

from __future__ import annotations

import base64

from aiohttp.test_utils import TestClient, TestServer
from telephony_emulator.app import create_app
from telephony_emulator.settings import Settings

from tests.conftest import AppClient

AUTH = {"Authorization": "Basic " + base64.b64encode(b"emulator-user:emulator-pass").decode()}
USERS = "/api/v2/users/9900000"
BODY = {
    "to": ["+15551230000"],
    "from": "+19195550100",
    "applicationId": "a0000000-0000-4000-8000-000000000002",
    "text": "kept",
}


async def started(settings: Settings) -> AppClient:
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    return client


async def test_messages_and_media_are_kept_across_a_restart(settings: Settings) -> None:
    first = await started(settings)
    try:
        created = await (await first.post(f"{USERS}/messages", json=BODY, headers=AUTH)).json()
        headers = {**AUTH, "Content-Type": "image/png"}
        response = await first.put(f"{USERS}/media/kept.png", data=b"png", headers=headers)
        assert response.status == 204
    finally:
        await first.close()

    second = await started(settings)
    try:
        query = f"{USERS}/messages?messageId={created['id']}"
        listed = await (await second.get(query, headers=AUTH)).json()
        (item,) = listed["messages"]
        assert (item["messageStatus"], item["errorCode"]) == ("FAILED", 5100)
        assert item["receiveTime"] == created["time"]
        media = await second.get(f"{USERS}/media/kept.png", headers=AUTH)
        assert (media.headers["Content-Type"], await media.read()) == ("image/png", b"png")
        shown = await (await second.get("/_emulator/messages?account_id=9900000")).json()
        assert [m["text"] for m in shown["messages"]] == ["kept"]
    finally:
        await second.close()


async def test_a_reset_forgets_messages_in_flight(client: AppClient) -> None:
    settings = {"settings": {"outbound_callback_url": "http://127.0.0.1:9/status"}}
    app = "/_emulator/accounts/9900000/applications/a0000000-0000-4000-8000-000000000002"
    assert (await client.patch(app, json=settings)).status == 200
    assert (await client.post(f"{USERS}/messages", json=BODY, headers=AUTH)).status == 202
    assert (await client.post("/_emulator/reset")).status == 200
    report = await (await client.post("/_emulator/clock/run-until-idle", json={})).json()
    assert report["timers_fired"] == 0
    assert (await (await client.get("/_emulator/webhooks")).json())["deliveries"] == []
    assert (await (await client.get("/_emulator/messages")).json())["messages"] == []
