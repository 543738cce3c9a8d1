"""Bandwidth Voice v2 error envelope: type, description, id.

Types and texts per reference bandwidth-v2.md §1 (the spec's examples and the docs).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.surfaces import Surface

_VOICE_TYPES = {
    400: "validation",
    401: "authentication-error",
    403: "authorization-error",
    404: "validation",
    405: "validation",
    409: "validation",
    413: "validation",
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


VOICE = Surface("bandwidth_voice_v2", ("/api/v2/accounts", "/accounts"), render_voice_error)
