"""Scheduler ordering: same-instant timers, woken tasks finishing their step, limits, real time."""

from __future__ import annotations

import asyncio
import time

import pytest
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import Scheduler

START = 1_000_000.0


@pytest.fixture
def scheduler() -> Scheduler:
    return Scheduler(VirtualClock(start=START, rate=0.0), busy_timeout=5.0)


async def test_timers_at_the_same_instant_fire_in_scheduling_order(scheduler: Scheduler) -> None:
    fired: list[str] = []
    for name in ["a", "b", "c", "d"]:
        scheduler.call_at(START + 5, lambda name=name: fired.append(name))
    scheduler.call_at(START + 1, lambda: fired.append("early"))
    report = await scheduler.advance(5)
    assert fired == ["early", "a", "b", "c", "d"]
    assert report.timers_fired == 5
    assert scheduler.clock.time() == START + 5


async def test_timer_fires_at_its_own_virtual_time(scheduler: Scheduler) -> None:
    seen: list[float] = []
    scheduler.call_later(2.5, lambda: seen.append(scheduler.clock.time()))
    await scheduler.advance(10)
    assert seen == [START + 2.5]
    assert scheduler.clock.time() == START + 10


async def test_woken_task_finishes_its_step_before_the_next_timer(scheduler: Scheduler) -> None:
    log: list[str] = []

    async def slow_io() -> None:
        # Untracked work that takes many loop iterations (like a database round trip).
        for _ in range(50):
            await asyncio.sleep(0)

    async def caller() -> None:
        await scheduler.sleep(1)
        log.append("caller woke")
        io = asyncio.get_running_loop().create_task(slow_io())
        await io
        log.append("caller finished its step")
        await scheduler.sleep(100)

    scheduler.spawn(caller())
    await asyncio.sleep(0)  # let the task start and park on its sleep (scheduled first)
    scheduler.call_at(START + 1, lambda: log.append("timer at the same instant"))
    await scheduler.advance(1)
    assert log == ["caller woke", "caller finished its step", "timer at the same instant"]


async def test_tasks_interleave_in_virtual_time_order(scheduler: Scheduler) -> None:
    log: list[tuple[str, float]] = []

    async def ticker(name: str, period: float, count: int) -> None:
        for _ in range(count):
            await scheduler.sleep(period)
            log.append((name, scheduler.clock.time() - START))

    scheduler.spawn(ticker("fast", 1, 4))
    scheduler.spawn(ticker("slow", 1.5, 2))
    await scheduler.run_until_idle()
    assert log == [
        ("fast", 1),
        ("slow", 1.5),
        ("fast", 2),
        ("slow", 3),  # both due at 3: slow scheduled its timer first (at 1.5, fast at 2)
        ("fast", 3),
        ("fast", 4),
    ]


async def test_ten_virtual_minutes_of_hundreds_of_timers_run_without_waiting(
    scheduler: Scheduler,
) -> None:
    fired = 0

    def tick() -> None:
        nonlocal fired
        fired += 1

    for i in range(600):
        scheduler.call_later(i + 0.5, tick)

    async def caller() -> None:
        for _ in range(300):
            await scheduler.sleep(2)

    scheduler.spawn(caller())
    await asyncio.sleep(0)
    started = time.perf_counter()
    report = await scheduler.advance(600)
    elapsed = time.perf_counter() - started
    assert fired == 600
    assert report.timers_fired == 900
    assert report.virtual_seconds == 600
    # Behaviour, not a benchmark: virtual time must not follow real time (600 s here).
    assert elapsed < 60


async def test_run_until_idle_jumps_to_the_end(scheduler: Scheduler) -> None:
    done = asyncio.Event()

    async def call_flow() -> None:
        await scheduler.sleep(30)
        await scheduler.sleep(570)
        done.set()

    scheduler.spawn(call_flow())
    report = await scheduler.run_until_idle()
    assert done.is_set()
    assert report.virtual_seconds == 600
    assert report.pending_timers == 0
    assert report.stopped_by is None


async def test_run_until_idle_stops_at_its_limits(scheduler: Scheduler) -> None:
    def forever() -> None:
        scheduler.call_later(10, forever)

    forever()
    by_count = await scheduler.run_until_idle(max_timers=5)
    assert by_count.stopped_by == "max_timers"
    assert by_count.timers_fired == 5
    by_time = await scheduler.run_until_idle(max_seconds=95)
    assert by_time.stopped_by == "max_seconds"
    assert by_time.timers_fired == 9
    assert by_time.pending_timers == 1


