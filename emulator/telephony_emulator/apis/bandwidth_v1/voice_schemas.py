"""Catapult voice request bodies: calls, audio, DTMF, gathers, bridges, conferences, members.

Parsing follows what the clients send (reference bandwidth-v1.md §1 "Nulls"): JSON ``null``
means "not sent" (the Python client sends one for every option left out), booleans and
numbers may arrive as strings (``"recordingEnabled":"true"``, ``"maxDigits":"5"``), unknown
fields are ignored. Failures are 400 ``missing-property`` / ``blank-property`` /
``validation-error`` worded as Catapult words them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import ErrorDetails

from telephony_emulator.apis.common.validation import validate_object
from telephony_emulator.errors import InvalidRequest

M = TypeVar("M", bound="CatapultBody")
DTMF_OUT = re.compile(r"^[A-D0-9#*,wW]{1,92}$")


def _method(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


HttpMethod = Annotated[Literal["GET", "POST"], BeforeValidator(_method)]


class CatapultBody(BaseModel):
    """A request body: camelCase on the wire, ``null`` dropped before validation."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _drop_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


class AudioBody(CatapultBody):
    """The audio object of §2.6 (also a gather prompt and a transfer's whisper audio)."""

    file_url: str | None = None
    sentence: Annotated[str, Field(max_length=1000)] | None = None
    gender: Literal["female", "male"] | None = None
    locale: str | None = None
    voice: str | None = None
    loop_enabled: bool = False
    tag: str | None = None
    volume: Annotated[int, Field(ge=-4, le=4)] | None = None
    bargeable: bool = True

    @model_validator(mode="before")
    @classmethod
    def _unwrap(cls, data: Any) -> Any:
        # The Python client's speak_sentence_to_* and play_audio_file_to_* pass their audio
        # object as the positional ``file_url``, so it arrives as ``{"fileUrl": {...}}``.
        if isinstance(data, dict) and isinstance(data.get("fileUrl"), dict):
            inner = {k: v for k, v in data["fileUrl"].items() if v is not None}
            rest = {k: v for k, v in data.items() if k != "fileUrl" and v is not None}
            return rest | inner
        return data


class CreateCallBody(CatapultBody):
    from_: str = Field(alias="from")
    to: str
    call_timeout: Annotated[int, Field(ge=1, le=300)] = 60
    callback_url: str | None = None
    callback_timeout: Annotated[int, Field(ge=1, le=10000)] = 10000
    callback_http_method: HttpMethod = "POST"
    fallback_url: str | None = None
    bridge_id: str | None = None
    conference_id: str | None = None
    recording_enabled: bool = False
    recording_max_duration: Annotated[int, Field(ge=1, le=14400)] = 3600
    recording_file_format: Literal["wav", "mp3"] = "wav"
    transcription_enabled: bool = False
    tag: str | None = None
    sip_headers: dict[str, Annotated[str, Field(max_length=256)]] | None = None

    @field_validator("sip_headers")
    @classmethod
    def _x_headers(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        # At most 5 headers, each an ``X-`` header (reference §2.5).
        if value is not None and (len(value) > 5 or not all(k.startswith("X-") for k in value)):
            raise ValueError("at most 5 headers, each named X-…")
        return value


class UpdateCallBody(CatapultBody):
    state: Literal["active", "rejected", "completed", "transferring"] | None = None
    recording_enabled: bool | None = None
    recording_file_format: Literal["wav", "mp3"] | None = None
    recording_max_duration: Annotated[int, Field(ge=1, le=14400)] | None = None
    transfer_to: str | None = None
    transfer_caller_id: str | None = None
    whisper_audio: AudioBody | None = None
    callback_url: str | None = None
    diversion_treatment: Literal["none", "propagate", "stack"] | None = None
    diversion_reason: str | None = None
    tag: str | None = None


class DtmfBody(CatapultBody):
    dtmf_out: str


class GatherBody(CatapultBody):
    max_digits: Annotated[int, Field(ge=1, le=30)] = 30
    inter_digit_timeout: Annotated[float, Field(ge=1, le=30)] = 5.0
    terminating_digits: Annotated[str, Field(min_length=1)] = "#"
    tag: str | None = None
    prompt: AudioBody | None = None


class UpdateGatherBody(CatapultBody):
    state: Literal["completed"]


def _bridge_audio(value: object) -> object:
    # The seed's gem sends ``"bridgeAudio":{"bridge_audio":false}`` (reference §10).
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.values()))
    return value


