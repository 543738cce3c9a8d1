"""Fixtures for the live views: the default account's voice application aimed at an inbox, and
a reader of the Server-Sent Event stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientResponse
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.conftest import AppClient

ACCOUNT = "9900000"
NUMBER = "+19195550100"
CALLER = "+15551234567"
#: Real seconds a stream reader waits for the next item before the test fails.
WAIT = 10.0


class EventStream:
    """The items of one open ``GET /_emulator/events`` response, read as they arrive."""

    def __init__(self, response: ClientResponse) -> None:
        assert response.status == 200, response.status
        assert response.headers["Content-Type"].startswith("text/event-stream")
        self.response = response
        self.ids: list[str] = []

    async def next(self) -> dict[str, Any]:
        """The next item (fails after ``WAIT`` real seconds without one)."""
        return await asyncio.wait_for(self._next(), WAIT)

    async def _next(self) -> dict[str, Any]:
        data: list[str] = []
        while True:
            raw = await self.response.content.readline()
            if not raw:
                raise EOFError("the stream ended")
            line = raw.decode().rstrip("\n")
            if line.startswith("id: "):
                self.ids.append(line[4:])
            elif line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and data:
                return json.loads("\n".join(data))

    async def until(self, done: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Every item up to and including the first for which ``done`` is true."""
        items: list[dict[str, Any]] = []
        while True:
            items.append(await self.next())
            if done(items[-1]):
                return items


def label(item: dict[str, Any]) -> str:
    """``CallAnswered``, ``DigitPressed 1``, ``webhook initiate 200`` …: an item in brief."""
    data = item["data"]
    if item["kind"] == "webhook":
        return f"webhook {data['event_type']} {data['status']}"
    if item["type"] == "DigitPressed":
        return f"DigitPressed {data['digit']}"
    if item["type"] == "StepStarted":
        return f"<{data['step']}>"
    return item["type"]


@pytest.fixture
async def open_stream(client: AppClient) -> Callable[..., Awaitable[EventStream]]:
    opened: list[ClientResponse] = []

    async def open_(query: str = "", headers: dict[str, str] | None = None) -> EventStream:
        response = await client.get("/_emulator/events" + query, headers=headers)
        opened.append(response)
        return EventStream(response)

    yield open_
    for response in opened:
        response.close()


@pytest.fixture
async def routed(client: AppClient, telephony_webhooks: WebhookInbox) -> WebhookInbox:
    """The default account's voice application sends its webhooks to this test's inbox."""
    account = await (await client.get(f"/_emulator/accounts/{ACCOUNT}")).json()
    app_id = next(a["id"] for a in account["applications"] if a["service_type"] == "voice")
    response = await client.patch(
        f"/_emulator/accounts/{ACCOUNT}/applications/{app_id}",
        json={
            "settings": {
                "call_initiated_callback_url": telephony_webhooks.url_for("/initiate"),
                "call_status_callback_url": telephony_webhooks.url_for("/status"),
            }
        },
    )
    assert response.status == 200, await response.text()
    return telephony_webhooks


def gather_menu(hooks: WebhookInbox, digits: int = 2) -> None:
    """Inbound calls get a menu: a spoken prompt gathering ``digits`` digits."""
    hooks.reply(
        f'<Response><Gather maxDigits="{digits}" gatherUrl="{hooks.url_for("/gather")}">'
        "<SpeakSentence>Press two digits now</SpeakSentence></Gather></Response>",
        event_type="initiate",
    )
