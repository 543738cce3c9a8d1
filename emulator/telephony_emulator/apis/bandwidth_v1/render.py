"""Catapult's wire forms: JSON bodies, bodiless 200/201 replies, absolute resource URLs, times."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.billing import money
from telephony_emulator.apis.bandwidth_v1.domains import SIP_HOST
from telephony_emulator.core.accounts import Account, Application
from telephony_emulator.iso_time import timestamp
from telephony_emulator.public_url import public_base

if TYPE_CHECKING:  # render is imported by the modules these come from
    from telephony_emulator.apis.bandwidth_v1.available import Offer
    from telephony_emulator.apis.bandwidth_v1.cnam import CallerName
    from telephony_emulator.apis.bandwidth_v1.messages import MessageView
    from telephony_emulator.apis.bandwidth_v1.model import (
        Domain,
        Endpoint,
        NumberRecord,
        Transaction,
        UserError,
    )
    from telephony_emulator.apis.bandwidth_v1.numbers import NumberView

JSON_TYPE = "application/json"


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    """A JSON body; ``None`` fields are left out, as Catapult's samples leave them out."""
    return web.Response(
        text=json.dumps(_without_nulls(body), separators=(",", ":")),
        status=status,
        content_type=JSON_TYPE,
        headers=headers,
    )


