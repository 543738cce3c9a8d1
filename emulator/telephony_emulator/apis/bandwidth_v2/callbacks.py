"""Voice v2 webhook payloads and their delivery (reference bandwidth-v2.md §3).

Every event carries the common call fields; optional ones are omitted when empty (not null).
BXML webhooks hand their reply to the BXML parser: a refused document falls through to the
fallback URL, and a final failure ends the call with ``invalid-bxml`` or ``callback-error``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, assert_never

from telephony_emulator.apis.bandwidth_v2.errors import VOICE
from telephony_emulator.apis.bandwidth_v2.render import (
    call_url,
    iso_duration,
    recording_event_fields,
)
from telephony_emulator.apis.bandwidth_v2.state import conference_state
from telephony_emulator.bxml.call_state import TransferInfo, voice_state
from telephony_emulator.bxml.interpreter import Next
from telephony_emulator.bxml.parser import BxmlError, oversize, parse_bxml
from telephony_emulator.bxml.requests import (
    Answer,
    BridgeComplete,
    BridgeTargetComplete,
    BxmlRequest,
    Detection,
    Dtmf,
    GatherComplete,
    Initiate,
    MachineDetectionComplete,
    Notice,
    RecordComplete,
    Redirect,
    TransferAnswer,
    TransferComplete,
    TransferDisconnect,
)
from telephony_emulator.bxml.verbs import Document
from telephony_emulator.core.calls import Call
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.conferences import Conference
from telephony_emulator.core.live_call import CallFailed, LiveCall
from telephony_emulator.core.media import audio_seconds
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.iso_time import timestamp
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.models import (
    RETRY_ONCE_ON_CONNECTION_ERROR,
    DeliveryOutcome,
    Endpoint,
    Failure,
    Reply,
    ReplyValidator,
    WebhookRequest,
)

SURFACE = VOICE.name
EMPTY_DOCUMENT = Document(root="Response", verbs=())
#: Events of an inbound call before it is answered leave these out (reference §3, initiate).
_NOT_IN_INITIATE = ("enqueuedTime", "answerTime", "tag")


def call_fields(call: Call, event_type: str, now: datetime) -> dict[str, Any]:
    """The fields every voice event starts with ("CALL" in the reference)."""
    fields: dict[str, Any] = {
        "eventType": event_type,
        "eventTime": timestamp(now),
        "accountId": call.account_id,
        "applicationId": call.application_id,
        "from": call.from_,
        "to": call.to,
        "direction": call.direction.value,
        "callId": call.id,
        "callUrl": call_url(call),
    }
    if call.enqueued_at is not None:
        fields["enqueuedTime"] = timestamp(call.enqueued_at)
    if call.started_at is not None:
        fields["startTime"] = timestamp(call.started_at)
    if call.answered_at is not None:
        fields["answerTime"] = timestamp(call.answered_at)
    if call.tag:
        fields["tag"] = call.tag
    # A <Transfer> B-leg's events show the original call's from/to plus parentCallId,
    # transferCallerId and transferTo (reference §3, "XFER"); bxml/two_party.py sets them.
    transfer = voice_state(call).transfer
    if transfer is not None:
        fields.update(transfer_fields(transfer))
    if event_type == "initiate":
        for name in _NOT_IN_INITIATE:
            fields.pop(name, None)
    return fields


def transfer_fields(transfer: TransferInfo) -> dict[str, Any]:
    """A transfer B-leg's event fields naming the original call (reference §3, "XFER")."""
    return {
        "from": transfer.from_,
        "to": transfer.to,
        "parentCallId": transfer.parent_call_id,
        "transferCallerId": transfer.transfer_caller_id,
        "transferTo": transfer.transfer_to,
    }


