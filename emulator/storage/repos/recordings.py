"""Persisting recording metadata (upserts in bulk) and loading it back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from emulator.storage.models import RecordingRow, table


async def upsert_recordings(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new recordings and overwrite the metadata of known ones."""
    if not rows:
        return
    statement = sqlite_insert(table(RecordingRow))
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"data": statement.excluded.data}
    )
    await session.execute(statement, rows)


async def load_recordings(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored recording as a row mapping, oldest first."""
    result = await session.execute(select(table(RecordingRow)).order_by(RecordingRow.started_at))
    return [dict(row) for row in result.mappings()]
