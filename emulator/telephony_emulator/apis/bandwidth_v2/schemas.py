"""Bandwidth Voice v2 request wire models (createCall, updateCall, listCalls) and their 400s.

Fields, defaults and limits follow the official spec (``createCall``, ``updateCall``,
``machineDetectionConfiguration``, the ``listCalls`` query) and reference bandwidth-v2.md §2.
The error texts are the vendor's where one is known (§1); the others are marked *invented*.

Parsing is Jackson-like: unknown fields are ignored, JSON ``null`` means "not sent", methods
are accepted in any case and stored upper-case, numbers may come as numeric strings (but
not as booleans). The happy path is one ``model_validate_json`` plus a few precompiled regex
matches; a pydantic ``ValidationError`` is turned into the vendor's message only on the error
path (the engine is ``apis/common/validation``, the words are here). Every failure is an
``InvalidRequest`` (400) or an ``UnsupportedMediaType`` (415).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import ErrorDetails, PydanticKnownError, PydanticUseDefault

from telephony_emulator.apis.common.validation import (
    RANGE_ERRORS,
    Describe,
    WireTable,
    dotted,
    validate_json,
    wire_table,
)
from telephony_emulator.core.scenarios import E164, SIP_URI
from telephony_emulator.errors import InvalidRequest, UnsupportedMediaType
from telephony_emulator.webhooks.models import Endpoint
from telephony_emulator.webhooks.target import WebhookTarget

Method = Literal["GET", "POST"]
MachineDetectionMode = Literal["sync", "async"]
CallState = Literal["active", "completed"]

URL_MAX_LENGTH = 2048
CREDENTIAL_MAX_LENGTH = 1024
TAG_MAX_LENGTH = 4096
DISPLAY_NAME_MAX_LENGTH = 256
UUI_MAX_LENGTH = 350
PRIVATE_DISPLAY_NAMES = ("Restricted", "Anonymous", "Private", "Unavailable")
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 10000

# -- vendor texts ([dev] = quoted by Bandwidth; the rest are invented in the same style) ----

#: [dev]
MISSING_REQUIRED_CREATE = (
    "Missing at least one required field. Required fields are [from, to, answerUrl, applicationId]"
)
MALFORMED_BODY = "Invalid request body: malformed JSON"
NOT_AN_OBJECT = "Invalid request body: expected a JSON object"
REDIRECT_URL_REQUIRED = "redirectUrl is required when state is active"


def _media_type_error(content_type: str | None) -> UnsupportedMediaType:
    # [docs] "Content type 'text/plain;charset=UTF-8' not supported"
    return UnsupportedMediaType(f"Content type '{content_type or ''}' not supported")


# -- field coercions (run inside pydantic-core, so they stay on the fast path) -------------


def null_is_default(value: object) -> object:
    """JSON ``null`` for a field with a default means the field was not sent."""
    if value is None:
        raise PydanticUseDefault()
    return value


def _http_method(value: object) -> object:
    if value is None:
        raise PydanticUseDefault()
    return value.upper() if isinstance(value, str) else value


def _number(value: object) -> object:
    if value is None:
        raise PydanticUseDefault()
    if isinstance(value, bool):  # Jackson does not read true/false as a number
        raise PydanticKnownError("float_type")
    return value


def _optional_number(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticKnownError("float_type")
    return value


HttpMethod = Annotated[Method, BeforeValidator(_http_method)]
Number = Annotated[float, BeforeValidator(_number)]
OptionalNumber = Annotated[float | None, BeforeValidator(_optional_number)]
Flag = Annotated[bool, BeforeValidator(null_is_default)]
Url = Annotated[str, Field(max_length=URL_MAX_LENGTH)]
Credential = Annotated[str, Field(max_length=CREDENTIAL_MAX_LENGTH)]
Tag = Annotated[str, Field(max_length=TAG_MAX_LENGTH)]


class VoiceBody(BaseModel):
    """camelCase on the wire; snake_case names also accepted; unknown fields ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        allow_inf_nan=False,
    )


# -- models -------------------------------------------------------------------------------


class MachineDetectionRequest(VoiceBody):
    """``machineDetectionConfiguration``; the spec gives only lower bounds (none) for numbers."""

    mode: Annotated[MachineDetectionMode, BeforeValidator(null_is_default)] = "async"
    detection_timeout: Number = Field(default=15, ge=0)
    silence_timeout: Number = Field(default=10, ge=0)
    speech_threshold: Number = Field(default=10, ge=0)
    speech_end_threshold: Number = Field(default=5, ge=0)
    #: ``None`` means "the same as speechEndThreshold".
    machine_speech_end_threshold: OptionalNumber = Field(default=None, ge=0)
    delay_result: Flag = False
    #: Used in ``async`` mode only; accepted (and unused) in ``sync`` mode.
    callback_url: Url | None = None
    callback_method: HttpMethod = "POST"
    username: Credential | None = None
    password: Credential | None = None
    fallback_url: Url | None = None
    fallback_method: HttpMethod = "POST"
    fallback_username: Credential | None = None
    fallback_password: Credential | None = None


