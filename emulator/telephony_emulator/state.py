"""Tenant state: the in-memory indexes the API serves from, kept in step with the database."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.core.accounts import (
    Account,
    AccountBundle,
    AccountRegistry,
    Application,
    OwnedNumber,
    RingCentralSettings,
    generate_account,
)
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scenarios import FarEndRule, ScenarioBook
from telephony_emulator.errors import Conflict, InternalError, NotFound
from telephony_emulator.ids import IdFactory
from telephony_emulator.settings import Settings
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.repos import accounts as account_repo
from telephony_emulator.storage.repos import scenarios as scenario_repo
from telephony_emulator.storage.seed import (
    Fixtures,
    generate_inventory,
    insert_inventory,
    read_fixtures,
)


class EmulatorState:
    """Accounts, applications, numbers and far-end rules: memory first, database as the copy."""

    def __init__(self, settings: Settings, db: Database, clock: VirtualClock, ids: IdFactory):
        self.settings = settings
        self.db = db
        self.clock = clock
        self.ids = ids
        self.accounts = AccountRegistry()
        self.scenarios = ScenarioBook()
        self._fixtures: Fixtures | None = None

    @property
    def fixtures(self) -> Fixtures:
        if self._fixtures is None:
            self._fixtures = read_fixtures(self.settings.fixtures_dir)
        return self._fixtures

    async def open(self) -> None:
        """Load a database that has data; seed one that was just created."""
        if self.db.created:
            await self.seed()
        else:
            self.ids.reseed(generation=self.db.reopened)
            await self.load()

    async def load(self) -> None:
        bundles = await self.db.run(account_repo.load_bundles)
        rules = await self.db.run(scenario_repo.load_rules)
        self.accounts.clear()
        self.scenarios.clear()
        for bundle in bundles:
            self.accounts.add(bundle)
        for account_id, number, rule in rules:
            self.scenarios.set(account_id, number, rule)

    async def seed(self) -> None:
        """Write the fixtures into an empty database and index them."""
        fixtures = self.fixtures
        now = self.clock.now()
        bundles = [fixture.bundle(now) for fixture in fixtures.accounts]
        inventory = generate_inventory(fixtures.inventory)

        async def write(session: AsyncSession) -> None:
            for bundle in bundles:
                await account_repo.insert_bundle(session, bundle)
            for fixture in fixtures.accounts:
                for scenario in fixture.scenarios:
                    await scenario_repo.upsert_rule(
                        session, fixture.id, scenario.number, scenario.rule
                    )
            await insert_inventory(session, inventory)

        await self.db.run(write)
        await self.load()

    async def reset(self) -> None:
        """Wipe every table and load the fixtures again; ids start over from the seed."""
        await self.db.wipe()
        self.ids.reseed()
        await self.seed()

    async def create_account(self, *, name: str, numbers: int) -> AccountBundle:
        """A fresh, isolated account; its logins and numbers collide with no other account."""
        return (await self.create_accounts(1, name=name, numbers=numbers))[0]

    async def create_accounts(self, count: int, *, name: str, numbers: int) -> list[AccountBundle]:
        """``count`` fresh accounts written in one transaction (the plugin's pool of them)."""
        bundles: list[AccountBundle] = []
        for _ in range(count):
            for _ in range(100):
                bundle = generate_account(self.ids, self.clock.now(), name=name, numbers=numbers)
                if not self.accounts.is_taken(bundle):
                    break
            else:  # pragma: no cover - needs 100 collisions in a row
                raise InternalError("could not generate unique account credentials")
            bundles.append(bundle)

        async def write(session: AsyncSession) -> None:
            for bundle in bundles:
                await account_repo.insert_bundle(session, bundle)

        await self.db.run(write)
        for bundle in bundles:
            self.accounts.add(bundle)
        return bundles

    def bundle(self, account_id: str) -> AccountBundle:
        account = self.accounts.get(account_id)
        if account is None:
            raise NotFound(f"account {account_id} not found")
        return AccountBundle(
            account, self.accounts.applications_of(account_id), self.accounts.numbers_of(account_id)
        )

    def application(self, account_id: str, application_id: str) -> Application:
        """The account's application; NotFound for another account's too."""
        found = self.accounts.application(application_id)
        if found is None or found.account_id != account_id:
            raise NotFound(f"application {application_id} not found in account {account_id}")
        return found

    async def update_application(
        self, account_id: str, application_id: str, *, name: str | None, settings: dict[str, Any]
    ) -> Application:
        current = self.application(account_id, application_id)
        updated = dataclasses.replace(
            current, name=name or current.name, settings={**current.settings, **settings}
        )
        await self.db.run(lambda session: account_repo.update_application(session, updated))
        self.accounts.set_application(updated)
        return updated

    async def add_application(self, application: Application) -> None:
        """A new application of an existing account (a surface creating one)."""
        self.bundle(application.account_id)
        await self.db.run(lambda session: account_repo.insert_application(session, application))
        self.accounts.set_application(application)

    async def replace_application(self, application: Application) -> None:
        """Store a changed application as it is (the caller merged the settings)."""
        self.application(application.account_id, application.id)
        await self.db.run(lambda session: account_repo.update_application(session, application))
        self.accounts.set_application(application)

    async def delete_application(self, account_id: str, application_id: str) -> None:
        """Delete an application; the account's numbers on it keep no application."""
        application = self.application(account_id, application_id)
        await self.db.run(lambda session: account_repo.delete_application(session, application_id))
        self.accounts.remove_application(application)
        for owned in self.accounts.numbers_of(account_id):
            if owned.application_id == application_id:
                self.accounts.set_number(dataclasses.replace(owned, application_id=None))

    async def own_number(self, number: OwnedNumber) -> None:
        """Give the account ``number``, or change its application or label; a number another
        account owns is refused."""
        current = self.accounts.owner_of(number.number)
        if current is not None and current.account_id != number.account_id:
            raise Conflict(f"{number.number} belongs to another account")
        now = self.clock.now()
        await self.db.run(lambda session: account_repo.upsert_number(session, number, now))
        self.accounts.set_number(number)

    async def release_number(self, account_id: str, number: str) -> None:
        owned = self.accounts.owner_of(number)
        if owned is None or owned.account_id != account_id:
            return
        await self.db.run(lambda session: account_repo.delete_number(session, number))
        self.accounts.remove_number(owned)

    async def update_limits(self, account_id: str, **limits: Any) -> Account:
        """Change an account's voice limits (only the ones given)."""
        account = self.bundle(account_id).account
        updated = dataclasses.replace(account, limits=dataclasses.replace(account.limits, **limits))
        await self.db.run(lambda session: account_repo.update_limits(session, updated))
        self.accounts.set_account(updated)
        return updated

    async def update_ringcentral_settings(self, account_id: str, **changes: Any) -> Account:
        """Change an account's RingCentral settings (only the ones given)."""
        account = self.bundle(account_id).account
        current = account.ringcentral_settings.to_json()
        settings = RingCentralSettings.from_json({**current, **changes})
        updated = dataclasses.replace(account, ringcentral_settings=settings)
        await self.db.run(
            lambda session: account_repo.update_ringcentral_settings(session, updated)
        )
        self.accounts.set_account(updated)
        return updated

    async def set_scenario(self, account_id: str, number: str, rule: FarEndRule) -> None:
        self.bundle(account_id)
        await self.db.run(
            lambda session: scenario_repo.upsert_rule(session, account_id, number, rule)
        )
        self.scenarios.set(account_id, number, rule)

    async def delete_scenario(self, account_id: str, number: str) -> None:
        self.bundle(account_id)
        if self.scenarios.rule_for(account_id, number) is None:
            raise NotFound(f"no scenario rule for {number} in account {account_id}")
        await self.db.run(lambda session: scenario_repo.delete_rule(session, account_id, number))
        self.scenarios.remove(account_id, number)

    async def clear_scenarios(self, account_id: str) -> None:
        self.bundle(account_id)
        await self.db.run(lambda session: scenario_repo.delete_account_rules(session, account_id))
        self.scenarios.remove_account(account_id)
