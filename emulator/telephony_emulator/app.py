"""The application factory: shared objects under typed keys, lifecycles, surfaces, routes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from telephony_emulator import keys
from telephony_emulator.apis.bandwidth_v1 import CATAPULT
from telephony_emulator.apis.bandwidth_v2 import MESSAGING, VOICE
from telephony_emulator.apis.bandwidth_v2.callbacks import VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.conference_routes import routes as conference_routes
from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
from telephony_emulator.apis.bandwidth_v2.recording_routes import routes as recording_routes
from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
from telephony_emulator.apis.bandwidth_v2.routes import routes as voice_routes
from telephony_emulator.apis.bandwidth_v2.transcription_routes import routes as transcription_routes
from telephony_emulator.apis.bandwidth_v2.transcriptions import VoiceStreams
from telephony_emulator.apis.bandwidth_v2.voice import VoiceService
from telephony_emulator.apis.control.calls import routes as control_call_routes
from telephony_emulator.apis.control.errors import render_control_error
from telephony_emulator.apis.control.faxes import routes as control_fax_routes
from telephony_emulator.apis.control.routes import routes as control_routes
from telephony_emulator.apis.ringcentral_legacy import RINGCENTRAL_LEGACY
from telephony_emulator.apis.ringcentral_legacy.faxout import routes as faxout_routes
from telephony_emulator.apis.ringcentral_legacy.ringout import routes as legacy_ringout_routes
from telephony_emulator.apis.ringcentral_rest import RINGCENTRAL_REST
from telephony_emulator.apis.ringcentral_rest.account_info import routes as rest_account_routes
from telephony_emulator.apis.ringcentral_rest.call_log import routes as call_log_routes
from telephony_emulator.apis.ringcentral_rest.fax_routes import routes as rest_fax_routes
from telephony_emulator.apis.ringcentral_rest.message_store import routes as message_store_routes
from telephony_emulator.apis.ringcentral_rest.oauth import routes as rest_oauth_routes
from telephony_emulator.apis.ringcentral_rest.ringout import routes as rest_ringout_routes
from telephony_emulator.apis.ringcentral_rest.tokens import TokenStore
from telephony_emulator.apis.surface import Surface, SurfaceRegistry
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.conferences import ConferenceStore
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.fax import FaxStore
from telephony_emulator.core.fax_sending import FaxService
from telephony_emulator.core.recordings import RecordingStore
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core.ringout import RingOutService
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.ids import IdFactory
from telephony_emulator.lifecycle import Lifecycle
from telephony_emulator.middlewares import render_errors, request_context
from telephony_emulator.settings import Settings
from telephony_emulator.state import EmulatorState
from telephony_emulator.storage import repository
from telephony_emulator.storage.db import Database, make_engine
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.ledger import Ledger

CONTROL = Surface("control", ("/_emulator",), render_control_error)
#: Request bodies above this are refused (BXML documents are limited to 64 KB; media is larger).
MAX_REQUEST_BYTES = 16 * 1024 * 1024


def create_app(settings: Settings) -> web.Application:
    """Build the emulator; nothing touches the database or the network until startup."""
    app = web.Application(
        middlewares=[request_context, render_errors], client_max_size=MAX_REQUEST_BYTES
    )
    clock = VirtualClock(start=settings.clock_start, rate=settings.clock_rate)
    scheduler = Scheduler(clock, busy_timeout=settings.busy_timeout)
    ids = IdFactory(settings.seed)
    database = Database(make_engine(settings.database_url))
    ledger = Ledger(database)
    lifecycle = Lifecycle()

    surfaces = SurfaceRegistry(default=CONTROL)
    for surface in (CONTROL, VOICE, MESSAGING, CATAPULT, RINGCENTRAL_REST, RINGCENTRAL_LEGACY):
        surfaces.add(surface)

    app[keys.SETTINGS] = settings
    app[keys.CLOCK] = clock
    app[keys.SCHEDULER] = scheduler
    app[keys.IDS] = ids
    app[keys.SURFACES] = surfaces
    app[keys.DATABASE] = database
    app[keys.LIFECYCLE] = lifecycle
    app[keys.STATE] = EmulatorState(settings, database, clock, ids)
    app[keys.LEDGER] = ledger
    app[keys.DISPATCHER] = WebhookDispatcher(ledger, scheduler, clock, ids)
    app[keys.TOKENS] = TokenStore(clock, ids)
    state = app[keys.STATE]
    engine = CallEngine(repository.calls(database), scheduler, clock, ids, state.scenarios)
    app[keys.CALLS] = engine
    lifecycle.register("database", Durability.COMMITTED, load=database.start, close=database.close)
    lifecycle.register("accounts", Durability.COMMITTED, load=state.open, reseed=state.reset)
    lifecycle.register(
        "webhook ledger",
        Durability.WRITTEN_BEHIND,
        clear=ledger.discard,
        drain=ledger.flush,
        close=ledger.flush,
    )
    lifecycle.register(
        "calls",
        engine.repository.durability,
        load=engine.load,
        clear=engine.clear,
        drain=engine.close,
        close=engine.close,
    )
    callbacks = VoiceCallbacks(app[keys.DISPATCHER], scheduler, settings.audio_seconds)
    app[keys.VOICE] = VoiceService(state, engine, callbacks)
    callbacks.call_limit_refusal = app[keys.VOICE].call_limit_refusal
    app[keys.RINGOUT] = RingOutService(engine, state.accounts, settings.ringout_grace_seconds)
    lifecycle.register("ringout sessions", Durability.MEMORY_ONLY, clear=app[keys.RINGOUT].clear)
    lifecycle.register("ringcentral tokens", Durability.MEMORY_ONLY, clear=app[keys.TOKENS].clear)
    conference_store = ConferenceStore(repository.conferences(database))
    recording_store = RecordingStore(repository.recordings(database))
    recordings = VoiceRecordings(recording_store, conference_store, engine, callbacks)
    callbacks.recordings = recordings
    callbacks.streams = VoiceStreams(engine, callbacks)
    lifecycle.register("voice streams", Durability.MEMORY_ONLY, clear=callbacks.streams.clear)
    app[keys.RECORDINGS] = recordings
    lifecycle.register(
        "recordings",
        recording_store.repository.durability,
        load=recordings.load,
        clear=recordings.clear,
        drain=recordings.close,
        close=recordings.close,
    )
    conferences = VoiceConferences(conference_store, engine, callbacks, recordings)
    callbacks.conferences = conferences
    app[keys.CONFERENCES] = conferences
    lifecycle.register(
        "conferences",
        conference_store.repository.durability,
        load=conferences.load,
        clear=conferences.clear,
        drain=conferences.close,
        close=conferences.close,
    )
    fax_store = FaxStore(repository.FaxRepository(database))
    app[keys.FAXES] = FaxService(fax_store, engine, state.accounts)
    lifecycle.register(
        "faxes",
        fax_store.repository.durability,
        load=app[keys.FAXES].load,
        clear=app[keys.FAXES].clear,
        drain=app[keys.FAXES].close,
        close=app[keys.FAXES].close,
    )

    app.cleanup_ctx.append(_storage)
    app.cleanup_ctx.append(_simulation)
    app.router.add_routes(control_routes)
    app.router.add_routes(control_call_routes)
    app.router.add_routes(voice_routes)
    app.router.add_routes(rest_oauth_routes)
    app.router.add_routes(rest_account_routes)
    app.router.add_routes(legacy_ringout_routes)
    app.router.add_routes(rest_ringout_routes)
    app.router.add_routes(call_log_routes)
    app.router.add_routes(recording_routes)
    app.router.add_routes(transcription_routes)
    app.router.add_routes(conference_routes)
    for fax_routes in (rest_fax_routes, message_store_routes, faxout_routes, control_fax_routes):
        app.router.add_routes(fax_routes)
    return app


async def _storage(app: web.Application) -> AsyncIterator[None]:
    lifecycle = app[keys.LIFECYCLE]
    try:
        await lifecycle.load()
        yield
    finally:
        await lifecycle.close()


async def _simulation(app: web.Application) -> AsyncIterator[None]:
    scheduler = app[keys.SCHEDULER]
    dispatcher = app[keys.DISPATCHER]
    await dispatcher.start()
    scheduler.start()
    yield
    await scheduler.stop()
    await dispatcher.close()
