"""The webhook ledger: every delivery attempt, queryable by tests and people."""

from __future__ import annotations

from emulator.storage.db import Database
from emulator.storage.models import WebhookDeliveryRow
from emulator.storage.repos import ledger as repo
from emulator.storage.repos.ledger import LedgerFilter
from emulator.webhooks.models import Attempt


class Ledger:
    """Writes attempts through the database's group commit; reads them back in order."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, attempt: Attempt) -> int:
        return await self._db.run(lambda session: repo.insert_attempt(session, attempt))

    async def list(
        self, where: LedgerFilter, *, after_id: int = 0, limit: int = 1000
    ) -> list[WebhookDeliveryRow]:
        return await self._db.run(
            lambda session: repo.list_attempts(session, where, after_id=after_id, limit=limit)
        )

    async def clear(self, where: LedgerFilter) -> int:
        return await self._db.run(lambda session: repo.delete_attempts(session, where))
