"""Bandwidth Messaging v2 (``/api/v2/users``, ``/users``, and the rest of ``/api/v2``)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_messaging_v2.errors import MESSAGING
from telephony_emulator.core_services import Core

__all__ = ["MESSAGING", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """Messaging has no endpoints yet: only its surface, so its paths answer in its errors."""
    core.surfaces.add(MESSAGING)
