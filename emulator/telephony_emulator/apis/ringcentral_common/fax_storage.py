"""How fax messages are stored: their codec and repository on the generic storage layer."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.apis.ringcentral_common.fax import (
    Availability,
    FaxAttachment,
    FaxMessage,
    FaxRecipient,
)
from telephony_emulator.iso_time import from_stored, to_stored
from telephony_emulator.storage import tables
from telephony_emulator.storage.codecs import Row
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.repository import Repository


class FaxCodec:
    """The ``ringcentral_message`` table's row (attachment bytes are stored apart)."""

    def to_row(self, message: FaxMessage) -> Row:
        return {
            "id": message.id,
            "account_id": message.account_id,
            "created_at": message.created_at,
            "data": {
                "seq": message.seq,
                "origin": message.origin,
                "from_number": message.from_number,
                "recipients": [recipient.to_data() for recipient in message.recipients],
                "attachments": [attachment.to_data() for attachment in message.attachments],
                "resolution": message.resolution,
                "modified_at": to_stored(message.modified_at),
                "cover_index": message.cover_index,
                "cover_page_text": message.cover_page_text,
                "send_at": to_stored(message.send_at),
                "read_status": message.read_status,
                "availability": message.availability.value,
                "cancelled": message.cancelled,
            },
        }

    def from_row(self, row: Row) -> FaxMessage:
        data = row["data"]
        send_at = data.get("send_at")
        return FaxMessage(
            id=row["id"],
            account_id=row["account_id"],
            origin=data["origin"],
            from_number=data["from_number"],
            recipients=[FaxRecipient.from_data(item) for item in data["recipients"]],
            attachments=[FaxAttachment.from_data(item) for item in data["attachments"]],
            resolution=data["resolution"],
            created_at=row["created_at"],
            modified_at=from_stored(data["modified_at"]),
            cover_index=data.get("cover_index"),
            cover_page_text=data.get("cover_page_text"),
            send_at=from_stored(send_at),
            read_status=data.get("read_status", "Unread"),
            availability=Availability(data.get("availability", "Alive")),
            cancelled=bool(data.get("cancelled")),
            seq=int(data.get("seq", 0)),
        )

    def key(self, message: FaxMessage) -> str:
        return message.id


FAX = FaxCodec()


class StoredFaxRepository(Repository[FaxMessage]):
    """Fax messages, and their attachments' bytes (written at once, never written behind)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, tables.FAX_MESSAGES, FAX)

    async def add(self, message: FaxMessage, contents: dict[str, bytes]) -> None:
        row = FAX.to_row(message)

        async def write(session: AsyncSession) -> None:
            await tables.FAX_MESSAGES.upsert(session, [row])
            await tables.insert_contents(session, message.id, contents)

        await self._db.run(write)

    async def content(self, attachment_id: str) -> bytes | None:
        return await self._db.run(lambda session: tables.attachment_content(session, attachment_id))

    async def delete_contents(self, message_id: str) -> None:
        await self._db.run(lambda session: tables.delete_contents(session, message_id))
