"""Control API wire models (snake_case); the OpenAPI document is generated from them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator
from pydantic_core import ErrorDetails

from telephony_emulator.apis.common.validation import dotted, validate_json
from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.core.scenarios import DigitPress, FarEndRule
from telephony_emulator.errors import InvalidRequest

PREFIX = "/_emulator"
M = TypeVar("M", bound=BaseModel)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- requests -----------------------------------------------------------------------------


class CreateAccountRequest(_Request):
    name: str = Field(default="Test account", min_length=1, max_length=200)
    numbers: int = Field(default=2, ge=0, le=50, description="How many numbers the account owns")


class VoiceApplicationSettings(_Request):
    """Where inbound-call webhooks of the numbers on this application go."""

    call_initiated_callback_url: HttpUrl | None = None
    call_initiated_method: Literal["POST", "GET"] | None = None
    call_initiated_fallback_url: HttpUrl | None = None
    call_initiated_fallback_method: Literal["POST", "GET"] | None = None
    call_status_callback_url: HttpUrl | None = None
    call_status_method: Literal["POST", "GET"] | None = None
    callback_username: str | None = Field(default=None, max_length=1024)
    callback_password: str | None = Field(default=None, max_length=1024)
    fallback_username: str | None = Field(default=None, max_length=1024)
    fallback_password: str | None = Field(default=None, max_length=1024)
    callback_timeout: float | None = Field(default=None, ge=1, le=25)


class MessagingApplicationSettings(_Request):
    """Where message webhooks of the numbers on this application go: ``inbound_*`` for
    messages received, ``outbound_*`` for status events; ``callback_*`` serves both."""

    callback_url: HttpUrl | None = None
    callback_username: str | None = Field(default=None, max_length=1024)
    callback_password: str | None = Field(default=None, max_length=1024)
    inbound_callback_url: HttpUrl | None = None
    inbound_callback_username: str | None = Field(default=None, max_length=1024)
    inbound_callback_password: str | None = Field(default=None, max_length=1024)
    outbound_callback_url: HttpUrl | None = None
    outbound_callback_username: str | None = Field(default=None, max_length=1024)
    outbound_callback_password: str | None = Field(default=None, max_length=1024)
    requested_callback_types: (
        list[Literal["message-sending", "message-delivered", "message-failed"]] | None
    ) = Field(default=None, description="status events to send (default: all three)")


class UpdateApplicationRequest(_Request):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    settings: dict[str, Any] = Field(
        default_factory=dict,
        description="VoiceApplicationSettings or MessagingApplicationSettings, by service type",
    )


class AdvanceClockRequest(_Request):
    seconds: float = Field(ge=0, le=30 * 86_400)


class ClockRateRequest(_Request):
    rate: float = Field(ge=0, le=100_000, description="virtual seconds per real second; 0 = manual")


class RunUntilIdleRequest(_Request):
    max_timers: int = Field(default=100_000, ge=1, le=10_000_000)
    max_seconds: float = Field(default=7 * 86_400, gt=0, le=366 * 86_400)


class LimitsRequest(_Request):
    """Outbound limits of an account (Bandwidth's defaults: 5, 1500, 100; the emulator's own
    for messages and other requests: 100 and 1000 a second)."""

    calls_per_second: float | None = Field(default=None, gt=0, le=10_000)
    max_queue_size: int | None = Field(default=None, ge=0, le=10_000_000)
    max_active_calls: int | None = Field(default=None, ge=0, le=10_000_000)
    messages_per_second: float | None = Field(default=None, gt=0, le=100_000)
    requests_per_second: float | None = Field(default=None, gt=0, le=100_000)


class ForwardingNumberModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z-]+$")
    phone_number: str = Field(pattern=r"^\+[1-9][0-9]{6,14}$")
    label: str = Field(min_length=1, max_length=64, pattern=r"^[^;]+$")
    type: Literal[
        "Home", "Mobile", "Work", "PhoneLine", "Outage", "Other", "BusinessMobilePhone"
    ] = "Other"


class RingCentralSettingsRequest(_Request):
    """What a RingCentral user may dial and its own phones (only the fields given change)."""

    forwarding_numbers: list[ForwardingNumberModel] | None = Field(default=None, max_length=100)
    international_calling: bool | None = None
    faxing: bool | None = None
    blocked_numbers: list[str] | None = Field(default=None, max_length=1000)

    @field_validator("blocked_numbers")
    @classmethod
    def _dialable(cls, numbers: list[str] | None) -> list[str] | None:
        for number in numbers or []:
            if dialing.to_e164(number) != number:
                raise ValueError(f"{number!r} is not an E.164 number or N11 code")
        return numbers


class RingCentralSettingsOut(BaseModel):
    forwarding_numbers: list[ForwardingNumberModel]
    international_calling: bool
    faxing: bool
    blocked_numbers: list[str]


class InboundCallRequest(_Request):
    """A call from ``from`` arrives at the owned number ``to``; the caller behaves as given."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: str = Field(alias="from", description="E.164 number or SIP URI of the caller")
    to: str = Field(description="a number an account owns (its voice application is used)")
    hangup_after: float | None = Field(
        default=None, gt=0, le=86_400, description="the caller hangs up this long after answer"
    )
    digits: list[DigitPress] = Field(
        default_factory=list, max_length=100, description="presses, timed from the answer"
    )
    transcript: str | None = Field(
        default=None,
        min_length=1,
        max_length=5_000,
        description="what the caller says when recorded",
    )
    speech_seconds: float | None = Field(
        default=None, gt=0, le=10_800, description="how long the caller talks when recorded"
    )


