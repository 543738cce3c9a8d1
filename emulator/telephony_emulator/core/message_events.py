"""Typed message events, emitted on the same bus as call events (their subject: the message)."""

from __future__ import annotations

from dataclasses import dataclass

from telephony_emulator.core.events import Event


@dataclass(frozen=True)
class MessageEvent(Event):
    message_id: str
    at: float

    @property
    def subject(self) -> str:
        return self.message_id


@dataclass(frozen=True)
class MessageSent(MessageEvent):
    """An outbound message was accepted for delivery to ``to_numbers``."""

    from_number: str
    to_numbers: tuple[str, ...]


@dataclass(frozen=True)
class MessageSending(MessageEvent):
    """The copy for ``recipient`` was handed to the carrier."""

    recipient: str


@dataclass(frozen=True)
class MessageDelivered(MessageEvent):
    recipient: str


@dataclass(frozen=True)
class MessageFailed(MessageEvent):
    recipient: str
    #: A core/messages.py ``FailureReason`` value.
    reason: str


@dataclass(frozen=True)
class MessageReceived(MessageEvent):
    """An inbound message from ``from_number`` arrived at the owned number ``to_number``."""

    from_number: str
    to_number: str
