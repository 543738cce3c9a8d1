"""A <Redirect> to itself is ended by the loop guard: time moves again, the server stays healthy,
memory stays flat; the ledger keeps only its newest attempts."""

from __future__ import annotations

import dataclasses
import gc
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from pytest_telephony_emulator.webhooks import WebhookInbox
from telephony_emulator.apis.control import feed
from telephony_emulator.app import create_app
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.loop_guard import LoopGuard
from telephony_emulator.settings import Settings

from tests.conftest import AppClient
from tests.ringcentral_rest.conftest import basic

LOOP = '<Response><Redirect redirectUrl="{url}"/></Response>'
AUTH = {"Authorization": basic("emulator-user", "emulator-pass")}
MakeClient = Callable[[web.Application], Awaitable[AppClient]]


async def looping_call(client: AppClient, hooks: WebhookInbox) -> str:
    """An outbound call whose answer and every redirect reply redirect to the same URL."""
    hooks.reply(LOOP.format(url=hooks.url_for("/loop")))
    account = await (await client.get("/_emulator/accounts/9900000")).json()
    body = {
        "from": "+19195550100",
        "to": "+15551230000",
        "applicationId": account["applications"][0]["id"],
        "answerUrl": hooks.url_for("/answer"),
        "disconnectUrl": hooks.url_for("/disconnect"),
    }
    created = await client.post("/api/v2/accounts/9900000/calls", json=body, headers=AUTH)
    assert created.status == 201, await created.text()
    return str((await created.json())["callId"])


async def advance(client: AppClient, seconds: float) -> dict[str, Any]:
    response = await client.post("/_emulator/clock/advance", json={"seconds": seconds})
    assert response.status == 200
    return dict(await response.json())


async def test_a_redirect_loop_ends_the_call_and_time_moves_on(
    client: AppClient, telephony_webhooks: WebhookInbox
) -> None:
    call_id = await looping_call(client, telephony_webhooks)
    report = await advance(client, 5)
    assert report["stopped_by"] is None, report

    call = await (await client.get(f"/_emulator/calls/{call_id}")).json()
    assert call["cause"] == "error"
    state = await (
        await client.get(f"/api/v2/accounts/9900000/calls/{call_id}", headers=AUTH)
    ).json()
    assert state["disconnectCause"] == "error"
    assert state["errorMessage"].startswith(
        "Ended by the emulator's loop guard: more than 100 BXML documents within one virtual second"
    )
    ledger = await (await client.get("/_emulator/webhooks", params={"call_id": call_id})).json()
    kinds = [row["event_type"] for row in ledger["deliveries"]]
    assert kinds == ["answer"] + ["redirect"] * 100 + ["disconnect"]
    disconnect = telephony_webhooks.received[-1].payload
    assert (disconnect["eventType"], disconnect["cause"]) == ("disconnect", "error")
    assert (await client.get("/_emulator/health")).status == 200


async def test_memory_stays_flat_under_redirect_loops(
    aiohttp_client: MakeClient,
    settings: Settings,
    telephony_webhooks: WebhookInbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The dashboard's feed keeps its newest items: a short feed is full after the warm-up.
    monkeypatch.setattr(feed, "RETAINED_ITEMS", 100)
    client = await aiohttp_client(create_app(settings))
    for _ in range(2):  # warm every code path up, fill what is bounded
        await looping_call(client, telephony_webhooks)
        await advance(client, 5)
        telephony_webhooks.clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(5):
            await looping_call(client, telephony_webhooks)
            await advance(client, 5)
            telephony_webhooks.clear()  # the test's own record of what it received
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # 500 webhooks went out; what stays is five ended calls, not their documents and replies.
    assert grown < 500_000, grown


async def test_the_limit_is_a_setting(
    aiohttp_client: MakeClient, settings: Settings, telephony_webhooks: WebhookInbox
) -> None:
    client = await aiohttp_client(create_app(dataclasses.replace(settings, loop_guard_steps=300)))
    call_id = await looping_call(client, telephony_webhooks)
    await advance(client, 5)
    ledger = await (await client.get("/_emulator/webhooks", params={"call_id": call_id})).json()
    redirects = [row for row in ledger["deliveries"] if row["event_type"] == "redirect"]
    assert len(redirects) == 300


def test_the_guard_counts_steps_per_virtual_second() -> None:
    clock = VirtualClock(start=0.0, rate=0.0)
    guard = LoopGuard(clock, limit=3)
    assert [guard.step("steps") for _ in range(3)] == [None, None, None]
    refusal = guard.step("steps")
    assert refusal is not None
    assert "more than 3 steps within one virtual second" in refusal
    clock.jump_to(1.0)  # the window slides: three more fit
    assert [guard.step("steps") for _ in range(3)] == [None, None, None]
    off = LoopGuard(clock, limit=0)
    assert all(off.step("steps") is None for _ in range(1000))


async def test_the_ledger_keeps_its_newest_attempts(
    aiohttp_client: MakeClient, settings: Settings, telephony_webhooks: WebhookInbox
) -> None:
    client = await aiohttp_client(create_app(dataclasses.replace(settings, ledger_retention=40)))
    call_id = await looping_call(client, telephony_webhooks)
    await advance(client, 5)
    ledger = await (await client.get("/_emulator/webhooks")).json()
    rows = ledger["deliveries"]
    assert len(rows) == 40
    assert rows[-1]["event_type"] == "disconnect"
    assert rows[-1]["call_id"] == call_id
