"""Each stored resource's table: how a batch of rows is upserted and how all are read back.

Calls, recordings, conferences and faxes are written behind in bulk (storage/repository.py);
every table here upserts by ``id`` in one statement per batch.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from telephony_emulator.storage.models import (
    Base,
    CallRow,
    CatapultDomainRow,
    CatapultEndpointRow,
    CatapultErrorRow,
    CatapultMessageRow,
    CatapultNumberRow,
    CatapultTransactionRow,
    ConferenceRow,
    MediaRow,
    MessageRow,
    RecordingRow,
    RingCentralAttachmentRow,
    RingCentralMessageRow,
    WebhookDeliveryRow,
    table,
)

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Table:
    """A resource's table: ``upsert(session, rows)`` writes a batch, ``load(session)`` reads all.

    ``upsert_on_driver(driver, rows)``, when given, is the same write on the SQLite driver's
    connection, which SQLite databases use instead (storage/db.py ``run_on_driver``).
    """

    name: str
    upsert: Callable[[AsyncSession, Rows], Awaitable[None]]
    load: Callable[[AsyncSession], Awaitable[Rows]]
    upsert_on_driver: Callable[[Any, Rows], Awaitable[None]] | None = None


# -- calls: the hot path, upserted with raw SQLite SQL ------------------------------------

_COLUMNS = (
    "id",
    "account_id",
    "surface",
    "direction",
    "from_number",
    "to_number",
    "state",
    "parent_call_id",
    "created_at",
    "ended_at",
    "data",
)
_UPDATED = ("state", "parent_call_id", "ended_at", "data")
#: The same upsert as raw SQLite SQL, run on the aiosqlite connection itself: one hop to the
#: driver thread instead of three and no per-parameter processing, and createCall waits for
#: its batch (DESIGN.md "Performance"). It joins the session's transaction (same connection).
_SQLITE_UPSERT = (
    f"INSERT INTO call ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _UPDATED)}"
)


@cache
def _upsert() -> Insert:
    """Built once: constructing the ON CONFLICT clause costs more than running it."""
    statement = sqlite_insert(table(CallRow))
    return statement.on_conflict_do_update(
        index_elements=["id"], set_={name: statement.excluded[name] for name in _UPDATED}
    )


def sqlite_time(value: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite DateTime stores (naive UTC), so loading reads it back."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


async def upsert_calls(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new calls and overwrite the mutable columns of known ones, in one statement."""
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        await connection.execute(_upsert(), rows)
        return
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None, "a checked-out connection always has its driver connection"
    await upsert_calls_on_driver(driver, rows)


async def upsert_calls_on_driver(driver: Any, rows: list[dict[str, Any]]) -> None:
    """:func:`upsert_calls` on the aiosqlite connection itself."""
    if not rows:
        return
    await driver.executemany(
        _SQLITE_UPSERT,
        [
            (
                row["id"],
                row["account_id"],
                row["surface"],
                row["direction"],
                row["from_number"],
                row["to_number"],
                row["state"],
                row["parent_call_id"],
                sqlite_time(row["created_at"]),
                sqlite_time(row["ended_at"]),
                json.dumps(row["data"], separators=(",", ":")),
            )
            for row in rows
        ],
    )


