"""Text and multimedia messages: the neutral model, each recipient's delivery state, the store."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from telephony_emulator.core.memory_store import MemoryStore
from telephony_emulator.core.repositories import Repository


class MessageDirection(enum.StrEnum):
    OUTBOUND = "out"
    INBOUND = "in"


class MessageKind(enum.StrEnum):
    SMS = "sms"
    MMS = "mms"


class DeliveryStatus(enum.StrEnum):
    """Where one recipient's copy is: accepted, handed to the carrier, or at an end."""

    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    RECEIVED = "received"  # an inbound message, at the owned number

    @property
    def final(self) -> bool:
        return self in (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.RECEIVED)


class FailureReason(enum.StrEnum):
    """Why a copy was not delivered; each surface maps these onto its error codes."""

    UNREACHABLE = "unreachable"  # the handset or its messaging service is not reachable
    CARRIER_REJECTED = "carrier_rejected"  # the destination carrier refused, no reason given
    SPAM = "spam"  # the carrier blocked it as spam
    OPTED_OUT = "opted_out"  # the recipient opted out of this sender
    INVALID_DESTINATION = "invalid_destination"  # not a number that can receive messages
    EXPIRED = "expired"  # its expiration passed before it could be delivered
    MEDIA_UNAVAILABLE = "media_unavailable"  # an attachment could not be fetched
    INTERRUPTED = "interrupted"  # the emulator stopped while it was in flight


@dataclass(eq=False)
class Recipient:
    number: str
    status: DeliveryStatus
    failure: FailureReason | None = None
    updated_at: datetime | None = None


@dataclass(eq=False)
class Message:
    """One message from one address to one or more recipients, each with its own delivery state
    (a group message can reach some and fail for others); surfaces word states and reasons.

    ``owner`` is the account's own address in it: the sender of an outbound message, the
    receiving number of an inbound one.
    """

    id: str
    account_id: str
    surface: str
    direction: MessageDirection
    from_: str
    owner: str
    recipients: list[Recipient]
    created_at: datetime
    segments: int
    application_id: str | None = None
    text: str = ""
    media: tuple[str, ...] = ()
    tag: str | None = None
    priority: str = "default"
    expiration: datetime | None = None
    seq: int = 0

    @property
    def to(self) -> list[str]:
        return [recipient.number for recipient in self.recipients]

    @property
    def kind(self) -> MessageKind:
        return MessageKind.MMS if self.media else MessageKind.SMS

    @property
    def settled(self) -> bool:
        """Every recipient's copy is at an end."""
        return all(recipient.status.final for recipient in self.recipients)

    def recipient(self, number: str) -> Recipient:
        return next(r for r in self.recipients if r.number == number)


class MessageStore(MemoryStore[Message]):
    """Every message, served from memory; the database holds the durable copy."""

    def __init__(self, repository: Repository[Message]) -> None:
        super().__init__(repository)

    async def load(self, on_interrupted: Callable[[Message], None] | None = None) -> None:
        """Index stored messages; ``on_interrupted`` settles those in flight at the stop."""
        for message in await self.load_items():
            if not message.settled and on_interrupted is not None:
                on_interrupted(message)

    def all(self) -> list[Message]:
        """Every message, oldest first."""
        return list(self._by_id.values())

    def add(self, message: Message) -> asyncio.Future[None]:
        """A new message; the result completes when it has committed."""
        self._number(message)
        return asyncio.ensure_future(self._write(message, awaited=True))

    def changed(self, message: Message) -> None:
        self._write(message)
