"""A call's DTMF fan-out: every subscriber sees each digit pressed while it is subscribed."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

DigitHandler = Callable[[str], None]


class DigitBus:
    """Delivers each digit to every current subscriber, oldest subscription first.

    A subscription made under a ``key`` replaces the one held under that key (a surface's single
    "send DTMF events" listener); without a key each subscription stands on its own.
    """

    def __init__(self) -> None:
        self._subscribers: dict[object, DigitHandler] = {}

    def subscribe(self, handler: DigitHandler, *, key: str | None = None) -> Callable[[], None]:
        """Deliver digits to ``handler`` from now on; returns the unsubscribe function."""
        slot: object = key if key is not None else object()
        self._subscribers.pop(slot, None)
        self._subscribers[slot] = handler

        def unsubscribe() -> None:
            if self._subscribers.get(slot) is handler:
                del self._subscribers[slot]

        return unsubscribe

    def unsubscribe(self, key: str) -> None:
        """Drop the subscription held under ``key``, if any."""
        self._subscribers.pop(key, None)

    def publish(self, digit: str) -> None:
        if self._subscribers:
            for handler in tuple(self._subscribers.values()):
                handler(digit)


class DigitCollector:
    """Keeps the digits a bus delivers until they are taken, waking whoever waits for one."""

    def __init__(self, bus: DigitBus) -> None:
        self._digits: deque[str] = deque()
        self._waiter: Callable[[], object] | None = None
        self._unsubscribe = bus.subscribe(self._on_digit)

    def _on_digit(self, digit: str) -> None:
        self._digits.append(digit)
        if self._waiter is not None:
            self._waiter()

    @property
    def pending(self) -> bool:
        """Whether a digit is kept and not taken yet."""
        return bool(self._digits)

    def take(self) -> str:
        return self._digits.popleft()

    def wake_on_digit(self, waiter: Callable[[], object] | None) -> None:
        """Call ``waiter`` when a digit arrives (None: wake nobody); it may be called again for
        each further digit until replaced, so it should ignore calls after the first (as a
        scheduler ``Wakeup`` does)."""
        self._waiter = waiter

    def close(self) -> None:
        """Stop collecting; digits not taken are discarded."""
        self._unsubscribe()
        self._digits.clear()
        self._waiter = None
