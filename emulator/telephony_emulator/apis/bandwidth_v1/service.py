"""Catapult's services on the core: built once, their stores registered with the lifecycle."""

from __future__ import annotations

from dataclasses import dataclass

from telephony_emulator.apis.bandwidth_v1 import storage
from telephony_emulator.apis.bandwidth_v1.applications import Applications
from telephony_emulator.apis.bandwidth_v1.available import AvailableNumbers
from telephony_emulator.apis.bandwidth_v1.billing import Billing
from telephony_emulator.apis.bandwidth_v1.cnam import CnamDirectory
from telephony_emulator.apis.bandwidth_v1.domains import Domains
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.media import CatapultMedia
from telephony_emulator.apis.bandwidth_v1.messages import CatapultMessages
from telephony_emulator.apis.bandwidth_v1.numbers import PhoneNumbers
from telephony_emulator.apis.bandwidth_v1.rate_limits import RateLimits
from telephony_emulator.apis.bandwidth_v1.user_errors import UserErrors
from telephony_emulator.apis.bandwidth_v1.voice import CatapultVoice
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core


@dataclass(frozen=True)
class Catapult:
    """Everything the Catapult routes (and the voice and message flows) work with."""

    core: Core
    ids: CatapultIds
    applications: Applications
    numbers: PhoneNumbers
    available: AvailableNumbers
    billing: Billing
    domains: Domains
    user_errors: UserErrors
    cnam: CnamDirectory
    rate_limits: RateLimits
    media: CatapultMedia
    messages: CatapultMessages

    def account_of_user(self, user_id: str) -> Account | None:
        return self.core.state.accounts.by_catapult_user(user_id)


def build_catapult(core: Core, voice: CatapultVoice) -> Catapult:
    """Catapult's services beside its voice: voice's failures go to the user's ``/errors``
    and its recordings are among the user's media."""
    ids = CatapultIds(core.ids)
    database = core.database
    transactions = storage.transaction_store(database)
    billing = Billing(transactions, ids, core.clock)
    applications = Applications(core.state, ids)
    numbers = PhoneNumbers(
        core.state, ids, core.clock, storage.number_store(database), billing, applications
    )
    domains = Domains(
        storage.domain_store(database),
        storage.endpoint_store(database),
        applications,
        ids,
        core.clock,
    )
    user_errors = UserErrors(storage.error_store(database), ids, core.clock)
    voice.callbacks.errors = user_errors
    lifecycle = core.lifecycle
    lifecycle.register_store("catapult numbers", Durability.COMMITTED, numbers)
    lifecycle.register_store("catapult domains", Durability.COMMITTED, domains.domains)
    lifecycle.register_store("catapult endpoints", Durability.COMMITTED, domains.endpoints)
    lifecycle.register_store("catapult transactions", Durability.WRITTEN_BEHIND, transactions)
    lifecycle.register_store("catapult errors", Durability.WRITTEN_BEHIND, user_errors.errors)
    rate_limits = RateLimits(core.clock)
    lifecycle.register("catapult rate windows", Durability.MEMORY_ONLY, clear=rate_limits.clear)
    messages = CatapultMessages(
        delivery=core.messages,
        events=core.engine.events,
        media=core.media,
        options=storage.message_store(database),
        accounts=core.state.accounts,
        numbers=numbers,
        applications=applications,
        billing=billing,
        rate_limits=rate_limits,
        user_errors=user_errors,
        callbacks=voice.callbacks,
        ids=ids,
        clock=core.clock,
    )
    lifecycle.register_store("catapult messages", Durability.COMMITTED, messages.options)
    return Catapult(
        core=core,
        ids=ids,
        applications=applications,
        numbers=numbers,
        available=AvailableNumbers(numbers, core.settings.seed),
        billing=billing,
        domains=domains,
        user_errors=user_errors,
        cnam=CnamDirectory(core.settings.seed),
        rate_limits=rate_limits,
        media=CatapultMedia(core.media, voice.recordings, core.clock),
        messages=messages,
    )
