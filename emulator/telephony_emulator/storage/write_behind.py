"""Coalesced writes: many changes become one bulk statement per batch.

Live objects (calls) change many times a second in virtual time, and webhook attempts come in
bursts; writing each through its own unit of work would cost a database round trip each. Here
a change only marks its row dirty (by key: a later change of the same row replaces the
earlier); one task writes every dirty row in one statement, and callers that must not answer
before the row is durable (createCall) await the batch's future. A batch that fails to commit
fails its future, and its rows are marked dirty again (unless changed since) and retried after
a short backoff, a bounded number of times.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.db import Database

log = logging.getLogger(__name__)
COALESCE_SECONDS = 0.0005
#: How long a batch nobody awaits waits for more rows: under a run of virtual time one row
#: changes per step, and a commit per step cost more than the step itself.
LAZY_COALESCE_SECONDS = 0.01
#: After a failed flush, wait this long before retrying (doubled per consecutive failure).
RETRY_SECONDS = 0.05
#: A row whose flush failed this many times in a row is dropped (and logged).
MAX_ATTEMPTS = 5
Flush = Callable[[AsyncSession, list[dict[str, Any]]], Awaitable[None]]
#: The same write on the SQLite driver's connection (Database.run_on_driver).
DriverFlush = Callable[[Any, list[dict[str, Any]]], Awaitable[None]]


class WriteBehind:
    """Keeps the latest version of each dirty row (by key) until the next flush writes it."""

    def __init__(
        self,
        db: Database,
        flush: Flush,
        on_driver: DriverFlush | None = None,
        *,
        coalesce: float = COALESCE_SECONDS,
        lazy_coalesce: float = LAZY_COALESCE_SECONDS,
    ) -> None:
        self._db = db
        self._flush = flush
        #: How long a batch waits for more rows before it is written (real seconds); a
        #: :meth:`drain` cuts the wait short.
        self._coalesce = coalesce
        self._lazy_coalesce = max(lazy_coalesce, coalesce)
        #: Whether someone awaits the batch being gathered (it then waits only ``coalesce``).
        self._awaited = False
        self._hurry: asyncio.Future[None] | None = None
        #: Used instead of ``flush`` when the database is SQLite: no session per batch.
        self._on_driver = on_driver if db.sqlite else None
        self._dirty: dict[str, Callable[[], dict[str, Any]]] = {}
        #: Failed flushes so far, by key, of rows not written yet.
        self._failures: dict[str, int] = {}
        self._batch: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None

    def put(
        self, key: str, row: Callable[[], dict[str, Any]], *, awaited: bool = False
    ) -> asyncio.Future[None]:
        """Mark ``key`` dirty; ``row()`` is called at flush time, so it writes the latest state.

        The returned future completes once a transaction holding this version has committed;
        say ``awaited`` if the caller waits for it, so the batch is written without delay.
        """
        self._dirty[key] = row
        if awaited and not self._awaited:
            self._awaited = True
            if self._hurry is not None:
                asyncio.get_running_loop().call_later(self._coalesce, _resolve, self._hurry)
        if self._batch is None:
            self._batch = asyncio.get_running_loop().create_future()
            self._batch.add_done_callback(_retrieve)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())
        return self._batch

    async def drain(self) -> None:
        """Wait until everything marked dirty so far is written."""
        while self._task is not None:
            if self._hurry is not None:
                _resolve(self._hurry)
            await asyncio.shield(self._task)

    def discard(self) -> None:
        """Forget rows not written yet (after a wipe of the database)."""
        self._dirty.clear()
        self._failures.clear()

    async def _run(self) -> None:
        try:
            while self._dirty:
                # Give requests already on their way a moment to join: a commit costs about as
                # much as writing 30 rows, so fewer, larger batches are cheaper per request.
                await self._gather_more()
                makers, self._dirty = self._dirty, {}
                self._awaited = False
                rows = [make() for make in makers.values()]
                batch, self._batch = self._batch, None
                try:
                    if self._on_driver is not None:
                        await self._db.run_on_driver(
                            functools.partial(_flush_on_driver, self._on_driver, rows)
                        )
                    else:
                        await self._db.run(functools.partial(_flush_rows, self._flush, rows))
                except Exception as error:
                    log.exception("writing %d row(s) failed", len(rows))
                    if batch is not None and not batch.done():
                        batch.set_exception(error)
                    if await self._retry_later(makers):
                        continue
                else:
                    if self._failures:
                        for key in makers:
                            self._failures.pop(key, None)
                    if batch is not None and not batch.done():
                        batch.set_result(None)
        finally:
            self._task = None

    async def _gather_more(self) -> None:
        loop = asyncio.get_running_loop()
        hurry = self._hurry = loop.create_future()
        delay = self._coalesce if self._awaited else self._lazy_coalesce
        timer = loop.call_later(delay, _resolve, hurry)
        try:
            await hurry
        finally:
            timer.cancel()
            self._hurry = None

    async def _retry_later(self, makers: dict[str, Callable[[], dict[str, Any]]]) -> bool:
        """Mark the failed rows dirty again and back off; False if none is left to retry."""
        attempts = 0
        for key, make in makers.items():
            failures = self._failures.get(key, 0) + 1
            attempts = max(attempts, failures)
            if failures >= MAX_ATTEMPTS:
                log.error("giving up on row %s after %d failed flushes", key, failures)
                self._failures.pop(key, None)
                continue
            self._failures[key] = failures
            # A row changed since this batch was taken is already dirty with its latest state.
            self._dirty.setdefault(key, make)
        if not self._dirty:
            return False
        await asyncio.sleep(RETRY_SECONDS * 2 ** (attempts - 1))
        return True


async def _flush_rows(flush: Flush, rows: list[dict[str, Any]], session: AsyncSession) -> None:
    await flush(session, rows)


async def _flush_on_driver(flush: DriverFlush, rows: list[dict[str, Any]], driver: Any) -> None:
    await flush(driver, rows)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _retrieve(future: asyncio.Future[None]) -> None:
    # Most callers never await their batch; mark its error as seen (it is logged above).
    if not future.cancelled():
        future.exception()