class PressDigitsRequest(_Request):
    digits: str = Field(pattern=r"^[0-9*#A-Da-d]{1,100}$")


# -- responses ----------------------------------------------------------------------------


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    version: str


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class BandwidthCredentialsOut(BaseModel):
    account_id: str
    username: str
    password: str
    voice_url: str = Field(description="Configuration(host=...) for the bandwidth-sdk")
    messaging_url: str


class CatapultCredentialsOut(BaseModel):
    user_id: str
    api_token: str
    api_secret: str
    base_url: str = Field(description="the endpoint; clients append /v1")


class RingCentralCredentialsOut(BaseModel):
    account_id: str
    extension_id: str
    username: str
    extension: str
    password: str
    client_id: str
    client_secret: str
    jwt: str = Field(description="JWT credential of the user: platform.login(jwt=jwt)")
    server_url: str = Field(description="SDK(client_id, client_secret, server_url)")
    legacy_ringout_url: str
    legacy_fax_url: str


class ApplicationOut(BaseModel):
    id: str
    name: str
    service_type: str
    settings: dict[str, Any]


class NumberOut(BaseModel):
    number: str
    application_id: str | None
    label: str


class TransactionRequest(_Request):
    """A transaction on the account's Catapult statement: a ``payment`` or ``credit`` raises
    the balance, a ``charge`` lowers it (e.g. to test running out of credit)."""

    type: Literal["payment", "credit", "charge"] = "payment"
    amount: Decimal = Field(gt=0, le=1_000_000, decimal_places=5)


class TransactionOut(BaseModel):
    id: str
    type: str
    #: Dollars as Catapult writes them (five decimals); ``balance`` is the one after it.
    amount: str
    balance: str


class LimitsOut(BaseModel):
    calls_per_second: float
    max_queue_size: int
    max_active_calls: int
    messages_per_second: float
    requests_per_second: float


class AccountResponse(BaseModel):
    account_id: str
    name: str
    created_at: datetime
    limits: LimitsOut
    bandwidth: BandwidthCredentialsOut
    catapult: CatapultCredentialsOut
    ringcentral: RingCentralCredentialsOut
    applications: list[ApplicationOut]
    numbers: list[NumberOut]


