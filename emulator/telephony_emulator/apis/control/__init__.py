"""The control plane under ``/_emulator/``: our own API, snake_case JSON."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.control.errors import CONTROL
from telephony_emulator.apis.control.routes import routes
from telephony_emulator.core_services import Core

__all__ = ["CONTROL", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """The control surface (also the renderer of paths no surface owns) and its routes.

    Set up last: its handlers reach into every other surface's services.
    """
    core.surfaces.add(CONTROL, default=True)
    app.router.add_routes(routes)
