"""RingCentral REST API (``/restapi/...``): OAuth, RingOut, fax, message store, call log."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.ringcentral_common import keys
from telephony_emulator.apis.ringcentral_rest.errors import RINGCENTRAL_REST
from telephony_emulator.apis.ringcentral_rest.routes import routes
from telephony_emulator.apis.ringcentral_rest.service import build_ringcentral
from telephony_emulator.core_services import Core

__all__ = ["RINGCENTRAL_REST", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """The REST surface, the RingCentral services (the legacy pages use them too), its routes."""
    core.surfaces.add(RINGCENTRAL_REST)
    app[keys.TOKENS], app[keys.RINGOUT], app[keys.FAXES] = build_ringcentral(core)
    app.router.add_routes(routes)
