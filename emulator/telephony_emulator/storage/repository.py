"""The one repository: a resource's table and codec behind write-behind (core/repositories.py).

A core store owns its items in memory and hands each change to ``put``: the row is built at
flush time from the item's latest state, so many changes of one item cost one row write.
"""

from __future__ import annotations

import asyncio
import functools
from datetime import datetime
from typing import Generic, TypeVar

from telephony_emulator.core.calls import Call
from telephony_emulator.core.conferences import Conference
from telephony_emulator.core.media_store import MediaItem
from telephony_emulator.core.messages import Message
from telephony_emulator.core.recordings import Recording
from telephony_emulator.core.repositories import Durability
from telephony_emulator.storage import tables
from telephony_emulator.storage.codecs import CALL, CONFERENCE, MEDIA, MESSAGE, RECORDING, Codec
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.tables import Table
from telephony_emulator.storage.write_behind import WriteBehind

T = TypeVar("T")


class Repository(Generic[T]):
    """Items of one kind in one table, written behind through one codec."""

    def __init__(
        self,
        db: Database,
        table: Table,
        codec: Codec[T],
        durability: Durability = Durability.WRITTEN_BEHIND,
    ) -> None:
        self._db = db
        self._table = table
        self._codec = codec
        self._durability = durability
        self._writer = WriteBehind(db, table.upsert, table.upsert_on_driver)

    @property
    def durability(self) -> Durability:
        return self._durability

    @property
    def name(self) -> str:
        return self._table.name

    async def load(self) -> list[T]:
        rows = await self._db.run(self._table.load)
        return [self._codec.from_row(row) for row in rows]

    def put(self, item: T, *, awaited: bool = False) -> asyncio.Future[None]:
        codec = self._codec
        row = functools.partial(codec.to_row, item)
        return self._writer.put(codec.key(item), row, awaited=awaited)

    async def save(self, item: T) -> None:
        codec = self._codec
        await self._writer.put(codec.key(item), functools.partial(codec.to_row, item), awaited=True)

    def discard(self) -> None:
        self._writer.discard()

    async def drain(self) -> None:
        await self._writer.drain()


class CallRepository(Repository[Call]):
    """Calls, which are also read one by one and deleted after their retention."""

    async def load_window(self, keep_ended: int, ended_after: datetime) -> list[Call]:
        rows = await self._db.run(
            functools.partial(tables.load_call_window, keep_ended=keep_ended, after=ended_after)
        )
        return [self._codec.from_row(row) for row in rows]

    async def find(self, call_id: str) -> Call | None:
        await self.drain()
        row = await self._db.run(functools.partial(tables.find_call, call_id=call_id))
        return None if row is None else self._codec.from_row(row)

    async def forget_ended_before(self, cutoff: datetime) -> int:
        # Written-behind rows of these calls must land first, or they would be written again.
        await self.drain()
        return await self._db.run(
            functools.partial(tables.delete_calls_ended_before, cutoff=cutoff)
        )


def calls(db: Database) -> CallRepository:
    return CallRepository(db, tables.CALLS, CALL)


def recordings(db: Database) -> Repository[Recording]:
    return Repository(db, tables.RECORDINGS, RECORDING)


def conferences(db: Database) -> Repository[Conference]:
    return Repository(db, tables.CONFERENCES, CONFERENCE)


def messages(db: Database) -> Repository[Message]:
    return Repository(db, tables.MESSAGES, MESSAGE)


def media(db: Database) -> Repository[MediaItem]:
    return Repository(db, tables.MEDIA, MEDIA, Durability.COMMITTED)
