"""RingCentral's legacy plain-text pages ``/ringout.asp`` and ``/faxapi.asp``."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.ringcentral_legacy.errors import RINGCENTRAL_LEGACY
from telephony_emulator.apis.ringcentral_legacy.routes import routes
from telephony_emulator.core_services import Core

__all__ = ["RINGCENTRAL_LEGACY", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """The legacy surface and its pages; they use the services ``ringcentral_rest`` sets up."""
    core.surfaces.add(RINGCENTRAL_LEGACY)
    app.router.add_routes(routes)
