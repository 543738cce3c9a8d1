"""Control API fax models, and the fax entries of the control API's OpenAPI document."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: The spec's FaxErrorCodeEnum.
FaxErrorCode = Literal[
    "AllLinesInUse", "Undefined", "NoFaxSendPermission", "NoInternationalPermission",
    "NoFaxMachine", "NoAnswer", "LineBusy", "CallerHungUp", "NotEnoughCredits", "SentPartially",
    "InternationalCallingDisabled", "DestinationCountryDisabled", "UnknownCountryCode",
    "NotAccepted", "InvalidNumber", "CallDeclined", "TooManyCallsPerLine", "CallFailed",
    "RenderingFailed", "TooManyPages", "ReturnToDBQueue", "NoCallTime", "WrongNumber",
    "ProhibitedNumber", "InternalError", "FaxSendingProhibited", "ThePhoneIsBlacklisted",
    "UserNotFound", "ConvertError", "DBGeneralError", "SkypeBillingFailed", "AccountSuspended",
    "ProhibitedDestination", "InternationalDisabled",
]  # fmt: skip


class FaxRecipientOut(BaseModel):
    recipient_id: str
    phone_number: str
    status: Literal["Queued", "Sent", "SendingFailed"]
    error_code: str | None
    call_id: str | None = Field(description="the transmission's call, once dialled")
    pages_sent: int


class FaxOut(BaseModel):
    """A fax as the emulator sees it; its recipients' calls appear in the call log."""

    message_id: str
    account_id: str
    origin: str = Field(description="the surface that took it: ringcentral_rest or _legacy")
    status: Literal["Queued", "Sent", "SendingFailed"]
    page_count: int | None = Field(description="pages to transmit; null if unrenderable")
    availability: Literal["Alive", "Deleted", "Purged"]
    recipients: list[FaxRecipientOut]


class FaxListResponse(BaseModel):
    faxes: list[FaxOut]


class FailFaxRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    error_code: FaxErrorCode = "CallFailed"


_MESSAGE_ID = {"name": "message_id", "in": "path", "required": True, "schema": {"type": "string"}}
_INDEX = {
    "name": "index",
    "in": "path",
    "required": True,
    "description": "the recipient's position in the fax's `to` list, from 0",
    "schema": {"type": "integer"},
}
_ACCOUNT = {"name": "account_id", "in": "path", "required": True, "schema": {"type": "string"}}
#: Entries of the control API's OpenAPI document (emulator/apis/control/openapi.py).
OPERATIONS: list[tuple[str, str, str, Any, int, Any, list[dict[str, Any]]]] = [
    (
        "get",
        "/accounts/{account_id}/faxes",
        "An account's RingCentral faxes, oldest first, with their recipients' call ids",
        None,
        200,
        FaxListResponse,
        [_ACCOUNT],
    ),
    (
        "get",
        "/faxes/{message_id}",
        "A fax as the emulator sees it",
        None,
        200,
        FaxOut,
        [_MESSAGE_ID],
    ),
    (
        "post",
        "/faxes/{message_id}/recipients/{index}/fail",
        "Sending to one recipient fails now with a fax error code (hangs up its call)",
        FailFaxRequest,
        200,
        FaxOut,
        [_MESSAGE_ID, _INDEX],
    ),
]
