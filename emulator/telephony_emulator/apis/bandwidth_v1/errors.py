"""Catapult's error envelope ``{category, code, message, details}`` (reference §3)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.surfaces import Surface

# `message` is always present: the Python client reads it and fails without it (§3).

_DEFAULTS = {
    400: ("bad-request", "validation-error"),
    401: ("authentication", "unauthorized"),
    403: ("forbidden", "forbidden"),
    404: ("not-found", "resource-not-found"),
    405: ("bad-request", "method-not-allowed"),
    409: ("conflict", "conflict"),
    413: ("bad-request", "request-too-large"),
    415: ("bad-request", "unsupported-content-type"),
    429: ("too-many-requests", "rate-limit-reached"),
    500: ("backend", "internal-error"),
    503: ("unavailable", "unavailable"),
}
#: Codes whose category differs from their status's default.
_CATEGORY_OF_CODE = {
    "user-access-denied": "authorization",
    "number-access-denied": "authorization",
    "no-allocated-number": "authorization",
    "call-rate-limit": "limit",
    "message-rate-limit": "limit",
    "multi-message-limit": "limit",
    "conference-max-members": "limit",
    "insufficient-available-balance": "credit",
}


def error_object(error: errors.EmulatorError) -> dict[str, object]:
    """``{category, code, message}`` of ``error`` (also one entry of a batch's results)."""
    category, code = _DEFAULTS.get(error.status, _DEFAULTS[500])
    if error.code:
        code = error.code
        category = _CATEGORY_OF_CODE.get(code, category)
    message = error.message
    if error.status == 404 and error.code is None:
        message = "The requested resource could not be found."
    return {"category": category, "code": code, "message": message}


def render_catapult_error(error: errors.EmulatorError, request: web.Request) -> web.Response:
    body = {
        **error_object(error),
        "details": [
            *({"name": name, "value": str(value)} for name, value in error.details.items()),
            {"name": "requestMethod", "value": request.method},
            {"name": "requestPath", "value": request.path.removeprefix("/v1/")},
        ],
    }
    return web.json_response(body, status=error.status)


CATAPULT = Surface("bandwidth_v1", ("/v1",), render_catapult_error)
