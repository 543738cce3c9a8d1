"""Every RingCentral REST route: OAuth, account info, RingOut, call log, fax, message store."""

from __future__ import annotations

from telephony_emulator.apis.common.routing import mounted
from telephony_emulator.apis.ringcentral_rest.account_info import routes as account_routes
from telephony_emulator.apis.ringcentral_rest.call_log import routes as call_log_routes
from telephony_emulator.apis.ringcentral_rest.fax_routes import routes as fax_routes
from telephony_emulator.apis.ringcentral_rest.message_store import routes as message_routes
from telephony_emulator.apis.ringcentral_rest.oauth import routes as oauth_routes
from telephony_emulator.apis.ringcentral_rest.ringout import routes as ringout_routes

routes = mounted(
    (oauth_routes, account_routes, ringout_routes, call_log_routes, fax_routes, message_routes)
)
