"""The Voice v2 services shared through the aiohttp application, under typed keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:  # imported for typing only: these modules import this one
    from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
    from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
    from telephony_emulator.apis.bandwidth_v2.voice import VoiceService

VOICE: web.AppKey[VoiceService] = web.AppKey("bandwidth_voice")
RECORDINGS: web.AppKey[VoiceRecordings] = web.AppKey("bandwidth_voice_recordings")
CONFERENCES: web.AppKey[VoiceConferences] = web.AppKey("bandwidth_voice_conferences")
