"""What the core needs from persistence: repository protocols that the storage implements.

The core owns its objects in memory and hands each change to a repository; it never imports
the storage package. The application wires a storage implementation into each core store.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from telephony_emulator.core.calls import Call

T = TypeVar("T")


class Durability(enum.Enum):
    """When a change of a resource is on disk, relative to the response that reports it."""

    #: The request is answered only after the transaction holding the change has committed.
    COMMITTED = "answered after commit"
    #: Answered from memory at once; the change is committed shortly after (group commit).
    WRITTEN_BEHIND = "written behind"
    #: Never stored: lost when the emulator stops.
    MEMORY_ONLY = "memory only"


class Repository(Protocol[T]):
    """The durable copy of one kind of item, keyed by the item's id."""

    @property
    def durability(self) -> Durability: ...

    async def load(self) -> list[T]:
        """Every stored item, in the order it was stored."""
        ...

    def put(self, item: T, *, awaited: bool = False) -> Awaitable[None]:
        """Write ``item`` behind; the result completes once its latest state has committed
        (``awaited``: the caller waits for that, so it is written without delay)."""
        ...

    async def save(self, item: T) -> None:
        """Write ``item`` and wait until that is committed."""
        ...

    def discard(self) -> None:
        """Forget writes not started yet (the database is about to be wiped)."""
        ...

    async def drain(self) -> None:
        """Wait until everything put so far is written."""
        ...


class CallRepository(Repository["Call"], Protocol):
    """Calls' durable copy, which also serves the calls no longer kept in memory."""

    async def load_window(self, keep_ended: int, ended_after: datetime) -> list[Call]:
        """Every call not ended, and the ``keep_ended`` last ended after ``ended_after``, in
        creation order."""
        ...

    async def find(self, call_id: str) -> Call | None:
        """One stored call (written-behind changes included)."""
        ...

    async def forget_ended_before(self, cutoff: datetime) -> int:
        """Delete the calls ended before ``cutoff`` and their webhook ledger entries; how many
        calls."""
        ...