class CreateCallRequest(VoiceBody):
    """``createCall``: ``POST /accounts/{accountId}/calls``."""

    to: str
    from_: str = Field(alias="from")
    privacy: bool | None = None
    display_name: str | None = Field(default=None, max_length=DISPLAY_NAME_MAX_LENGTH)
    uui: str | None = Field(default=None, max_length=UUI_MAX_LENGTH)
    application_id: str
    answer_url: Url
    answer_method: HttpMethod = "POST"
    username: Credential | None = None
    password: Credential | None = None
    answer_fallback_url: Url | None = None
    answer_fallback_method: HttpMethod = "POST"
    fallback_username: Credential | None = None
    fallback_password: Credential | None = None
    disconnect_url: Url | None = None
    disconnect_method: HttpMethod = "POST"
    call_timeout: Number = Field(default=30, ge=1, le=300)
    callback_timeout: Number = Field(default=15, ge=1, le=25)
    machine_detection: MachineDetectionRequest | None = None
    priority: Annotated[int, BeforeValidator(_number)] = Field(default=5, ge=1, le=5)
    tag: Tag | None = None

    def answer_target(self) -> WebhookTarget:
        return WebhookTarget.of(self, "answer")

    def disconnect_target(self) -> WebhookTarget | None:
        """disconnectUrl has no fallback; it shares username and password with answerUrl."""
        if self.disconnect_url is None:
            return None
        return WebhookTarget.of(self, "disconnect", fallback=False)


class RedirectRequest(VoiceBody):
    """The redirect fields updateCall and updateConference share."""

    redirect_url: Url | None = None
    redirect_method: HttpMethod = "POST"
    username: Credential | None = None
    password: Credential | None = None
    redirect_fallback_url: Url | None = None
    redirect_fallback_method: HttpMethod = "POST"
    fallback_username: Credential | None = None
    fallback_password: Credential | None = None

    def redirect_endpoints(self) -> tuple[Endpoint, Endpoint | None]:
        """Where the redirect webhook goes (the URLs are absolute: the checks ensure it)."""
        return WebhookTarget.of(self, "redirect").endpoints()


class UpdateCallRequest(RedirectRequest):
    """``updateCall``: ``POST /accounts/{accountId}/calls/{callId}``.

    After :func:`parse_update_call`, ``model_fields_set`` holds exactly the fields that were
    sent with a non-null value (so ``"tag" in body.model_fields_set`` tells "set the tag",
    and ``tag == ""`` clears it).
    """

    state: Annotated[CallState, BeforeValidator(null_is_default)] = "active"
    tag: Tag | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _note_null(cls, value: object, info: ValidationInfo) -> object:
        # Runs before the field's own coercions; parse_update_call passes a set as context.
        if value is None and isinstance(info.context, set) and info.field_name is not None:
            info.context.add(info.field_name)
        return value


@dataclass(frozen=True, slots=True)
class ListCallsQuery:
    """The ``listCalls`` query; empty parameters count as absent, times are aware UTC."""

    to: str | None = None
    from_: str | None = None
    min_start_time: datetime | None = None
    max_start_time: datetime | None = None
    disconnect_cause: str | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    page_token: str | None = None


# -- entry points -------------------------------------------------------------------------


def check_json_content_type(content_type: str | None) -> None:
    """415 unless the body is JSON (``application/json``, or ``application/*+json`` like Spring)."""
    if content_type:
        media = content_type.partition(";")[0].strip().lower()
        if media == "application/json" or (
            media.startswith("application/") and media.endswith("+json")
        ):
            return
    raise _media_type_error(content_type)


def check_xml_content_type(content_type: str | None) -> None:
    """415 unless the body is XML (``application/xml`` or ``text/xml``); for the BXML PUTs."""
    if content_type:
        media = content_type.partition(";")[0].strip().lower()
        if media in ("application/xml", "text/xml"):
            return
    raise _media_type_error(content_type)


def parse_create_call(raw: bytes, content_type: str | None) -> CreateCallRequest:
    check_json_content_type(content_type)
    body = validate_json(CreateCallRequest, raw, _CREATE_ERRORS)
    _check_create(body)
    return body


