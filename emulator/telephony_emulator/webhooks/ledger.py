"""The webhook ledger: every delivery attempt, queryable by tests and people.

Attempts are written behind (buffered and bulk-inserted by one background task), off the
delivery's path: a BXML reply reaches its call without waiting for a commit. Every read or
clear first waits for the buffer to be written, so a query sees every attempt made before it.
Only the newest ``retention`` attempts are kept, so a runaway flow cannot fill memory or disk.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable

from telephony_emulator.storage.db import Database
from telephony_emulator.storage.models import WebhookDeliveryRow
from telephony_emulator.storage.repos import ledger as repo
from telephony_emulator.storage.repos.ledger import LedgerFilter
from telephony_emulator.storage.write_behind import WriteBehind
from telephony_emulator.webhooks.models import Attempt

#: Nobody waits for an attempt's row (every read drains first, which cuts the wait short),
#: so attempts are gathered longer than calls: in a run until idle, webhooks go out one after
#: another, and at 0.5 ms most became a transaction of their own.
LEDGER_COALESCE = 0.005
#: Read once: ``dataclasses.fields`` per recorded attempt was a measurable part of a webhook.
_FIELDS = tuple(field.name for field in dataclasses.fields(Attempt))


class Ledger:
    """Buffers attempts and writes them through the database's group commit."""

    def __init__(self, db: Database, retention: int | None = None) -> None:
        """``retention``: how many of the newest attempts are kept (None: all)."""
        self._db = db
        self._writer = WriteBehind(
            db,
            functools.partial(repo.insert_attempts, keep=retention),
            functools.partial(repo.insert_attempts_on_driver, keep=retention),
            coalesce=LEDGER_COALESCE,
        )
        self._keys = itertools.count()
        self._listeners: list[Callable[[Attempt], None]] = []

    def listen(self, listener: Callable[[Attempt], None]) -> None:
        """Also hand every attempt to ``listener`` as it is recorded (the live event feed)."""
        self._listeners.append(listener)

    def record(self, attempt: Attempt) -> None:
        """Queue ``attempt`` for writing; returns at once."""
        for listener in self._listeners:
            listener(attempt)
        row = {name: getattr(attempt, name) for name in _FIELDS}
        self._writer.put(str(next(self._keys)), lambda: row)

    async def flush(self) -> None:
        """Wait until every attempt recorded so far is written."""
        await self._writer.drain()

    def discard(self) -> None:
        """Drop attempts not written yet (the database is being wiped)."""
        self._writer.discard()

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
