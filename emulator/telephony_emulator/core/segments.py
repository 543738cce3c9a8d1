"""How many segments a text message takes: GSM-7 160 (153 when split), UCS-2 70 (67)."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The GSM 03.38 default alphabet (one septet each) and its extension table (two septets each).
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Segments:
    """The encoding a text needs and the number of segments it is sent in."""

    encoding: str  # "gsm7" or "ucs2"
    count: int


def count_segments(text: str) -> Segments:
    """Segments of ``text``; an empty text still takes one segment.

    GSM-7 holds 160 septets in one segment, 153 per part when concatenated; an extension
    character takes two septets and is never split across parts. UCS-2 holds 70 UTF-16 code
    units, 67 per part, and a surrogate pair is never split.
    """
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        units = [2 if ch in _GSM_EXTENDED else 1 for ch in text]
        return Segments("gsm7", _parts(units, 160, 153))
    units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return Segments("ucs2", _parts(units, 70, 67))


def _parts(units: list[int], single: int, part: int) -> int:
    total = sum(units)
    if total <= single:
        return 1
    if all(unit == 1 for unit in units):
        return math.ceil(total / part)
    count, used = 1, 0
    for unit in units:
        if used + unit > part:
            count, used = count + 1, 0
        used += unit
    return count