def parse_update_call(raw: bytes, content_type: str | None) -> UpdateCallRequest:
    check_json_content_type(content_type)
    nulls: set[str] = set()
    body = validate_json(UpdateCallRequest, raw, _UPDATE_ERRORS, context=nulls)
    if nulls:
        body.model_fields_set.difference_update(nulls)
    _check_update(body)
    return body


def parse_list_calls_query(query: Mapping[str, str]) -> ListCallsQuery:
    return ListCallsQuery(
        to=query.get("to") or None,
        from_=query.get("from") or None,
        min_start_time=query_time(query, "minStartTime"),
        max_start_time=query_time(query, "maxStartTime"),
        disconnect_cause=query.get("disconnectCause") or None,
        page_size=query_page_size(query.get("pageSize"), MAX_PAGE_SIZE),
        page_token=query.get("pageToken") or None,
    )


# -- checks pydantic does not do ----------------------------------------------------------

#: An absolute http(s) URL with a host (optionally userinfo and port), no blanks or controls.
_HTTP_URL = re.compile(
    r"https?://(?:[^\s\x00-\x1f\x7f/?#@]*@)?"
    r"(?:\[[0-9A-Fa-f:.]+\]|[^\s\x00-\x1f\x7f/?#@:\[\]]+)"
    r"(?::[0-9]{1,5})?"
    r"(?:[/?#][^\s\x00-\x1f\x7f]*)?",
    re.IGNORECASE,
)
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: One User-To-User value: data, optional parameters, then ``;encoding=jwt|base64|hex``.
_UUI_VALUE = re.compile(
    r"\s*[^,;\s][^,;]*(?:;[^,;]*)*;\s*encoding\s*=\s*(?:jwt|base64|hex)\s*", re.IGNORECASE
)
_INTEGER = re.compile(r"[+-]?[0-9]+")


def check_url(field: str, url: str) -> None:
    if _HTTP_URL.fullmatch(url):
        return
    scheme = _URL_SCHEME.match(url)
    if scheme is None or scheme.group().lower() not in ("http:", "https:"):
        raise InvalidRequest(f"Invalid {field}: only http and https are allowed")  # [dev]
    raise InvalidRequest(f"Invalid {field}: must be a valid absolute URL")


def check_https(field: str, url: str, user: str | None, password: str | None, who: str) -> None:
    if (user or password) and url[:8].lower() != "https://":
        raise InvalidRequest(f"Invalid {field}: https is required when {who} are specified")


def _check_create(body: CreateCallRequest) -> None:
    if not (E164.fullmatch(body.to) or SIP_URI.fullmatch(body.to)):
        raise InvalidRequest("Invalid to: must be an E164 telephone number")
    if not E164.fullmatch(body.from_):
        raise InvalidRequest("Invalid from: must be an E164 telephone number")  # [spec]
    if body.display_name is not None:
        if _CONTROL.search(body.display_name):
            raise InvalidRequest("Invalid displayName: must not contain control characters")
        if body.privacy and body.display_name not in PRIVATE_DISPLAY_NAMES:
            raise InvalidRequest(
                "Invalid displayName: must be one of [Restricted, Anonymous, Private, "
                "Unavailable] when privacy is true"
            )
    if body.uui is not None and not all(_UUI_VALUE.fullmatch(v) for v in body.uui.split(",")):
        raise InvalidRequest(
            "Invalid uui: each value must end with ;encoding=jwt, ;encoding=base64 or ;encoding=hex"
        )
    check_url("answerUrl", body.answer_url)
    check_https("answerUrl", body.answer_url, body.username, body.password, "username and password")
    if body.answer_fallback_url is not None:
        check_url("answerFallbackUrl", body.answer_fallback_url)
        check_https(
            "answerFallbackUrl",
            body.answer_fallback_url,
            body.fallback_username,
            body.fallback_password,
            "fallbackUsername and fallbackPassword",
        )
    if body.disconnect_url is not None:
        check_url("disconnectUrl", body.disconnect_url)
    detection = body.machine_detection
    if detection is not None:
        if detection.callback_url is not None:
            check_url("machineDetection.callbackUrl", detection.callback_url)
        if detection.fallback_url is not None:
            check_url("machineDetection.fallbackUrl", detection.fallback_url)


#: Not allowed with ``state=completed``. The methods only when they differ from the default:
#: the official SDK's ``UpdateCall(state="completed")`` always sends both as ``"POST"``.
_NOT_WHEN_COMPLETED = (
    "redirect_url",
    "redirect_method",
    "redirect_fallback_url",
    "redirect_fallback_method",
    "username",
    "password",
    "fallback_username",
    "fallback_password",
    "tag",
)


def _check_update(body: UpdateCallRequest) -> None:
    check_redirect(body, "state")


