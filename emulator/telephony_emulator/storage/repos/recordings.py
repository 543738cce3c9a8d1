"""Persisting recording metadata (upserts in bulk) and loading it back."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.models import RecordingRow
from telephony_emulator.storage.repos.json_rows import load_all, upsert_data


async def upsert_recordings(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new recordings and overwrite the metadata of known ones."""
    await upsert_data(session, RecordingRow, rows)


async def load_recordings(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored recording as a row mapping, oldest first."""
    return await load_all(session, RecordingRow, RecordingRow.started_at)
