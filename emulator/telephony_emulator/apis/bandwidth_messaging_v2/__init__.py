"""Bandwidth Messaging v2 (``/api/v2/users``, ``/users``, and the rest of ``/api/v2``)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_messaging_v2.callbacks import MessagingCallbacks
from telephony_emulator.apis.bandwidth_messaging_v2.errors import MESSAGING
from telephony_emulator.apis.bandwidth_messaging_v2.keys import MESSAGING_SERVICE
from telephony_emulator.apis.bandwidth_messaging_v2.routes import routes
from telephony_emulator.apis.bandwidth_messaging_v2.service import MessagingService
from telephony_emulator.core_services import Core

__all__ = ["MESSAGING", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """Messaging's surface, its service on the message core, and its routes."""
    core.surfaces.add(MESSAGING)
    callbacks = MessagingCallbacks(core.dispatcher, core.engine.events, core.clock)
    app[MESSAGING_SERVICE] = MessagingService(core, callbacks)
    app.router.add_routes(routes)