def check_redirect(body: Any, state_field: str) -> None:
    """updateCall and updateConference: when completing, no redirect field may be sent;
    otherwise ``redirectUrl`` is required, and every URL must be a valid http(s) one."""
    if getattr(body, state_field) == "completed":
        for name in _NOT_WHEN_COMPLETED:
            value = getattr(body, name, None)
            if value is not None and not (name.endswith("_method") and value == "POST"):
                raise InvalidRequest(
                    f"{to_camel(name)} is not allowed when {state_field} is completed"
                )
        return
    if body.redirect_url is None:
        raise InvalidRequest(f"redirectUrl is required when {state_field} is active")
    check_url("redirectUrl", body.redirect_url)
    check_https(
        "redirectUrl", body.redirect_url, body.username, body.password, "username and password"
    )
    if body.redirect_fallback_url is not None:
        check_url("redirectFallbackUrl", body.redirect_fallback_url)
        check_https(
            "redirectFallbackUrl",
            body.redirect_fallback_url,
            body.fallback_username,
            body.fallback_password,
            "fallbackUsername and fallbackPassword",
        )


def query_time(query: Mapping[str, str], name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        # Python's parser is case-sensitive about "T" and "Z"; Java's ISO parser is not.
        parsed = datetime.fromisoformat(raw.upper())
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InvalidRequest(
            f"Invalid {name}: must be an ISO 8601 date-time, such as 2022-06-21T19:13:21Z"
        ) from None


def query_page_size(raw: str | None, maximum: int) -> int:
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not _INTEGER.fullmatch(raw):
        raise InvalidRequest("Invalid pageSize: must be an integer")
    value = int(raw)
    if not 1 <= value <= maximum:
        raise InvalidRequest(_range_text("pageSize", 1, maximum, raw))
    return value


# -- ValidationError -> the vendor's text (error path only) -------------------------------


def _number_text(value: object) -> str:
    """A number as it was sent: 500 stays 500, 500.0 stays 500.0, "7" stays 7."""
    return repr(value) if isinstance(value, float) else str(value)


def _bound_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _range_text(path: str, low: float, high: float | None, value: object) -> str:
    if high is None:
        low_text, value_text = _bound_text(low), _number_text(value)
        return f"{path} must be greater than or equal to {low_text}, but was {value_text}"
    # [dev] "${0} must be within the range [${1}, ${2}], but was ${3}"
    return (
        f"{path} must be within the range [{_bound_text(low)}, {_bound_text(high)}], "
        f"but was {_number_text(value)}"
    )


def describer(model: type[BaseModel], missing_required: str | None = None) -> Describe:
    """How a failed parse of ``model`` reads: ``missing_required`` when a required field is
    missing, else the first error in the vendor's words."""
    table = wire_table(model)

    def describe(details: Sequence[ErrorDetails]) -> InvalidRequest:
        return InvalidRequest(describe_errors(details, table, missing_required))

    return describe


def describe_errors(
    details: Sequence[ErrorDetails], table: WireTable, missing_required: str | None
) -> str:
    first = details[0]
    if not first["loc"]:
        return MALFORMED_BODY if first["type"] == "json_invalid" else NOT_AN_OBJECT
    if missing_required is not None and any(_is_missing(item, table) for item in details):
        return missing_required
    return _field_message(first, table)


def _is_missing(item: ErrorDetails, table: WireTable) -> bool:
    if item["type"] == "missing":
        return True
    wire = table.get(item["loc"])
    return wire is not None and wire.required and item.get("input", 0) is None


def _field_message(item: ErrorDetails, table: WireTable) -> str:
    loc = item["loc"]
    wire = table.get(loc)
    if wire is None:  # not expected: every model field is in the table
        return f"Invalid {dotted(loc)}: {item['msg']}"
    kind = item["type"]
    path = wire.path
    if kind in RANGE_ERRORS and wire.low is not None:
        return _range_text(path, wire.low, wire.high, item.get("input"))
    if kind == "string_too_long":
        limit = (item.get("ctx") or {}).get("max_length")
        return f"Invalid {path}: must be at most {limit} characters"
    if wire.choices and wire.url_path is not None:
        # [dev] "Invalid answerUrl method. Supported methods: [POST, GET]"
        return f"Invalid {wire.url_path} method. Supported methods: [POST, GET]"
    if kind == "finite_number":
        return f"Invalid {path}: must be a finite number"
    return f"Invalid {path}: must be {wire.expected}"


_CREATE_ERRORS = describer(CreateCallRequest, MISSING_REQUIRED_CREATE)
_UPDATE_ERRORS = describer(UpdateCallRequest)
