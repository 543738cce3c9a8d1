"""Every Catapult route, under ``/v1`` (clients discard any path prefix of the base URL, §7)."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v1.account_routes import routes as account_routes
from telephony_emulator.apis.bandwidth_v1.application_routes import routes as application_routes
from telephony_emulator.apis.bandwidth_v1.bridge_routes import routes as bridge_routes
from telephony_emulator.apis.bandwidth_v1.call_routes import routes as call_routes
from telephony_emulator.apis.bandwidth_v1.conference_routes import routes as conference_routes
from telephony_emulator.apis.bandwidth_v1.domain_routes import routes as domain_routes
from telephony_emulator.apis.bandwidth_v1.error_routes import routes as error_routes
from telephony_emulator.apis.bandwidth_v1.media_routes import routes as media_routes
from telephony_emulator.apis.bandwidth_v1.message_routes import routes as message_routes
from telephony_emulator.apis.bandwidth_v1.number_routes import routes as number_routes
from telephony_emulator.apis.bandwidth_v1.recording_routes import routes as recording_routes
from telephony_emulator.apis.common.routing import mounted

PREFIX = "/v1"
#: The route tables of the surface; the voice routes join this tuple.
TABLES = (
    account_routes,
    application_routes,
    number_routes,
    domain_routes,
    error_routes,
    media_routes,
    message_routes,
    call_routes,
    bridge_routes,
    conference_routes,
    recording_routes,
)
routes = mounted(TABLES, (PREFIX,))
