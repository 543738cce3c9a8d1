"""Catapult v1 messages on the message core, their events and inbound messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote

from telephony_emulator.apis.bandwidth_v1.applications import Applications
from telephony_emulator.apis.bandwidth_v1.billing import Billing
from telephony_emulator.apis.bandwidth_v1.callbacks import CatapultCallbacks
from telephony_emulator.apis.bandwidth_v1.errors import CATAPULT
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.model import MessageOptions
from telephony_emulator.apis.bandwidth_v1.numbers import PhoneNumbers
from telephony_emulator.apis.bandwidth_v1.rate_limits import RateLimits
from telephony_emulator.apis.bandwidth_v1.schemas import E164, SendMessage, check_url
from telephony_emulator.apis.bandwidth_v1.storage import RecordStore
from telephony_emulator.apis.bandwidth_v1.user_errors import UserErrors
from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import Event, EventBus
from telephony_emulator.core.media_store import MediaStore
from telephony_emulator.core.message_delivery import MessageDelivery
from telephony_emulator.core.message_events import (
    MessageDelivered,
    MessageFailed,
    MessageReceived,
)
from telephony_emulator.core.messages import (
    DeliveryStatus,
    FailureReason,
    Message,
    MessageDirection,
    Recipient,
)
from telephony_emulator.core.segments import count_segments
from telephony_emulator.errors import Forbidden, InvalidRequest, NotFound, Unauthenticated
from telephony_emulator.iso_time import timestamp
from telephony_emulator.webhooks.models import Endpoint

SURFACE = CATAPULT.name
MAX_BATCH = 50
#: Premium-rate destinations (900, 976) cannot be messaged (the seed's gem knows the error).
RESTRICTED = re.compile(r"\A\+1(900|976)[0-9]{7}\Z")
#: Delivery codes and descriptions (reference §2.2) for each neutral failure.
DELIVERED = (0, "Message delivered to carrier")
FAILURE_CODES: dict[FailureReason, tuple[int, str]] = {
    FailureReason.UNREACHABLE: (650, "Destination failure"),
    FailureReason.CARRIER_REJECTED: (750, "Rejected by the destination carrier"),
    FailureReason.SPAM: (770, "Rejected as spam"),
    FailureReason.OPTED_OUT: (775, "The destination has opted out"),
    FailureReason.INVALID_DESTINATION: (720, "Invalid destination address"),
    FailureReason.EXPIRED: (902, "The message expired"),
    FailureReason.MEDIA_UNAVAILABLE: (610, "Submitting the message failed"),
    FailureReason.INTERRUPTED: (999, "Unknown error"),
}
_STATES = {
    DeliveryStatus.QUEUED: "queued",
    DeliveryStatus.SENDING: "sending",
    DeliveryStatus.DELIVERED: "sent",
    DeliveryStatus.FAILED: "error",
    DeliveryStatus.RECEIVED: "received",
}


@dataclass(frozen=True)
class InboundFile:
    """A file arriving with an inbound MMS (stored in the user's media)."""

    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class MessageView:
    """A message as Catapult shows it."""

    message: Message
    options: MessageOptions | None

    @property
    def recipient(self) -> Recipient:
        return self.message.recipients[0]

    @property
    def state(self) -> str:
        return _STATES[self.recipient.status]

    @property
    def delivery_state(self) -> str | None:
        if self.message.direction is MessageDirection.INBOUND:
            return None
        status = self.recipient.status
        if status is DeliveryStatus.DELIVERED:
            return "delivered"
        return "not-delivered" if status is DeliveryStatus.FAILED else "waiting"

    @property
    def delivery(self) -> tuple[int, str] | None:
        """``(deliveryCode, deliveryDescription)`` once the outbound copy is at an end."""
        status = self.recipient.status
        if self.message.direction is MessageDirection.INBOUND or not status.final:
            return None
        if status is DeliveryStatus.DELIVERED:
            return DELIVERED
        reason = self.recipient.failure or FailureReason.INTERRUPTED
        return FAILURE_CODES[reason]

    @property
    def sort_key(self) -> int:
        """Catapult's list cursor: creation in ms, then the place in creation order."""
        return round(self.message.created_at.timestamp() * 1000) * 1_000_000 + self.message.seq


@dataclass(frozen=True)
class _Callback:
    """Where one message's events go (the :class:`CallbackSettings` of the voice callbacks)."""

    url: str
    method: Literal["GET", "POST"]
    fallback_url: str | None
    callback_timeout: int

    def endpoints(self) -> tuple[Endpoint, Endpoint | None]:
        fallback = Endpoint(self.fallback_url, self.method) if self.fallback_url else None
        return Endpoint(self.url, self.method), fallback


class CatapultMessages:
    """Send (one or a batch), read, list, redact; ``sms``/``mms`` events with the receipts asked
    for; inbound messages to the user's numbers. Not emulated: the 3-day retention of texts
    (they are kept); media URLs are not fetched."""

    def __init__(
        self,
        *,
        delivery: MessageDelivery,
        events: EventBus,
        media: MediaStore,
        options: RecordStore[MessageOptions],
        accounts: AccountRegistry,
        numbers: PhoneNumbers,
        applications: Applications,
        billing: Billing,
        rate_limits: RateLimits,
        user_errors: UserErrors,
        callbacks: CatapultCallbacks,
        ids: CatapultIds,
        clock: VirtualClock,
    ) -> None:
        self._delivery = delivery
        self._store = delivery.store
        self._events = events
        self._media = media
        self.options = options
        self._accounts = accounts
        self._numbers = numbers
        self._applications = applications
        self._billing = billing
        self._rate_limits = rate_limits
        self._errors = user_errors
        self._callbacks = callbacks
        self._ids = ids
        self._clock = clock

    # -- sending --------------------------------------------------------------------------

    async def send(self, account: Account, body: SendMessage, api_base: str) -> Message:
        """Accept one message and start its delivery; billed by the segment (or as an MMS)."""
        self._rate_limits.admit_message(account)
        self._check(account, body)
        text = body.text or ""
        segments = 1 if body.media else count_segments(text).count
        self._billing.require(account, "mms-out" if body.media else "sms-out", segments)
        now = self._clock.now()
        message = Message(
            id=self._ids.message_id(),
            account_id=account.id,
            surface=SURFACE,
            direction=MessageDirection.OUTBOUND,
            from_=body.from_,
            owner=body.from_,
            recipients=[Recipient(body.to, DeliveryStatus.QUEUED, updated_at=now)],
            created_at=now,
            segments=segments,
            text=text,
            media=tuple(body.media),
            tag=body.tag,
        )
        options = MessageOptions(
            id=message.id,
            account_id=account.id,
            created_at=now,
            receipt_requested=body.receipt_requested,
            callback_url=body.callback_url,
            callback_http_method=body.callback_http_method,
            callback_timeout=body.callback_timeout,
            fallback_url=body.fallback_url,
        )
        self.options.add(options)
        await self._store.add(message)
        await self.options.save(options)
        if body.callback_url:
            self._watch(message, options, api_base)
        self._delivery.send(message)
        product = "mms-out" if body.media else "sms-out"
        self._billing.charge(
            account.id,
            product,
            1 if body.media else message.segments,
            number=body.from_,
            resource_id=message.id,
        )
        return message

    def check_batch(self, items: list[Any]) -> None:
        if len(items) > MAX_BATCH:
            raise _batch_error(f"You can send at most {MAX_BATCH} messages in one request")
        if not items:
            raise InvalidRequest("The list of messages is empty")

    def _check(self, account: Account, body: SendMessage) -> None:
        if not E164.match(body.from_):
            raise InvalidRequest(f"The from number {body.from_} is not a valid E.164 number")
        if not E164.match(body.to):
            raise InvalidRequest(f"The to number {body.to} is not a valid E.164 number")
        owner = self._accounts.owner_of(body.from_)
        if owner is None or owner.account_id != account.id:
            raise Unauthenticated(
                f"User {account.catapult.user_id} does not have permission to use number "
                f"{body.from_}",
                code="number-access-denied",
            )
        if RESTRICTED.match(body.to):
            raise Forbidden(
                f"The number {body.to} is restricted and cannot be messaged",
                code="restricted-number",
            )
        if not body.text and not body.media:
            raise InvalidRequest(
                "The 'message' resource property 'text' is required but was not specified",
                code="missing-property",
            )
        if body.media and body.receipt_requested != "none":
            raise InvalidRequest("Delivery receipts cannot be requested for a message with media")
        check_url(body.callback_url, "callbackUrl")
        check_url(body.fallback_url, "fallbackUrl")
        for url in body.media:
            check_url(url, "media")

    # -- reading --------------------------------------------------------------------------

    def get(self, account: Account, message_id: str) -> MessageView:
        message = self._store.get(message_id)
        if message is None or message.account_id != account.id or message.surface != SURFACE:
            raise NotFound(f"The message {message_id} could not be found", code="message-not-found")
        return MessageView(message, self.options.get(message_id))

    def matching(
        self,
        account: Account,
        *,
        from_: str | None,
        to: str | None,
        since: datetime | None,
        until: datetime | None,
        direction: str | None,
        state: str | None,
        delivery_state: str | None,
    ) -> list[MessageView]:
        views = [
            MessageView(message, self.options.get(message.id))
            for message in self._store.of_account(account.id)
            if message.surface == SURFACE
        ]
        return [
            view
            for view in views
            if (from_ is None or view.message.from_ == from_)
            and (to is None or view.recipient.number == to)
            and (since is None or view.message.created_at >= since)
            and (until is None or view.message.created_at <= until)
            and (direction is None or view.message.direction.value == direction)
            and (state is None or view.state == state)
            and (delivery_state is None or view.delivery_state == delivery_state)
        ]

    def redact(self, account: Account, message_id: str) -> None:
        view = self.get(account, message_id)
        view.message.text = ""
        self._store.changed(view.message)

    # -- inbound --------------------------------------------------------------------------

    async def receive(
        self, from_: str, to: str, text: str, files: list[InboundFile | str], api_base: str
    ) -> Message:
        """A message from ``from_`` arrives at the user's number ``to``; its event goes to the
        number's application (no application, or no message URL, is logged in ``/errors``)."""
        record = self._numbers.active(to)
        if record is None:
            raise InvalidRequest(f"{to} is not a number allocated through Catapult")
        account_id = record.account_id
        owned = self._accounts.owner_of(to)
        application_id = None if owned is None else owned.application_id
        user_id = self._user_id(account_id)
        application = self._applications.find(application_id) if application_id else None
        now = self._clock.now()
        message_id = self._ids.message_id()
        urls = []
        for index, item in enumerate(files):
            if isinstance(item, str):
                urls.append(item)
                continue
            stem, dot, ext = item.name.rpartition(".")
            name = f"{stem or ext}-{message_id}-{index}{dot}{ext if stem else ''}"
            await self._media.put(account_id, name, item.content_type, item.content, now)
            urls.append(f"{api_base}/v1/users/{user_id}/media/{quote(name)}")
        message = Message(
            id=message_id,
            account_id=account_id,
            surface=SURFACE,
            direction=MessageDirection.INBOUND,
            from_=from_,
            owner=to,
            recipients=[Recipient(to, DeliveryStatus.QUEUED)],
            created_at=now,
            segments=1 if urls else count_segments(text).count,
            application_id=application_id,
            text=text,
            media=tuple(urls),
        )
        await self._store.add(message)
        self._billing.charge(
            account_id,
            "mms-in" if urls else "sms-in",
            1 if urls else message.segments,
            number=to,
            resource_id=message_id,
        )
        if application is None:
            self._errors.record(
                account_id,
                "no-application-for-number",
                f"No application is configured for number {to}",
                {"number": to},
            )
        elif not application.incoming_message_url:
            self._errors.record(
                account_id,
                "no-callback-for-message",
                f"Application {application.id} for number {to} does not specify a URL for "
                "message events",
                {"applicationId": application.id, "number": to},
            )
        else:
            target = _Callback(
                application.incoming_message_url,
                "GET" if application.callback_http_method == "GET" else "POST",
                application.incoming_message_fallback_url,
                application.incoming_message_timeout_ms,
            )
            self._watch_inbound(message, target, api_base, user_id)
        self._delivery.receive(message)
        return message

    # -- events ---------------------------------------------------------------------------

    def _watch(self, message: Message, options: MessageOptions, api_base: str) -> None:
        assert options.callback_url is not None
        target = _Callback(
            options.callback_url,
            "GET" if options.callback_http_method == "GET" else "POST",
            options.fallback_url,
            options.callback_timeout or 10_000,
        )
        user_id = self._user_id(message.account_id)

        def on_event(event: Event) -> None:
            if not isinstance(event, MessageDelivered | MessageFailed):
                return
            view = MessageView(message, options)
            payload = event_payload(view, api_base, user_id, self._clock.now())
            wants_receipt = options.receipt_requested == "all" or (
                options.receipt_requested == "error" and isinstance(event, MessageFailed)
            )
            if wants_receipt:
                payload |= receipt_fields(view)
            self._callbacks.conference_event(message.account_id, message.id, target, payload)

        self._events.subscribe(on_event, message.id)

    def _watch_inbound(
        self, message: Message, target: _Callback, api_base: str, user_id: str
    ) -> None:
        def on_event(event: Event) -> None:
            if isinstance(event, MessageReceived):
                view = MessageView(message, None)
                payload = event_payload(view, api_base, user_id, self._clock.now())
                self._callbacks.conference_event(message.account_id, message.id, target, payload)

        self._events.subscribe(on_event, message.id)

    def _user_id(self, account_id: str) -> str:
        account = self._accounts.get(account_id)
        assert account is not None, "messages belong to existing accounts"
        return account.catapult.user_id


def event_payload(view: MessageView, api_base: str, user_id: str, now: datetime) -> dict[str, Any]:
    """The ``sms``/``mms`` event of a message (reference §4)."""
    message = view.message
    payload: dict[str, Any] = {
        "eventType": "mms" if message.media else "sms",
        "direction": message.direction.value,
        "messageId": message.id,
        "messageUri": f"{api_base}/v1/users/{user_id}/messages/{message.id}",
        "from": message.from_,
        "to": view.recipient.number,
        "text": message.text,
        "state": view.state,
        "time": timestamp(now),
        "segmentCount": message.segments,
    }
    if message.media:
        payload["media"] = list(message.media)
    if message.application_id:
        payload["applicationId"] = message.application_id
    if message.tag:
        payload["tag"] = message.tag
    return payload


def receipt_fields(view: MessageView) -> dict[str, Any]:
    code, description = view.delivery or DELIVERED
    return {
        "deliveryState": view.delivery_state,
        "deliveryCode": code,
        "deliveryDescription": description,
    }


def _batch_error(message: str) -> Forbidden:
    return Forbidden(message, code="multi-message-limit")
