"""The webhook ledger: every delivery attempt, queryable by tests and people.

Attempts are buffered and written in bulk by one background task, off the delivery's path
(a BXML reply reaches its call without waiting for a commit); every read or clear first
waits for the buffer to be written, so a query always sees every attempt made before it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from emulator.storage.db import Database
from emulator.storage.models import WebhookDeliveryRow
from emulator.storage.repos import ledger as repo
from emulator.storage.repos.ledger import LedgerFilter
from emulator.webhooks.models import Attempt

log = logging.getLogger(__name__)


class Ledger:
    """Buffers attempts and writes them through the database's group commit."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._pending: list[dict[str, Any]] = []
        self._writer: asyncio.Task[None] | None = None

    def record(self, attempt: Attempt) -> None:
        """Queue ``attempt`` for writing; returns at once."""
        self._pending.append(
            {field.name: getattr(attempt, field.name) for field in dataclasses.fields(attempt)}
        )
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._write())

    async def flush(self) -> None:
        """Wait until every attempt recorded so far is written."""
        while self._writer is not None:
            await asyncio.shield(self._writer)

    def discard(self) -> None:
        """Drop attempts not written yet (the database is being wiped)."""
        self._pending.clear()

    async def _write(self) -> None:
        try:
            while self._pending:
                rows, self._pending = self._pending, []
                try:
                    await self._db.run(functools.partial(repo.insert_attempts, rows=rows))
                except Exception:
                    log.exception("writing %d ledger row(s) failed", len(rows))
        finally:
            self._writer = None

    async def list(
        self, where: LedgerFilter, *, after_id: int = 0, limit: int = 1000
    ) -> list[WebhookDeliveryRow]:
        await self.flush()
        return await self._db.run(
            lambda session: repo.list_attempts(session, where, after_id=after_id, limit=limit)
        )

    async def clear(self, where: LedgerFilter) -> int:
        await self.flush()
        return await self._db.run(lambda session: repo.delete_attempts(session, where))


def _inserter(rows: list[dict[str, Any]]) -> Callable[[AsyncSession], Awaitable[None]]:
    return lambda session: repo.insert_attempts(session, rows)
