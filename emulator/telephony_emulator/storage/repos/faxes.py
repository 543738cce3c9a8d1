"""Persisting RingCentral message-store records and their attachment bytes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.models import RingCentralAttachmentRow, RingCentralMessageRow, table
from telephony_emulator.storage.repos.json_rows import load_all, upsert_data


async def upsert_messages(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new records and overwrite the data of known ones."""
    await upsert_data(session, RingCentralMessageRow, rows)


async def insert_message(
    session: AsyncSession, row: dict[str, Any], contents: dict[str, bytes]
) -> None:
    """A new record with the bytes of its attachments (by attachment id)."""
    await upsert_messages(session, [row])
    if contents:
        await session.execute(
            table(RingCentralAttachmentRow).insert(),
            [
                {"id": key, "message_id": row["id"], "content": value}
                for key, value in contents.items()
            ],
        )


async def load_messages(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored record as a row mapping, oldest first."""
    return await load_all(session, RingCentralMessageRow, RingCentralMessageRow.created_at)


async def attachment_content(session: AsyncSession, attachment_id: str) -> bytes | None:
    result = await session.execute(
        select(RingCentralAttachmentRow.content).where(RingCentralAttachmentRow.id == attachment_id)
    )
    return result.scalar_one_or_none()


async def delete_contents(session: AsyncSession, message_id: str) -> None:
    """Drop a record's attachment bytes (the record is purged)."""
    await session.execute(
        delete(RingCentralAttachmentRow).where(RingCentralAttachmentRow.message_id == message_id)
    )
