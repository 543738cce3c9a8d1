"""The virtual clock: rates, jumps, and time never going backwards."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telephony_emulator.core.clock import VirtualClock


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_manual_clock_stands_still_while_real_time_passes() -> None:
    real = FakeMonotonic()
    clock = VirtualClock(start=1000.0, rate=0.0, monotonic=real)
    real.now += 3600
    assert clock.time() == 1000.0


def test_rate_scales_real_time() -> None:
    real = FakeMonotonic()
    clock = VirtualClock(start=1000.0, rate=10.0, monotonic=real)
    real.now += 2.5
    assert clock.time() == pytest.approx(1025.0)


def test_changing_rate_keeps_current_time() -> None:
    real = FakeMonotonic()
    clock = VirtualClock(start=0.0, rate=2.0, monotonic=real)
    real.now += 10  # virtual 20
    clock.set_rate(0.5)
    assert clock.time() == pytest.approx(20.0)
    real.now += 10
    assert clock.time() == pytest.approx(25.0)


def test_jump_forward_and_refuse_backwards() -> None:
    clock = VirtualClock(start=50.0, rate=0.0)
    clock.jump_to(80.0)
    assert clock.time() == 80.0
    with pytest.raises(ValueError, match="backwards"):
        clock.jump_to(79.0)


def test_now_is_aware_utc() -> None:
    clock = VirtualClock(start=1_767_225_600.0, rate=0.0)
    assert clock.now() == datetime(2026, 1, 1, tzinfo=UTC)


def test_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        VirtualClock(rate=-1)
    with pytest.raises(ValueError, match=">= 0"):
        VirtualClock(rate=1).set_rate(-0.5)
