"""Timers on the virtual clock, simulation tasks, and the bookkeeping that says when all is idle.

Ordering rules (DESIGN.md "Time"):
- timers due at the same instant fire in the order they were scheduled;
- when driven by :meth:`Scheduler.advance` or :meth:`Scheduler.run_until_idle`, every task a timer
  wakes finishes its step (runs until it waits on virtual time again, or ends) before the next
  timer fires;
- at a rate above zero a background runner fires timers as real time reaches them.

A task counts as *busy* unless it is waiting in :meth:`Scheduler.sleep` or :meth:`Scheduler.wait`.
Only tasks started with :meth:`Scheduler.spawn` are tracked; :meth:`Scheduler.activity` marks
other work (an API request being handled) as busy for its duration.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from telephony_emulator.core.clock import VirtualClock

T = TypeVar("T")
StopReason = Literal["max_timers", "max_seconds", "busy_timeout"]
log = logging.getLogger(__name__)


@dataclass(order=True)
class _Timer:
    due: float
    seq: int
    callback: Callable[[], object] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)
    #: A deadline (e.g. a conference's 24 hours): it fires when time passes it, but
    #: run-until-idle does not jump to it, and it does not count as pending work.
    background: bool = field(default=False, compare=False)


class Wakeup:
    """Wakes one task parked in :meth:`Scheduler.park`: call it (any arguments are ignored, so
    it can be a future's done callback or a playback's watcher). Only the first call, or the
    park's timeout, counts; later calls do nothing."""

    __slots__ = ("_future", "_scheduler", "_task")

    def __init__(
        self, scheduler: Scheduler, task: asyncio.Task[Any] | None, future: asyncio.Future[bool]
    ) -> None:
        self._scheduler = scheduler
        self._task = task
        self._future = future

    @property
    def woken(self) -> bool:
        """Whether it has been called (or has expired)."""
        return self._future.done()

    def __call__(self, *_: object) -> None:
        if not self._future.done():
            self._scheduler._resume(self._task, self._future, True)

    def expire(self) -> None:
        """The park's time is up: resume the task as not woken."""
        if not self._future.done():
            self._scheduler._resume(self._task, self._future, False)


class _Activity:
    """:meth:`Scheduler.activity`: a plain context manager, as every API request enters one
    (a generator-based one cost several calls more per request)."""

    __slots__ = ("_scheduler",)

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler

    def __enter__(self) -> None:
        self._scheduler._activities += 1
        self._scheduler._update_idle()

    def __exit__(self, *_: object) -> None:
        self._scheduler._activities -= 1
        self._scheduler._update_idle()


class TimerHandle:
    """Returned by :meth:`Scheduler.call_at`; cancelling it stops the callback from running."""

    def __init__(self, timer: _Timer) -> None:
        self._timer = timer

    @property
    def due(self) -> float:
        return self._timer.due

    def cancel(self) -> None:
        self._timer.cancelled = True


@dataclass(frozen=True)
class RunReport:
    """What one advance or run-until-idle did."""

    timers_fired: int
    virtual_seconds: float
    pending_timers: int
    stopped_by: StopReason | None = None

    def __post_init__(self) -> None:
        # Virtual times are float POSIX seconds; report spans without their rounding noise.
        object.__setattr__(self, "virtual_seconds", round(self.virtual_seconds, 6))


