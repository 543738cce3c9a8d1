"""Stores served from memory whose durable copy is written behind: the indexing they share.

Recordings, conferences and faxes each live in memory (by id, and per account in creation
order) and are written to their table as one JSON-bearing row each; a subclass adds its own
indexes and rules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.db import Database
from telephony_emulator.storage.write_behind import Flush, WriteBehind


class Stored(Protocol):
    """What a stored item has: an id, its account, its place in creation order, its row."""

    id: str
    account_id: str
    seq: int

    def to_row(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=Stored)
LoadRows = Callable[[AsyncSession], Awaitable[list[dict[str, Any]]]]


class MemoryStore(Generic[T]):
    """Items by id and per account (oldest first); each change is written behind."""

    def __init__(
        self,
        db: Database,
        upsert: Flush,
        load_rows: LoadRows,
        from_row: Callable[[dict[str, Any]], T],
    ) -> None:
        self._db = db
        self._writer = WriteBehind(db, upsert)
        self._load_rows = load_rows
        self._from_row = from_row
        self.clear()

    def clear(self) -> None:
        """Forget every item (reset); the database is wiped by the caller."""
        self._writer.discard()
        self._by_id: dict[str, T] = {}
        self._by_account: dict[str, list[T]] = {}
        self._seq = 0

    async def load_items(self) -> list[T]:
        """Index the stored items; returns them, oldest first."""
        self.clear()
        rows = await self._db.run(self._load_rows)
        items = sorted(map(self._from_row, rows), key=lambda item: item.seq)
        for item in items:
            self._seq = max(self._seq, item.seq)
            self._index(item)
        return items

    async def close(self) -> None:
        await self._writer.drain()

    def get(self, item_id: str) -> T | None:
        return self._by_id.get(item_id)

    def of_account(self, account_id: str) -> list[T]:
        """The account's items, oldest first."""
        return list(self._by_account.get(account_id, ()))

    def _number(self, item: T) -> None:
        """A new item takes the next place in creation order and is indexed."""
        self._seq += 1
        item.seq = self._seq
        self._index(item)

    def _index(self, item: T) -> None:
        self._by_id[item.id] = item
        self._by_account.setdefault(item.account_id, []).append(item)

    def _write(self, item: T) -> asyncio.Future[None]:
        return self._writer.put(item.id, item.to_row)
