"""Stores served from memory whose durable copy is a repository: the indexing they share.

Recordings, conferences and faxes each live in memory (by id, and per account in creation
order); every change is handed to the store's repository (core/repositories.py). A subclass
adds its own indexes and rules.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Generic, Protocol, TypeVar

from telephony_emulator.core.repositories import Repository


class Stored(Protocol):
    """What a stored item has: an id, its account, its place in creation order."""

    id: str
    account_id: str
    seq: int


T = TypeVar("T", bound=Stored)


class MemoryStore(Generic[T]):
    """Items by id and per account (oldest first); each change goes to the repository."""

    def __init__(self, repository: Repository[T]) -> None:
        self.repository = repository
        self.clear()

    def clear(self) -> None:
        """Forget every item (reset); the database is wiped by the caller."""
        self.repository.discard()
        self._by_id: dict[str, T] = {}
        self._by_account: dict[str, list[T]] = {}
        self._seq = 0

    async def load_items(self) -> list[T]:
        """Index the stored items; returns them, oldest first."""
        self.clear()
        items = sorted(await self.repository.load(), key=lambda item: item.seq)
        for item in items:
            self._seq = max(self._seq, item.seq)
            self._index(item)
        return items

    async def close(self) -> None:
        await self.repository.drain()

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

    def _write(self, item: T, *, awaited: bool = False) -> Awaitable[None]:
        return self.repository.put(item, awaited=awaited)
