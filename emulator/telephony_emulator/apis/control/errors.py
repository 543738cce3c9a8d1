"""The control API's error envelope: ``{"error": {"status", "code", "message"}}``."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.surfaces import Surface

_CODES = {
    400: "invalid_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def render_control_error(error: errors.EmulatorError, request: web.Request) -> web.Response:
    """Also the default renderer, for paths no surface owns."""
    body = {
        "error": {
            "status": error.status,
            "code": error.code or _CODES.get(error.status, "internal_error"),
            "message": error.message,
        }
    }
    return web.json_response(body, status=error.status)


CONTROL = Surface("control", ("/_emulator",), render_control_error)
