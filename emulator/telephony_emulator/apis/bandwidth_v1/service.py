"""Catapult's services on the core: built once, their stores registered with the lifecycle."""

from __future__ import annotations

import dataclasses
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
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core


@dataclass(frozen=True)
class CatapultAccounts:
    """The user-level services: what the voice services are built on."""

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


@dataclass(frozen=True)
class Catapult(CatapultAccounts):
    """Everything the Catapult routes work with: the user-level services, media (with the
    voice recordings) and messages (whose events go out like voice's)."""

    media: CatapultMedia
    messages: CatapultMessages


def build_catapult_accounts(core: Core) -> CatapultAccounts:
    """Applications, numbers, billing, domains, errors, lookups and rate limits."""
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
    lifecycle = core.lifecycle
    lifecycle.register_store("catapult numbers", Durability.COMMITTED, numbers)
    lifecycle.register_store("catapult domains", Durability.COMMITTED, domains.domains)
    lifecycle.register_store("catapult endpoints", Durability.COMMITTED, domains.endpoints)
    lifecycle.register_store("catapult transactions", Durability.WRITTEN_BEHIND, transactions)
    lifecycle.register_store("catapult errors", Durability.WRITTEN_BEHIND, user_errors.errors)
    rate_limits = RateLimits(core.clock)
    lifecycle.register("catapult rate windows", Durability.MEMORY_ONLY, clear=rate_limits.clear)
    return CatapultAccounts(
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
    )


def build_catapult(core: Core, accounts: CatapultAccounts, voice: CatapultVoice) -> Catapult:
    """The whole surface: media includes voice's recordings, messages send their events
    through voice's callbacks."""
    messages = CatapultMessages(
        delivery=core.messages,
        events=core.engine.events,
        media=core.media,
        options=storage.message_store(core.database),
        accounts=core.state.accounts,
        numbers=accounts.numbers,
        applications=accounts.applications,
        billing=accounts.billing,
        rate_limits=accounts.rate_limits,
        user_errors=accounts.user_errors,
        callbacks=voice.callbacks,
        ids=accounts.ids,
        clock=core.clock,
    )
    core.lifecycle.register_store("catapult messages", Durability.COMMITTED, messages.options)
    fields = {item.name: getattr(accounts, item.name) for item in dataclasses.fields(accounts)}
    return Catapult(
        **fields,
        media=CatapultMedia(core.media, voice.recordings, core.clock),
        messages=messages,
    )
