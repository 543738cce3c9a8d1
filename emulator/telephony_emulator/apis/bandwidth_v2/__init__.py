"""Bandwidth Voice v2 (served under ``/api/v2/accounts`` and at ``/accounts``)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2 import keys
from telephony_emulator.apis.bandwidth_v2.errors import VOICE
from telephony_emulator.apis.bandwidth_v2.routes import routes
from telephony_emulator.apis.bandwidth_v2.service import build_voice
from telephony_emulator.core_services import Core

__all__ = ["VOICE", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """Voice's surface, its call, recording and conference services, and its routes."""
    core.surfaces.add(VOICE)
    app[keys.VOICE], app[keys.RECORDINGS], app[keys.CONFERENCES] = build_voice(core)
    app.router.add_routes(routes)
