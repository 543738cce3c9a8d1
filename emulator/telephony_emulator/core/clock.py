"""The virtual clock: every simulated timestamp in the emulator is read from here."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


class VirtualClock:
    """Virtual time that runs at ``rate`` virtual seconds per real second.

    ``rate`` 1 is real time, ``N`` accelerated, ``0`` manual (time moves only when jumped).
    Times are POSIX seconds (floats); :meth:`now` gives them as aware UTC datetimes.
    """

    def __init__(
        self,
        start: float | None = None,
        rate: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate < 0:
            raise ValueError("clock rate must be >= 0")
        self._monotonic = monotonic
        self._rate = rate
        self._base_virtual = time.time() if start is None else start
        self._base_real = monotonic()

    @property
    def rate(self) -> float:
        return self._rate

    def time(self) -> float:
        """The current virtual time in POSIX seconds."""
        return self._base_virtual + (self._monotonic() - self._base_real) * self._rate

    def now(self) -> datetime:
        """The current virtual time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.time(), tz=UTC)

    def set_rate(self, rate: float) -> None:
        """Change the pace from now on; the current virtual time is kept."""
        if rate < 0:
            raise ValueError("clock rate must be >= 0")
        self._rebase(self.time())
        self._rate = rate

    def jump_to(self, when: float) -> None:
        """Move virtual time forward to ``when``; it never moves backwards."""
        now = self.time()
        if when < now:
            raise ValueError("the virtual clock cannot move backwards")
        self._rebase(when)

    def _rebase(self, virtual: float) -> None:
        self._base_virtual = virtual
        self._base_real = self._monotonic()
