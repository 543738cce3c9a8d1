"""Reading ``fixtures/`` and turning it into accounts and the available-number inventory."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.core.accounts import (
    Account,
    AccountBundle,
    Application,
    BandwidthCredentials,
    CatapultCredentials,
    OwnedNumber,
    RingCentralCredentials,
    RingCentralSettings,
)
from telephony_emulator.core.scenarios import FarEndRule
from telephony_emulator.ids import IdFactory
from telephony_emulator.storage.models import AvailableNumberRow


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _BandwidthFixture(_Strict):
    username: str
    password: str


class _CatapultFixture(_Strict):
    user_id: str
    api_token: str
    api_secret: str


class _RingCentralFixture(_Strict):
    account_id: str
    extension_id: str
    username: str
    extension: str
    password: str
    client_id: str
    client_secret: str


class _ForwardingNumberFixture(_Strict):
    id: str
    phone_number: str
    label: str
    type: str = "Other"


class _RingCentralSettingsFixture(_Strict):
    forwarding_numbers: list[_ForwardingNumberFixture] = Field(default_factory=list)
    international_calling: bool = False
    faxing: bool = True
    blocked_numbers: list[str] = Field(default_factory=list)


class _ApplicationFixture(_Strict):
    id: str
    name: str
    service_type: str
    settings: dict[str, Any] = Field(default_factory=dict)


class _NumberFixture(_Strict):
    number: str
    application_id: str | None = None
    label: str = ""


class _ScenarioFixture(_Strict):
    number: str
    rule: FarEndRule


class AccountFixture(_Strict):
    id: str
    name: str
    bandwidth: _BandwidthFixture
    catapult: _CatapultFixture
    ringcentral: _RingCentralFixture
    ringcentral_settings: _RingCentralSettingsFixture = Field(
        default_factory=_RingCentralSettingsFixture
    )
    applications: list[_ApplicationFixture] = Field(default_factory=list)
    numbers: list[_NumberFixture] = Field(default_factory=list)
    scenarios: list[_ScenarioFixture] = Field(default_factory=list)

    def bundle(self, now: datetime) -> AccountBundle:
        account = Account(
            id=self.id,
            name=self.name,
            created_at=now,
            bandwidth=BandwidthCredentials(self.id, **self.bandwidth.model_dump()),
            catapult=CatapultCredentials(**self.catapult.model_dump()),
            ringcentral=RingCentralCredentials(**self.ringcentral.model_dump()),
            ringcentral_settings=RingCentralSettings.from_json(
                self.ringcentral_settings.model_dump()
            ),
        )
        return AccountBundle(
            account,
            [
                Application(app.id, self.id, app.name, app.service_type, app.settings)
                for app in self.applications
            ],
            [
                OwnedNumber(num.number, self.id, num.application_id, num.label)
                for num in self.numbers
            ],
        )


class _AccountsFile(_Strict):
    accounts: list[AccountFixture]


class InventoryFixture(_Strict):
    seed: int
    local: int = Field(ge=0, le=100_000)
    toll_free: int = Field(ge=0, le=100_000)


class Fixtures(BaseModel):
    """Everything in a fixtures folder."""

    accounts: list[AccountFixture]
    inventory: InventoryFixture


def read_fixtures(folder: Path) -> Fixtures:
    """Parse and validate ``accounts.json`` and ``inventory.json``."""
    accounts = _AccountsFile.model_validate_json((folder / "accounts.json").read_bytes())
    inventory = InventoryFixture.model_validate_json((folder / "inventory.json").read_bytes())
    return Fixtures(accounts=accounts.accounts, inventory=inventory)


_TOLL_FREE_PREFIXES = ("800", "833", "844", "855", "866", "877", "888")


def generate_inventory(spec: InventoryFixture) -> list[AvailableNumberRow]:
    """The same numbers, cities and rate centers on every machine for the same seed."""
    ids = IdFactory(spec.seed)
    fake = ids.faker
    rows: dict[str, AvailableNumberRow] = {}
    while len(rows) < spec.local:
        number = ids.nanp_number()
        city = fake.city()
        rows[number] = AvailableNumberRow(
            number=number,
            number_type="local",
            city=city.upper(),
            state=fake.state_abbr(include_territories=False),
            rate_center=city.upper().replace(" ", "")[:10],
            zip_code=fake.zipcode(),
        )
    toll_free = 0
    while toll_free < spec.toll_free:
        number = f"+1{ids.choice(_TOLL_FREE_PREFIXES)}{ids.digits(7)}"
        if number not in rows:
            rows[number] = AvailableNumberRow(
                number=number,
                number_type="tollFree",
                city="",
                state="",
                rate_center="",
                zip_code="",
            )
            toll_free += 1
    return list(rows.values())


async def insert_inventory(session: AsyncSession, rows: list[AvailableNumberRow]) -> None:
    session.add_all(rows)
    await session.flush()
