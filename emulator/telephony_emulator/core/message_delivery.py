"""Each recipient's copy of a message on the virtual clock: handed over, delivered or failed."""

from __future__ import annotations

from collections.abc import Callable

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import EventBus
from telephony_emulator.core.message_events import (
    MessageDelivered,
    MessageEvent,
    MessageFailed,
    MessageReceived,
    MessageSending,
    MessageSent,
)
from telephony_emulator.core.message_far_end import message_outcome
from telephony_emulator.core.messages import (
    DeliveryStatus,
    FailureReason,
    Message,
    MessageKind,
    MessageStore,
    Recipient,
)
from telephony_emulator.core.scenarios import ScenarioBook
from telephony_emulator.core.scheduler import Scheduler


class MessageDelivery:
    """Simulates delivery of outbound messages and the arrival of inbound ones; every step is
    stored and emitted on the event bus (core/message_events.py)."""

    def __init__(
        self,
        store: MessageStore,
        scheduler: Scheduler,
        clock: VirtualClock,
        scenarios: ScenarioBook,
        events: EventBus,
    ) -> None:
        self.store = store
        self._scheduler = scheduler
        self._clock = clock
        self._scenarios = scenarios
        self._events = events

    def send(self, message: Message, refusal: FailureReason | None = None) -> None:
        """Start delivering every recipient's copy of an accepted outbound message.

        An MMS copy is handed to the carrier at once (``sending``); each copy then ends as its
        far end says. With a ``refusal`` (found by the surface, e.g. an attachment it cannot
        fetch) every copy fails at once instead.
        """
        self._emit(MessageSent(message.id, self._clock.time(), message.from_, tuple(message.to)))
        for recipient in message.recipients:
            if refusal is not None:
                self._scheduler.call_later(0, self._finisher(message, recipient, refusal))
                continue
            outcome = message_outcome(self._scenarios, message.account_id, recipient.number)
            if message.kind is MessageKind.MMS:
                self._scheduler.call_later(0, self._hand_over(message, recipient))
            finish = self._finisher(message, recipient, outcome.failure)
            self._scheduler.call_later(outcome.delay, finish)

    def receive(self, message: Message) -> None:
        """An inbound message arrived at its owner (one of its recipients, for a group)."""
        now = self._clock.now()
        for recipient in message.recipients:
            recipient.status, recipient.updated_at = DeliveryStatus.RECEIVED, now
        self.store.changed(message)
        self._emit(MessageReceived(message.id, now.timestamp(), message.from_, message.owner))
        self._events.forget(message.id)

    def interrupt(self, message: Message) -> None:
        """A message in flight when the emulator stopped: its open copies fail (no events)."""
        for recipient in message.recipients:
            if not recipient.status.final:
                recipient.status = DeliveryStatus.FAILED
                recipient.failure = FailureReason.INTERRUPTED
        self.store.changed(message)

    def _hand_over(self, message: Message, recipient: Recipient) -> Callable[[], None]:
        def hand_over() -> None:
            if recipient.status is DeliveryStatus.QUEUED:
                recipient.status, recipient.updated_at = DeliveryStatus.SENDING, self._clock.now()
                self.store.changed(message)
                self._emit(MessageSending(message.id, self._clock.time(), recipient.number))

        return hand_over

    def _finisher(
        self, message: Message, recipient: Recipient, failure: FailureReason | None
    ) -> Callable[[], None]:
        def finish() -> None:
            if recipient.status.final:
                return
            now = self._clock.now()
            if failure is None and message.expiration is not None and now > message.expiration:
                reason: FailureReason | None = FailureReason.EXPIRED
            else:
                reason = failure
            recipient.updated_at = now
            if reason is None:
                recipient.status = DeliveryStatus.DELIVERED
                event: MessageEvent = MessageDelivered(
                    message.id, now.timestamp(), recipient.number
                )
            else:
                recipient.status, recipient.failure = DeliveryStatus.FAILED, reason
                event = MessageFailed(message.id, now.timestamp(), recipient.number, reason.value)
            self.store.changed(message)
            self._emit(event)
            if message.settled:
                self._events.forget(message.id)

        return finish

    def _emit(self, event: MessageEvent) -> None:
        if self._events.listening(event.message_id):
            self._events.emit(event)
