"""Paged Voice v2 listings (listCalls, listConferences): one page and its opaque next token."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from emulator.errors import InvalidRequest

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str | None


def encode_page_token(kind: str, seq: int, account_id: str) -> str:
    """A token for the position after ``seq`` in the account's listing of ``kind``."""
    text = f"{kind}:{account_id}:{seq}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_page_token(kind: str, token: str, account_id: str) -> int:
    """The position a page token stands for; tokens of other listings are refused."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        found_kind, owner, seq = text.split(":")
        if found_kind != kind or owner != account_id:
            raise ValueError(found_kind)
        return int(seq)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRequest(f"Invalid pageToken: {token}") from None
