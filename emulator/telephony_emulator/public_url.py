"""The base URL clients reach this server at (for Location headers, callUrl, links)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.keys import SETTINGS


def public_base(request: web.Request) -> str:
    """``--public-url`` when set, else the scheme and host the request came in on."""
    configured = request.app[SETTINGS].public_url
    return (configured or f"{request.scheme}://{request.host}").rstrip("/")
