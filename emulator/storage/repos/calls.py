"""Persisting call legs (upserts in bulk) and loading them back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from emulator.storage.models import CallRow, table

_UPDATED = ("state", "parent_call_id", "ended_at", "data")


async def upsert_calls(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new calls and overwrite the mutable columns of known ones, in one statement."""
    if not rows:
        return
    statement = sqlite_insert(table(CallRow))
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={name: statement.excluded[name] for name in _UPDATED}
    )
    connection = await session.connection()
    await connection.execute(statement, rows)


async def load_calls(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored call as a row mapping, in creation order."""
    result = await session.execute(select(table(CallRow)).order_by(CallRow.created_at))
    return [dict(row) for row in result.mappings()]
