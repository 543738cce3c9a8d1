"""Background timers (deadlines such as a conference's 24 hours): run-until-idle does not jump to
them and does not count them as pending work, but they fire once time passes them."""

from __future__ import annotations

import pytest
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import Scheduler

START = 1_000_000.0


@pytest.fixture
def scheduler() -> Scheduler:
    return Scheduler(VirtualClock(start=START, rate=0.0), busy_timeout=5.0)


async def test_run_until_idle_does_not_jump_to_a_background_timer(scheduler: Scheduler) -> None:
    fired: list[float] = []
    scheduler.call_later(3600, lambda: fired.append(scheduler.clock.time()), background=True)
    assert scheduler.pending_timers == 0

    report = await scheduler.run_until_idle()

    assert fired == []
    assert (report.timers_fired, report.virtual_seconds, report.pending_timers) == (0, 0, 0)
    assert report.stopped_by is None
    assert scheduler.clock.time() == START
    assert scheduler.next_due == START + 3600  # still scheduled


async def test_advancing_past_a_background_timer_fires_it_at_its_own_time(
    scheduler: Scheduler,
) -> None:
    fired: list[float] = []
    scheduler.call_later(3600, lambda: fired.append(scheduler.clock.time()), background=True)

    early = await scheduler.advance(3599)
    assert fired == []
    assert early.timers_fired == 0
    late = await scheduler.advance(2)

    assert fired == [START + 3600]
    assert (late.timers_fired, late.virtual_seconds, late.pending_timers) == (1, 2, 0)
    assert scheduler.clock.time() == START + 3601
    assert scheduler.next_due is None


async def test_a_cancelled_background_timer_never_fires(scheduler: Scheduler) -> None:
    fired: list[str] = []
    handle = scheduler.call_later(10, lambda: fired.append("deadline"), background=True)
    handle.cancel()
    await scheduler.advance(20)
    assert fired == []


async def test_a_background_timer_due_before_work_fires_when_run_until_idle_passes_it(
    scheduler: Scheduler,
) -> None:
    fired: list[tuple[str, float]] = []

    def note(name: str) -> None:
        fired.append((name, scheduler.clock.time() - START))

    scheduler.call_later(50, lambda: note("late deadline"), background=True)
    scheduler.call_later(10, lambda: note("deadline"), background=True)
    scheduler.call_later(30, lambda: note("work"))
    assert scheduler.pending_timers == 1  # the deadlines are not pending work

    report = await scheduler.run_until_idle()

    # Time reached 30 s for the work, passing the 10 s deadline on the way (fired first, at
    # its own instant); the 50 s deadline lies beyond the last work and stays scheduled.
    assert fired == [("deadline", 10), ("work", 30)]
    assert (report.timers_fired, report.virtual_seconds, report.pending_timers) == (2, 30, 0)
    assert scheduler.next_due == START + 50


async def test_work_a_background_timer_schedules_is_run_until_idle(scheduler: Scheduler) -> None:
    fired: list[tuple[str, float]] = []

    def deadline() -> None:
        fired.append(("deadline", scheduler.clock.time() - START))
        scheduler.call_later(5, lambda: fired.append(("cleanup", scheduler.clock.time() - START)))

    scheduler.call_later(100, deadline, background=True)
    await scheduler.advance(100)
    assert fired == [("deadline", 100)]
    assert scheduler.pending_timers == 1

    report = await scheduler.run_until_idle()

    assert fired == [("deadline", 100), ("cleanup", 105)]
    assert (report.timers_fired, report.virtual_seconds, report.pending_timers) == (1, 5, 0)
