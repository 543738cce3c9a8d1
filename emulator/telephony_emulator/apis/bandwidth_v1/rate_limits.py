"""Catapult's rate limits on the virtual clock, from the account's limits (§1)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from telephony_emulator.core.accounts import Account
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.errors import Forbidden, RateLimited


@dataclass(frozen=True)
class Window:
    """``allowed`` events in each ``seconds`` (at least one second) for a rate per second."""

    allowed: int
    seconds: float

    @classmethod
    def of(cls, rate: float) -> Window:
        seconds = max(1.0, 1.0 / rate)
        return cls(max(1, math.floor(rate * seconds)), seconds)


class RateLimits:
    """Creating calls and messages beyond their rates is 403 (category ``limit``: the call and
    message flows count those); any other request beyond ``requests_per_second`` is 429 with
    ``X-RateLimit-Reset`` in epoch milliseconds."""

    def __init__(self, clock: VirtualClock) -> None:
        self._clock = clock
        self.clear()

    def clear(self) -> None:
        self._counts: dict[tuple[str, str], tuple[int, int]] = {}

    def admit_request(self, account: Account) -> None:
        """Count one API request; 429 ``rate-limit-reached`` beyond the account's rate."""
        window = Window.of(account.limits.requests_per_second)
        reset = self._take(account.id, "request", window, 1)
        if reset is not None:
            raise RateLimited(
                f"You have reached the limit of {window.allowed} requests per "
                f"{window.seconds:g} seconds",
                code="rate-limit-reached",
                details={"rateLimitResetTime": str(reset)},
                headers={"X-RateLimit-Reset": str(reset)},
            )

    def admit_message(self, account: Account) -> None:
        """Count one message sent; 403 ``message-rate-limit`` beyond the account's rate."""
        window = Window.of(account.limits.messages_per_second)
        if self._take(account.id, "message", window, 1) is not None:
            raise Forbidden(
                f"You can create {window.allowed} messages per {window.seconds:g} seconds",
                code="message-rate-limit",
            )

    def _take(self, account_id: str, kind: str, window: Window, amount: int) -> int | None:
        """Count ``amount`` in the current window; when that is beyond it, nothing is counted
        and the window's end (epoch ms) is returned."""
        now = self._clock.time()
        index = math.floor(now / window.seconds)
        current, used = self._counts.get((account_id, kind), (index, 0))
        if current != index:
            used = 0
        if used + amount > window.allowed:
            return round((index + 1) * window.seconds * 1000)
        self._counts[(account_id, kind)] = (index, used + amount)
        return None
