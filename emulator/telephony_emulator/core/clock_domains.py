"""Clock domains: an account may run on its own virtual clock and timers, apart from the rest."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import (
    RunReport,
    Scheduler,
    TimerHandle,
    Wakeup,
    _Activity,
)

T = TypeVar("T")


@dataclass(frozen=True)
class ClockDomain:
    """One account's own virtual time: its clock and the scheduler of its timers and tasks."""

    account_id: str
    clock: VirtualClock
    scheduler: Scheduler


#: The domain the running code belongs to; None is the default domain. Tasks inherit it from
#: whoever spawned them, and timers fire in their driver's task, which runs in its domain.
_current: ContextVar[ClockDomain | None] = ContextVar("clock_domain", default=None)
#: The in-flight request's activity, so the domain that turns out to own the request (once its
#: credentials are known) can take it over.
_request_activity: ContextVar[_MovableActivity | None] = ContextVar(
    "request_activity", default=None
)


class _MovableActivity(_Activity):
    __slots__ = ("_entered",)

    def __init__(self, scheduler: Scheduler) -> None:
        super().__init__(scheduler)
        self._entered = False

    def __enter__(self) -> None:
        super().__enter__()
        self._entered = True
        _request_activity.set(self)

    def __exit__(self, *exc: object) -> None:
        self._entered = False
        super().__exit__(*exc)

    def move_to(self, scheduler: Scheduler) -> None:
        if self._entered and scheduler is not self._scheduler:
            self._scheduler._activities -= 1
            self._scheduler._update_idle()
            self._scheduler = scheduler
            scheduler._activities += 1
            scheduler._update_idle()


class RoutedClock(VirtualClock):
    """The clock everything reads: the current domain's, else the default one."""

    def __init__(self, default: VirtualClock) -> None:  # no super().__init__: it only delegates
        self.default = default

    def _target(self) -> VirtualClock:
        domain = _current.get()
        return self.default if domain is None else domain.clock

    @property
    def rate(self) -> float:
        return self._target().rate

    def time(self) -> float:
        return self._target().time()

    def now(self) -> datetime:
        return self._target().now()

    def set_rate(self, rate: float) -> None:
        self._target().set_rate(rate)

    def jump_to(self, when: float) -> None:
        self._target().jump_to(when)


