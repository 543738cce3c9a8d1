"""Write-behind: a flush that fails leaves its rows dirty, so a later flush writes them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from telephony_emulator.storage import write_behind
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.models import MetaRow
from telephony_emulator.storage.write_behind import WriteBehind


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write_behind, "RETRY_SECONDS", 0.001)


class FlakyFlush:
    """Inserts meta rows, failing the first ``failures`` flushes; remembers what it was given.

    The database replays a failed unit once on its own, so a flush counts by its batch (the
    same list both times), not by call.
    """

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.batches: list[list[dict[str, Any]]] = []

    async def __call__(self, session: AsyncSession, rows: list[dict[str, Any]]) -> None:
        place = next((i for i, seen in enumerate(self.batches) if seen is rows), None)
        if place is None:
            place = len(self.batches)
            self.batches.append(rows)
        if place < self.failures:
            raise RuntimeError("disk on fire")
        await session.execute(insert(MetaRow), rows)


async def stored(database: Database) -> dict[str, str]:
    async def read(session: AsyncSession) -> dict[str, str]:
        return {row.key: row.value for row in await session.scalars(select(MetaRow))}

    found = await database.run(read)
    found.pop("schema_version")
    return found


async def test_a_failed_flush_is_written_by_the_next(database: Database) -> None:
    flush = FlakyFlush(failures=1)
    writer = WriteBehind(database, flush)
    batch = writer.put("k", lambda: {"key": "k", "value": "v"})
    with pytest.raises(RuntimeError, match="disk on fire"):
        await batch
    await writer.drain()
    assert len(flush.batches) == 2
    assert await stored(database) == {"k": "v"}


async def test_a_row_changed_after_the_failure_keeps_its_latest_version(
    database: Database,
) -> None:
    flush = FlakyFlush(failures=1)
    writer = WriteBehind(database, flush)
    versions = iter(["old", "new"])
    value = next(versions)
    first = writer.put("k", lambda: {"key": "k", "value": value})
    with pytest.raises(RuntimeError):
        await first
    value = next(versions)
    await writer.put("k", lambda: {"key": "k", "value": value})
    await writer.drain()
    assert await stored(database) == {"k": "new"}


async def test_a_row_that_keeps_failing_is_given_up(database: Database) -> None:
    flush = FlakyFlush(failures=1000)
    writer = WriteBehind(database, flush)
    writer.put("k", lambda: {"key": "k", "value": "v"})
    await writer.drain()
    assert len(flush.batches) == write_behind.MAX_ATTEMPTS
    assert await stored(database) == {}
    flush.failures = 0
    await writer.put("other", lambda: {"key": "other", "value": "w"})
    assert await stored(database) == {"other": "w"}


async def test_a_drain_does_not_wait_out_a_long_coalescing_window(database: Database) -> None:
    writer = WriteBehind(database, FlakyFlush(failures=0), coalesce=3600)
    writer.put("k", lambda: {"key": "k", "value": "v"})
    await asyncio.wait_for(writer.drain(), 30)  # an hour's window would outlast this bound
    assert await stored(database) == {"k": "v"}


async def test_rows_flushed_on_the_driver_are_written(database: Database) -> None:
    async def on_driver(driver: Any, rows: list[dict[str, Any]]) -> None:
        await driver.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)", [(r["key"], r["value"]) for r in rows]
        )

    writer = WriteBehind(database, FlakyFlush(failures=1000), on_driver)
    await asyncio.gather(
        writer.put("a", lambda: {"key": "a", "value": "1"}),
        writer.put("b", lambda: {"key": "b", "value": "2"}),
    )
    assert await stored(database) == {"a": "1", "b": "2"}
