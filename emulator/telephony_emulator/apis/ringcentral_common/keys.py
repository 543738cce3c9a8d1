"""The RingCentral services shared through the aiohttp application, under typed keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:  # imported for typing only: these modules import this one
    from telephony_emulator.apis.ringcentral_common.fax_sending import FaxService
    from telephony_emulator.apis.ringcentral_common.ringout import RingOutService
    from telephony_emulator.apis.ringcentral_rest.tokens import TokenStore

TOKENS: web.AppKey[TokenStore] = web.AppKey("ringcentral_tokens")
RINGOUT: web.AppKey[RingOutService] = web.AppKey("ringout")
FAXES: web.AppKey[FaxService] = web.AppKey("ringcentral_faxes")
