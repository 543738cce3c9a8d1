"""Request ids, the access log, in-flight tracking, and the one catch-all for errors."""

from __future__ import annotations

import itertools
import logging
import os
import time
from contextvars import ContextVar

from aiohttp import web
from aiohttp.typedefs import Handler

from telephony_emulator import errors
from telephony_emulator.keys import SCHEDULER, SURFACES

log = logging.getLogger("emulator.access")
error_log = logging.getLogger("emulator.errors")

#: The id of the request being handled (logged with errors, echoed in X-Request-Id).
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
CONTROL_PREFIX = "/_emulator"
#: Request bodies above this are refused with 413 (BXML documents are limited to 64 KB; media
#: and faxes are larger).
MAX_REQUEST_BYTES = 16 * 1024 * 1024
#: Request ids: a per-process random prefix and a counter (cheaper than a UUID per request).
_ID_PREFIX = os.urandom(4).hex() + "-"
_request_numbers = itertools.count(1)


@web.middleware
async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Give the request an id, log it, and count it as in flight for run-until-idle.

    Control requests are not counted: run-until-idle itself arrives as one.
    """
    request_id = request.headers.get("X-Request-Id") or f"{_ID_PREFIX}{next(_request_numbers):x}"
    request_id_var.set(request_id)
    started = time.perf_counter()
    status = 500
    try:
        if request.path.startswith(CONTROL_PREFIX):
            response = await handler(request)
        else:
            with request.app[SCHEDULER].activity():
                response = await handler(request)
        status = response.status
        response.headers["X-Request-Id"] = request_id
        return response
    finally:
        log.info(
            "%s %s %s %.1fms id=%s",
            request.method,
            request.path_qs,
            status,
            (time.perf_counter() - started) * 1000,
            request_id,
        )


@web.middleware
async def render_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Render every failure through the surface that owns the path; never an HTML traceback."""
    try:
        return await handler(request)
    except errors.EmulatorError as error:
        failure: errors.EmulatorError = error
    except web.HTTPException as http_error:
        if http_error.status < 400:
            raise
        failure = _from_http_exception(request, http_error)
    except Exception:
        error_log.exception(
            "unexpected error in %s %s id=%s", request.method, request.path, request_id_var.get()
        )
        failure = errors.InternalError()
    surface = request.app[SURFACES].for_path(request.path)
    response = surface.render_error(failure, request)
    for name, value in failure.headers.items():
        response.headers[name] = value
    return response


def _from_http_exception(request: web.Request, error: web.HTTPException) -> errors.EmulatorError:
    if error.status == 404:
        return errors.NotFound(f"No route for {request.method} {request.path}")
    if isinstance(error, web.HTTPMethodNotAllowed):
        allowed = ", ".join(sorted(error.allowed_methods))
        return errors.MethodNotAllowed(headers={"Allow": allowed})
    if error.status == 413:
        return too_large()
    if error.status == 415:
        return errors.UnsupportedMediaType()
    if error.status < 500:
        return errors.InvalidRequest(error.reason)
    return errors.InternalError()


def too_large() -> errors.PayloadTooLarge:
    return errors.PayloadTooLarge(
        f"The request body is too large: at most {MAX_REQUEST_BYTES} bytes are allowed"
    )


def refuse_oversize(request: web.Request) -> None:
    """For handlers that stream a body (multipart) past aiohttp's size check: refuse one whose
    ``Content-Length`` is over the limit before reading it."""
    if (request.content_length or 0) > MAX_REQUEST_BYTES:
        raise too_large()
