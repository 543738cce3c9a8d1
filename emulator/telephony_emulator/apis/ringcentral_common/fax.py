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
from typing import Any, Protocol

from telephony_emulator.core.memory_store import MemoryStore
from telephony_emulator.core.repositories import Repository


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


class FaxRepository(Repository[FaxMessage], Protocol):
    """Fax messages and, apart from them, their attachments' bytes."""

    async def add(self, message: FaxMessage, contents: dict[str, bytes]) -> None:
        """Store a new message with its attachments' bytes (by attachment id), committed."""
        ...

    async def content(self, attachment_id: str) -> bytes | None: ...

    async def delete_contents(self, message_id: str) -> None: ...


class FaxStore(MemoryStore[FaxMessage]):
    """Every fax, served from memory; the database holds records and attachment bytes."""

    def __init__(self, repository: FaxRepository) -> None:
        super().__init__(repository)
        self.faxes = repository

    async def load(self) -> list[FaxMessage]:
        """Index the stored faxes; returns them, oldest first."""
        return await self.load_items()

    async def add(self, message: FaxMessage, contents: dict[str, bytes]) -> None:
        """Store a new fax with its attachments' bytes; returns once both are durable."""
        self._number(message)
        await self.faxes.add(message, contents)

    def changed(self, message: FaxMessage, now: datetime) -> None:
        message.modified_at = now
        self._write(message)

    async def purge(self, message: FaxMessage, now: datetime) -> None:
        """The record stays (purged) but its attachments' bytes are dropped."""
        message.availability = Availability.PURGED
        self.changed(message, now)
        await self.faxes.delete_contents(message.id)

    async def content(self, attachment_id: str) -> bytes | None:
        return await self.faxes.content(attachment_id)
