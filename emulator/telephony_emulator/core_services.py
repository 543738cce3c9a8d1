"""The neutral core every API surface is set up on: clock, scheduler, storage, webhooks, calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.clock_domains import RoutedScheduler
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.media_store import MediaStore
from telephony_emulator.core.message_delivery import MessageDelivery
from telephony_emulator.core.messages import MessageStore
from telephony_emulator.core.repositories import Durability
from telephony_emulator.ids import IdFactory
from telephony_emulator.lifecycle import Lifecycle
from telephony_emulator.settings import Settings
from telephony_emulator.state import EmulatorState
from telephony_emulator.storage import repository
from telephony_emulator.storage.db import Database, make_engine
from telephony_emulator.surfaces import SurfaceRegistry
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.ledger import Ledger

#: How long uploaded media is kept (Bandwidth keeps it 48 h, reference bandwidth-v2.md §6).
MEDIA_RETENTION = timedelta(hours=48)


@dataclass(frozen=True)
class Core:
    """What no surface owns; each surface's ``setup(app, core)`` builds its services on it."""

    settings: Settings
    clock: VirtualClock
    scheduler: RoutedScheduler
    ids: IdFactory
    database: Database
    state: EmulatorState
    ledger: Ledger
    dispatcher: WebhookDispatcher
    engine: CallEngine
    surfaces: SurfaceRegistry
    #: Messages of every surface and their simulated delivery; files to attach to them.
    messages: MessageDelivery
    media: MediaStore
    #: Every store with a stored lifecycle; surfaces register theirs in their setup.
    lifecycle: Lifecycle

    @classmethod
    def build(cls, settings: Settings) -> Core:
        """Everything wired from the settings; nothing touches the database or network yet."""
        scheduler = RoutedScheduler(
            VirtualClock(start=settings.clock_start, rate=settings.clock_rate),
            busy_timeout=settings.busy_timeout,
        )
        clock = scheduler.clock
        ids = IdFactory(settings.seed)
        database = Database(make_engine(settings.database_url))
        ledger = Ledger(database, settings.ledger_retention)
        state = EmulatorState(settings, database, clock, ids)
        engine = CallEngine(
            repository.calls(database),
            scheduler,
            clock,
            ids,
            state.scenarios,
            calls_in_memory=settings.calls_in_memory,
            loop_limit=settings.loop_guard_steps,
        )
        lifecycle = Lifecycle()
        lifecycle.register(
            "database", Durability.COMMITTED, load=database.start, close=database.close
        )
        lifecycle.register("accounts", Durability.COMMITTED, load=state.open, reseed=state.reset)
        lifecycle.register(
            "webhook ledger",
            Durability.WRITTEN_BEHIND,
            clear=ledger.discard,
            drain=ledger.flush,
            close=ledger.flush,
        )
        lifecycle.register_store("calls", engine.repository.durability, engine)
        messages = MessageDelivery(
            MessageStore(repository.messages(database)),
            scheduler,
            clock,
            state.scenarios,
            engine.events,
        )
        lifecycle.register(
            "messages",
            messages.store.repository.durability,
            load=lambda: messages.store.load(messages.interrupt),
            clear=messages.store.clear,
            drain=messages.store.close,
            close=messages.store.close,
        )
        media = MediaStore(repository.media(database), MEDIA_RETENTION)
        lifecycle.register_store("media", media.repository.durability, media)
        return cls(
            settings=settings,
            clock=clock,
            scheduler=scheduler,
            ids=ids,
            database=database,
            state=state,
            ledger=ledger,
            dispatcher=WebhookDispatcher(ledger, scheduler, clock, ids),
            engine=engine,
            surfaces=SurfaceRegistry(),
            messages=messages,
            media=media,
            lifecycle=lifecycle,
        )
