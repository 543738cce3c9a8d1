"""Catapult request bodies and queries: shared parsing rules and each resource's model."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from aiohttp import web
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import ErrorDetails, PydanticCustomError

from telephony_emulator.apis.common.validation import RANGE_ERRORS, validate_object, wire_table
from telephony_emulator.errors import InvalidRequest

# Clients send null for every option left out (the Python client) and strings for numbers
# and booleans (the docs' samples): null counts as absent, strings are coerced (reference §1
# "Nulls").

M = TypeVar("M", bound="CatapultBody")
#: ASCII digits only (``\d`` takes any script's); Catapult wants at least 7 of them.
E164 = re.compile(r"\A\+[1-9][0-9]{6,14}\Z")
NANP = re.compile(r"\A\+1[2-9][0-9]{2}[2-9][0-9]{6}\Z")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must contain at least one non-whitespace character")
    return value


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


NonBlank = Annotated[str, AfterValidator(_not_blank)]
HttpMethod = Annotated[Literal["GET", "POST"], BeforeValidator(_upper)]


class CatapultBody(BaseModel):
    """A request body; ``RESOURCE`` names it in error messages ("The 'call' resource ...")."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")
    RESOURCE: ClassVar[str] = "resource"


async def read_body(request: web.Request, model: type[M]) -> M:
    """The JSON object of the request as ``model``; an empty body is ``{}``."""
    data = decode_object(await request.read())
    return parse_object(model, data)


def decode_object(raw: bytes) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise InvalidRequest("The request body is not valid JSON", code="invalid-json") from None
    if not isinstance(data, dict):
        raise InvalidRequest("The request body must be a JSON object", code="invalid-json")
    return data


def parse_object(model: type[M], data: dict[str, Any]) -> M:
    present = {key: value for key, value in data.items() if value is not None}
    return validate_object(model, present, _describer(model))


def _describer(model: type[CatapultBody]) -> Any:
    table = wire_table(model)

    def describe(details: Sequence[ErrorDetails]) -> InvalidRequest:
        first = details[0]
        wire = table.get(first["loc"])
        name = wire.path if wire else ".".join(str(part) for part in first["loc"])
        prefix = f"The '{model.RESOURCE}' resource property '{name}'"
        if first["type"] == "missing":
            return InvalidRequest(
                f"{prefix} is required but was not specified", code="missing-property"
            )
        if first["type"] == "blank":
            return InvalidRequest(
                f"{prefix} must contain at least one non-whitespace character",
                code="blank-property",
            )
        kind = first["type"]
        limits = first.get("ctx") or {}
        if kind == "string_too_long":
            return InvalidRequest(
                f"{prefix} must be at most {limits.get('max_length')} characters",
                code="validation-error",
            )
        if kind in RANGE_ERRORS and wire is not None and wire.low is not None:
            high = "" if wire.high is None else f" and {wire.high:g}"
            word = "between" if high else "at least"
            return InvalidRequest(
                f"{prefix} must be {word} {wire.low:g}{high}", code="validation-error"
            )
        expected = wire.expected if wire else "valid"
        return InvalidRequest(f"{prefix} must be {expected}", code="validation-error")

    return describe


def check_e164(number: str, code: str = "invalid-number") -> str:
    if not E164.match(number):
        raise InvalidRequest(f"The number {number} is not a valid E.164 number", code=code)
    return number


def check_url(value: str | None, name: str) -> None:
    """A callback URL must be absolute http(s) (§2.9: "Invalid X URL")."""
    if value and not re.match(r"^https?://[^/\s]+", value):
        raise InvalidRequest(f"Invalid {name} URL", code="validation-error")


# -- applications (§2.9) ---------------------------------------------------------------


