"""Fixtures of the unit tests: a started in-memory database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telephony_emulator.storage.db import Database, make_engine


@pytest.fixture
async def database() -> AsyncIterator[Database]:
    """An empty in-memory database behind the one writer, closed after the test."""
    db = Database(make_engine("sqlite+aiosqlite://"))
    await db.start()
    try:
        yield db
    finally:
        await db.close()
