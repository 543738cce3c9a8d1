"""Outbound faxes as RingCentral message-store records, and the store that keeps them.

A fax is one message with one or more recipients; each recipient's transmission is a call
(core/fax_sending.py). The message's status aggregates the recipients' (reference
ringcentral.md §2.4): any ``Queued`` makes it ``Queued``, else any ``SendingFailed`` makes it
``SendingFailed``, else it is ``Sent``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telephony_emulator.iso_time import from_stored, to_stored
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.memory_store import MemoryStore
from telephony_emulator.storage.repos import faxes as fax_repo


class MessageStatus(enum.StrEnum):
    QUEUED = "Queued"
    SENT = "Sent"
    SENDING_FAILED = "SendingFailed"


class Availability(enum.StrEnum):
    ALIVE = "Alive"
    DELETED = "Deleted"
    PURGED = "Purged"


#: The spec's FaxErrorCodeEnum values the emulator produces.
LINE_BUSY = "LineBusy"
NO_ANSWER = "NoAnswer"
CALL_DECLINED = "CallDeclined"
NO_FAX_MACHINE = "NoFaxMachine"
CALLER_HUNG_UP = "CallerHungUp"
SENT_PARTIALLY = "SentPartially"
CALL_FAILED = "CallFailed"
INTERNATIONAL_DISABLED = "InternationalDisabled"
PROHIBITED_NUMBER = "ProhibitedNumber"
RENDERING_FAILED = "RenderingFailed"
INTERNAL_ERROR = "InternalError"


@dataclass(eq=False)
class FaxRecipient:
    """One destination of a fax and how its transmission went."""

    id: str
    phone_number: str
    name: str | None = None
    status: MessageStatus = MessageStatus.QUEUED
    error_code: str | None = None
    #: The engine call that carries the transmission, once dialled.
    call_id: str | None = None
    pages_sent: int = 0

    def fail(self, error_code: str | None) -> None:
        self.status = MessageStatus.SENDING_FAILED
        self.error_code = error_code

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "phone_number": self.phone_number,
            "name": self.name,
            "status": self.status.value,
            "error_code": self.error_code,
            "call_id": self.call_id,
            "pages_sent": self.pages_sent,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FaxRecipient:
        return cls(
            id=data["id"],
            phone_number=data["phone_number"],
            name=data.get("name"),
            status=MessageStatus(data["status"]),
            error_code=data.get("error_code"),
            call_id=data.get("call_id"),
            pages_sent=int(data.get("pages_sent", 0)),
        )


@dataclass(frozen=True)
class FaxAttachment:
    """An uploaded document; its bytes live in the database only."""

    id: str
    file_name: str
    content_type: str
    size: int
    pages: int | None  # None: it could not be rendered

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file_name": self.file_name,
            "content_type": self.content_type,
            "size": self.size,
            "pages": self.pages,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FaxAttachment:
        return cls(**data)


@dataclass(eq=False)
class FaxMessage:
    """One outbound fax. ``origin`` is the surface that took it (REST or the legacy page)."""

    id: str
    account_id: str
    origin: str
    from_number: str
    recipients: list[FaxRecipient]
    attachments: list[FaxAttachment]
    resolution: str
    created_at: datetime
    modified_at: datetime
    cover_index: int | None = None
    cover_page_text: str | None = None
    send_at: datetime | None = None
    read_status: str = "Unread"
    availability: Availability = Availability.ALIVE
    #: Set when the fax was cancelled (deleted while queued): its recipients were not served.
    cancelled: bool = False
    seq: int = 0

    @property
    def status(self) -> MessageStatus:
        statuses = {recipient.status for recipient in self.recipients}
        if MessageStatus.QUEUED in statuses:
            return MessageStatus.QUEUED
        if MessageStatus.SENDING_FAILED in statuses:
            return MessageStatus.SENDING_FAILED
        return MessageStatus.SENT

    @property
    def page_count(self) -> int | None:
        """Pages to transmit (the documents'; cover pages not counted), None if unrenderable."""
        pages = [attachment.pages for attachment in self.attachments]
        if not pages or any(count is None for count in pages):
            return None
        return sum(count for count in pages if count is not None)

    def recipient(self, recipient_id: str) -> FaxRecipient | None:
        return next((r for r in self.recipients if r.id == recipient_id), None)

    def attachment(self, attachment_id: str) -> FaxAttachment | None:
        return next((a for a in self.attachments if a.id == attachment_id), None)

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "account_id": self.account_id,
            "created_at": self.created_at,
            "data": {
                "seq": self.seq,
                "origin": self.origin,
                "from_number": self.from_number,
                "recipients": [recipient.to_data() for recipient in self.recipients],
                "attachments": [attachment.to_data() for attachment in self.attachments],
                "resolution": self.resolution,
                "modified_at": to_stored(self.modified_at),
                "cover_index": self.cover_index,
                "cover_page_text": self.cover_page_text,
                "send_at": to_stored(self.send_at),
                "read_status": self.read_status,
                "availability": self.availability.value,
                "cancelled": self.cancelled,
            },
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> FaxMessage:
        data = row["data"]
        send_at = data.get("send_at")
        return cls(
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


class FaxStore(MemoryStore[FaxMessage]):
    """Every fax, served from memory; the database holds records and attachment bytes."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, fax_repo.upsert_messages, fax_repo.load_messages, FaxMessage.from_row)

    async def load(self) -> list[FaxMessage]:
        """Index the stored faxes; returns them, oldest first."""
        return await self.load_items()

    async def add(self, message: FaxMessage, contents: dict[str, bytes]) -> None:
        """Store a new fax with its attachments' bytes; returns once both are durable."""
        self._number(message)
        row = message.to_row()
        await self._db.run(lambda session: fax_repo.insert_message(session, row, contents))

    def changed(self, message: FaxMessage, now: datetime) -> None:
        message.modified_at = now
        self._write(message)

    async def purge(self, message: FaxMessage, now: datetime) -> None:
        """The record stays (purged) but its attachments' bytes are dropped."""
        message.availability = Availability.PURGED
        self.changed(message, now)
        await self._db.run(lambda session: fax_repo.delete_contents(session, message.id))

    async def content(self, attachment_id: str) -> bytes | None:
        return await self._db.run(
            lambda session: fax_repo.attachment_content(session, attachment_id)
        )
