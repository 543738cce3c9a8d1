"""Helpers for Catapult voice tests: virtual times, URLs, the events an inbox received."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pytest_telephony_emulator.control import CatapultLogin, TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.wire import user_url

#: A number whose far end answers after 1 s and stays on the line.
FAR = "+13125556666"


class Clock:
    """Times relative to the virtual moment the test started, as Catapult writes them."""

    def __init__(self, emu: TelephonyEmulator) -> None:
        self.start = float(emu.clock()["time"])

    def at(self, seconds: float) -> str:
        moment = datetime.fromtimestamp(round((self.start + seconds) * 1000) / 1000, tz=UTC)
        return moment.isoformat(timespec="milliseconds")[:23] + "Z"


def call_url(login: CatapultLogin, call_id: str) -> str:
    return user_url(login, "calls", call_id)


def events(inbox: WebhookInbox) -> list[dict[str, Any]]:
    """Every event payload the inbox received, in order."""
    return [item.payload for item in inbox.received]


def parseable(value: str) -> datetime:
    """A Catapult time parses as ISO 8601 (what every client does with it)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
