"""Messaging v2 JSON per the spec's schemas: the Message, listMessages items, media, error codes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from aiohttp import web

from telephony_emulator.apis.common.json_body import compact_json
from telephony_emulator.core.media_store import MediaItem
from telephony_emulator.core.messages import (
    DeliveryStatus,
    FailureReason,
    Message,
    MessageDirection,
    Recipient,
)
from telephony_emulator.iso_time import timestamp

#: Each neutral failure as (errorCode, description) from Bandwidth's error-code table
#: (dev.bandwidth.com "Messaging Error Codes"; reference bandwidth-v2.md §6).
ERROR_CODES: dict[FailureReason, tuple[int, str]] = {
    FailureReason.UNREACHABLE: (4701, "destination-service-unavailable"),
    FailureReason.CARRIER_REJECTED: (4750, "destination-rejected-message"),
    FailureReason.SPAM: (4770, "destination-spam-detected"),
    FailureReason.OPTED_OUT: (4775, "destination-rejected-due-to-user-opt-out"),
    FailureReason.INVALID_DESTINATION: (4720, "invalid-destination-address"),
    FailureReason.EXPIRED: (4360, "message-not-sent-expiration-date-passed"),
    FailureReason.MEDIA_UNAVAILABLE: (4410, "media-unavailable"),
    FailureReason.INTERRUPTED: (5100, "temporary-app-error"),
}
LIST_STATUS = {
    DeliveryStatus.QUEUED: "QUEUED",
    DeliveryStatus.SENDING: "SENDING",
    DeliveryStatus.DELIVERED: "DELIVERED",
    DeliveryStatus.FAILED: "FAILED",
    DeliveryStatus.RECEIVED: "RECEIVED",
}


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return compact_json(body, status, headers, charset="utf-8")


def callback_time(value: datetime) -> str:
    """Callback times carry microseconds: ``2024-09-14T18:20:45.160744Z`` (§7)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def message_json(message: Message, *, text: str | None = None) -> dict[str, Any]:
    """The Message (createMessage's 202) and, with ``text=""``, a callback's ``message``;
    optional fields are left out when unset."""
    body: dict[str, Any] = {
        "id": message.id,
        "owner": message.owner,
        "applicationId": message.application_id,
        "time": timestamp(message.created_at),
        "segmentCount": message.segments,
        "direction": message.direction.value,
        "to": message.to,
        "from": message.from_,
        "text": message.text if text is None else text,
    }
    if message.media:
        body["media"] = list(message.media)
    if message.tag is not None:
        body["tag"] = message.tag
    body["priority"] = message.priority
    if message.expiration is not None and text is None:
        body["expiration"] = timestamp(message.expiration)
    return body


def error_code(recipient: Recipient) -> int:
    return 0 if recipient.failure is None else ERROR_CODES[recipient.failure][0]


def _country(number: str) -> str | None:
    return "USA" if number.startswith("+1") and len(number) == 12 else None


def list_item(message: Message, recipient: Recipient) -> dict[str, Any]:
    """One listMessages entry: one message as one recipient got it."""
    outbound = message.direction is MessageDirection.OUTBOUND
    destination = recipient.number if outbound else message.owner
    return {
        "messageId": message.id,
        "accountId": message.account_id,
        "sourceTn": message.from_,
        "destinationTn": destination,
        "messageStatus": LIST_STATUS[recipient.status],
        "messageDirection": "OUTBOUND" if outbound else "INBOUND",
        "messageType": message.kind.value,
        "segmentCount": message.segments,
        "errorCode": error_code(recipient),
        "receiveTime": timestamp(message.created_at),
        "carrierName": None,
        "messageSize": len(message.text.encode()),
        "messageLength": len(message.text),
        "attachmentCount": len(message.media),
        "recipientCount": len(message.recipients),
        "campaignClass": None,
        "campaignId": None,
        "bwLatency": None,
        "carrierLatency": None,
        "callingNumberCountryA3": _country(message.from_),
        "calledNumberCountryA3": _country(destination),
        "product": None,
        "location": None,
    }


def media_url(base: str, account_id: str, name: str) -> str:
    return f"{base}/api/v2/users/{account_id}/media/{quote(name)}"


def media_json(item: MediaItem, base: str) -> dict[str, Any]:
    return {
        "content": media_url(base, item.account_id, item.name),
        "contentLength": len(item.content),
        "mediaName": item.name,
    }
