"""Bandwidth Catapult v1, the legacy API (``/v1/...``)."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v1.errors import render_catapult_error
from telephony_emulator.apis.surface import Surface

CATAPULT = Surface("bandwidth_v1", ("/v1",), render_catapult_error)
