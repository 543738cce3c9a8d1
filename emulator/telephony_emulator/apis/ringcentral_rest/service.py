"""The RingCentral services both RingCentral surfaces use: tokens, RingOut, fax sending."""

from __future__ import annotations

from telephony_emulator.apis.ringcentral_rest.tokens import TokenStore
from telephony_emulator.core.fax import FaxStore
from telephony_emulator.core.fax_sending import FaxService
from telephony_emulator.core.ringout import RingOutService
from telephony_emulator.core_services import Core


def build_ringcentral(core: Core) -> tuple[TokenStore, RingOutService, FaxService]:
    """The OAuth token store, the RingOut service and the fax service on ``core``."""
    tokens = TokenStore(core.clock, core.ids)
    ringout = RingOutService(core.engine, core.state.accounts, core.settings.ringout_grace_seconds)
    faxes = FaxService(FaxStore(core.database), core.engine, core.state.accounts)
    return tokens, ringout, faxes