class Scheduler:
    """A heap of virtual-time timers plus the tasks of the simulation."""

    def __init__(self, clock: VirtualClock, *, busy_timeout: float = 30.0) -> None:
        self.clock = clock
        self.busy_timeout = busy_timeout
        self._heap: list[_Timer] = []
        self._seq = itertools.count()
        self._tracked: set[asyncio.Task[Any]] = set()
        self._running: set[asyncio.Task[Any]] = set()
        self._activities = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._wake = asyncio.Event()
        self._drive_lock = asyncio.Lock()
        self._runner: asyncio.Task[None] | None = None
        #: True while reset or shutdown cancels every task: cancelled work must not act then.
        self.cancelling = False

    # -- timers ---------------------------------------------------------------------------

    def call_at(
        self, when: float, callback: Callable[[], object], *, background: bool = False
    ) -> TimerHandle:
        """Run ``callback`` when virtual time reaches ``when`` (POSIX seconds)."""
        timer = _Timer(when, next(self._seq), callback, background=background)
        heapq.heappush(self._heap, timer)
        if self._heap[0] is timer:
            self._wake.set()
        return TimerHandle(timer)

    def call_later(
        self, delay: float, callback: Callable[[], object], *, background: bool = False
    ) -> TimerHandle:
        """Run ``callback`` after ``delay`` virtual seconds."""
        return self.call_at(self.clock.time() + max(0.0, delay), callback, background=background)

    @property
    def pending_timers(self) -> int:
        return sum(1 for timer in self._heap if not timer.cancelled and not timer.background)

    def _next_work_due(self) -> float | None:
        """When the next timer that is not a background deadline falls due."""
        self._drop_cancelled_head()
        if not self._heap:
            return None
        if not self._heap[0].background:
            return self._heap[0].due
        dues = [t.due for t in self._heap if not t.cancelled and not t.background]
        return min(dues, default=None)

    @property
    def next_due(self) -> float | None:
        self._drop_cancelled_head()
        return self._heap[0].due if self._heap else None

    @property
    def busy(self) -> int:
        """How many tracked tasks are running plus how many activities are open."""
        return len(self._running) + self._activities

    # -- tasks ----------------------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
        """Start a simulation task; it counts as busy until it waits on virtual time or ends."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tracked.add(task)
        self._set_running(task, True)
        task.add_done_callback(self._forget)
        return task

    async def sleep(self, delay: float) -> None:
        """Wait ``delay`` virtual seconds."""
        task = asyncio.current_task()
        waker: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        wakeup = Wakeup(self, task, waker)
        await self._park(task, waker, self.call_later(delay, wakeup.expire))

    def wakeup(self) -> Wakeup:
        """A wake-up call for the current task to :meth:`park` on; hand it to whoever wakes it."""
        return Wakeup(self, asyncio.current_task(), asyncio.get_running_loop().create_future())

    async def park(self, wakeup: Wakeup, within: float | None = None) -> bool:
        """Wait until ``wakeup`` is called (True) or ``within`` virtual seconds pass (False).

        The cheapest wait: one future and, with ``within``, one timer; nothing else to register
        or remove.
        """
        future = wakeup._future
        if not future.done():
            handle = self.call_later(within, wakeup.expire) if within is not None else None
            await self._park(wakeup._task, future, handle)
        return future.result()

    async def wait(self, awaitable: asyncio.Future[T], within: float | None = None) -> T:
        """Wait for ``awaitable`` (completed by someone else) at most ``within`` virtual seconds.

        Raises ``TimeoutError`` when virtual time runs out first.
        """
        if awaitable.done():
            # Parking here would leave the task idle until its wake-up callback runs, and a
            # driver checking for idle in between would see nothing busy and stop early.
            return awaitable.result()
        task = asyncio.current_task()
        waker: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        wakeup = Wakeup(self, task, waker)
        awaitable.add_done_callback(wakeup)
        handle = self.call_later(within, wakeup.expire) if within is not None else None
        try:
            await self._park(task, waker, handle)
        finally:
            awaitable.remove_done_callback(wakeup)
        if awaitable.done():
            return awaitable.result()
        raise TimeoutError

    def activity(self) -> _Activity:
        """Mark the enclosed work (``with scheduler.activity(): ...``) as in flight, so
        run-until-idle waits for it."""
        return _Activity(self)

    async def wait_in_request(self, awaitable: asyncio.Future[T]) -> T:
        """Wait, inside an API request (an :meth:`activity`), for simulation work to finish
        ``awaitable``: meanwhile the request does not count as busy, so advance and
        run-until-idle can move time on to finish it (a request that answers only when a
        call's gather ends)."""
        self._activities -= 1
        self._update_idle()
        try:
            return await asyncio.shield(awaitable)
        finally:
            self._activities += 1
            self._update_idle()

    # -- driving time ---------------------------------------------------------------------

    async def advance(self, seconds: float) -> RunReport:
        """Move virtual time forward by ``seconds``, firing everything that falls due in order."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        async with self._drive_lock:
            start = self.clock.time()
            target = start + seconds
            if not await self._settle(strict=True):
                return RunReport(0, 0.0, self.pending_timers, "busy_timeout")
            fired, stopped = await self._fire_until(target, strict=True)
            if self.clock.time() < target and stopped is None:
                self.clock.jump_to(target)
            return RunReport(fired, self.clock.time() - start, self.pending_timers, stopped)

    async def settle(self) -> bool:
        """Let work in flight finish without moving time; False if it is still busy at the
        busy timeout."""
        async with self._drive_lock:
            return await self._settle(strict=True)

    async def run_until_idle(
        self, *, max_timers: int = 100_000, max_seconds: float = 7 * 86_400
    ) -> RunReport:
        """Jump from timer to timer until none is left, or a limit is reached.

        ``max_seconds`` bounds the virtual time it may skip; ``max_timers`` the timers it fires.
        """
        async with self._drive_lock:
            start = self.clock.time()
            fired = 0
            stopped: StopReason | None = None
            if not await self._settle(strict=True):
                stopped = "busy_timeout"
            while stopped is None:
                due = self._next_work_due()
                if due is None:
                    break
                if fired >= max_timers:
                    stopped = "max_timers"
                elif due - start > max_seconds:
                    stopped = "max_seconds"
                else:
                    count, stopped = await self._fire_until(max(due, self.clock.time()), True)
                    fired += count
            return RunReport(fired, self.clock.time() - start, self.pending_timers, stopped)

    def set_rate(self, rate: float) -> None:
        """Change the clock's pace; the real-time runner follows at once."""
        self.clock.set_rate(rate)
        self._wake.set()

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Start the runner that fires timers as real time passes (when the rate is above 0)."""
        if self._runner is None:
            self._runner = asyncio.get_running_loop().create_task(self._run_real_time())

    async def stop(self) -> None:
        await self.cancel_all()
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
            self._runner = None

    async def cancel_all(self) -> None:
        """Drop every timer and cancel every simulation task (used by reset and shutdown)."""
        for timer in self._heap:
            timer.cancelled = True
        self._heap.clear()
        tasks = list(self._tracked)
        for task in tasks:
            task.cancel()
        self.cancelling = True
        try:
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self.cancelling = False

    # -- internals ------------------------------------------------------------------------

    async def _park(
        self,
        task: asyncio.Task[Any] | None,
        waker: asyncio.Future[bool],
        handle: TimerHandle | None,
    ) -> None:
        if task is not None:
            self._set_running(task, False)
        try:
            await waker
        finally:
            if handle is not None:
                handle.cancel()
            if task is not None:
                self._set_running(task, True)

    def _resume(
        self, task: asyncio.Task[Any] | None, waker: asyncio.Future[bool], woken: bool
    ) -> None:
        # Mark the task busy *before* it gets the loop, so a driver waiting for idle sees it.
        if task is not None:
            self._set_running(task, True)
        waker.set_result(woken)

    async def _fire_until(self, until: float, strict: bool) -> tuple[int, StopReason | None]:
        fired = 0
        while True:
            self._drop_cancelled_head()
            if not self._heap or self._heap[0].due > until:
                return fired, None
            timer = heapq.heappop(self._heap)
            if self.clock.time() < timer.due:
                self.clock.jump_to(timer.due)
            try:
                timer.callback()
            except Exception:
                log.exception("timer callback failed")
            fired += 1
            if not await self._settle(strict):
                return fired, "busy_timeout"

    async def _settle(self, strict: bool) -> bool:
        """Let woken work run; when strict, until nothing tracked is busy. False on timeout."""
        await asyncio.sleep(0)
        if not strict:
            return True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.busy_timeout
        while self.busy:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), remaining)
            await asyncio.sleep(0)
        return True

    async def _run_real_time(self) -> None:
        while True:
            self._wake.clear()
            due = self.next_due
            rate = self.clock.rate
            if due is None or rate == 0:
                await self._wake.wait()
                continue
            delay = (due - self.clock.time()) / rate
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), delay)
                continue
            async with self._drive_lock:
                await self._fire_until(self.clock.time(), strict=False)

    def _drop_cancelled_head(self) -> None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)

    def _set_running(self, task: asyncio.Task[Any], running: bool) -> None:
        if task not in self._tracked:
            return
        if running and not task.done():
            self._running.add(task)
        else:
            self._running.discard(task)
        self._update_idle()

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._tracked.discard(task)
        self._running.discard(task)
        self._update_idle()
        if not task.cancelled() and task.exception() is not None:
            log.error("simulation task %s failed", task.get_name(), exc_info=task.exception())

    def _update_idle(self) -> None:
        if self.busy:
            self._idle.clear()
        else:
            self._idle.set()
