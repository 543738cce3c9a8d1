"""The Catapult voice services shared through the aiohttp application, under a typed key."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.voice import CatapultVoice

CATAPULT_VOICE = web.AppKey("catapult_voice", CatapultVoice)
