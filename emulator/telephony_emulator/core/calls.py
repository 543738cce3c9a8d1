"""Call legs, whichever surface placed them, and the in-memory registry that serves them."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telephony_emulator.iso_time import from_stored, to_stored

#: Call records are kept this long after hang-up (reference bandwidth-v2.md §1, 404 row).
RETENTION = timedelta(days=7)


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
    """One call leg. ``options`` holds the placing surface's own settings (e.g. callback URLs)."""

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
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def ended(self) -> bool:
        return self.status is CallStatus.DISCONNECTED

    def expired(self, now: datetime) -> bool:
        return self.ended_at is not None and now - self.ended_at > RETENTION

    def to_row(self) -> dict[str, Any]:
        """The ``call`` table row; timestamps beyond the columns go in ``data``."""
        return {
            "id": self.id,
            "account_id": self.account_id,
            "surface": self.surface,
            "direction": self.direction.value,
            "from_number": self.from_,
            "to_number": self.to,
            "state": self.status.value,
            "parent_call_id": self.parent_id,
            "created_at": self.created_at,
            "ended_at": self.ended_at,
            "data": {
                "seq": self.seq,
                "application_id": self.application_id,
                "enqueued_at": to_stored(self.enqueued_at),
                "started_at": to_stored(self.started_at),
                "answered_at": to_stored(self.answered_at),
                "updated_at": to_stored(self.updated_at),
                "cause": self.cause,
                "error_message": self.error_message,
                "error_id": self.error_id,
                "tag": self.tag,
                "options": self.options,
            },
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Call:
        data = row["data"]
        return cls(
            id=row["id"],
            account_id=row["account_id"],
            surface=row["surface"],
            direction=CallDirection(row["direction"]),
            from_=row["from_number"],
            to=row["to_number"],
            created_at=row["created_at"],
            seq=int(data.get("seq", 0)),
            application_id=data.get("application_id"),
            parent_id=row["parent_call_id"],
            status=CallStatus(row["state"]),
            enqueued_at=from_stored(data.get("enqueued_at")),
            started_at=from_stored(data.get("started_at")),
            answered_at=from_stored(data.get("answered_at")),
            ended_at=row["ended_at"],
            updated_at=from_stored(data.get("updated_at")),
            cause=data.get("cause"),
            error_message=data.get("error_message"),
            error_id=data.get("error_id"),
            tag=data.get("tag"),
            options=dict(data.get("options") or {}),
        )


class CallRegistry:
    """Every call by id and per account in creation order, with live counts per status.

    Status changes go through :meth:`set_status` so the counts (queue size, active calls) stay
    exact without scanning; ``on_change`` persists the call.
    """

    def __init__(self, on_change: Callable[[Call], object]) -> None:
        self._on_change = on_change
        self.clear()

    def clear(self) -> None:
        self._calls: dict[str, Call] = {}
        self._by_account: dict[str, list[Call]] = {}
        self._counts: dict[tuple[str, CallStatus], int] = {}
        self._seq = 0

    def add(self, call: Call) -> None:
        self._seq += 1
        call.seq = self._seq
        self._index(call)

    def restore(self, call: Call) -> None:
        """Index a call loaded from the database (its ``seq`` is kept)."""
        self._seq = max(self._seq, call.seq)
        self._index(call)

    def _index(self, call: Call) -> None:
        self._calls[call.id] = call
        self._by_account.setdefault(call.account_id, []).append(call)
        key = (call.account_id, call.status)
        self._counts[key] = self._counts.get(key, 0) + 1

    def get(self, call_id: str) -> Call | None:
        return self._calls.get(call_id)

    def of_account(self, account_id: str) -> list[Call]:
        """The account's calls, oldest first."""
        return self._by_account.get(account_id, [])

    def count(self, account_id: str, *statuses: CallStatus) -> int:
        return sum(self._counts.get((account_id, status), 0) for status in statuses)

    def set_status(self, call: Call, status: CallStatus, now: datetime) -> None:
        old = (call.account_id, call.status)
        self._counts[old] -= 1
        call.status = status
        key = (call.account_id, status)
        self._counts[key] = self._counts.get(key, 0) + 1
        self.changed(call, now)

    def changed(self, call: Call, now: datetime) -> None:
        call.updated_at = now
        self._on_change(call)
