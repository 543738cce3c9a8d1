"""Bandwidth Messaging v2 error envelopes: type and description, or Spring's 404 body.

Types and texts per reference bandwidth-v2.md §1 (the spec's examples and the docs).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.keys import CLOCK
from telephony_emulator.surfaces import Surface

_MESSAGING = {
    400: ("request-validation", "Your request could not be accepted"),
    401: ("unauthorized", "Authentication Failed"),
    403: ("forbidden", "Access Denied"),
    405: ("method-not-allowed", "Method Not Allowed"),
    413: ("request-too-large", "The request body is too large"),
    415: ("unsupported-content-type", "Content type not supported"),
    429: ("max-message-queue-size-exceeded", "Message queue is full"),
    500: ("internal-error", "An unknown internal error occurred"),
}


def render_messaging_error(error: errors.EmulatorError, request: web.Request) -> web.Response:
    status = error.status
    body: dict[str, Any]
    if status == 404:
        # Messaging answers 404 with a Spring-style body (reference bandwidth-v2.md §1).
        body = {
            "timestamp": request.app[CLOCK].now().isoformat(timespec="milliseconds")[:23] + "Z",
            "status": 404,
            "error": "Not Found",
            "message": error.message,
            "path": request.path,
        }
    else:
        kind, text = _MESSAGING.get(status, _MESSAGING[500])
        body = {"type": error.code or kind, "description": error.message if status == 400 else text}
        if "field_errors" in error.details:
            body["fieldErrors"] = error.details["field_errors"]
    return web.json_response(body, status=status)


MESSAGING = Surface(
    "bandwidth_messaging_v2", ("/api/v2/users", "/users", "/api/v2"), render_messaging_error
)
