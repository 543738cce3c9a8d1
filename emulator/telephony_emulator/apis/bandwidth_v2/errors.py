"""Bandwidth v2 error envelopes (Voice: type, description, id; Messaging: type, description).

Types and texts per reference bandwidth-v2.md §1 (the spec's examples and the docs).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.keys import CLOCK

_VOICE_TYPES = {
    400: "validation",
    401: "authentication-error",
    403: "authorization-error",
    404: "validation",
    405: "validation",
    409: "validation",
    415: "validation",
    429: "error",
}
#: Statuses whose description is always the same text.
_VOICE_FIXED_TEXTS = {
    401: "The credentials provided were invalid",
    403: "Access is denied",
    405: "Method Not Allowed",
    500: "An unknown internal error occurred",
}
_MESSAGING = {
    400: ("request-validation", "Your request could not be accepted"),
    401: ("unauthorized", "Authentication Failed"),
    403: ("forbidden", "Access Denied"),
    405: ("method-not-allowed", "Method Not Allowed"),
    415: ("unsupported-content-type", "Content type not supported"),
    429: ("max-message-queue-size-exceeded", "Message queue is full"),
    500: ("internal-error", "An unknown internal error occurred"),
}


def json_utf8(body: Any, status: int) -> web.Response:
    """JSON with the exact ``application/json;charset=UTF-8`` header Voice sends."""
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={"Content-Type": "application/json;charset=UTF-8"},
    )


def render_voice_error(error: errors.EmulatorError, request: web.Request) -> web.Response:
    status = error.status
    body = {
        "type": error.code or _VOICE_TYPES.get(status, "internal-error"),
        "description": _VOICE_FIXED_TEXTS.get(status, error.message),
        # 409 and 429 carry an empty id in the vendor's examples; the others a UUID.
        "id": "" if status in (409, 429) else str(uuid.uuid4()),
    }
    return json_utf8(body, status)


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
