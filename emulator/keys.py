"""Every object shared through the aiohttp application, under a typed key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from emulator.apis.ringcentral_rest.tokens import TokenStore
from emulator.apis.surface import SurfaceRegistry
from emulator.core.clock import VirtualClock
from emulator.core.scheduler import Scheduler
from emulator.ids import IdFactory
from emulator.settings import Settings
from emulator.state import EmulatorState
from emulator.storage.db import Database
from emulator.webhooks.dispatcher import WebhookDispatcher
from emulator.webhooks.ledger import Ledger

if TYPE_CHECKING:  # imported for typing only: these modules import this one
    from emulator.apis.bandwidth_v2.conferences import VoiceConferences
    from emulator.apis.bandwidth_v2.recordings import VoiceRecordings
    from emulator.apis.bandwidth_v2.voice import VoiceService
    from emulator.core.engine import CallEngine
    from emulator.core.fax_sending import FaxService
    from emulator.core.ringout import RingOutService

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", VirtualClock)
SCHEDULER = web.AppKey("scheduler", Scheduler)
IDS = web.AppKey("ids", IdFactory)
SURFACES = web.AppKey("surfaces", SurfaceRegistry)
DATABASE = web.AppKey("database", Database)
STATE = web.AppKey("state", EmulatorState)
LEDGER = web.AppKey("ledger", Ledger)
DISPATCHER = web.AppKey("dispatcher", WebhookDispatcher)
TOKENS = web.AppKey("ringcentral_tokens", TokenStore)
CALLS: web.AppKey[CallEngine] = web.AppKey("calls")
VOICE: web.AppKey[VoiceService] = web.AppKey("bandwidth_voice")
RINGOUT: web.AppKey[RingOutService] = web.AppKey("ringout")
FAXES: web.AppKey[FaxService] = web.AppKey("ringcentral_faxes")
RECORDINGS: web.AppKey[VoiceRecordings] = web.AppKey("bandwidth_voice_recordings")
CONFERENCES: web.AppKey[VoiceConferences] = web.AppKey("bandwidth_voice_conferences")