class ApplicationFields(CatapultBody):
    """Every field of an application; all optional, for updates."""

    RESOURCE = "application"
    name: NonBlank | None = None
    incoming_call_url: str | None = Field(None, alias="incomingCallUrl")
    incoming_call_url_callback_timeout: int | None = Field(
        None, alias="incomingCallUrlCallbackTimeout"
    )
    incoming_call_fallback_url: str | None = Field(None, alias="incomingCallFallbackUrl")
    incoming_message_url: str | None = Field(None, alias="incomingMessageUrl")
    incoming_message_url_callback_timeout: int | None = Field(
        None, alias="incomingMessageUrlCallbackTimeout"
    )
    incoming_message_fallback_url: str | None = Field(None, alias="incomingMessageFallbackUrl")
    callback_http_method: HttpMethod | None = Field(None, alias="callbackHttpMethod")
    auto_answer: bool | None = Field(None, alias="autoAnswer")


class CreateApplication(ApplicationFields):
    name: NonBlank


# -- phone numbers (§2.4) --------------------------------------------------------------


class AllocateNumber(CatapultBody):
    RESOURCE = "phoneNumber"
    number: NonBlank
    name: str | None = None
    application_id: str | None = Field(None, alias="applicationId")
    fallback_number: str | None = Field(None, alias="fallbackNumber")


class UpdateNumber(CatapultBody):
    RESOURCE = "phoneNumber"
    name: str | None = None
    application_id: str | None = Field(None, alias="applicationId")
    fallback_number: str | None = Field(None, alias="fallbackNumber")


# -- domains and endpoints (§2.12) -----------------------------------------------------


class CreateDomain(CatapultBody):
    RESOURCE = "domain"
    name: NonBlank
    description: str | None = None


class UpdateDomain(CatapultBody):
    RESOURCE = "domain"
    description: str | None = None


class Credentials(BaseModel):
    model_config = ConfigDict(extra="ignore")
    password: str | None = None


class EndpointFields(CatapultBody):
    RESOURCE = "endpoint"
    description: str | None = None
    application_id: str | None = Field(None, alias="applicationId")
    enabled: bool | None = None
    credentials: Credentials | None = None


class CreateEndpoint(EndpointFields):
    name: NonBlank
    credentials: Credentials


class CreateToken(CatapultBody):
    RESOURCE = "token"
    expires: int = Field(3600, ge=1)


# -- query values -------------------------------------------------------------------------


def query_time(query: Mapping[str, str], key: str) -> datetime | None:
    """A time filter: ISO 8601 (``2013-02-21T13:38:00Z``, offsets, the date alone) or Ruby's
    ``Time#to_s`` (``2013-02-21 13:38:00 UTC``); no zone means UTC."""
    raw = query.get(key)
    if not raw:
        return None
    text = raw.strip().replace(" UTC", "+00:00")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(
            f"The {key} {raw} is not a valid date and time", code="validation-error"
        ) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def query_int(query: Mapping[str, str], key: str, low: int = 1) -> int | None:
    raw = query.get(key)
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < low:
        raise InvalidRequest(f"The {key} must be an integer of at least {low}")
    return int(raw)


# -- messages (§2.2) -------------------------------------------------------------------


def _media_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class SendMessage(CatapultBody):
    RESOURCE = "message"
    from_: NonBlank = Field(alias="from")
    to: NonBlank
    text: str | None = Field(None, max_length=2048)
    media: Annotated[list[str], BeforeValidator(_media_list)] = Field(default_factory=list)
    receipt_requested: Literal["none", "all", "error"] = Field("none", alias="receiptRequested")
    callback_url: str | None = Field(None, alias="callbackUrl")
    callback_http_method: HttpMethod = Field("POST", alias="callbackHttpMethod")
    callback_timeout: int | None = Field(None, alias="callbackTimeout", ge=1, le=10_000)
    fallback_url: str | None = Field(None, alias="fallbackUrl")
    tag: str | None = None


def query_time_of_day(query: Mapping[str, str], key: str) -> datetime | None:
    """``yyyy-MM-dd hh:mm:ss.sss`` with the later parts optional (message lists, §2.2), or
    any form :func:`query_time` reads."""
    raw = query.get(key)
    if not raw:
        return None
    match = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2})(?::(\d{2}))?(?::(\d{2}(?:\.\d+)?))?)?", raw.strip()
    )
    if match is None:
        return query_time(query, key)
    day, hour, minute, second = match.groups()
    text = f"{day}T{int(hour or 0):02d}:{minute or '00'}:{second or '00'}+00:00"
    return datetime.fromisoformat(text)
