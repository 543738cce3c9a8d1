"""Query parameters of control API requests: known names only, integers within bounds."""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from telephony_emulator.errors import InvalidRequest


def only_known(request: web.Request, allowed: Iterable[str]) -> None:
    """Refuse parameters the operation does not take (a typo must not be ignored silently)."""
    unknown = set(request.query) - set(allowed)
    if unknown:
        raise InvalidRequest(f"unknown query parameter(s): {', '.join(sorted(unknown))}")


def query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidRequest(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise InvalidRequest(f"{name} must be between {low} and {high}, got {value}")
    return value
