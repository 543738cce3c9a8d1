"""Fax records in the REST API's JSON: the ``FaxResponse`` and message-store shapes.

Keys follow the captured reply of reference ringcentral.md §2.4. The two spec schemas name an
attachment's file name differently (``filename`` in FaxResponse, ``fileName`` in the message
store); each shape uses its own.
"""

from __future__ import annotations

from typing import Any

from telephony_emulator.apis.ringcentral_common.fax import FaxMessage, MessageStatus
from telephony_emulator.apis.ringcentral_rest.context import RestCaller
from telephony_emulator.iso_time import timestamp


def message_uri(caller: RestCaller, message_id: str) -> str:
    return f"{caller.extension_uri}/message-store/{message_id}"


def fax_response(caller: RestCaller, message: FaxMessage) -> dict[str, Any]:
    """The reply to ``POST …/fax``."""
    return _record(caller, message, store_shape=False)


def message_record(caller: RestCaller, message: FaxMessage) -> dict[str, Any]:
    """A message-store record (``GET …/message-store[/{id}]``)."""
    return _record(caller, message, store_shape=True)


def _record(caller: RestCaller, message: FaxMessage, *, store_shape: bool) -> dict[str, Any]:
    uri = message_uri(caller, message.id)
    status = message.status
    recipients = []
    for recipient in message.recipients:
        item: dict[str, Any] = {"recipientId": recipient.id, "phoneNumber": recipient.phone_number}
        if recipient.name:
            item["name"] = recipient.name
        item["messageStatus"] = recipient.status.value
        if store_shape and recipient.error_code:
            item["faxErrorCode"] = recipient.error_code
        recipients.append(item)
    name_key = "fileName" if store_shape else "filename"
    record: dict[str, Any] = {"uri": uri, "id": int(message.id)}
    if store_shape:
        record["extensionId"] = caller.account.ringcentral.extension_id
    record |= {
        "to": recipients,
        "from": {"phoneNumber": message.from_number, "name": caller.account.name},
        "type": "Fax",
        "creationTime": timestamp(message.created_at),
        "readStatus": message.read_status,
        "priority": "Normal",
        "attachments": [
            {
                "id": int(attachment.id),
                "uri": f"{uri}/content/{attachment.id}",
                "type": "RenderedDocument",
                "contentType": attachment.content_type,
                name_key: attachment.file_name,
                "size": attachment.size,
            }
            for attachment in message.attachments
        ],
        "direction": "Outbound",
        "availability": message.availability.value,
        "messageStatus": status.value,
        "faxResolution": message.resolution,
        # 0 until the fax leaves the queue (reference §2.4), then the rendered page count.
        "faxPageCount": 0 if status is MessageStatus.QUEUED else message.page_count or 0,
        "lastModifiedTime": timestamp(message.modified_at),
    }
    if message.cover_index is not None:
        record["coverIndex"] = message.cover_index
    if message.cover_page_text is not None:
        record["coverPageText"] = message.cover_page_text
    return record
