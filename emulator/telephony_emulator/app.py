"""The application factory: the core under typed keys, each surface set up on it, lifecycles."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from telephony_emulator import control_guard, keys
from telephony_emulator.apis import (
    bandwidth_messaging_v2,
    bandwidth_v1,
    bandwidth_v2,
    control,
    ringcentral_legacy,
    ringcentral_rest,
)
from telephony_emulator.core_services import Core
from telephony_emulator.middlewares import MAX_REQUEST_BYTES, render_errors, request_context
from telephony_emulator.settings import Settings

#: Each surface's ``setup(app, core)``, in order: control last, as it reaches into the others.
SURFACES = (
    bandwidth_v2,
    bandwidth_messaging_v2,
    bandwidth_v1,
    ringcentral_rest,
    ringcentral_legacy,
    control,
)


def create_app(settings: Settings) -> web.Application:
    """Build the emulator; nothing touches the database or the network until startup."""
    app = web.Application(
        middlewares=[request_context, render_errors, control_guard.guard_control],
        client_max_size=MAX_REQUEST_BYTES,
    )
    core = Core.build(settings)
    app[keys.SETTINGS] = settings
    control_guard.setup(app)
    app[keys.CLOCK] = core.clock
    app[keys.SCHEDULER] = core.scheduler
    app[keys.IDS] = core.ids
    app[keys.SURFACES] = core.surfaces
    app[keys.DATABASE] = core.database
    app[keys.LIFECYCLE] = core.lifecycle
    app[keys.STATE] = core.state
    app[keys.LEDGER] = core.ledger
    app[keys.DISPATCHER] = core.dispatcher
    app[keys.CALLS] = core.engine
    for surface in SURFACES:
        surface.setup(app, core)

    app.cleanup_ctx.append(_storage)
    app.cleanup_ctx.append(_simulation)
    return app


def make_runner(app: web.Application) -> web.AppRunner:
    """The runner every server uses (CLI, pytest plugin): its connection timeouts set."""
    settings = app[keys.SETTINGS]
    return web.AppRunner(
        app, access_log=None, handle_signals=False, keepalive_timeout=settings.keepalive_timeout
    )


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
    app[keys.CALLS].report_restored()  # e.g. disconnect webhooks of calls a crash cut off
    yield
    await scheduler.stop()
    await dispatcher.close()
