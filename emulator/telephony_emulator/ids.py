"""Seedable source of every generated id, secret and fake datum, in the vendors' id shapes."""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from faker import Faker

_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_ALNUM = string.ascii_lowercase + string.digits


class IdFactory:
    """All randomness of the emulator; the same seed gives the same sequence of values."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._rng = random.Random(seed)
        self._faker: Faker | None = None

    def reseed(self, seed: int | None = None, *, generation: int = 0) -> None:
        """Start the sequence over; ``generation`` n > 0 gives another, equally repeatable one
        (a server reopening its database must not hand out the ids it gave before)."""
        self.seed = self.seed if seed is None else seed
        self._rng.seed(self.seed if generation == 0 else f"{self.seed}/{generation}")
        self._faker = None

    @property
    def faker(self) -> Faker:
        """A Faker seeded from this factory (imported lazily: it is slow to import)."""
        if self._faker is None:
            from faker import Faker

            self._faker = Faker("en_US")
            self._faker.seed_instance(self._rng.getrandbits(32))
        return self._faker

    def hex(self, length: int) -> str:
        return f"{self._rng.getrandbits(4 * length):0{length}x}"

    def digits(self, length: int, first_nonzero: bool = True) -> str:
        head = str(self._rng.randint(1, 9)) if first_nonzero else str(self._rng.randint(0, 9))
        return head + "".join(str(self._rng.randint(0, 9)) for _ in range(length - 1))

    def token(self, length: int, alphabet: str = _ALNUM) -> str:
        return "".join(self._rng.choice(alphabet) for _ in range(length))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def bandwidth_id(self, prefix: str) -> str:
        """Voice v2 shape: ``c-`` + 8 hex + ``-`` + a UUID, e.g. ``c-15ac29a2-1331029c-2cb0-…``."""
        tail = self.uuid()
        return f"{prefix}-{self.hex(8)}-{tail[0:8]}-{tail[9:]}"

    def catapult_id(self, prefix: str, length: int = 23) -> str:
        """Catapult v1 shape: a prefix plus (mostly 23) lower-case base32 characters."""
        return f"{prefix}-{self.token(length, _BASE32)}"

    def choice(self, options: Sequence[str]) -> str:
        return self._rng.choice(options)

    def randint(self, low: int, high: int) -> int:
        return self._rng.randint(low, high)

    def nanp_number(self) -> str:
        """A plausible US E.164 number: NPA and NXX start 2-9 and are never N11."""
        while True:
            npa = f"{self._rng.randint(2, 9)}{self._rng.randint(0, 8)}{self._rng.randint(0, 9)}"
            nxx = f"{self._rng.randint(2, 9)}{self._rng.randint(0, 9)}{self._rng.randint(0, 9)}"
            if npa[1:] != "11" and nxx[1:] != "11":
                return f"+1{npa}{nxx}{self.digits(4, first_nonzero=False)}"


class IdPolicy(Protocol):
    """How one surface names what it creates; it draws on the shared :class:`IdFactory`."""

    def call_id(self) -> str: ...

    def conference_id(self) -> str: ...

    def recording_id(self) -> str: ...

    def bridge_id(self) -> str: ...
