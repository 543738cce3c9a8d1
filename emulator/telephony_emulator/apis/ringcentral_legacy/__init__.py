"""RingCentral's legacy plain-text pages ``/ringout.asp`` and ``/faxapi.asp``."""

from __future__ import annotations

from telephony_emulator.apis.ringcentral_legacy.errors import render_legacy_error
from telephony_emulator.apis.surface import Surface

RINGCENTRAL_LEGACY = Surface(
    "ringcentral_legacy", ("/ringout.asp", "/faxapi.asp"), render_legacy_error
)
