"""RingCentral's REST error envelope (reference ringcentral.md §2.7).

Both the top-level ``errorCode``/``message`` of older replies and the ``errors`` array of the
spec's ``ApiErrorResponseModel`` are sent, which every SDK accepts. The OAuth endpoints answer
in their own envelope instead (§2.1): an error raised with ``details={"oauth_error": kind}``.
"""

from __future__ import annotations

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.surfaces import Surface

_DEFAULT_CODES = {
    400: "CMN-101",
    401: "OAU-123",
    403: "CMN-401",
    404: "CMN-102",
    405: "CMN-101",
    409: "CMN-101",
    413: "CMN-101",
    415: "CMN-101",
    429: "CMN-301",
    500: "CMN-201",
}


def oauth_error(kind: str, code: str, message: str) -> errors.InvalidRequest:
    """A 400 of the token/revoke/authorize endpoints, e.g. ``invalid_grant`` with OAU-140.

    Live captures answer 400 even where RingCentral's error table says 401 (reference §2.1).
    """
    return errors.InvalidRequest(message, code=code, details={"oauth_error": kind})


def render_rest_error(error: errors.EmulatorError, request: web.Request) -> web.Response:
    code = error.code or _DEFAULT_CODES.get(error.status, "CMN-201")
    item: dict[str, str] = {"errorCode": code, "message": error.message}
    if "parameter_name" in error.details:
        item["parameterName"] = str(error.details["parameter_name"])
    body: dict[str, object]
    if "oauth_error" in error.details:  # key order of the captures: error, errors, description
        body = {
            "error": str(error.details["oauth_error"]),
            "errors": [item],
            "error_description": error.message,
        }
    else:
        body = {"errorCode": code, "message": error.message, "errors": [item]}
    return web.json_response(body, status=error.status)


RINGCENTRAL_REST = Surface("ringcentral_rest", ("/restapi",), render_rest_error)
