"""Legacy errors: always HTTP 200 with text, as the old service did (reference ringcentral.md §1.4).

RingOut clients treat any body not starting with ``OK`` as an error; the real texts were never
published, so ours say what went wrong. FaxOut answers a single status digit.
"""

from __future__ import annotations

from aiohttp import web

from telephony_emulator import errors
from telephony_emulator.surfaces import Surface

FAX_AUTHORIZATION_FAILED = "1"
FAX_GENERIC_ERROR = "5"


def render_legacy_error(error: errors.EmulatorError, request: web.Request) -> web.Response:
    if request.path.lower().startswith("/faxapi.asp"):
        digit = FAX_AUTHORIZATION_FAILED if error.status == 401 else FAX_GENERIC_ERROR
        return web.Response(text=digit, content_type="text/plain")
    return web.Response(text=f"Error: {error.message}", content_type="text/plain")


RINGCENTRAL_LEGACY = Surface(
    "ringcentral_legacy", ("/ringout.asp", "/faxapi.asp"), render_legacy_error
)