class RoutedScheduler(Scheduler):
    """The scheduler everything uses: each call goes to the current domain's scheduler.

    Accounts without a clock of their own, and work outside any account, use the default
    domain, which behaves exactly as a lone :class:`Scheduler`. Reset, start and stop act on
    every domain.
    """

    def __init__(self, clock: VirtualClock, *, busy_timeout: float = 30.0) -> None:
        # No super().__init__: the state lives in the default and per-account schedulers.
        self.default = Scheduler(clock, busy_timeout=busy_timeout)
        self.clock = RoutedClock(clock)
        self._domains: dict[str, ClockDomain] = {}
        self._started = False

    def _target(self) -> Scheduler:
        domain = _current.get()
        return self.default if domain is None else domain.scheduler

    # -- domains --------------------------------------------------------------------------

    def domain_of(self, account_id: str) -> ClockDomain | None:
        """The account's own clock domain, None when it runs on the default clock."""
        return self._domains.get(account_id)

    @property
    def has_domains(self) -> bool:
        return bool(self._domains)

    def add_domain(self, account_id: str, rate: float | None = None) -> ClockDomain:
        """Give the account its own clock, starting at the default clock's time (and rate,
        unless ``rate`` is given); an account that has one keeps it."""
        existing = self._domains.get(account_id)
        if existing is not None:
            if rate is not None:
                existing.scheduler.set_rate(rate)
            return existing
        default_clock = self.default.clock
        clock = VirtualClock(
            start=default_clock.time(), rate=default_clock.rate if rate is None else rate
        )
        domain = ClockDomain(
            account_id, clock, Scheduler(clock, busy_timeout=self.default.busy_timeout)
        )
        self._domains[account_id] = domain
        if self._started:
            self._start_domain(domain)
        return domain

    def enter(self, account_id: str | None) -> None:
        """The running request or task works for ``account_id`` from now on: its timers,
        tasks and times are that account's domain's (if it has one)."""
        domain = self._domains.get(account_id) if account_id is not None else None
        if domain is None or _current.get() is domain:
            return
        _current.set(domain)
        activity = _request_activity.get()
        if activity is not None:
            activity.move_to(domain.scheduler)

    def enter_scope(self, account_id: str | None) -> contextvars.Token[ClockDomain | None]:
        """Like :meth:`enter`, for a request starting; :meth:`leave_scope` undoes it."""
        domain = self._domains.get(account_id) if account_id is not None else None
        return _current.set(domain)

    @staticmethod
    def leave_scope(token: contextvars.Token[ClockDomain | None]) -> None:
        _current.reset(token)

    def drives(self, account_id: str) -> bool:
        """Whether the account's work runs on the current domain's clock."""
        return self._domains.get(account_id) is _current.get()

    @staticmethod
    def current_account() -> str | None:
        domain = _current.get()
        return None if domain is None else domain.account_id

    def _start_domain(self, domain: ClockDomain) -> None:
        # The runner's task must live in the domain, so that what its timers spawn does too.
        context = contextvars.copy_context()
        context.run(_current.set, domain)
        context.run(domain.scheduler.start)

    # -- routed -----------------------------------------------------------------------------

    @property
    def busy_timeout(self) -> float:
        return self.default.busy_timeout

    @busy_timeout.setter
    def busy_timeout(self, value: float) -> None:
        self.default.busy_timeout = value
        for domain in self._domains.values():
            domain.scheduler.busy_timeout = value

    @property
    def cancelling(self) -> bool:
        return self._target().cancelling

    @cancelling.setter
    def cancelling(self, value: bool) -> None:
        self._target().cancelling = value

    def call_at(
        self, when: float, callback: Callable[[], object], *, background: bool = False
    ) -> TimerHandle:
        return self._target().call_at(when, callback, background=background)

    def call_later(
        self, delay: float, callback: Callable[[], object], *, background: bool = False
    ) -> TimerHandle:
        return self._target().call_later(delay, callback, background=background)

    @property
    def pending_timers(self) -> int:
        return self._target().pending_timers

    @property
    def next_due(self) -> float | None:
        return self._target().next_due

    @property
    def busy(self) -> int:
        return self._target().busy

    def spawn(self, coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
        return self._target().spawn(coro, name=name)

    async def sleep(self, delay: float) -> None:
        await self._target().sleep(delay)

    def wakeup(self) -> Wakeup:
        return self._target().wakeup()

    async def park(self, wakeup: Wakeup, within: float | None = None) -> bool:
        return await wakeup._scheduler.park(wakeup, within)

    async def wait(self, awaitable: asyncio.Future[T], within: float | None = None) -> T:
        return await self._target().wait(awaitable, within)

    def activity(self) -> _Activity:
        return _MovableActivity(self._target())

    async def wait_in_request(self, awaitable: asyncio.Future[T]) -> T:
        activity = _request_activity.get()
        target = activity._scheduler if activity is not None else self._target()
        return await target.wait_in_request(awaitable)

    async def advance(self, seconds: float) -> RunReport:
        return await self._target().advance(seconds)

    async def settle(self) -> bool:
        return await self._target().settle()

    async def run_until_idle(
        self, *, max_timers: int = 100_000, max_seconds: float = 7 * 86_400
    ) -> RunReport:
        return await self._target().run_until_idle(max_timers=max_timers, max_seconds=max_seconds)

    def set_rate(self, rate: float) -> None:
        self._target().set_rate(rate)

    # -- every domain ---------------------------------------------------------------------

    def start(self) -> None:
        self._started = True
        self.default.start()
        for domain in self._domains.values():
            self._start_domain(domain)

    async def stop(self) -> None:
        for domain in self._domains.values():
            await domain.scheduler.stop()
        await self.default.stop()
        self._started = False

    async def cancel_all(self) -> None:
        """Cancel every domain's work; the accounts' own clocks are dropped (reset)."""
        for domain in list(self._domains.values()):
            await domain.scheduler.stop()
        self._domains.clear()
        await self.default.cancel_all()