async def load_calls(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored call as a row mapping, in creation order."""
    result = await session.execute(select(table(CallRow)).order_by(CallRow.created_at))
    return [dict(row) for row in result.mappings()]


async def load_call_window(
    session: AsyncSession, *, keep_ended: int, after: datetime
) -> list[dict[str, Any]]:
    """The calls not ended and the ``keep_ended`` last ended after ``after``, in creation
    order."""
    calls = table(CallRow)
    ended = (
        select(calls.c.id)
        .where(calls.c.ended_at.is_not(None), calls.c.ended_at > after)
        .order_by(calls.c.ended_at.desc())
        .limit(keep_ended)
    )
    statement = (
        select(calls)
        .where(calls.c.ended_at.is_(None) | calls.c.id.in_(ended))
        .order_by(calls.c.created_at)
    )
    return [dict(row) for row in (await session.execute(statement)).mappings()]


async def find_call(session: AsyncSession, *, call_id: str) -> dict[str, Any] | None:
    row = (await session.execute(select(table(CallRow)).where(CallRow.id == call_id))).mappings()
    found = row.first()
    return None if found is None else dict(found)


async def delete_calls_ended_before(session: AsyncSession, *, cutoff: datetime) -> int:
    """Delete the calls ended before ``cutoff`` and their webhook ledger entries."""
    calls = table(CallRow)
    expired = select(calls.c.id).where(calls.c.ended_at.is_not(None), calls.c.ended_at < cutoff)
    ledger = table(WebhookDeliveryRow)
    await session.execute(delete(ledger).where(ledger.c.call_id.in_(expired)))
    result = await session.execute(delete(calls).where(calls.c.id.in_(expired)))
    return int(getattr(result, "rowcount", 0) or 0)


# -- tables whose changing state is one JSON ``data`` column ------------------------------


def _json_table(model: type[Base], order_by: InstrumentedAttribute[Any]) -> Table:
    async def upsert(session: AsyncSession, rows: Rows) -> None:
        """Insert new rows and overwrite the ``data`` of known ones (other columns never change)."""
        if not rows:
            return
        statement = sqlite_insert(table(model))
        statement = statement.on_conflict_do_update(
            index_elements=["id"], set_={"data": statement.excluded.data}
        )
        await session.execute(statement, rows)

    async def load(session: AsyncSession) -> Rows:
        result = await session.execute(select(table(model)).order_by(order_by))
        return [dict(row) for row in result.mappings()]

    return Table(table(model).name, upsert, load)


CALLS = Table("call", upsert_calls, load_calls, upsert_calls_on_driver)
RECORDINGS = _json_table(RecordingRow, RecordingRow.started_at)
CONFERENCES = _json_table(ConferenceRow, ConferenceRow.created_at)
FAX_MESSAGES = _json_table(RingCentralMessageRow, RingCentralMessageRow.created_at)
CATAPULT_NUMBERS = _json_table(CatapultNumberRow, CatapultNumberRow.created_at)
CATAPULT_DOMAINS = _json_table(CatapultDomainRow, CatapultDomainRow.created_at)
CATAPULT_ENDPOINTS = _json_table(CatapultEndpointRow, CatapultEndpointRow.created_at)
CATAPULT_TRANSACTIONS = _json_table(CatapultTransactionRow, CatapultTransactionRow.created_at)
CATAPULT_ERRORS = _json_table(CatapultErrorRow, CatapultErrorRow.created_at)
CATAPULT_MESSAGES = _json_table(CatapultMessageRow, CatapultMessageRow.created_at)
_MESSAGE_UPSERT = (
    "INSERT INTO message (id, account_id, created_at, data) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET data = excluded.data"
)


async def _upsert_messages(session: AsyncSession, rows: Rows) -> None:
    """As the JSON tables, but as raw SQLite on the driver like calls: sending a message waits
    for its batch, and this is a third of the cost of the ORM statement."""
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        await _json_table(MessageRow, MessageRow.created_at).upsert(session, rows)
        return
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None, "a checked-out connection always has its driver connection"
    await driver.executemany(
        _MESSAGE_UPSERT,
        [
            (
                row["id"],
                row["account_id"],
                sqlite_time(row["created_at"]),
                json.dumps(row["data"], separators=(",", ":")),
            )
            for row in rows
        ],
    )


MESSAGES = Table(
    table(MessageRow).name,
    _upsert_messages,
    _json_table(MessageRow, MessageRow.created_at).load,
)


async def _upsert_media(session: AsyncSession, rows: Rows) -> None:
    """An upload overwrites the bytes as well as the ``data`` of a known name."""
    if not rows:
        return
    statement = sqlite_insert(table(MediaRow))
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={"content": statement.excluded.content, "data": statement.excluded.data},
    )
    await session.execute(statement, rows)


async def _load_media(session: AsyncSession) -> Rows:
    result = await session.execute(select(table(MediaRow)))
    return [dict(row) for row in result.mappings()]


MEDIA = Table(table(MediaRow).name, _upsert_media, _load_media)


# -- fax attachments' bytes ---------------------------------------------------------------


async def insert_contents(
    session: AsyncSession, message_id: str, contents: dict[str, bytes]
) -> None:
    """The bytes of a new fax's attachments (by attachment id)."""
    if contents:
        await session.execute(
            table(RingCentralAttachmentRow).insert(),
            [
                {"id": key, "message_id": message_id, "content": value}
                for key, value in contents.items()
            ],
        )


async def attachment_content(session: AsyncSession, attachment_id: str) -> bytes | None:
    result = await session.execute(
        select(RingCentralAttachmentRow.content).where(RingCentralAttachmentRow.id == attachment_id)
    )
    return result.scalar_one_or_none()


async def delete_contents(session: AsyncSession, message_id: str) -> None:
    """Drop a message's attachment bytes (the message is purged)."""
    await session.execute(
        delete(RingCentralAttachmentRow).where(RingCentralAttachmentRow.message_id == message_id)
    )
