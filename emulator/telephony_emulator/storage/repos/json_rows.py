"""Tables whose changing state is one JSON ``data`` column: bulk upsert by id, load them all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from telephony_emulator.storage.models import Base, table


async def upsert_data(session: AsyncSession, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert new rows and overwrite the ``data`` of known ones (the other columns never change)."""
    if not rows:
        return
    statement = sqlite_insert(table(model))
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_={"data": statement.excluded.data}
    )
    await session.execute(statement, rows)


async def load_all(
    session: AsyncSession, model: type[Base], order_by: InstrumentedAttribute[Any]
) -> list[dict[str, Any]]:
    """Every row as a mapping, in ``order_by`` order."""
    result = await session.execute(select(table(model)).order_by(order_by))
    return [dict(row) for row in result.mappings()]
