"""Wiring of faxing: the service, its start-up and shut-down, its REST, legacy, control routes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from emulator import keys
from emulator.apis.control import faxes as control_faxes
from emulator.apis.ringcentral_legacy import faxout
from emulator.apis.ringcentral_rest import fax_routes, message_store
from emulator.core.fax import FaxStore
from emulator.core.fax_sending import FaxService


def install_faxes(app: web.Application) -> None:
    """Call after the storage and simulation contexts are registered (it loads after them)."""
    app[keys.FAXES] = FaxService(
        FaxStore(app[keys.DATABASE]), app[keys.CALLS], app[keys.STATE].accounts
    )
    app.cleanup_ctx.append(_lifecycle)
    for table in (fax_routes.routes, message_store.routes, faxout.routes, control_faxes.routes):
        app.router.add_routes(table)


async def _lifecycle(app: web.Application) -> AsyncIterator[None]:
    await app[keys.FAXES].load()
    yield
    await app[keys.FAXES].close()
