"""Times as the vendors' JSON shows them: ISO 8601 UTC with milliseconds and ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def to_millis(value: datetime) -> datetime:
    """``value`` rounded to the millisecond, the precision every Voice time is shown with.

    Rounded, not cut: virtual times are sums of float seconds (``…07.15999``).
    """
    return datetime.fromtimestamp(round(value.timestamp() * 1000) / 1000, tz=UTC)


def timestamp(value: datetime) -> str:
    """ISO 8601 UTC with milliseconds and ``Z``: ``2022-06-16T13:15:07.160Z``."""
    return to_millis(value).isoformat(timespec="milliseconds")[:23] + "Z"
