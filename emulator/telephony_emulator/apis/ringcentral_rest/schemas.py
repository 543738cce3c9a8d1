"""Request bodies of the RingCentral REST API, validated into RingCentral's own errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import ErrorDetails

from telephony_emulator.apis.common.validation import dotted, validate_json
from telephony_emulator.apis.ringcentral_rest.context import invalid_parameter
from telephony_emulator.errors import InvalidRequest

M = TypeVar("M", bound=BaseModel)


class _Lenient(BaseModel):
    """The REST API ignores properties it does not know."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class PhoneNumberRef(_Lenient):
    phone_number: str | None = Field(default=None, alias="phoneNumber")


class RingOutFrom(PhoneNumberRef):
    forwarding_number_id: str | None = Field(default=None, alias="forwardingNumberId")


class CountryRef(_Lenient):
    id: str | None = None


class MakeRingOutRequest(_Lenient):
    """``MakeRingOutRequest`` of the spec; ``from`` may be left out (reference §2.3)."""

    from_: RingOutFrom | None = Field(default=None, alias="from")
    to: PhoneNumberRef | None = None
    caller_id: PhoneNumberRef | None = Field(default=None, alias="callerId")
    play_prompt: bool = Field(default=False, alias="playPrompt")
    country: CountryRef | None = None


class MessageUpdate(_Lenient):
    """``PUT``/``PATCH …/message-store/{id}``: the read status, or restoring a deleted record."""

    read_status: Literal["Read", "Unread"] | None = Field(default=None, alias="readStatus")
    availability: str | None = None


async def read_json(request: web.Request, model: type[M]) -> M:
    """Parse a JSON body: CMN-103 when it is not JSON, CMN-101 naming the first bad field."""
    return validate_json(model, await request.read() or b"{}", _describe_invalid)


def _describe_invalid(details: Sequence[ErrorDetails]) -> InvalidRequest:
    first = details[0]
    if first["type"] in ("json_invalid", "json_type") or not first["loc"]:
        return InvalidRequest("JSON can't be parsed.", code="CMN-103")
    return invalid_parameter(dotted(first["loc"]))
