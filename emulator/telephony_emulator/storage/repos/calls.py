"""Persisting call legs (upserts in bulk) and loading them back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.models import CallRow, table

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


def _sqlite_time(value: datetime | None) -> str | None:
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
                _sqlite_time(row["created_at"]),
                _sqlite_time(row["ended_at"]),
                json.dumps(row["data"], separators=(",", ":")),
            )
            for row in rows
        ],
    )


async def load_calls(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored call as a row mapping, in creation order."""
    result = await session.execute(select(table(CallRow)).order_by(CallRow.created_at))
    return [dict(row) for row in result.mappings()]
