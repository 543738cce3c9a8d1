"""Vendor-neutral errors raised by domain code; each API surface renders them in its envelope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class EmulatorError(Exception):
    """A failure with an HTTP status; ``code`` is a vendor error code when one applies."""

    status: ClassVar[int] = 500
    default_message: ClassVar[str] = "An unknown internal error occurred"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.code = code
        self.details = dict(details or {})
        self.headers = dict(headers or {})
        super().__init__(self.message)


class InvalidRequest(EmulatorError):
    status = 400
    default_message = "The request is invalid"


class Unauthenticated(EmulatorError):
    status = 401
    default_message = "The credentials provided were invalid"


class Forbidden(EmulatorError):
    status = 403
    default_message = "Access is denied"


class NotFound(EmulatorError):
    status = 404
    default_message = "The requested resource could not be found"


class MethodNotAllowed(EmulatorError):
    status = 405
    default_message = "Method Not Allowed"


class Conflict(EmulatorError):
    status = 409
    default_message = "The resource cannot be modified in its current state"


class PayloadTooLarge(EmulatorError):
    status = 413
    default_message = "The request body is too large"


class UnsupportedMediaType(EmulatorError):
    status = 415
    default_message = "Content type not supported"


class RateLimited(EmulatorError):
    status = 429
    default_message = "Rate limit exceeded"


class InternalError(EmulatorError):
    status = 500


class Unavailable(EmulatorError):
    status = 503
    default_message = "The resource is unavailable right now"
