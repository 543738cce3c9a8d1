"""The database: one connection, one worker task, and group commit for everything written.

Why (DESIGN.md "Performance"): with SQLite, many writers on a connection pool fight over the
file lock and get second-long tails. Here every unit of work goes through one queue; the worker
runs all the work queued at that moment in one transaction and commits once, and only then
are the callers of ``run`` answered. That holds for what is written through ``run`` and awaited;
much is not: changes written behind (storage/write_behind.py) are answered before their commit,
and with ``synchronous=NORMAL`` the last commits can be lost if the machine (not the process)
crashes. README.md "Durability" says which resource is which.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

from telephony_emulator.storage.models import SCHEMA_VERSION, Base, MetaRow

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]
#: A unit of work given the SQLite driver's own connection (aiosqlite), for bulk statements
#: that skip SQLAlchemy (see :meth:`Database.run_on_driver`).
DriverWork = Callable[[Any], Awaitable[T]]
log = logging.getLogger(__name__)

MAX_BATCH = 256


class SchemaMismatch(RuntimeError):
    """The database was written by an incompatible release of the emulator."""


@dataclass
class _Job:
    work: Work[Any]
    future: asyncio.Future[Any] = field(repr=False)
    #: Set for :meth:`Database.run_on_driver`: ``work`` then adapts it to a session.
    on_driver: DriverWork[Any] | None = field(default=None, repr=False)


def make_engine(url: str) -> AsyncEngine:
    """An engine holding one connection; for SQLite also WAL, a busy timeout, foreign keys."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    in_memory = sqlite and parsed.database in (None, "", ":memory:")
    if sqlite and not in_memory and parsed.database:
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        url,
        poolclass=StaticPool if in_memory else None,
        # Every unit of work runs in a session that commits, or rolls back on its way out
        # (Database._commit), so the pool's own rollback on return was one more round trip
        # to the driver thread per transaction (a third of a createCall's) that did nothing.
        pool_reset_on_return=None,
        **({} if in_memory else {"pool_size": 1, "max_overflow": 0}),
    )

    if not sqlite:
        return engine

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _check_and_create(connection: Connection) -> bool:
    """Create the schema on a new database; refuse one of another version. True if created."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        Base.metadata.create_all(connection)
        connection.execute(insert(MetaRow).values(key="schema_version", value=str(SCHEMA_VERSION)))
        return True
    found = None
    if "meta" in tables:
        found = connection.execute(
            select(MetaRow.value).where(MetaRow.key == "schema_version")
        ).scalar_one_or_none()
    if found != str(SCHEMA_VERSION):
        raise SchemaMismatch(
            f"this database has schema version {found or 'unknown'}, but this release of "
            f"telephony-emulator needs version {SCHEMA_VERSION}; start with a new database "
            "(--db, --data-dir or --in-memory) or run the release that wrote it"
        )
    return False


def _count_reopening(connection: Connection) -> int:
    """How many times this database has been opened again after its creation (this one too)."""
    found = connection.execute(
        select(MetaRow.value).where(MetaRow.key == "reopened")
    ).scalar_one_or_none()
    count = int(found or 0) + 1
    if found is None:
        connection.execute(insert(MetaRow).values(key="reopened", value=str(count)))
    else:
        connection.execute(
            update(MetaRow).where(MetaRow.key == "reopened").values(value=str(count))
        )
    return count


class Database:
    """Runs units of work ``async def work(session) -> result`` through one writer."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None
        #: Kept checked out between driver-only batches (a pool checkout cost as much as the
        #: batch's statements); given back before a session's batch, which needs it, and on
        #: close. Nothing else takes connections once the worker runs.
        self._held: AsyncConnection | None = None
        self.created = False
        #: 0 for a database created by this process, else how often it has been reopened.
        self.reopened = 0

    async def start(self) -> None:
        """Create or check the schema, then start the worker."""
        async with self.engine.begin() as connection:
            self.created = await connection.run_sync(_check_and_create)
            if not self.created:
                self.reopened = await connection.run_sync(_count_reopening)
        self._worker = asyncio.get_running_loop().create_task(self._run())

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
            self._worker = None
        await self._release()
        await self.engine.dispose()

    @property
    def sqlite(self) -> bool:
        """Whether :meth:`run_on_driver` may be used (the driver is aiosqlite)."""
        return self.engine.dialect.name == "sqlite"

    async def run(self, work: Work[T]) -> T:
        """Queue ``work``; return its result once the transaction holding it has committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Job(work, future))
        return await future

    async def run_on_driver(self, work: DriverWork[T]) -> T:
        """:meth:`run` for work that only needs the SQLite driver's connection (bulk writes).

        A batch made only of such work commits on the driver connection without a session:
        about half the cost of a session's transaction, paid once per write-behind flush.
        In a batch with session work it joins the session's transaction, as before.
        """

        async def in_session(session: AsyncSession) -> T:
            connection = await session.connection()
            driver = (await connection.get_raw_connection()).driver_connection
            return await work(driver)

        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Job(in_session, future, work))
        return await future

    async def wipe(self) -> None:
        """Delete every row of every table except the schema marker."""

        async def delete_all(session: AsyncSession) -> None:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name != MetaRow.__tablename__:
                    await session.execute(table.delete())

        await self.run(delete_all)

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                results = await self._commit(batch)
            except Exception:
                # One bad unit must not sink the others: replay them one transaction each.
                for job in batch:
                    await self._run_alone(job)
                continue
            for job, result in zip(batch, results, strict=True):
                if not job.future.done():
                    job.future.set_result(result)

    async def _release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            await held.close()

    async def _commit(self, batch: list[_Job]) -> list[Any]:
        if all(job.on_driver is not None for job in batch):
            return await self._commit_on_driver(batch)
        await self._release()  # the session needs the pool's one connection
        async with self._sessions() as session:
            results = [await job.work(session) for job in batch]
            await session.commit()
            return results

    async def _commit_on_driver(self, batch: list[_Job]) -> list[Any]:
        # No SQLAlchemy transaction is begun on this connection: sqlite3 opens one at the
        # first write, and it is committed (or rolled back) here before the connection goes
        # back to the pool.
        if self._held is None:
            self._held = await self.engine.connect()
        connection = self._held
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None, "a checked-out connection always has its driver connection"
        try:
            results = [await job.on_driver(driver) for job in batch if job.on_driver is not None]
            await driver.commit()
        except Exception:
            await driver.rollback()
            await self._release()
            raise
        return results

    async def _run_alone(self, job: _Job) -> None:
        try:
            (result,) = await self._commit([job])
        except Exception as error:
            if not job.future.done():
                job.future.set_exception(error)
        else:
            if not job.future.done():
                job.future.set_result(result)