class BridgeBody(CatapultBody):
    bridge_audio: Annotated[bool, BeforeValidator(_bridge_audio)] | None = None
    call_ids: list[str] | None = None


class ConferenceBody(CatapultBody):
    from_: str = Field(alias="from")
    callback_url: str | None = None
    callback_http_method: HttpMethod = "POST"
    callback_timeout: Annotated[int, Field(ge=1, le=10000)] = 10000
    fallback_url: str | None = None
    profile: Literal["interpret_digits", "passthru_digits"] = "interpret_digits"
    tag: str | None = None


class UpdateConferenceBody(CatapultBody):
    state: Literal["completed", "active"] | None = None
    hold: bool | None = None
    mute: bool | None = None
    callback_url: str | None = None
    callback_http_method: HttpMethod | None = None
    callback_timeout: Annotated[int, Field(ge=1, le=10000)] | None = None
    fallback_url: str | None = None
    tag: str | None = None


class MemberBody(CatapultBody):
    call_id: str
    join_tone: bool = False
    leaving_tone: bool = False
    mute: bool = False
    hold: bool = False


class UpdateMemberBody(CatapultBody):
    state: Literal["completed", "active"] | None = None
    mute: bool | None = None
    hold: bool | None = None
    join_tone: bool | None = None
    leaving_tone: bool | None = None


def parse_body(model: type[M], raw: bytes, resource: str) -> M:
    """``raw`` (JSON; empty means ``{}``) as ``model``, or Catapult's 400."""
    text = raw.strip()
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        raise InvalidRequest(
            "The request body is not valid JSON", code="validation-error"
        ) from None
    if not isinstance(value, dict):
        raise InvalidRequest(f"The '{resource}' resource must be a JSON object")
    body = validate_object(model, value, lambda details: _describe(details, resource))
    _check_blank(body, value, resource)
    return body


def parse_query(model: type[M], query: Mapping[str, str], resource: str) -> M:
    """A body sent as a query string (the seed gem's ``GET …/gather?…``); ``prompt[x]`` keys
    become the nested ``prompt`` object."""
    value: dict[str, Any] = {}
    for key, item in query.items():
        match = re.fullmatch(r"(\w+)\[(\w+)\]", key)
        if match:
            value.setdefault(match[1], {})[match[2]] = item
        else:
            value[key] = item
    return validate_object(model, value, lambda details: _describe(details, resource))


def _check_blank(body: CatapultBody, value: Mapping[str, Any], resource: str) -> None:
    for name, field in type(body).model_fields.items():
        alias = field.alias or name
        if field.is_required() and isinstance(value.get(alias), str) and not value[alias].strip():
            raise InvalidRequest(
                f"The '{resource}' resource property '{alias}' must contain at least one "
                "non-whitespace character",
                code="blank-property",
            )


def _describe(details: Sequence[ErrorDetails], resource: str) -> InvalidRequest:
    detail = details[0]
    loc = detail["loc"]
    name = ".".join(to_camel(str(part)) if isinstance(part, str) else str(part) for part in loc)
    if detail["type"] == "missing":
        return InvalidRequest(
            f"The '{resource}' resource property '{name}' is required but was not specified",
            code="missing-property",
        )
    return InvalidRequest(
        f"The '{resource}' resource property '{name}' has an invalid value: {detail['msg']}",
        code="validation-error",
    )
