"""Persisting and querying webhook delivery attempts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.models import WebhookDeliveryRow, table


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
    """Core bulk insert of attempt rows (the fields of ``webhooks.models.Attempt``); with
    ``keep``, only that many of the newest attempts stay."""
    connection = await session.connection()
    await connection.execute(insert(table(WebhookDeliveryRow)), rows)
    if keep is not None:
        newest = select(func.max(WebhookDeliveryRow.id)).scalar_subquery()
        await connection.execute(
            delete(table(WebhookDeliveryRow)).where(WebhookDeliveryRow.id <= newest - keep)
        )


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
