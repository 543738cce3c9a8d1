"""Bandwidth Catapult v1, the legacy API (``/v1/...``)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.errors import CATAPULT
from telephony_emulator.core_services import Core

__all__ = ["CATAPULT", "setup"]


def setup(app: web.Application, core: Core) -> None:
    """Catapult has no endpoints yet: only its surface, so ``/v1`` answers in its errors."""
    core.surfaces.add(CATAPULT)
