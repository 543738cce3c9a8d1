"""The control plane under ``/_emulator/``: our own API, snake_case JSON."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.control.errors import CONTROL
from telephony_emulator.apis.control.event_log import log_item
from telephony_emulator.apis.control.feed import EventFeed
from telephony_emulator.apis.control.keys import FEED
from telephony_emulator.apis.control.routes import routes
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core

__all__ = ["CONTROL", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """The control surface (also the renderer of paths no surface owns) and its routes.

    Set up last: its handlers reach into every other surface's services.
    """
    core.surfaces.add(CONTROL, default=True)
    feed = EventFeed(core.engine.registry, core.scheduler, core.messages.store)
    feed.attach(core.engine.events, core.ledger)
    feed.watch(log_item)
    core.lifecycle.register("live event feed", Durability.MEMORY_ONLY, clear=feed.reset)
    app[FEED] = feed
    app.on_shutdown.append(_end_streams)
    app.router.add_routes(routes)


async def _end_streams(app: web.Application) -> None:
    """Open event streams would hold shutdown up; end them first."""
    app[FEED].close()
