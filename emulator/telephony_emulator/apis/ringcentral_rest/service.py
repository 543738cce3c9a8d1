"""The RingCentral services both RingCentral surfaces use: tokens, RingOut, fax sending."""

from __future__ import annotations

from telephony_emulator.apis.ringcentral_common.fax import FaxStore
from telephony_emulator.apis.ringcentral_common.fax_sending import FaxService
from telephony_emulator.apis.ringcentral_common.fax_storage import StoredFaxRepository
from telephony_emulator.apis.ringcentral_common.ringout import RingOutService
from telephony_emulator.apis.ringcentral_rest.tokens import TokenStore
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core


def build_ringcentral(core: Core) -> tuple[TokenStore, RingOutService, FaxService]:
    """The OAuth token store, the RingOut service and the fax service on ``core``."""
    tokens = TokenStore(core.clock, core.ids)
    ringout = RingOutService(core.engine, core.state.accounts, core.settings.ringout_grace_seconds)
    fax_store = FaxStore(StoredFaxRepository(core.database))
    faxes = FaxService(fax_store, core.engine, core.state.accounts)
    lifecycle = core.lifecycle
    lifecycle.register("ringout sessions", Durability.MEMORY_ONLY, clear=ringout.clear)
    lifecycle.register("ringcentral tokens", Durability.MEMORY_ONLY, clear=tokens.clear)
    lifecycle.register_store("faxes", fax_store.repository.durability, faxes)
    return tokens, ringout, faxes
