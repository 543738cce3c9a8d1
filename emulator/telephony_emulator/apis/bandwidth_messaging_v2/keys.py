"""The Messaging v2 service shared through the aiohttp application, under a typed key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:  # imported for typing only: the service module imports the surface's others
    from telephony_emulator.apis.bandwidth_messaging_v2.service import MessagingService

MESSAGING_SERVICE: web.AppKey[MessagingService] = web.AppKey("bandwidth_messaging")