def conference_fields(
    conference: Conference, event_type: str, now: datetime, tag: str | None
) -> dict[str, Any]:
    """The fields every conference event starts with (``tag`` omitted when empty)."""
    fields: dict[str, Any] = {
        "eventType": event_type,
        "eventTime": timestamp(now),
        "conferenceId": conference.id,
        "name": conference.name,
    }
    if tag:
        fields["tag"] = tag
    return fields


def bxml_reply(
    parsed: dict[str, Document], refuse: Callable[[Document], str | None] | None = None
) -> ReplyValidator:
    """A reply check for BXML webhooks: it keeps each accepted document in ``parsed`` by the
    URL that answered; an empty body is an empty document. ``refuse`` may turn a valid
    document down (a verb the context does not allow), which the fallback URL then answers."""

    def validate(reply: Reply) -> str | None:
        if reply.truncated:
            return f"Invalid BXML: {oversize(reply.size)}"
        if reply.decode_error is not None:
            return f"Invalid BXML: {reply.decode_error}"
        try:
            document = parse_bxml(reply.body) if reply.body.strip() else EMPTY_DOCUMENT
        except BxmlError as error:
            return f"Invalid BXML: {error}"
        refusal = refuse(document) if refuse is not None else None
        if refusal is None:
            parsed[reply.url] = document
        return refusal

    return validate


def disconnect_fields(call: Call) -> dict[str, Any]:
    """What ``disconnect`` adds: exactly the fields of the DisconnectCallback model."""
    fields: dict[str, Any] = {}
    if call.ended_at is not None:
        fields["endTime"] = timestamp(call.ended_at)
    if call.cause is not None:
        fields["cause"] = call.cause
    if call.error_message is not None:
        fields["errorMessage"] = call.error_message
    if call.error_id is not None:
        fields["errorId"] = call.error_id
    return fields


def detection_result(detection: Detection) -> dict[str, Any]:
    return {"value": detection.value, "duration": iso_duration(detection.seconds)}


def event_of(
    request: BxmlRequest | Notice, call: Call, clock: VirtualClock
) -> tuple[str, dict[str, Any]]:
    """The eventType and the fields (beyond the call's) that report ``request`` (§3)."""
    match request:
        case Initiate():
            return "initiate", {}
        case Answer(detection=detection):
            if detection is None:
                return "answer", {}
            return "answer", {"machineDetectionResult": detection_result(detection)}
        case Redirect():
            return "redirect", {}
        case GatherComplete(result=result):
            # Voice v2 reports the digits and the terminating digit, not why the gather ended.
            return "gather", {"digits": result.digits, "terminatingDigit": result.terminating_digit}
        case RecordComplete(recording=recording):
            return "recordComplete", recording_event_fields(recording, clock)
        case TransferAnswer():
            return "transferAnswer", {}
        case TransferComplete(leg=leg, caller_id=caller_id, number=number):
            fields: dict[str, Any] = {
                "transferCallerId": caller_id,
                "transferTo": number,
                "cause": leg.cause or "hangup",
            }
            if leg.error_message is not None:
                fields["errorMessage"] = leg.error_message
                fields["errorId"] = leg.error_id
            return "transferComplete", fields
        case BridgeComplete(failure=failure):
            if failure is None:
                return "bridgeComplete", {}
            return "bridgeComplete", {
                "cause": failure.cause,
                "errorMessage": failure.message,
                "errorId": failure.error_id,
            }
        case BridgeTargetComplete():
            return "bridgeTargetComplete", {}
        case Dtmf(digit=digit):
            return "dtmf", {"digit": digit}
        case TransferDisconnect():
            return "transferDisconnect", disconnect_fields(call)
        case MachineDetectionComplete(detection=detection):
            return "machineDetectionComplete", {
                "machineDetectionResult": detection_result(detection)
            }
    assert_never(request)


