"""Caller-name lookups (``/v1/phoneNumbers/numberInfo/{number}``), stable for a seed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from telephony_emulator.apis.bandwidth_v1.numbers import is_toll_free
from telephony_emulator.apis.bandwidth_v1.schemas import NANP
from telephony_emulator.errors import Forbidden, NotFound

if TYPE_CHECKING:
    from faker import Faker

#: CNAM names are at most 15 characters, in capitals.
MAX_NAME = 15
_EPOCH = datetime(2012, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CallerName:
    number: str
    name: str
    created: datetime

    @property
    def updated(self) -> datetime:
        return self.created


class CnamDirectory:
    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._faker: Faker | None = None

    def lookup(self, number: str) -> CallerName:
        """403 ``invalid-cnam-search`` for anything but a US number; toll-free numbers have no
        caller name (404 ``cnam-not-found``)."""
        if not NANP.match(number) and not is_toll_free(number):
            raise Forbidden(
                f"The number {number} is not a valid E.164 US number", code="invalid-cnam-search"
            )
        if is_toll_free(number):
            raise NotFound(f"No CNAM information found for {number}", code="cnam-not-found")
        digest = int.from_bytes(hashlib.sha256(f"{self._seed}:{number}".encode()).digest()[:8])
        faker = self._fake()
        faker.seed_instance(digest)
        name = f"{faker.last_name()} {faker.first_name()}".upper()[:MAX_NAME].strip()
        created = _EPOCH + timedelta(seconds=digest % (8 * 365 * 86400))
        return CallerName(number, name, created)

    def _fake(self) -> Faker:
        if self._faker is None:
            from faker import Faker

            self._faker = Faker("en_US")
        return self._faker
