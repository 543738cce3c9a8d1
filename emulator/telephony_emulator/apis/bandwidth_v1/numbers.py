"""Catapult phone numbers: allocated to the user, listed, changed and released (§2.4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from telephony_emulator.apis.bandwidth_v1 import places
from telephony_emulator.apis.bandwidth_v1.applications import Applications
from telephony_emulator.apis.bandwidth_v1.billing import PRICES, Billing
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.model import NumberRecord
from telephony_emulator.apis.bandwidth_v1.schemas import NANP, UpdateNumber, check_e164
from telephony_emulator.apis.bandwidth_v1.storage import RecordStore
from telephony_emulator.core.accounts import Account, OwnedNumber
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.errors import Conflict, Forbidden, NotFound
from telephony_emulator.state import EmulatorState

TOLL_FREE_PREFIXES = ("800", "833", "844", "855", "866", "877", "888")


def is_toll_free(number: str) -> bool:
    return number.startswith("+1") and number[2:5] in TOLL_FREE_PREFIXES


def product_of(number: str) -> str:
    return "toll-free-number-per-month" if is_toll_free(number) else "local-number-per-month"


@dataclass(frozen=True)
class NumberView:
    """A number as Catapult shows it: its record and what the core owns of it."""

    record: NumberRecord
    name: str | None
    application_id: str | None


class PhoneNumbers:
    """A number's owner, name and application are the core's ``OwnedNumber`` (every surface sees
    one owner); Catapult's own fields (``n-…`` id, fallback number, price, state) are its
    record."""

    def __init__(
        self,
        state: EmulatorState,
        ids: CatapultIds,
        clock: VirtualClock,
        records: RecordStore[NumberRecord],
        billing: Billing,
        applications: Applications,
    ) -> None:
        self._state = state
        self._ids = ids
        self._clock = clock
        self.records = records
        self._billing = billing
        self._applications = applications
        self._active: dict[str, NumberRecord] = {}
        self._released: set[str] = set()

    async def load(self) -> None:
        await self.records.load()
        self._active, self._released = {}, set()
        for record in self.records.all():
            if record.released:
                self._released.add(record.number)
            else:
                self._active[record.number] = record

    def clear(self) -> None:
        self.records.clear()
        self._active, self._released = {}, set()

    async def close(self) -> None:
        await self.records.close()

    async def allocate(
        self,
        account: Account,
        number: str,
        *,
        name: str | None = None,
        application_id: str | None = None,
        fallback_number: str | None = None,
    ) -> NumberRecord:
        """Give ``number`` to the user and bill its first month."""
        check_e164(number)
        if not (NANP.match(number) or is_toll_free(number)):
            raise Forbidden(f"The number {number} is not available", code="number-not-available")
        if application_id:
            self._applications.get(account, application_id)
        owner = self._state.accounts.owner_of(number)
        if number in self._active or (owner is not None and owner.account_id != account.id):
            raise Conflict(f"Number {number} has already been allocated", code="duplicate-number")
        self._billing.require(account, product_of(number))
        place = places.of_number(number)
        record = NumberRecord(
            id=self._ids.number_id(),
            account_id=account.id,
            number=number,
            created_at=self._clock.now(),
            city="" if place is None else place.city.upper(),
            state="" if place is None else place.state,
            price=str(PRICES[product_of(number)]),
            fallback_number=fallback_number,
        )
        await self._state.own_number(
            OwnedNumber(number, account.id, application_id or None, name or "")
        )
        self.records.add(record)
        self._active[number] = record
        await self.records.save(record)
        self._billing.charge(account.id, product_of(number), number=number, resource_id=record.id)
        return record

    def taken(self, number: str) -> bool:
        """Whether a search may not offer ``number`` (owned, or released: never re-offered)."""
        return self._state.accounts.owner_of(number) is not None or number in self._released

    def view(self, record: NumberRecord) -> NumberView:
        owned = None if record.released else self._state.accounts.owner_of(record.number)
        if owned is None:
            return NumberView(record, None, None)
        return NumberView(record, owned.label or None, owned.application_id)

    def matching(self, account: Account, query: Mapping[str, str]) -> list[NumberView]:
        """The user's numbers, oldest first, by ``applicationId``, ``state``, ``name``,
        ``city`` and ``numberState``."""
        views = [self.view(record) for record in self.records.of_account(account.id)]
        return [
            view
            for view in views
            if _matches(query.get("applicationId"), view.application_id)
            and _matches(query.get("state"), view.record.state)
            and _matches(query.get("name"), view.name)
            and _matches(query.get("city"), view.record.city)
            and _matches(query.get("numberState"), view.record.number_state)
        ]

    def get(self, account: Account, key: str) -> NumberRecord:
        """By ``n-…`` id or by E.164 number (the live allocation first)."""
        record = self.records.get(key)
        if record is None and key in self._active:
            record = self._active[key]
        if record is None:
            mine = [item for item in self.records.of_account(account.id) if item.number == key]
            record = mine[-1] if mine else None
        if record is None or record.account_id != account.id:
            raise NotFound(f"The number {key} could not be found", code="number-not-found")
        return record

    def active(self, number: str) -> NumberRecord | None:
        """The live Catapult allocation of ``number`` (any user), if any."""
        return self._active.get(number)

    async def update(self, account: Account, key: str, body: UpdateNumber) -> NumberRecord:
        record = self.get(account, key)
        if record.released:
            raise NotFound(f"The number {key} could not be found", code="number-not-found")
        owned = self._state.accounts.owner_of(record.number)
        assert owned is not None, "an active Catapult number is owned"
        if body.application_id:
            self._applications.get(account, body.application_id)
        changed = owned
        if body.application_id is not None:  # "" detaches it
            changed = replace(changed, application_id=body.application_id or None)
        if body.name is not None:
            changed = replace(changed, label=body.name)
        if changed != owned:
            await self._state.own_number(changed)
        if body.fallback_number is not None:
            record.fallback_number = body.fallback_number or None
            await self.records.save(record)
        return record

    async def release(self, account: Account, key: str) -> None:
        record = self.get(account, key)
        if record.released:
            raise NotFound(f"The number {key} could not be found", code="number-not-found")
        await self._state.release_number(account.id, record.number)
        record.released = True
        record.released_at = self._clock.now()
        self._active.pop(record.number, None)
        self._released.add(record.number)
        await self.records.save(record)


def _matches(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value or "").lower() == wanted.lower()
