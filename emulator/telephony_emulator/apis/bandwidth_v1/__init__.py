"""Bandwidth Catapult v1, the legacy API (``/v1/...``)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.errors import CATAPULT
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.routes import routes
from telephony_emulator.apis.bandwidth_v1.service import build_catapult, build_catapult_accounts
from telephony_emulator.apis.bandwidth_v1.voice_keys import CATAPULT_VOICE
from telephony_emulator.apis.bandwidth_v1.voice_service import build_catapult_voice
from telephony_emulator.core_services import Core

__all__ = ["CATAPULT", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """Catapult's surface, its services and its routes."""
    core.surfaces.add(CATAPULT)
    accounts = build_catapult_accounts(core)
    voice = app[CATAPULT_VOICE] = build_catapult_voice(core, accounts.billing, accounts.user_errors)
    app[CATAPULT_SERVICES] = build_catapult(core, accounts, voice)
    app.router.add_routes(routes)
