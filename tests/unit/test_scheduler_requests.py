"""An API request waiting for the simulation does not hold up advance or run-until-idle."""

from __future__ import annotations

import asyncio

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import Scheduler

START = 1_000_000.0


async def test_a_request_waiting_for_simulation_work_is_not_busy() -> None:
    scheduler = Scheduler(VirtualClock(start=START, rate=0.0), busy_timeout=5.0)
    done: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    scheduler.call_later(3, lambda: done.set_result("gathered"))

    async def request() -> str:
        with scheduler.activity():  # what the request middleware does
            return await scheduler.wait_in_request(done)

    handler = asyncio.create_task(request())
    await asyncio.sleep(0)
    assert scheduler.busy == 0
    report = await scheduler.advance(5)
    assert report.stopped_by is None
    assert await handler == "gathered"
    assert scheduler.busy == 0


async def test_a_cancelled_request_leaves_the_awaited_work_alone() -> None:
    scheduler = Scheduler(VirtualClock(start=START, rate=0.0), busy_timeout=5.0)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def request() -> None:
        with scheduler.activity():
            await scheduler.wait_in_request(done)

    handler = asyncio.create_task(request())
    await asyncio.sleep(0)
    handler.cancel()
    await asyncio.gather(handler, return_exceptions=True)
    assert not done.cancelled()
    assert scheduler.busy == 0
