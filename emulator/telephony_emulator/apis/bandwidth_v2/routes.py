"""Every Voice v2 route, at ``/api/v2/accounts/...`` and at the root (as Prism serves them)."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v2.call_routes import routes as call_routes
from telephony_emulator.apis.bandwidth_v2.conference_routes import routes as conference_routes
from telephony_emulator.apis.bandwidth_v2.recording_routes import routes as recording_routes
from telephony_emulator.apis.bandwidth_v2.transcription_routes import (
    routes as transcription_routes,
)
from telephony_emulator.apis.common.routing import mounted

PREFIXES = ("/api/v2", "")
routes = mounted((call_routes, recording_routes, transcription_routes, conference_routes), PREFIXES)
