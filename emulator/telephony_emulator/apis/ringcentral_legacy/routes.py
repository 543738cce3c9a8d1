"""Every legacy RingCentral page: ``/ringout.asp`` and ``/faxapi.asp``."""

from __future__ import annotations

from telephony_emulator.apis.common.routing import mounted
from telephony_emulator.apis.ringcentral_legacy.faxout import routes as faxout_routes
from telephony_emulator.apis.ringcentral_legacy.ringout import routes as ringout_routes

routes = mounted((ringout_routes, faxout_routes))
