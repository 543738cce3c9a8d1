"""Catapult event payloads (reference bandwidth-v1.md §4), the per-call event log, delivery.

Each call event goes to the call's ``callbackUrl`` (an inbound call: its application's
``incomingCallUrl``), POST JSON or GET query per ``callbackHttpMethod``, then ``fallbackUrl``;
events of one call (or conference) arrive in order. A delivery that finally fails is written
to the user's ``/errors`` through :class:`ErrorSink`. Every call event is also kept in the
call's event log (``GET /calls/{id}/events``), whether or not it had anywhere to go.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from telephony_emulator.apis.bandwidth_v1.call_state import catapult_state
from telephony_emulator.apis.bandwidth_v1.errors import CATAPULT
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.calls import Call
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.ids import IdFactory
from telephony_emulator.iso_time import timestamp
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.models import DeliveryOutcome, Endpoint, WebhookRequest

SURFACE = CATAPULT.name
USER_AGENT = "BandwidthAPI/v1 (telephony-emulator)"
#: Core end causes as Catapult's hangup ``cause`` (reference §4); anything else is an error.
HANGUP_CAUSES = {
    "hangup": "NORMAL_CLEARING",
    "cancel": "ORIGINATOR_CANCEL",
    "busy": "USER_BUSY",
    "rejected": "CALL_REJECTED",
    "timeout": "NO_ANSWER",
}
INTERNAL_CAUSE = "NORMAL_TEMPORARY_FAILURE"


class CallbackSettings(Protocol):
    """Where a call's or a conference's events go, and how long a delivery may take (ms)."""

    @property
    def callback_timeout(self) -> int: ...

    def endpoints(self) -> tuple[Endpoint, Endpoint | None] | None: ...


class Charges(Protocol):
    """The user's statement (``/account/transactions``): what calls and transcriptions cost."""

    def charge(
        self,
        account_id: str,
        product_type: str,
        units: int = 1,
        *,
        number: str | None = None,
        resource_id: str | None = None,
    ) -> object: ...

    def require(self, account: Account, product_type: str, units: int = 1) -> None:
        """Refuse what the user's balance cannot pay for (403 insufficient-available-balance)."""
        ...


class ErrorSink(Protocol):
    """Where asynchronous failures go: the user's ``/errors`` resource."""

    def record(
        self, account_id: str, code: str, message: str, details: Mapping[str, str]
    ) -> None: ...


@dataclass(frozen=True)
class LoggedEvent:
    """One entry of a call's event log: ``ce-…`` id, when, the event name, its short data."""

    id: str
    at: datetime
    name: str
    data: str | None = None


def call_uri(call: Call) -> str:
    state = catapult_state(call)
    return f"{state.api_base}/v1/users/{state.user_id}/calls/{call.id}"


def call_state_name(call: Call) -> str:
    """The call's Catapult ``state`` (reference §5)."""
    state = catapult_state(call)
    if call.ended:
        return "rejected" if state.rejected else "completed"
    if state.transferring:
        return "transferring"
    if call.answered_at is not None:
        return "active"
    return "started"


def hangup_cause(cause: str | None) -> str:
    return HANGUP_CAUSES.get(cause or "", INTERNAL_CAUSE)


def call_fields(call: Call, event_type: str, now: datetime) -> dict[str, Any]:
    """What most call events start with: the call, its numbers and state, the time."""
    fields: dict[str, Any] = {
        "eventType": event_type,
        "callId": call.id,
        "callUri": call_uri(call),
        "from": call.from_,
        "to": call.to,
        "callState": call_state_name(call),
        "time": timestamp(now),
    }
    if call.tag:
        fields["tag"] = call.tag
    return fields


class CatapultCallbacks:
    """Builds, logs and sends the events of Catapult calls and conferences."""

    def __init__(
        self, dispatcher: WebhookDispatcher, clock: VirtualClock, ids: IdFactory, errors: ErrorSink
    ) -> None:
        self._dispatcher = dispatcher
        self._clock = clock
        self._ids = ids
        self.errors = errors
        self._logs: dict[str, list[LoggedEvent]] = {}

    def clear(self) -> None:
        self._logs.clear()

    # -- the event log --------------------------------------------------------------------

    def log(self, call: Call, name: str, data: str | None = None) -> None:
        entry = LoggedEvent(self._ids.catapult_id("ce"), self._clock.now(), name, data)
        self._logs.setdefault(call.id, []).append(entry)

    def logged(self, call_id: str) -> list[LoggedEvent]:
        return list(self._logs.get(call_id, ()))

    # -- call events ----------------------------------------------------------------------

    def call_event(
        self,
        call: Call,
        event_type: str,
        extra: Mapping[str, Any] | None = None,
        *,
        log_as: str | None = None,
        data: str | None = None,
        base: bool = True,
    ) -> asyncio.Future[DeliveryOutcome] | None:
        """Send ``event_type`` for ``call`` (the common fields unless ``base`` is False, then
        only callId, ``extra`` and time) and log it under ``log_as`` (the event type); the
        delivery's future, or None when the call has nowhere to send events."""
        now = self._clock.now()
        if base:
            payload = call_fields(call, event_type, now)
        else:
            payload = {"eventType": event_type, "callId": call.id}
        payload.update(extra or {})
        payload.setdefault("time", timestamp(now))
        self.log(call, log_as or event_type, data)
        state = catapult_state(call)
        targets = state.endpoints()
        if targets is None:
            return None
        return self._send(payload, call.account_id, call.id, targets, state)

    def conference_event(
        self,
        account_id: str,
        conference_id: str,
        state: CallbackSettings,
        payload: dict[str, Any],
    ) -> None:
        """A conference's event (to the conference's own callback settings)."""
        targets = state.endpoints()
        if targets is not None:
            self._send(payload, account_id, conference_id, targets, state)

    def _send(
        self,
        payload: dict[str, Any],
        account_id: str,
        line: str,
        targets: tuple[Endpoint, Endpoint | None],
        state: CallbackSettings,
    ) -> asyncio.Future[DeliveryOutcome]:
        primary, fallback = targets
        request = WebhookRequest(
            event_type=payload["eventType"],
            payload=payload,
            primary=primary,
            fallback=fallback,
            surface=SURFACE,
            account_id=account_id,
            call_id=line,
            timeout=state.callback_timeout / 1000,
            headers={"User-Agent": USER_AGENT},
        )
        future = self._dispatcher.send(request)
        future.add_done_callback(lambda done: self._delivered(done, account_id, request))
        return future

    def _delivered(
        self, future: asyncio.Future[DeliveryOutcome], account_id: str, request: WebhookRequest
    ) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        outcome = future.result()
        if outcome.ok:
            return
        self.errors.record(
            account_id,
            "callback-http-failure",
            f"The {request.event_type} event could not be delivered to "
            f"{request.primary.url}: {outcome.error}",
            {"eventType": request.event_type, "callbackUrl": request.primary.url},
        )
