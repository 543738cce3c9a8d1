"""Persisting and querying webhook delivery attempts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.models import WebhookDeliveryRow, table
from telephony_emulator.storage.tables import sqlite_time

#: Every column but the autoincremented id, in the order of :data:`_SQLITE_INSERT`.
_COLUMNS = tuple(c.name for c in table(WebhookDeliveryRow).columns if c.name != "id")
_JSON_COLUMNS = frozenset({"request_headers", "response_headers"})
#: The bulk insert as raw SQLite SQL on the aiosqlite connection, like the calls' upsert
#: (storage/tables.py): a webhook attempt is written per delivery, and through SQLAlchemy a
#: batch of them cost several times what the statement itself does.
_SQLITE_INSERT = (
    f"INSERT INTO webhook_delivery ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)
#: Keeps the newest ``?`` attempts (ids grow with every insert).
_SQLITE_PRUNE = (
    "DELETE FROM webhook_delivery WHERE id <= (SELECT MAX(id) FROM webhook_delivery) - ?"
)


@dataclass(frozen=True)
class LedgerFilter:
    account_id: str | None = None
    call_id: str | None = None
    event_type: str | None = None

    def apply(self, query: Select[tuple[WebhookDeliveryRow]]) -> Select[tuple[WebhookDeliveryRow]]:
        if self.account_id is not None:
            query = query.where(WebhookDeliveryRow.account_id == self.account_id)
        if self.call_id is not None:
            query = query.where(WebhookDeliveryRow.call_id == self.call_id)
        if self.event_type is not None:
            query = query.where(WebhookDeliveryRow.event_type == self.event_type)
        return query


async def insert_attempts(
    session: AsyncSession, rows: list[dict[str, Any]], *, keep: int | None = None
) -> None:
    """Bulk insert of attempt rows (the fields of ``webhooks.models.Attempt``); with ``keep``,
    only that many of the newest attempts stay."""
    if not rows:
        return
    connection = await session.connection()
    if connection.dialect.name != "sqlite":
        await connection.execute(insert(table(WebhookDeliveryRow)), rows)
        if keep is not None:
            newest = select(func.max(WebhookDeliveryRow.id)).scalar_subquery()
            await connection.execute(
                delete(table(WebhookDeliveryRow)).where(WebhookDeliveryRow.id <= newest - keep)
            )
        return
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None, "a checked-out connection always has its driver connection"
    await insert_attempts_on_driver(driver, rows, keep=keep)


async def insert_attempts_on_driver(
    driver: Any, rows: list[dict[str, Any]], *, keep: int | None = None
) -> None:
    """:func:`insert_attempts` on the aiosqlite connection itself."""
    if rows:
        await driver.executemany(_SQLITE_INSERT, [_sqlite_values(row) for row in rows])
        if keep is not None:
            await driver.execute(_SQLITE_PRUNE, (keep,))


def _sqlite_values(row: dict[str, Any]) -> tuple[Any, ...]:
    """The values SQLAlchemy would bind: JSON as text (None as ``null``), times as naive UTC."""
    values: list[Any] = []
    for name in _COLUMNS:
        value = row[name]
        if name in _JSON_COLUMNS:
            value = json.dumps(value)
        elif name == "sent_at":
            value = sqlite_time(value)
        values.append(value)
    return tuple(values)


async def list_attempts(
    session: AsyncSession, where: LedgerFilter, *, after_id: int = 0, limit: int = 1000
) -> list[WebhookDeliveryRow]:
    """Oldest first, from the id after ``after_id``."""
    query = where.apply(select(WebhookDeliveryRow)).where(WebhookDeliveryRow.id > after_id)
    return list(await session.scalars(query.order_by(WebhookDeliveryRow.id).limit(limit)))


async def delete_attempts(session: AsyncSession, where: LedgerFilter) -> int:
    ids = where.apply(select(WebhookDeliveryRow.id))
    result = await session.execute(
        delete(WebhookDeliveryRow).where(WebhookDeliveryRow.id.in_(ids.scalar_subquery()))
    )
    return int(getattr(result, "rowcount", 0) or 0)