class AccountSummary(BaseModel):
    account_id: str
    name: str
    created_at: datetime


class AccountListResponse(BaseModel):
    accounts: list[AccountSummary]


class ResetResponse(BaseModel):
    status: Literal["reset"] = "reset"
    accounts: list[str]


class ClockResponse(BaseModel):
    now: datetime
    time: float = Field(description="virtual POSIX seconds")
    rate: float
    pending_timers: int
    next_due: datetime | None


class RunReportResponse(BaseModel):
    timers_fired: int
    virtual_seconds: float
    pending_timers: int
    idle: bool = Field(description="true when nothing is scheduled any more")
    stopped_by: Literal["max_timers", "max_seconds", "busy_timeout"] | None
    clock: ClockResponse


class DeliveryOut(BaseModel):
    id: int
    delivery_id: str
    account_id: str | None
    call_id: str | None
    surface: str
    event_type: str
    target: Literal["primary", "fallback"]
    attempt: int
    url: str
    method: str
    request_headers: dict[str, Any]
    request_body: str
    response_status: int | None
    response_headers: dict[str, Any] | None
    response_body: str | None
    latency_ms: float
    outcome: str
    error: str | None
    sent_at: datetime
    request_json: Any = Field(
        default=None, description="request_body parsed, when it is a JSON object or array"
    )
    response_json: Any = Field(
        default=None, description="response_body parsed, when it is a JSON object or array"
    )


class DeliveryListResponse(BaseModel):
    """Oldest first; pass ``next_cursor`` as ``after_id`` for the next page."""

    deliveries: list[DeliveryOut]
    has_more: bool = False
    next_cursor: str | None = None


class DeletedResponse(BaseModel):
    deleted: int


class ScenarioOut(BaseModel):
    number: str
    rule: FarEndRule


class ScenarioListResponse(BaseModel):
    scenarios: list[ScenarioOut]


class CallOut(BaseModel):
    """A call leg as the emulator sees it, whichever surface placed it."""

    call_id: str
    account_id: str
    surface: str
    direction: Literal["inbound", "outbound"]
    from_: str = Field(serialization_alias="from")
    to: str
    state: Literal["queued", "initiated", "answered", "disconnected"]
    ringing: bool = Field(description="the far end is being rung and has not acted yet")
    created_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    cause: str | None
    error_message: str | None
    tag: str | None


class RingOutOut(BaseModel):
    """A RingOut session: its two legs' call ids (drive them with /calls/{call_id}/...) and
    statuses in the REST API's words (``general`` is the legacy general status)."""

    ringout_id: str
    account_id: str
    from_: str = Field(serialization_alias="from", description="the user's phone, rung first")
    to: str
    caller_id: str
    prompt: bool = Field(description="the user must press 1 before the destination is dialled")
    caller_call_id: str | None
    callee_call_id: str | None = Field(description="null until the destination is dialled")
    general: str
    caller_status: str
    callee_status: str
    ended: bool


# -- parsing ------------------------------------------------------------------------------


async def read_body(request: web.Request, model: type[M]) -> M:
    """Parse a JSON body (an empty body counts as ``{}``); a 400 says what is wrong."""
    return validate_json(model, await request.read() or b"{}", describe_invalid)


def describe_invalid(details: Sequence[ErrorDetails], where: str = "") -> InvalidRequest:
    """Every error as ``loc: msg``, joined by ``; ``; ``where`` prefixes the first location."""
    parts = [f"{dotted(item['loc']) or 'body'}: {item['msg']}" for item in details]
    return InvalidRequest(where + "; ".join(parts))


def describe_invalid_settings(details: Sequence[ErrorDetails]) -> InvalidRequest:
    """:func:`describe_invalid` for an application's ``settings`` object."""
    return describe_invalid(details, "settings.")
