"""Group commit, the generated inventory, and vendor-shaped ids."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy import insert as core_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telephony_emulator.ids import IdFactory
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.models import (
    AvailableNumberRow,
    MetaRow,
    WebhookDeliveryRow,
    table,
)
from telephony_emulator.storage.repos import ledger
from telephony_emulator.storage.seed import InventoryFixture, generate_inventory


def insert(key: str):  # type: ignore[no-untyped-def]
    async def work(session: AsyncSession) -> str:
        session.add(MetaRow(key=key, value="v"))
        await session.flush()
        return key

    return work


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(MetaRow)) or 0)


async def test_concurrent_writes_are_committed_together(database: Database) -> None:
    results = await asyncio.gather(*(database.run(insert(f"k{i}")) for i in range(50)))
    assert results == [f"k{i}" for i in range(50)]
    assert await database.run(count) == 51  # plus the schema version row


async def test_a_failing_unit_does_not_sink_its_batch(database: Database) -> None:
    outcomes = await asyncio.gather(
        database.run(insert("a")),
        database.run(insert("schema_version")),  # duplicate key
        database.run(insert("b")),
        return_exceptions=True,
    )
    assert outcomes[0] == "a"
    assert isinstance(outcomes[1], IntegrityError)
    assert outcomes[2] == "b"
    assert await database.run(count) == 3


async def test_wipe_empties_the_tables_but_keeps_the_schema_marker(database: Database) -> None:
    rows = generate_inventory(InventoryFixture(seed=1, local=3, toll_free=0))

    async def add(session: AsyncSession) -> None:
        session.add_all(rows)

    async def numbers(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(AvailableNumberRow)) or 0)

    await database.run(add)
    assert await database.run(numbers) == 3
    await database.wipe()
    assert await database.run(numbers) == 0
    assert await database.run(count) == 1


ATTEMPT: dict[str, Any] = {
    "delivery_id": "d1",
    "account_id": "9900000",
    "call_id": None,
    "surface": "bandwidth_v2",
    "event_type": "answer",
    "target": "primary",
    "attempt": 1,
    "url": "http://127.0.0.1:9/answer?x=\u00e9",
    "method": "POST",
    "request_headers": {"Content-Type": "application/json", "X-\u00fc": "1"},
    "request_body": "{}",
    "response_status": None,
    "response_headers": None,
    "response_body": None,
    "latency_ms": 1.5,
    "outcome": "delivered",
    "error": None,
    "sent_at": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
}


async def test_ledger_rows_are_stored_as_sqlalchemy_would_store_them(database: Database) -> None:
    rows = [ATTEMPT, {**ATTEMPT, "response_status": 200, "response_headers": {"A": "b"}}]

    async def through_sqlalchemy(session: AsyncSession) -> None:
        await session.execute(core_insert(table(WebhookDeliveryRow)), rows)

    async def stored(session: AsyncSession) -> list[tuple[Any, ...]]:
        result = await session.execute(text("SELECT * FROM webhook_delivery ORDER BY id"))
        return [tuple(row)[1:] for row in result.all()]  # without the id

    await database.run(through_sqlalchemy)
    await database.run(lambda session: ledger.insert_attempts(session, rows))
    first, second = (await database.run(stored))[:2], (await database.run(stored))[2:]
    assert first == second
    read = await database.run(lambda s: ledger.list_attempts(s, ledger.LedgerFilter()))
    assert [r.response_headers for r in read] == [None, {"A": "b"}] * 2
    assert {r.sent_at for r in read} == {ATTEMPT["sent_at"]}


def test_inventory_is_the_same_for_the_same_seed() -> None:
    spec = InventoryFixture(seed=5, local=40, toll_free=10)
    first, again = generate_inventory(spec), generate_inventory(spec)
    assert [(r.number, r.city, r.state, r.zip_code) for r in first] == [
        (r.number, r.city, r.state, r.zip_code) for r in again
    ]
    local = [r for r in first if r.number_type == "local"]
    toll_free = [r for r in first if r.number_type == "tollFree"]
    assert (len(local), len(toll_free)) == (40, 10)
    assert all(re.fullmatch(r"\+1[2-9]\d{2}[2-9]\d{6}", r.number) for r in local)
    assert all(
        r.number[2:5] in {"800", "833", "844", "855", "866", "877", "888"} for r in toll_free
    )
    other = generate_inventory(InventoryFixture(seed=6, local=40, toll_free=10))
    assert {r.number for r in other} != {r.number for r in first}


def test_ids_have_vendor_shapes_and_repeat_per_seed() -> None:
    ids = IdFactory(3)
    call_id = ids.bandwidth_id("c")
    assert re.fullmatch(
        r"c-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
        r"[0-9a-f]{12}",
        call_id,
    )
    assert re.fullmatch(r"u-[a-z2-7]{23}", ids.catapult_id("u"))
    ids.reseed()
    assert ids.bandwidth_id("c") == call_id
    assert IdFactory(4).bandwidth_id("c") != call_id


def insert_on_driver(key: str):  # type: ignore[no-untyped-def]
    async def work(driver: Any) -> str:
        await driver.execute("INSERT INTO meta (key, value) VALUES (?, 'v')", (key,))
        return key

    return work


async def test_driver_work_commits_alone_or_beside_session_work(database: Database) -> None:
    assert database.sqlite
    only_driver = await asyncio.gather(
        *(database.run_on_driver(insert_on_driver(f"d{i}")) for i in range(5))
    )
    mixed = await asyncio.gather(
        database.run_on_driver(insert_on_driver("m1")),
        database.run(insert("m2")),
        database.run_on_driver(insert_on_driver("m3")),
    )
    assert only_driver == [f"d{i}" for i in range(5)]
    assert mixed == ["m1", "m2", "m3"]
    assert await database.run(count) == 9  # plus the schema version row


async def test_failing_driver_work_is_rolled_back_and_does_not_sink_its_batch(
    database: Database,
) -> None:
    outcomes = await asyncio.gather(
        database.run_on_driver(insert_on_driver("a")),
        database.run_on_driver(insert_on_driver("schema_version")),  # duplicate key
        database.run_on_driver(insert_on_driver("b")),
        return_exceptions=True,
    )
    assert outcomes[0] == "a"
    assert isinstance(outcomes[1], Exception)
    assert outcomes[2] == "b"
    assert await database.run(count) == 3
