"""Messaging v2 requests: the createMessage body with its fieldErrors, the listMessages query."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from telephony_emulator.core.scenarios import E164
from telephony_emulator.errors import InvalidRequest, UnsupportedMediaType

# Limits per the spec (``messageRequest``, the ``listMessages`` parameters) and reference
# bandwidth-v2.md §6. The fieldError texts follow the spec's one example ("'+invalid' must be
# replaced with a valid E164 formatted telephone number"); the others are *invented* in its
# style. Every field is checked, so one 400 lists every problem of the body.
MAX_RECIPIENTS = 10  # a group message has at most 10 participants [docs]
TEXT_MAX_LENGTH = 2048
MEDIA_URL_MAX_LENGTH = 4096
TAG_MAX_LENGTH = 1024
PRIORITIES = ("default", "high")
#: Alphanumeric sender ids: up to 11 of A-Z a-z 0-9 space - + _ &, at least one letter [spec].
SENDER_ID = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 \-+_&]{1,11}$")
REJECTED = "Your request could not be accepted"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_RESULTS = 10_000  # limit + offset may not pass this [spec]
SEARCH_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class FieldError:
    field_name: str
    description: str

    def to_json(self) -> dict[str, str]:
        return {"fieldName": self.field_name, "description": self.description}


def field_errors(errors: list[FieldError]) -> InvalidRequest:
    """The 400 of createMessage: the generic description plus one entry per bad field."""
    return InvalidRequest(REJECTED, details={"field_errors": [error.to_json() for error in errors]})


@dataclass(frozen=True)
class MessageRequest:
    application_id: str
    to: tuple[str, ...]
    from_: str
    text: str = ""
    media: tuple[str, ...] = ()
    tag: str | None = None
    priority: str = "default"
    expiration: datetime | None = None


def check_json_content_type(content_type: str | None) -> None:
    media = (content_type or "").partition(";")[0].strip().lower()
    if media != "application/json" and not (
        media.startswith("application/") and media.endswith("+json")
    ):
        raise UnsupportedMediaType(f"Content type '{content_type or ''}' not supported")


def parse_message_request(raw: bytes, now: datetime) -> MessageRequest:
    """The body of createMessage; a 400 listing every field at fault otherwise."""
    try:
        body = json.loads(raw)
    except ValueError:
        raise InvalidRequest(REJECTED) from None
    if not isinstance(body, dict):
        raise InvalidRequest(REJECTED)
    errors: list[FieldError] = []
    application_id = _string(body, "applicationId", errors, required=True)
    from_ = _string(body, "from", errors, required=True)
    if from_ and not (E164.match(from_) or SENDER_ID.match(from_)):
        errors.append(
            FieldError(
                "from",
                f"'{from_}' must be replaced with a valid E164 formatted telephone number "
                "or a valid alphanumeric sender id",
            )
        )
    to = _recipients(body.get("to"), errors)
    text = _string(body, "text", errors) or ""
    if len(text) > TEXT_MAX_LENGTH:
        errors.append(FieldError("text", f"'text' must be {TEXT_MAX_LENGTH} characters or less"))
    media = _media(body.get("media"), errors)
    tag = _string(body, "tag", errors)
    if tag is not None and len(tag) > TAG_MAX_LENGTH:
        errors.append(FieldError("tag", f"'tag' must be {TAG_MAX_LENGTH} characters or less"))
    priority = _string(body, "priority", errors) or "default"
    if priority not in PRIORITIES:
        errors.append(FieldError("priority", f"'{priority}' must be one of [default, high]"))
    expiration = _expiration(body.get("expiration"), now, errors)
    if errors:
        raise field_errors(errors)
    assert application_id is not None
    assert from_ is not None
    return MessageRequest(application_id, to, from_, text, media, tag, priority, expiration)


def _string(
    body: Mapping[str, Any], name: str, errors: list[FieldError], *, required: bool = False
) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            errors.append(FieldError(name, f"'{name}' is required"))
        return None
    if not isinstance(value, str):
        errors.append(FieldError(name, f"'{name}' must be a string"))
        return None
    if required and not value:
        errors.append(FieldError(name, f"'{name}' is required"))
        return None
    return value


def _recipients(value: object, errors: list[FieldError]) -> tuple[str, ...]:
    if value is None or value == []:
        errors.append(FieldError("to", "'to' must contain at least one telephone number"))
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.append(FieldError("to", "'to' must be a list of E164 formatted telephone numbers"))
        return ()
    for number in value:
        if not E164.match(number):
            errors.append(
                FieldError(
                    "to",
                    f"'{number}' must be replaced with a valid E164 formatted telephone number",
                )
            )
    if len(set(value)) != len(value):
        errors.append(FieldError("to", "'to' must not contain the same telephone number twice"))
    if len(value) > MAX_RECIPIENTS:
        errors.append(
            FieldError("to", f"'to' must contain at most {MAX_RECIPIENTS} telephone numbers")
        )
    return tuple(value)


def _media(value: object, errors: list[FieldError]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.append(FieldError("media", "'media' must be a list of URLs"))
        return ()
    for url in value:
        if len(url) > MEDIA_URL_MAX_LENGTH:
            errors.append(
                FieldError("media", f"media URLs must be {MEDIA_URL_MAX_LENGTH} characters or less")
            )
        elif not re.match(r"^https?://[^\s/]+\S*$", url):
            errors.append(FieldError("media", f"'{url}' must be a valid http or https URL"))
    return tuple(value)


def _expiration(value: object, now: datetime, errors: list[FieldError]) -> datetime | None:
    if value is None:
        return None
    when = _instant(value)
    if when is None:
        errors.append(FieldError("expiration", "'expiration' must be a valid RFC-3339 date-time"))
        return None
    if when <= now:
        errors.append(FieldError("expiration", "'expiration' must be a date-time in the future"))
        return None
    return when


def _instant(value: object) -> datetime | None:
    """An RFC-3339 date-time with a zone (``Z`` or an offset), as aware UTC."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d", value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return None if parsed.tzinfo is None else parsed.astimezone(UTC)


