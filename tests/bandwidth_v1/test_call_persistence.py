"""A Catapult call survives a restart with its Catapult fields; one live at the stop is ended."""

from __future__ import annotations

import asyncio
import base64

from aiohttp import web
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


async def event_receiver(
    events: list[dict[str, object]], hold: asyncio.Event | None = None
) -> TestServer:
    """A loopback app keeping every event posted to ``/events``; with ``hold``, the first
    ``hangup`` is answered only once ``hold`` is set."""

    async def receive(request: web.Request) -> web.Response:
        event = await request.json()
        events.append(event)
        first_hangup = sum(seen["eventType"] == "hangup" for seen in events) == 1
        if hold is not None and event["eventType"] == "hangup" and first_hangup:
            await hold.wait()
        return web.Response()

    app = web.Application()
    app.router.add_post("/events", receive)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


async def place_call(client: AppClient, receiver: TestServer) -> str:
    """A Catapult call whose events go to ``receiver``, run until it is answered; its id."""
    created = await client.post(
        f"{USER}/calls",
        json={
            "from": "+19195550100",
            "to": "+13125556666",
            "callbackUrl": str(receiver.make_url("/events")),
        },
        headers=AUTH,
    )
    await client.post("/_emulator/clock/run-until-idle", json={"max_seconds": 5})
    return str(created.headers["Location"].rsplit("/", 1)[1])


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


async def test_a_call_cut_off_by_the_stop_sends_its_hangup_after_the_restart(
    settings: Settings,
) -> None:
    events: list[dict[str, object]] = []
    receiver = await event_receiver(events)
    first = await started(settings)
    try:
        call_id = await place_call(first, receiver)
        assert [event["eventType"] for event in events] == ["answer"]
    finally:
        await first.close()  # the call is still up: the stop cuts it off
    second = await started(settings)
    try:
        await second.post("/_emulator/clock/run-until-idle", json={})
        hangup = events[-1]
        assert (hangup["eventType"], hangup["callId"]) == ("hangup", call_id)
        assert (hangup["callState"], hangup["cause"]) == ("completed", "NORMAL_TEMPORARY_FAILURE")
        assert len(events) == 2
    finally:
        await second.close()
        await receiver.close()


async def test_a_hangup_the_stop_cut_short_is_sent_again_after_the_restart(
    settings: Settings,
) -> None:
    events: list[dict[str, object]] = []
    never = asyncio.Event()  # the first hangup is never answered: the stop cuts it short
    receiver = await event_receiver(events, hold=never)
    first = await started(settings)
    try:
        call_id = await place_call(first, receiver)
        hung_up = await first.post(
            f"{USER}/calls/{call_id}", json={"state": "completed"}, headers=AUTH
        )
        assert hung_up.status == 200
        await first.post("/_emulator/clock/advance", json={"seconds": 0})
        assert [event["eventType"] for event in events] == ["answer", "hangup"]
    finally:
        await first.close()
    second = await started(settings)
    try:
        await second.post("/_emulator/clock/run-until-idle", json={})
        assert [event["eventType"] for event in events] == ["answer", "hangup", "hangup"]
        again = events[-1]
        assert (again["callId"], again["cause"]) == (call_id, "NORMAL_CLEARING")
    finally:
        await second.close()
    third = await started(settings)  # delivered now: a later restart sends nothing more
    try:
        await third.post("/_emulator/clock/run-until-idle", json={})
        assert len(events) == 3
    finally:
        await third.close()
        never.set()
        await receiver.close()
