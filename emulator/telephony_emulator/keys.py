"""Every object shared through the aiohttp application, under a typed key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from telephony_emulator.apis.ringcentral_rest.tokens import TokenStore
from telephony_emulator.apis.surface import SurfaceRegistry
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.ids import IdFactory
from telephony_emulator.lifecycle import Lifecycle
from telephony_emulator.settings import Settings
from telephony_emulator.state import EmulatorState
from telephony_emulator.storage.db import Database
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.ledger import Ledger

if TYPE_CHECKING:  # imported for typing only: these modules import this one
    from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
    from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
    from telephony_emulator.apis.bandwidth_v2.voice import VoiceService
    from telephony_emulator.core.engine import CallEngine
    from telephony_emulator.core.fax_sending import FaxService
    from telephony_emulator.core.ringout import RingOutService

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", VirtualClock)
SCHEDULER = web.AppKey("scheduler", Scheduler)
IDS = web.AppKey("ids", IdFactory)
SURFACES = web.AppKey("surfaces", SurfaceRegistry)
DATABASE = web.AppKey("database", Database)
LIFECYCLE = web.AppKey("lifecycle", Lifecycle)
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