# -- listMessages -------------------------------------------------------------------------

LIST_STATUSES = (
    "RECEIVED",
    "QUEUED",
    "SENDING",
    "SENT",
    "FAILED",
    "DELIVERED",
    "ACCEPTED",
    "UNDELIVERED",
)
LIST_DIRECTIONS = ("INBOUND", "OUTBOUND")
LIST_TYPES = ("sms", "mms", "rcs")
PRODUCTS = (
    "LOCAL_A2P",
    "P2P",
    "SHORT_CODE_REACH",
    "TOLL_FREE",
    "HOSTED_SHORT_CODE",
    "ALPHA_NUMERIC",
    "RBM_MEDIA",
    "RBM_RICH",
    "RBM_CONVERSATIONAL",
)
#: The query parameters that filter (at least one is required) [spec].
FILTERS = (
    "messageId",
    "sourceTn",
    "destinationTn",
    "messageStatus",
    "messageDirection",
    "carrierName",
    "messageType",
    "errorCode",
    "fromDateTime",
    "toDateTime",
    "campaignId",
    "fromBwLatency",
    "bwQueued",
    "product",
    "location",
    "carrierQueued",
    "fromCarrierLatency",
    "callingNumberCountryA3",
    "calledNumberCountryA3",
    "fromSegmentCount",
    "toSegmentCount",
    "fromMessageSize",
    "toMessageSize",
)
_INTEGERS = (
    "errorCode",
    "fromBwLatency",
    "fromCarrierLatency",
    "fromSegmentCount",
    "toSegmentCount",
    "fromMessageSize",
    "toMessageSize",
)
_BOOLEANS = ("bwQueued", "carrierQueued")
SORT_FIELDS = (
    "messageId",
    "accountId",
    "sourceTn",
    "destinationTn",
    "messageStatus",
    "messageDirection",
    "messageType",
    "segmentCount",
    "errorCode",
    "receiveTime",
    "carrierName",
    "messageSize",
    "messageLength",
    "attachmentCount",
    "recipientCount",
)


@dataclass(frozen=True)
class ListQuery:
    """The filters given (by their wire names, parsed), sorting and paging."""

    filters: dict[str, Any]
    sort_field: str = "receiveTime"
    descending: bool = False
    page_token: str | None = None
    limit: int = DEFAULT_LIMIT
    limit_total_count: bool = False
    raw: dict[str, str] = field(default_factory=dict)


def parse_list_query(query: Mapping[str, str]) -> ListQuery:
    """The listMessages query; a 400 naming the first parameter at fault."""
    filters: dict[str, Any] = {}
    for name in FILTERS:
        value = query.get(name)
        if value is None:
            continue
        filters[name] = _filter_value(name, value)
    if not filters:
        raise InvalidRequest("At least one query parameter is required to search for messages")
    low, high = filters.get("fromDateTime"), filters.get("toDateTime")
    if low is not None and high is not None and high - low > SEARCH_WINDOW:
        raise InvalidRequest("The date range to search in cannot be more than 14 days")
    sort_field, descending = "receiveTime", False
    if "sort" in query:
        sort_field, _, direction = query["sort"].partition(":")
        if sort_field not in SORT_FIELDS or direction.lower() not in ("", "asc", "desc"):
            raise InvalidRequest(f"Invalid sort parameter: {query['sort']}")
        descending = direction.lower() == "desc"
    limit = DEFAULT_LIMIT
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise InvalidRequest(f"Invalid limit: {query['limit']}") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}")
    total = query.get("limitTotalCount", "false").lower()
    if total not in ("true", "false"):
        raise InvalidRequest(f"Invalid limitTotalCount: {query['limitTotalCount']}")
    return ListQuery(
        filters,
        sort_field,
        descending,
        query.get("pageToken"),
        limit,
        total == "true",
        dict(query),
    )


def _filter_value(name: str, value: str) -> Any:
    if name in ("sourceTn", "destinationTn"):
        numbers = [part.strip() for part in value.split(",")]
        if len(numbers) > 1:
            if len(numbers) > MAX_RECIPIENTS or not all(E164.match(n) for n in numbers):
                raise InvalidRequest(f"Invalid {name}: {value}")
            return ("any", tuple(numbers))
        # A full number is matched like a partial one: it is contained only in itself.
        if len(value) < 5:
            raise InvalidRequest(f"{name} must be a full telephone number or at least 5 characters")
        return ("partial", value)
    if name == "messageStatus" and value not in LIST_STATUSES:
        raise InvalidRequest(f"Invalid messageStatus: {value}")
    if name == "messageDirection" and value not in LIST_DIRECTIONS:
        raise InvalidRequest(f"Invalid messageDirection: {value}")
    if name == "messageType" and value not in LIST_TYPES:
        raise InvalidRequest(f"Invalid messageType: {value}")
    if name == "product" and value not in PRODUCTS:
        raise InvalidRequest(f"Invalid product: {value}")
    if name in _INTEGERS:
        try:
            return int(value)
        except ValueError:
            raise InvalidRequest(f"Invalid {name}: {value}") from None
    if name in _BOOLEANS:
        if value.lower() not in ("true", "false"):
            raise InvalidRequest(f"Invalid {name}: {value}")
        return value.lower() == "true"
    if name in ("fromDateTime", "toDateTime"):
        when = _instant(value)
        if when is None:
            raise InvalidRequest(f"Invalid {name}: {value}")
        return when
    return value
