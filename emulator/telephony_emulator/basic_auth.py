"""HTTP Basic ``Authorization`` headers: parsing what clients send, encoding what webhooks send."""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


@functools.lru_cache(maxsize=1024)
def parse_basic(header: str | None) -> tuple[str, str] | None:
    """``(username, password)``, or None when the header is missing or not valid Basic.

    Cached: a client sends the same header with every request, and decoding it is a
    measurable part of a cheap request such as getCallState.
    """
    if not header:
        return None
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (ValueError, binascii.Error):
        return None
    username, colon, password = decoded.partition(":")
    return (username, password) if colon else None


def basic_owner(
    header: str | None, find: Callable[[str], T | None], secret_of: Callable[[T], str]
) -> T | None:
    """Whoever ``find`` knows by the header's user name, if the password is their secret."""
    login = parse_basic(header)
    owner = find(login[0]) if login else None
    if login is None or owner is None:
        return None
    return owner if hmac.compare_digest(login[1].encode(), secret_of(owner).encode()) else None


def encode_basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
