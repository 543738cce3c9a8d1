"""The Catapult services shared through the aiohttp application, under a typed key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:  # imported for typing only: the service imports modules that import this
    from telephony_emulator.apis.bandwidth_v1.service import Catapult

CATAPULT_SERVICES: web.AppKey[Catapult] = web.AppKey("catapult")