def no_content(status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """An empty reply that does not claim to be JSON: the Python client would try to parse it
    (reference bandwidth-v1.md §1 "Empty bodies"). Never 204: node treats it as an error."""
    response = web.Response(status=status, headers=headers, body=b"")
    response.content_type = "text/plain"
    return response


def created(location: str) -> web.Response:
    """``201 Created`` with the new resource's absolute URL; clients take its last segment."""
    return no_content(201, {"Location": location})


def api_base(request: web.Request) -> str:
    """``http://host:port/v1``: absolute, as the C# and Java clients need (§1 "Create")."""
    return f"{public_base(request)}/v1"


def user_url(request: web.Request, account: Account, *parts: str) -> str:
    """The absolute URL of ``parts`` under the account's user, e.g. ``…/v1/users/u-…/calls/c-…``."""
    path = "/".join(("users", account.catapult.user_id, *parts))
    return f"{api_base(request)}/{path}"


def time(value: datetime | None) -> str | None:
    """ISO 8601 UTC with milliseconds, ``2013-02-08T13:15:47.587Z``; None stays None."""
    return None if value is None else timestamp(value)


def national_number(number: str) -> str:
    """``+19195551212`` as ``(919) 555-1212``; other numbers as they are."""
    digits = number.removeprefix("+1")
    if len(digits) == 10 and digits.isdigit() and number.startswith("+1"):
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return number


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


# -- resources ---------------------------------------------------------------------------


def application(request: web.Request, account: Account, app: Application) -> dict[str, Any]:
    settings = app.settings
    method = settings.get("callbackHttpMethod")
    return {
        "id": app.id,
        "name": app.name,
        "incomingCallUrl": settings.get("incomingCallUrl"),
        "incomingCallUrlCallbackTimeout": settings.get("incomingCallUrlCallbackTimeout"),
        "incomingCallFallbackUrl": settings.get("incomingCallFallbackUrl"),
        "incomingMessageUrl": settings.get("incomingMessageUrl"),
        "incomingMessageUrlCallbackTimeout": settings.get("incomingMessageUrlCallbackTimeout"),
        "incomingMessageFallbackUrl": settings.get("incomingMessageFallbackUrl"),
        "callbackHttpMethod": method.lower() if isinstance(method, str) else None,
        "autoAnswer": bool(settings.get("autoAnswer", True)),
    }


def phone_number(request: web.Request, account: Account, view: NumberView) -> dict[str, Any]:
    record = view.record
    return {
        "id": record.id,
        "number": record.number,
        "nationalNumber": national_number(record.number),
        "name": view.name,
        "city": record.city or None,
        "state": record.state or None,
        "applicationId": view.application_id,
        "application": (
            user_url(request, account, "applications", view.application_id)
            if view.application_id
            else None
        ),
        "fallbackNumber": record.fallback_number,
        "price": record.price,
        "numberState": record.number_state,
        "createdTime": time(record.created_at),
    }


def available_number(offer: Offer) -> dict[str, Any]:
    place = offer.place
    body: dict[str, Any] = {
        "number": offer.number,
        "nationalNumber": national_number(offer.number),
        "patternMatch": offer.pattern_match,
    }
    if place is not None:
        body |= {
            "city": place.city.upper(),
            "lata": place.lata,
            "rateCenter": place.rate_center,
            "state": place.state,
        }
    return body | {"price": offer.price}


def ordered_number(request: web.Request, account: Account, record: NumberRecord) -> dict[str, Any]:
    return {
        "number": record.number,
        "nationalNumber": national_number(record.number),
        "price": record.price,
        "location": user_url(request, account, "phoneNumbers", record.id),
    }


def account(balance: Decimal, account_type: str) -> dict[str, Any]:
    return {"balance": money(balance), "accountType": account_type}


def transaction(item: Transaction) -> dict[str, Any]:
    return {
        "id": item.id,
        "time": time(item.created_at),
        "amount": money(item.amount),
        "type": item.type,
        "units": item.units,
        "productType": item.product_type,
        "number": item.number,
        "resourceId": item.resource_id,
    }


def domain(request: web.Request, account: Account, item: Domain) -> dict[str, Any]:
    # The docs name the URL field `endpoints`, the Python client's docs `endpointsUrl` (§8):
    # both are sent.
    endpoints = user_url(request, account, "domains", item.id, "endpoints")
    return {
        "id": item.id,
        "name": item.name,
        "description": item.description,
        "endpoints": endpoints,
        "endpointsUrl": endpoints,
    }


def endpoint(parent: Domain, item: Endpoint) -> dict[str, Any]:
    # The docs' form: no "sip:" and bwapp.bwsipp.io (the Python client's docs: sip:…@…bwsip.io).
    host = f"{parent.name}.{SIP_HOST}"
    return {
        "id": item.id,
        "name": item.name,
        "description": item.description,
        "domainId": item.domain_id,
        "applicationId": item.application_id,
        "enabled": item.enabled,
        "sipUri": f"{item.name}@{host}",
        "credentials": {"realm": host, "username": item.name},
    }


def user_error(item: UserError) -> dict[str, Any]:
    return {
        "id": item.id,
        "time": time(item.created_at),
        "category": item.category,
        "code": item.code,
        "message": item.message,
        "details": [
            {"id": detail_id, "name": name, "value": value}
            for detail_id, name, value in item.details
        ],
    }


def caller_name(found: CallerName) -> dict[str, Any]:
    return {
        "name": found.name,
        "number": found.number,
        "created": time(found.created),
        "updated": time(found.updated),
    }


def media_file(request: web.Request, account: Account, name: str, size: int) -> dict[str, Any]:
    return {
        "mediaName": name,
        "contentLength": size,
        "content": user_url(request, account, "media", quote(name)),
    }


def message(request: web.Request, account: Account, view: MessageView) -> dict[str, Any]:
    item = view.message
    options = view.options
    delivery = view.delivery
    return {
        "id": item.id,
        "messageId": item.id,
        "from": item.from_,
        "to": view.recipient.number,
        "direction": item.direction.value,
        "text": item.text,
        "media": list(item.media),
        "state": view.state,
        "time": time(item.created_at),
        "callbackUrl": None if options is None else options.callback_url,
        "callbackTimeout": None if options is None else options.callback_timeout,
        "fallbackUrl": None if options is None else options.fallback_url,
        "tag": item.tag,
        "receiptRequested": None if options is None else options.receipt_requested,
        "deliveryState": view.delivery_state,
        "deliveryCode": None if delivery is None else delivery[0],
        "deliveryDescription": None if delivery is None else delivery[1],
        "segmentCount": item.segments,
        "applicationId": item.application_id,
    }
