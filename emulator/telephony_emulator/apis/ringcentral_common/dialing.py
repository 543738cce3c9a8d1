"""Dialled numbers: how a user's typed number becomes E.164, and what an account may call."""

from __future__ import annotations

import enum

from telephony_emulator.core.accounts import RingCentralSettings, ascii_digits

#: Premium-rate area codes no RingCentral account reaches.
_PREMIUM_AREA_CODES = ("900", "976")


class DialBarrier(enum.StrEnum):
    """Why a destination may not be dialled."""

    INTERNATIONAL_DISABLED = "InternationalDisabled"
    DESTINATION_BLOCKED = "DestinationBlocked"


def to_e164(raw: str | None) -> str | None:
    """``6505551230``, ``16505551230``, ``(650) 555-1230`` and ``+16505551230`` are the same
    number; other digit strings with ``+`` or 11-15 digits are international; N11 codes stay
    three digits. None when nothing dialable is left."""
    if raw is None:
        return None
    text = raw.strip()
    digits = ascii_digits(text)
    if not digits or len(digits) > 15 or any(ch.isalnum() for ch in text if ch not in digits):
        return None
    if text.startswith("+"):
        return "+" + digits
    if len(digits) == 3 and digits.endswith("11"):
        return digits
    if len(digits) == 10:
        return "+1" + digits
    if len(digits) >= 11:
        return "+" + digits
    return None


def barrier(number: str, settings: RingCentralSettings) -> DialBarrier | None:
    """Whether ``number`` (E.164, or an N11 code) may be called from an account so set."""
    if (
        not number.startswith("+")
        or (number.startswith("+1") and number[2:5] in _PREMIUM_AREA_CODES)
        or number in settings.blocked_numbers
    ):
        return DialBarrier.DESTINATION_BLOCKED
    if not number.startswith("+1") and not settings.international_calling:
        return DialBarrier.INTERNATIONAL_DISABLED
    return None
