"""Times as the vendors' JSON shows them (ISO 8601 UTC, milliseconds, ``Z``) and as stored rows
keep them (full ISO 8601 with the offset)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import overload


def to_millis(value: datetime) -> datetime:
    """``value`` rounded to the millisecond, the precision every Voice time is shown with.

    Rounded, not cut: virtual times are sums of float seconds (``…07.15999``).
    """
    return datetime.fromtimestamp(round(value.timestamp() * 1000) / 1000, tz=UTC)


@functools.lru_cache(maxsize=4096)
def timestamp(value: datetime) -> str:
    """ISO 8601 UTC with milliseconds and ``Z``: ``2022-06-16T13:15:07.160Z``.

    Cached: a call's few times are shown again in every CallState and webhook of it.
    """
    return to_millis(value).isoformat(timespec="milliseconds")[:23] + "Z"


@overload
def to_stored(value: datetime) -> str: ...
@overload
def to_stored(value: None) -> None: ...
def to_stored(value: datetime | None) -> str | None:
    """A time inside a stored JSON row; None stays None."""
    return None if value is None else value.isoformat()


@overload
def from_stored(value: str) -> datetime: ...
@overload
def from_stored(value: None) -> None: ...
@overload
def from_stored(value: str | None) -> datetime | None: ...
def from_stored(value: str | None) -> datetime | None:
    """The aware UTC time :func:`to_stored` wrote; None stays None."""
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)
