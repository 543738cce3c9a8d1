"""Catapult paging: ``page``/``size`` (or a ``sortKeyLT`` cursor) and the ``Link`` header."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.render import api_base
from telephony_emulator.errors import InvalidRequest

# The next link repeats every filter of the request: the node client keeps only the link's
# query and calls the same path with it, while the Python and C# clients GET the absolute URL
# as it is (reference §1 "Paging"). Values are URL-encoded, so the link holds no commas.

T = TypeVar("T")
DEFAULT_SIZE = 25
MAX_SIZE = 1000
#: Query keys that position a page; every other key is a filter the next link repeats.
_POSITION_KEYS = ("page", "size", "sortKeyLT", "sortKeyGT")


@dataclass(frozen=True)
class PageRequest:
    """A page by number (0-based) of ``size`` items."""

    page: int
    size: int


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    #: The query of the next page's link (filters included), or None on the last page.
    next_query: dict[str, str] | None


def page_request(
    query: Mapping[str, str], *, default_size: int = DEFAULT_SIZE, max_size: int = MAX_SIZE
) -> PageRequest:
    """``page`` and ``size`` from the query; out of range or not a number is a 400."""
    page = _integer(query, "page", 0)
    size = _integer(query, "size", default_size)
    if page < 0:
        raise InvalidRequest("The page must be 0 or greater", code="invalid-page")
    if not 1 <= size <= max_size:
        raise InvalidRequest(f"The size must be between 1 and {max_size}", code="invalid-size")
    return PageRequest(page, size)


def paged(items: Sequence[T], query: Mapping[str, str], **limits: int) -> Page[T]:
    """One page of ``items`` by ``page``/``size``; a page past the end is empty (the old Ruby
    gem stops only at an empty page, §10)."""
    wanted = page_request(query, **limits)
    start = wanted.page * wanted.size
    chunk = list(items[start : start + wanted.size])
    more = start + wanted.size < len(items)
    next_query = _filters(query) | {"page": str(wanted.page + 1), "size": str(wanted.size)}
    return Page(chunk, next_query if more else None)


def after_cursor(
    items: Sequence[T],
    query: Mapping[str, str],
    sort_key: Callable[[T], int],
    *,
    descending: bool = True,
    **limits: int,
) -> Page[T]:
    """One page of ``items`` by ``sort_key``, newest first below ``sortKeyLT`` (or, oldest
    first, above the emulator's own ``sortKeyGT``); the next link carries the last key."""
    size = page_request(query, **limits).size
    cursor_name = "sortKeyLT" if descending else "sortKeyGT"
    bound = _optional_integer(query, cursor_name)
    ordered = sorted(items, key=sort_key, reverse=descending)
    if bound is not None:
        ordered = [
            item
            for item in ordered
            if (sort_key(item) < bound if descending else sort_key(item) > bound)
        ]
    chunk = ordered[:size]
    if len(ordered) <= size:
        return Page(chunk, None)
    cursor = {cursor_name: str(sort_key(chunk[-1])), "size": str(size)}
    return Page(chunk, _filters(query) | cursor)


def link_header(request: web.Request, page: Page[T]) -> dict[str, str]:
    """``{"Link": '<…>; rel="next"'}`` pointing at this emulator, or nothing on the last page."""
    if page.next_query is None:
        return {}
    path = request.path.removeprefix("/v1")
    return {"Link": f'<{api_base(request)}{path}?{urlencode(page.next_query)}>; rel="next"'}


def _filters(query: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in query.items() if key not in _POSITION_KEYS}


def _integer(query: Mapping[str, str], key: str, default: int) -> int:
    found = _optional_integer(query, key)
    return default if found is None else found


def _optional_integer(query: Mapping[str, str], key: str) -> int | None:
    raw = query.get(key)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidRequest(f"The {key} must be an integer", code="validation-error") from None
