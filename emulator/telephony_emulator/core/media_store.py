"""Files an account uploads (or receives) to attach to messages: bytes with a content type."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta

from telephony_emulator.core.memory_store import MemoryStore
from telephony_emulator.core.repositories import Repository


@dataclass(eq=False)
class MediaItem:
    id: str  # "<account id>/<name>": unique across accounts
    account_id: str
    name: str
    content_type: str
    content: bytes
    uploaded_at: datetime
    cache_control: str | None = None
    removed: bool = False
    seq: int = 0


def media_key(account_id: str, name: str) -> str:
    return f"{account_id}/{name}"


class MediaStore(MemoryStore[MediaItem]):
    """Every account's media, served from memory; uploads and deletes wait for their commit.

    Names are the account's own (slashes allowed); an upload overwrites the same name. Items
    expire after ``retention``; a deleted item stays as an empty tombstone, so the deletion
    is stored like any other change.
    """

    def __init__(self, repository: Repository[MediaItem], retention: timedelta) -> None:
        super().__init__(repository)
        self.retention = retention

    async def load(self) -> None:
        await self.load_items()

    def put(
        self,
        account_id: str,
        name: str,
        content_type: str,
        content: bytes,
        now: datetime,
        cache_control: str | None = None,
    ) -> Awaitable[None]:
        """Store (or overwrite) ``name``; the result completes when that has committed."""
        item = self._by_id.get(media_key(account_id, name))
        if item is None:
            item = MediaItem(media_key(account_id, name), account_id, name, content_type, b"", now)
            self._number(item)
        item.content_type, item.content, item.uploaded_at = content_type, content, now
        item.cache_control, item.removed = cache_control, False
        return asyncio.ensure_future(self._write(item, awaited=True))

    def find(
        self, account_id: str, name: str, now: datetime, retention: timedelta | None = None
    ) -> MediaItem | None:
        """The live item called ``name``: not deleted, not expired (a surface may keep media
        for another ``retention`` than the store's)."""
        item = self._by_id.get(media_key(account_id, name))
        return item if item is not None and self._live(item, now, retention) else None

    def listing(
        self, account_id: str, now: datetime, retention: timedelta | None = None
    ) -> list[MediaItem]:
        """The account's live items, by name."""
        items = [item for item in self.of_account(account_id) if self._live(item, now, retention)]
        return sorted(items, key=lambda item: item.name)

    def delete(
        self, account_id: str, name: str, now: datetime, retention: timedelta | None = None
    ) -> Awaitable[None] | None:
        """Remove ``name``; None when there is no such live item, else the commit to wait for."""
        item = self.find(account_id, name, now, retention)
        if item is None:
            return None
        item.removed, item.content = True, b""
        return asyncio.ensure_future(self._write(item, awaited=True))

    def _live(self, item: MediaItem, now: datetime, retention: timedelta | None) -> bool:
        kept = self.retention if retention is None else retention
        return not item.removed and now - item.uploaded_at < kept