async def test_cancelled_timer_never_fires(scheduler: Scheduler) -> None:
    fired: list[str] = []
    handle = scheduler.call_later(1, lambda: fired.append("x"))
    handle.cancel()
    report = await scheduler.run_until_idle()
    assert fired == []
    assert report.timers_fired == 0


async def test_wait_returns_the_result_set_from_outside(scheduler: Scheduler) -> None:
    digits: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    results: list[str] = []

    async def gather() -> None:
        results.append(await scheduler.wait(digits, within=5))

    scheduler.spawn(gather())
    await asyncio.sleep(0)
    assert scheduler.busy == 0  # parked: waiting is not being busy
    digits.set_result("123#")
    await scheduler.run_until_idle()
    assert results == ["123#"]


async def test_waiting_on_a_done_future_never_looks_idle(scheduler: Scheduler) -> None:
    done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    done.set_result("up")
    results: list[str] = []

    async def follow_up() -> None:
        results.append(await scheduler.wait(done))
        await scheduler.sleep(1)
        results.append("after 1 s")

    scheduler.spawn(follow_up())
    report = await scheduler.run_until_idle()
    assert results == ["up", "after 1 s"]
    assert report.virtual_seconds == 1


async def test_wait_times_out_in_virtual_time(scheduler: Scheduler) -> None:
    never: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    outcome: list[str] = []

    async def gather() -> None:
        try:
            await scheduler.wait(never, within=5)
        except TimeoutError:
            outcome.append(f"timeout at +{scheduler.clock.time() - START:g}")

    scheduler.spawn(gather())
    await scheduler.run_until_idle()
    assert outcome == ["timeout at +5"]


async def test_busy_work_that_never_ends_is_reported(scheduler: Scheduler) -> None:
    scheduler.busy_timeout = 0.05
    hang: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def stuck() -> None:
        await hang  # not a scheduler wait: the task stays busy

    task = scheduler.spawn(stuck())
    report = await scheduler.run_until_idle()
    assert report.stopped_by == "busy_timeout"
    task.cancel()


async def test_activity_counts_as_busy(scheduler: Scheduler) -> None:
    with scheduler.activity():
        assert scheduler.busy == 1
    assert scheduler.busy == 0


async def test_cancel_all_drops_timers_and_tasks(scheduler: Scheduler) -> None:
    async def sleeper() -> None:
        await scheduler.sleep(100)

    task = scheduler.spawn(sleeper())
    scheduler.call_later(5, lambda: None)
    await asyncio.sleep(0)
    await scheduler.cancel_all()
    assert task.cancelled()
    assert scheduler.pending_timers == 0
    assert scheduler.busy == 0


async def test_real_time_runner_fires_timers_as_time_passes() -> None:
    scheduler = Scheduler(VirtualClock(start=START, rate=1000.0))
    scheduler.start()
    try:
        fired: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        scheduler.call_later(5, lambda: fired.set_result(scheduler.clock.time()))
        at = await asyncio.wait_for(fired, timeout=5)
        assert at >= START + 5
    finally:
        await scheduler.stop()


async def test_switching_to_manual_stops_the_runner() -> None:
    scheduler = Scheduler(VirtualClock(start=START, rate=1000.0))
    scheduler.start()
    try:
        scheduler.set_rate(0)
        fired: list[str] = []
        scheduler.call_later(0.001, lambda: fired.append("x"))
        for _ in range(20):
            await asyncio.sleep(0)
        assert fired == []
        await scheduler.advance(1)
        assert fired == ["x"]
    finally:
        await scheduler.stop()


async def test_advance_first_lets_work_in_flight_finish(scheduler: Scheduler) -> None:
    """A step started outside any timer (an API request) finishes before time moves."""
    started_at: list[float] = []

    async def request_work() -> None:
        for _ in range(50):  # e.g. a webhook round trip
            await asyncio.sleep(0)
        await scheduler.sleep(1)
        started_at.append(scheduler.clock.time())

    scheduler.spawn(request_work())
    await scheduler.advance(5)
    assert started_at == [START + 1]


async def test_settle_waits_without_moving_time(scheduler: Scheduler) -> None:
    done: list[str] = []

    async def work() -> None:
        for _ in range(50):
            await asyncio.sleep(0)
        done.append("done")

    scheduler.spawn(work())
    assert await scheduler.settle() is True
    assert done == ["done"]
    assert scheduler.clock.time() == START
