"""The neutral objects shared through the aiohttp app, under typed keys (surfaces keep theirs)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.clock_domains import RoutedScheduler
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.ids import IdFactory
from telephony_emulator.lifecycle import Lifecycle
from telephony_emulator.settings import Settings
from telephony_emulator.state import EmulatorState
from telephony_emulator.storage.db import Database
from telephony_emulator.surfaces import SurfaceRegistry
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.ledger import Ledger

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", VirtualClock)
SCHEDULER = web.AppKey("scheduler", RoutedScheduler)
IDS = web.AppKey("ids", IdFactory)
SURFACES = web.AppKey("surfaces", SurfaceRegistry)
DATABASE = web.AppKey("database", Database)
LIFECYCLE = web.AppKey("lifecycle", Lifecycle)
STATE = web.AppKey("state", EmulatorState)
LEDGER = web.AppKey("ledger", Ledger)
DISPATCHER = web.AppKey("dispatcher", WebhookDispatcher)
CALLS = web.AppKey("calls", CallEngine)
