"""Messaging v2 webhooks: each message event as the vendor's one-element JSON array."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telephony_emulator.apis.bandwidth_messaging_v2.errors import MESSAGING
from telephony_emulator.apis.bandwidth_messaging_v2.render import (
    ERROR_CODES,
    callback_time,
    message_json,
)
from telephony_emulator.core.accounts import Application
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import Event, EventBus
from telephony_emulator.core.message_events import (
    MessageDelivered,
    MessageEvent,
    MessageFailed,
    MessageReceived,
    MessageSending,
)
from telephony_emulator.core.messages import FailureReason, Message
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.models import (
    Endpoint,
    Failure,
    RetryPolicy,
    WebhookRequest,
    backoff,
    basic_auth,
)

SURFACE = MESSAGING.name
#: As the vendor's callback examples show them (docs "Message Events").
HEADERS = {"User-Agent": "BandwidthAPI/v2", "Content-Type": "application/json; charset=utf-8"}
# A receiver has 10 s to answer 2xx; otherwise the callback is retried for 24 hours (reference
# bandwidth-v2.md §6). The docs give no schedule: the backoff below is *invented*.
TIMEOUT = 10.0
_DELAYS = backoff(first=30.0, cap=3600.0, within=86_400.0)
#: Every failure is retried, first after 30 s, doubling to hourly, for 24 hours.
RETRY = RetryPolicy(retries=len(_DELAYS), retry_on=frozenset(Failure), delays=_DELAYS)
STATUS_TYPES = ("message-sending", "message-delivered", "message-failed")
DESCRIPTIONS = {
    "message-sending": "Message is sending to carrier",
    "message-delivered": "Message delivered to handset.",
    "message-received": "Incoming message received",
}


def _endpoint(settings: Mapping[str, Any], kind: str) -> Endpoint | None:
    """The application's ``inbound``/``outbound`` URL, else its one ``callback_url``."""
    url = settings.get(f"{kind}_callback_url") or settings.get("callback_url")
    if not url:
        return None
    username = settings.get(f"{kind}_callback_username", settings.get("callback_username"))
    password = settings.get(f"{kind}_callback_password", settings.get("callback_password"))
    return Endpoint(str(url), "POST", basic_auth(username, password))


class MessagingCallbacks:
    """Subscribes to a message's events on the bus and sends each as a webhook: status events
    to the messaging application's outbound URL (filtered by its requested callback types),
    ``message-received`` to its inbound URL, each with its own Basic credentials (§6)."""

    def __init__(self, dispatcher: WebhookDispatcher, events: EventBus, clock: VirtualClock):
        self._dispatcher = dispatcher
        self._events = events
        self._clock = clock

    def watch(self, message: Message, application: Application) -> None:
        """Send the message's status events (outbound) or its arrival (inbound) as they come."""
        settings = application.settings
        if message.direction.value == "in":
            endpoint = _endpoint(settings, "inbound")
            wanted: tuple[str, ...] = ("message-received",)
        else:
            endpoint = _endpoint(settings, "outbound")
            wanted = tuple(settings.get("requested_callback_types") or STATUS_TYPES)
        if endpoint is None:
            return

        def on_event(event: Event) -> None:
            if not isinstance(event, MessageEvent):
                return
            payload = self.payload(message, event)
            if payload is not None and payload["type"] in wanted:
                self._send(message, endpoint, payload)

        self._events.subscribe(on_event, message.id)

    def payload(self, message: Message, event: MessageEvent) -> dict[str, Any] | None:
        """The event object the vendor sends for ``event`` (None: it sends nothing)."""
        time = callback_time(self._clock.now())
        if isinstance(event, MessageReceived):
            return {
                "time": time,
                "type": "message-received",
                "to": event.to_number,
                "description": DESCRIPTIONS["message-received"],
                "message": message_json(message),
            }
        if isinstance(event, MessageSending | MessageDelivered | MessageFailed):
            kind = {
                MessageSending: "message-sending",
                MessageDelivered: "message-delivered",
                MessageFailed: "message-failed",
            }[type(event)]
            body: dict[str, Any] = {
                "time": time,
                "type": kind,
                "to": event.recipient,
                "description": DESCRIPTIONS.get(kind, ""),
                # Bandwidth does not keep the text: later callbacks carry it empty (§6).
                "message": message_json(message, text=""),
            }
            if isinstance(event, MessageFailed):
                code, description = ERROR_CODES[FailureReason(event.reason)]
                body["errorCode"], body["description"] = code, description
            return body
        return None

    def _send(self, message: Message, endpoint: Endpoint, payload: dict[str, Any]) -> None:
        self._dispatcher.send(
            WebhookRequest(
                event_type=payload["type"],
                payload=[payload],  # always an array, usually of one event (§6)
                primary=endpoint,
                surface=SURFACE,
                account_id=message.account_id,
                # One message's callbacks go out in order; the ledger shows its id as call_id.
                call_id=message.id,
                timeout=TIMEOUT,
                retry=RETRY,
                headers=HEADERS,
            )
        )