class VoiceCallbacks:
    """Builds and sends the voice events of calls and conferences."""

    def __init__(
        self, dispatcher: WebhookDispatcher, scheduler: Scheduler, default_audio_seconds: float
    ) -> None:
        self._dispatcher = dispatcher
        self._scheduler = scheduler
        self._audio_default = default_audio_seconds

    def request(
        self,
        call: Call,
        event_type: str,
        fields: Mapping[str, Any],
        primary: Endpoint,
        fallback: Endpoint | None = None,
        **options: Any,
    ) -> WebhookRequest:
        payload = call_fields(call, event_type, self._scheduler.clock.now())
        payload.update(fields)
        options.setdefault("timeout", float(voice_state(call).callback_timeout))
        return _voice_request(payload, call.account_id, call.id, primary, fallback, options)

    def conference_request(
        self,
        conference: Conference,
        event_type: str,
        fields: Mapping[str, Any],
        primary: Endpoint,
        fallback: Endpoint | None = None,
        *,
        tag: str | None,
        **options: Any,
    ) -> WebhookRequest:
        """A conference event; they share one delivery line (the conference id), so they
        arrive in the order they happened."""
        payload = conference_fields(conference, event_type, self._scheduler.clock.now(), tag)
        payload.update(fields)
        options.setdefault("timeout", float(conference_state(conference).callback_timeout))
        return _voice_request(
            payload, conference.account_id, conference.id, primary, fallback, options
        )

    async def fetch_bxml(
        self,
        live: LiveCall,
        request: BxmlRequest,
        primary: Endpoint,
        fallback: Endpoint | None,
    ) -> Next:
        """Send the webhook reporting ``request``; its reply is the call's next document.
        Raise CallFailed when it cannot be delivered or is not BXML."""
        event_type, fields = event_of(request, live.call, self._scheduler.clock)
        parsed: dict[str, Document] = {}
        webhook = self.request(
            live.call, event_type, fields, primary, fallback, validate_reply=bxml_reply(parsed)
        )
        outcome = await self._scheduler.wait(self._dispatcher.send(webhook))
        if outcome.ok and outcome.reply is not None:
            return Next(parsed[outcome.reply.url], outcome.reply.url)
        raise _failure(event_type, outcome)

    def notify(
        self,
        live: LiveCall,
        notice: Notice,
        primary: Endpoint,
        fallback: Endpoint | None = None,
    ) -> asyncio.Future[DeliveryOutcome]:
        """Send the webhook reporting ``notice``; its reply is ignored, the future says how
        the delivery went."""
        event_type, fields = event_of(notice, live.call, self._scheduler.clock)
        return self.send(self.request(live.call, event_type, fields, primary, fallback))

    def send(self, request: WebhookRequest) -> asyncio.Future[DeliveryOutcome]:
        """Deliver without waiting; the future tells how the delivery went."""
        future = self._dispatcher.send(request)
        future.add_done_callback(_ignore)
        return future

    def audio_seconds(self, url: str) -> float:
        return audio_seconds(url, self._audio_default)


def _voice_request(
    payload: dict[str, Any],
    account_id: str,
    line: str,
    primary: Endpoint,
    fallback: Endpoint | None,
    options: dict[str, Any],
) -> WebhookRequest:
    """A voice webhook; deliveries on the same ``line`` (a call or conference id) keep order."""
    return WebhookRequest(
        event_type=payload["eventType"],
        payload=payload,
        primary=primary,
        fallback=fallback,
        surface=SURFACE,
        account_id=account_id,
        call_id=line,
        retry=RETRY_ONCE_ON_CONNECTION_ERROR,
        **options,
    )


def _failure(event_type: str, outcome: DeliveryOutcome) -> CallFailed:
    if outcome.failure is Failure.INVALID_REPLY:
        return CallFailed("invalid-bxml", outcome.error or "Invalid BXML")
    return CallFailed(
        "callback-error", f"The {event_type} callback could not be delivered: {outcome.error}"
    )


def _ignore(future: asyncio.Future[DeliveryOutcome]) -> None:
    if not future.cancelled():
        future.exception()
