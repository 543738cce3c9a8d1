"""Paged listings by position: one page of items in creation order and its opaque next token."""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from telephony_emulator.errors import InvalidRequest


class Sequenced(Protocol):
    """Something listed in creation order: its ``seq`` only grows."""

    @property
    def seq(self) -> int: ...


T = TypeVar("T")
S = TypeVar("S", bound=Sequenced)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str | None


def _encode_token(kind: str, seq: int, account_id: str) -> str:
    """A token for the position after ``seq`` in the account's listing of ``kind``."""
    text = f"{kind}:{account_id}:{seq}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode_token(kind: str, token: str, account_id: str) -> int:
    """The position a page token stands for; tokens of other listings are refused."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        found_kind, owner, seq = text.split(":")
        if found_kind != kind or owner != account_id:
            raise ValueError(found_kind)
        return int(seq)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRequest(f"Invalid pageToken: {token}") from None


def page_of(
    items: Sequence[S],
    wanted: Callable[[S], bool],
    *,
    kind: str,
    account_id: str,
    page_size: int,
    page_token: str | None,
) -> Page[S]:
    """The next page of the account's ``items`` (oldest first) that are ``wanted``; the token
    is the position after the last item returned."""
    start = 0
    if page_token is not None:
        after = _decode_token(kind, page_token, account_id)
        start = bisect.bisect_right(items, after, key=lambda item: item.seq)
    found: list[S] = []
    for item in items[start:]:
        if not wanted(item):
            continue
        if len(found) == page_size:
            return Page(found, _encode_token(kind, found[-1].seq, account_id))
        found.append(item)
    return Page(found, None)
