"""Parsing an HTTP Basic ``Authorization`` header, shared by the surfaces that use Basic."""

from __future__ import annotations

import binascii

from aiohttp import BasicAuth


def parse_basic(header: str | None) -> tuple[str, str] | None:
    """``(username, password)``, or None when the header is missing or not valid Basic."""
    if not header:
        return None
    try:
        auth = BasicAuth.decode(header)
    except (ValueError, binascii.Error):
        return None
    return auth.login, auth.password
