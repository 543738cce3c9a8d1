"""Persisting conferences (upserts in bulk) and loading them back."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.storage.models import ConferenceRow
from telephony_emulator.storage.repos.json_rows import load_all, upsert_data


async def upsert_conferences(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert new conferences and overwrite the state of known ones."""
    await upsert_data(session, ConferenceRow, rows)


async def load_conferences(session: AsyncSession) -> list[dict[str, Any]]:
    """Every stored conference as a row mapping, oldest first."""
    return await load_all(session, ConferenceRow, ConferenceRow.created_at)
