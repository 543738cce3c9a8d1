"""Catapult's account-level records survive a restart: applications, numbers (released ones
too), domains and endpoints, transactions, messages with their settings, media, errors."""

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


def last_segment(response: object) -> str:
    return str(response.headers["Location"]).rsplit("/", 1)[1]  # type: ignore[attr-defined]


async def test_catapult_records_are_kept_across_a_restart(settings: Settings) -> None:
    first = await started(settings)
    try:
        app = await first.post(
            f"{USER}/applications",
            json={"name": "kept", "incomingMessageUrl": "http://a.test/m"},
            headers=AUTH,
        )
        app_id = last_segment(app)
        number = await first.post(
            f"{USER}/phoneNumbers",
            json={"number": "+19195551212", "applicationId": app_id, "name": "home phone"},
            headers=AUTH,
        )
        number_id = last_segment(number)
        gone = await first.post(
            f"{USER}/phoneNumbers", json={"number": "+19195551213"}, headers=AUTH
        )
        await first.delete(f"{USER}/phoneNumbers/{last_segment(gone)}", headers=AUTH)
        domain = await first.post(f"{USER}/domains", json={"name": "kept"}, headers=AUTH)
        domain_id = last_segment(domain)
        await first.post(
            f"{USER}/domains/{domain_id}/endpoints",
            json={"name": "alice", "credentials": {"password": "secret1"}},
            headers=AUTH,
        )
        message = await first.post(
            f"{USER}/messages",
            json={
                "from": "+19195550100",
                "to": "+13125556666",
                "text": "kept",
                "callbackUrl": "http://a.test/cb",
                "receiptRequested": "all",
            },
            headers=AUTH,
        )
        message_id = last_segment(message)
        await first.put(
            f"{USER}/media/kept.mp3", data=b"mp3", headers={**AUTH, "Content-Type": "audio/mpeg"}
        )
        await first.post(f"{USER}/phoneNumbers", json={"number": "+19195551214"}, headers=AUTH)
        inbound = await first.post(
            "/_emulator/inbound-messages",
            json={"from": "+13125550000", "to": ["+19195551214"], "text": "x"},
        )
        assert inbound.status == 201
        transactions = await (await first.get(f"{USER}/account/transactions", headers=AUTH)).json()
    finally:
        await first.close()

    second = await started(settings)
    try:

        async def get(path: str) -> object:
            response = await second.get(f"{USER}{path}", headers=AUTH)
            assert response.status == 200, await response.text()
            return await response.json()

        assert (await get(f"/applications/{app_id}"))["name"] == "kept"  # type: ignore[index]
        kept = await get(f"/phoneNumbers/{number_id}")
        assert (kept["name"], kept["applicationId"]) == ("home phone", app_id)  # type: ignore[index]
        states = [item["numberState"] for item in await get("/phoneNumbers")]  # type: ignore[attr-defined]
        assert states == ["enabled", "released", "enabled"]
        [endpoint] = await get(f"/domains/{domain_id}/endpoints")  # type: ignore[misc]
        assert endpoint["name"] == "alice"
        assert await get("/account/transactions") == transactions
        shown = await get(f"/messages/{message_id}")
        assert (shown["text"], shown["callbackUrl"], shown["receiptRequested"]) == (  # type: ignore[index]
            "kept",
            "http://a.test/cb",
            "all",
        )
        media = await second.get(f"{USER}/media/kept.mp3", headers=AUTH)
        assert await media.read() == b"mp3"
        errors = await get("/errors")
        assert [error["code"] for error in errors] == ["no-application-for-number"]  # type: ignore[attr-defined]
    finally:
        await second.close()


async def test_a_reset_forgets_catapult_records(client: AppClient) -> None:
    created = await client.post(
        f"{USER}/applications", json={"name": "gone", "incomingCallUrl": "http://a/"}, headers=AUTH
    )
    app_id = last_segment(created)
    await client.post(f"{USER}/phoneNumbers", json={"number": "+19195551215"}, headers=AUTH)
    assert (await client.post("/_emulator/reset")).status == 200
    missing = await client.get(f"{USER}/applications/{app_id}", headers=AUTH)
    assert missing.status == 404
    assert await (await client.get(f"{USER}/phoneNumbers", headers=AUTH)).json() == []
    account = await (await client.get(f"{USER}/account", headers=AUTH)).json()
    assert account["balance"] == "500.00000"
