"""Bandwidth Voice v2 and Messaging v2 (served under ``/api/v2`` and at the root)."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v2.errors import render_messaging_error, render_voice_error
from telephony_emulator.apis.surface import Surface

VOICE = Surface("bandwidth_voice_v2", ("/api/v2/accounts", "/accounts"), render_voice_error)
MESSAGING = Surface(
    "bandwidth_messaging_v2", ("/api/v2/users", "/users", "/api/v2"), render_messaging_error
)
