"""Call legs, whichever surface placed them, and the in-memory registry that serves them."""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from telephony_emulator.core.surface_state import SurfaceState

#: Call records are kept this long after hang-up (reference bandwidth-v2.md §1, 404 row).
RETENTION = timedelta(days=7)
#: Ended calls kept in memory by default (``--calls-in-memory``); older ones are read from the
#: database until their retention is over.
CALLS_IN_MEMORY = 10_000


class CallDirection(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallStatus(enum.StrEnum):
    """The states every surface maps its own vocabulary onto."""

    QUEUED = "queued"
    INITIATED = "initiated"  # placed and ringing (outbound) or arrived (inbound)
    ANSWERED = "answered"
    DISCONNECTED = "disconnected"


ACTIVE = frozenset({CallStatus.INITIATED, CallStatus.ANSWERED})


@dataclass(eq=False)
class Call:
    """One call leg. ``surface_state`` holds the placing surface's own typed settings (e.g.
    callback URLs)."""

    id: str
    account_id: str
    surface: str
    direction: CallDirection
    from_: str
    to: str
    created_at: datetime
    seq: int = 0
    application_id: str | None = None
    parent_id: str | None = None
    status: CallStatus = CallStatus.QUEUED
    enqueued_at: datetime | None = None
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    updated_at: datetime | None = None
    cause: str | None = None
    error_message: str | None = None
    error_id: str | None = None
    tag: str | None = None
    surface_state: SurfaceState | None = None

    @property
    def ended(self) -> bool:
        return self.status is CallStatus.DISCONNECTED

    def expired(self, now: datetime) -> bool:
        return self.ended_at is not None and now - self.ended_at > RETENTION


class CallRegistry:
    """Every call in memory by id and per account in creation order, with counts per status.

    Status changes go through :meth:`set_status` so the counts (queue size, active calls) stay
    exact without scanning; ``on_change`` persists the call. Of the ended calls only the last
    ``window`` to end stay indexed (the rest are read from the database).
    """

    def __init__(self, on_change: Callable[[Call], object], window: int = CALLS_IN_MEMORY) -> None:
        self._on_change = on_change
        self.window = window
        self.clear()

    def clear(self) -> None:
        self._calls: dict[str, Call] = {}
        self._by_account: dict[str, dict[str, Call]] = {}
        self._counts: dict[tuple[str, CallStatus], int] = {}
        #: Ended calls still indexed, in the order they ended.
        self._ended: deque[Call] = deque()
        self._seq = 0

    def add(self, call: Call) -> None:
        self._seq += 1
        call.seq = self._seq
        self._index(call)

    def restore(self, call: Call) -> None:
        """Index a call loaded from the database (its ``seq`` is kept); call :meth:`restored`
        after the last."""
        self._seq = max(self._seq, call.seq)
        self._index(call)
        if call.ended:
            self._ended.append(call)

    def restored(self) -> None:
        """Order the restored ended calls by their end and keep the window's worth."""
        self._ended = deque(sorted(self._ended, key=_end_time))
        self._trim()

    def _index(self, call: Call) -> None:
        self._calls[call.id] = call
        self._by_account.setdefault(call.account_id, {})[call.id] = call
        key = (call.account_id, call.status)
        self._counts[key] = self._counts.get(key, 0) + 1

    def get(self, call_id: str) -> Call | None:
        return self._calls.get(call_id)

    def __len__(self) -> int:
        return len(self._calls)

    def of_account(self, account_id: str) -> list[Call]:
        """The account's calls in memory, oldest first."""
        calls = self._by_account.get(account_id)
        return list(calls.values()) if calls else []

    def count(self, account_id: str, *statuses: CallStatus) -> int:
        return sum(self._counts.get((account_id, status), 0) for status in statuses)

    def set_status(self, call: Call, status: CallStatus, now: datetime) -> None:
        old = (call.account_id, call.status)
        ending = status is CallStatus.DISCONNECTED and call.status is not status
        self._counts[old] -= 1
        call.status = status
        key = (call.account_id, status)
        self._counts[key] = self._counts.get(key, 0) + 1
        self.changed(call, now)
        if ending and self._calls.get(call.id) is call:
            self._ended.append(call)
            self._trim()

    def changed(self, call: Call, now: datetime) -> None:
        call.updated_at = now
        self._on_change(call)

    def evict_ended_before(self, cutoff: datetime) -> int:
        """Drop the calls that ended before ``cutoff`` from memory; how many."""
        ended = self._ended
        evicted = 0
        while ended and (ended[0].ended_at is None or ended[0].ended_at < cutoff):
            self._drop(ended.popleft())
            evicted += 1
        return evicted

    def _trim(self) -> None:
        while len(self._ended) > self.window:
            self._drop(self._ended.popleft())

    def _drop(self, call: Call) -> None:
        if self._calls.get(call.id) is not call:
            return
        del self._calls[call.id]
        del self._by_account[call.account_id][call.id]
        self._counts[(call.account_id, call.status)] -= 1


def _end_time(call: Call) -> datetime:
    assert call.ended_at is not None, "an ended call has its end time"
    return call.ended_at
