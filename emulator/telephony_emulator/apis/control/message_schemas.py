"""Control API message models, and the message entries of the control API's OpenAPI document."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from telephony_emulator.core.scenarios import E164


class InboundMediaIn(BaseModel):
    """A file the sender attaches; it is served from the receiving account's media."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, pattern=r"^[^/]+$")
    content_type: str = Field(default="application/octet-stream", min_length=1, max_length=200)
    content_base64: str = Field(description="the file's bytes, base64")

    @field_validator("content_base64")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("must be base64") from None
        return value


class InboundMessageRequest(BaseModel):
    """A message from any number arrives at owned numbers (``to``: several for a group)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: str = Field(alias="from", description="E.164 number of the sender")
    to: list[str] = Field(min_length=1, max_length=50, description="recipients, E.164")
    text: str = Field(default="", max_length=10_000)
    media: list[InboundMediaIn | str] = Field(
        default_factory=list, max_length=10, description="files to attach, or URLs as they are"
    )

    @field_validator("from_")
    @classmethod
    def _sender(cls, value: str) -> str:
        if not E164.match(value):
            raise ValueError(f"{value!r} is not an E.164 number")
        return value

    @field_validator("to")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        for number in value:
            if not E164.match(number):
                raise ValueError(f"{number!r} is not an E.164 number")
        if len(set(value)) != len(value):
            raise ValueError("recipients must be unique")
        return value


class MessageRecipientOut(BaseModel):
    number: str
    status: Literal["queued", "sending", "delivered", "failed", "received"]
    failure: str | None = Field(description="the neutral failure reason, when failed")
    updated_at: datetime | None


class MessageOut(BaseModel):
    """A message as sent (or received), text included."""

    message_id: str
    account_id: str
    surface: str
    direction: Literal["out", "in"]
    from_: str = Field(serialization_alias="from")
    owner: str
    to: list[str]
    text: str
    media: list[str]
    tag: str | None
    priority: str
    segments: int
    application_id: str | None
    created_at: datetime
    expiration: datetime | None
    recipients: list[MessageRecipientOut]


class MessageListResponse(BaseModel):
    messages: list[MessageOut]


#: Query parameters of ``GET /_emulator/messages``.
MESSAGE_FILTERS = ("account_id", "direction", "from", "to", "status", "surface")
_FILTERS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
    for name in MESSAGE_FILTERS
]
#: Entries of the control API's OpenAPI document (emulator/apis/control/openapi.py).
OPERATIONS: list[tuple[str, str, str, Any, int, Any, list[dict[str, Any]]]] = [
    (
        "get",
        "/messages",
        "Messages as sent and received, oldest first (to= matches any recipient)",
        None,
        200,
        MessageListResponse,
        _FILTERS,
    ),
    (
        "post",
        "/inbound-messages",
        "An SMS or MMS arrives at owned numbers: one message per owned recipient",
        InboundMessageRequest,
        201,
        MessageListResponse,
        [],
    ),
]
