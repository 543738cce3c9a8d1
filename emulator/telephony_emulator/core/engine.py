"""The call engine: creates, queues, places and settles calls for every surface."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from telephony_emulator.core.bridges import BridgeRegistry
from telephony_emulator.core.calls import (
    CALLS_IN_MEMORY,
    RETENTION,
    Call,
    CallDirection,
    CallRegistry,
    CallStatus,
)
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import CallEnded, CallPlaced, EventBus
from telephony_emulator.core.far_end import far_end_rule
from telephony_emulator.core.live_call import Ending, EndPolicy, LiveCall, Script
from telephony_emulator.core.loop_guard import DEFAULT_STEPS_PER_SECOND
from telephony_emulator.core.repositories import CallRepository
from telephony_emulator.core.scenarios import FarEndRule, ScenarioBook
from telephony_emulator.core.scheduler import Scheduler, TimerHandle
from telephony_emulator.core.surface_state import SurfaceState
from telephony_emulator.ids import IdFactory

log = logging.getLogger(__name__)
EndHook = Callable[[LiveCall, Ending], None]
#: Error text of calls that were live when the server stopped (they cannot resume).
INTERRUPTED = "The emulator stopped while the call was in progress"
#: Calls past their retention are deleted at most this often (virtual seconds).
PURGE_EVERY = 3600.0


@dataclass(order=True)
class _Queued:
    priority: int
    seq: int
    call: Call = field(compare=False)
    dial: Callable[[], None] = field(compare=False)


class _DialQueue:
    """One account's outbound queue: highest priority (lowest number) first, then FIFO.

    A call that stops being queued (cancelled) is skipped when its turn comes.
    """

    def __init__(self) -> None:
        self.heap: list[_Queued] = []
        self.next_slot = 0.0
        self.timer: TimerHandle | None = None


class CallEngine:
    """Every call: the registry, live calls, dial queues and their durable copy."""

    def __init__(
        self,
        calls: CallRepository,
        scheduler: Scheduler,
        clock: VirtualClock,
        ids: IdFactory,
        scenarios: ScenarioBook,
        *,
        calls_in_memory: int = CALLS_IN_MEMORY,
        loop_limit: int = DEFAULT_STEPS_PER_SECOND,
    ) -> None:
        self.scheduler = scheduler
        self.clock = clock
        self.ids = ids
        self.scenarios = scenarios
        self.repository = calls
        self.registry = CallRegistry(on_change=self._persist, window=calls_in_memory)
        self.live: dict[str, LiveCall] = {}
        #: Placed, ringing, answered, digit, bridge and ended events of every call.
        self.events = EventBus()
        #: Bridge resources and their members; a call that ends leaves its bridge.
        self.bridges = BridgeRegistry(self)
        self._queues: dict[str, _DialQueue] = {}
        self._seq = itertools.count()
        self._purged_at = clock.time()
        self._purging: asyncio.Task[int] | None = None
        #: Steps a call's controller may take within one virtual second (core/loop_guard.py).
        self.loop_limit = loop_limit
        self._loaded: list[Call] = []
        self._interrupted: set[str] = set()
        self._restore_listeners: list[Callable[[Call, bool], object]] = []

    # -- persistence ----------------------------------------------------------------------

    def _persist(self, call: Call) -> None:
        self.repository.put(call)

    async def save(self, call: Call) -> None:
        """Mark ``call`` changed and wait until that is committed."""
        call.updated_at = self.clock.now()
        await self.repository.save(call)

    async def load(self) -> None:
        """Index stored calls (the window's worth of ended ones); calls that were live when the
        server stopped are ended, and :meth:`report_restored` later tells the surfaces about
        them; calls past their retention are deleted."""
        self.registry.clear()
        self._interrupted.clear()
        now = self.clock.now()
        await self.purge()
        self._loaded = await self.repository.load_window(self.registry.window, now - RETENTION)
        for call in self._loaded:
            self.registry.restore(call)
        self.registry.restored()
        for call in self._loaded:
            if not call.ended:
                call.cause, call.error_message = "error", INTERRUPTED
                call.ended_at = now
                self.registry.set_status(call, CallStatus.DISCONNECTED, now)
                self._interrupted.add(call.id)

    def on_restore(self, listener: Callable[[Call, bool], object]) -> None:
        """Have ``listener(call, interrupted)`` called for every loaded call once webhooks can
        go out; ``interrupted``: the call was live when the server stopped (it now ended)."""
        self._restore_listeners.append(listener)

    def report_restored(self) -> None:
        """Call the restore listeners (after startup, when the dispatcher runs)."""
        loaded, self._loaded = self._loaded, []
        interrupted, self._interrupted = self._interrupted, set()
        for call in loaded:
            for listener in self._restore_listeners:
                listener(call, call.id in interrupted)

    async def find(self, call_id: str) -> Call | None:
        """A call within its retention, from memory or else from the database."""
        call = self.registry.get(call_id)
        if call is None:
            call = await self.repository.find(call_id)
        if call is None or call.expired(self.clock.now()):
            return None
        return call

    async def purge(self) -> int:
        """Forget the calls past their retention, in memory and in the database (with their
        webhook ledger entries); how many were deleted from the database."""
        self._purged_at = self.clock.time()
        cutoff = self.clock.now() - RETENTION
        self.registry.evict_ended_before(cutoff)
        return await self.repository.forget_ended_before(cutoff)

    def _purge_soon(self) -> None:
        # A clock set back (reset) counts as due as well.
        if self._purging is None and not 0 <= self.clock.time() - self._purged_at < PURGE_EVERY:
            self._purging = asyncio.get_running_loop().create_task(self.purge())
            self._purging.add_done_callback(self._purged)

    def _purged(self, task: asyncio.Task[int]) -> None:
        self._purging = None
        if not task.cancelled() and task.exception() is not None:
            log.error("deleting expired calls failed", exc_info=task.exception())

    def clear(self) -> None:
        """Forget every call (reset); the database is wiped by the caller."""
        self.repository.discard()
        self.registry.clear()
        self.live.clear()
        self.bridges.clear()
        self.events.forget_calls()
        for queue in self._queues.values():
            if queue.timer is not None:
                queue.timer.cancel()
        self._queues.clear()

    async def close(self) -> None:
        if self._purging is not None:
            await asyncio.wait([self._purging])
        await self.repository.drain()

    # -- creating and queueing ------------------------------------------------------------

    def new_call(
        self,
        *,
        call_id: str,
        account_id: str,
        surface: str,
        direction: CallDirection,
        from_: str,
        to: str,
        application_id: str | None = None,
        parent_id: str | None = None,
        tag: str | None = None,
        state: SurfaceState | None = None,
    ) -> Call:
        """Register a call (queued when outbound, initiated when inbound)."""
        now = self.clock.now()
        inbound = direction is CallDirection.INBOUND
        call = Call(
            id=call_id,
            account_id=account_id,
            surface=surface,
            direction=direction,
            from_=from_,
            to=to,
            created_at=now,
            application_id=application_id,
            parent_id=parent_id,
            status=CallStatus.INITIATED if inbound else CallStatus.QUEUED,
            enqueued_at=None if inbound else now,
            started_at=now if inbound else None,
            updated_at=now,
            tag=tag,
            surface_state=state,
        )
        self.registry.add(call)
        return call

    def enqueue(
        self, call: Call, *, priority: int, calls_per_second: float, dial: Callable[[], None]
    ) -> None:
        """Hold ``call`` in its account's queue; ``dial`` runs when its turn comes."""
        queue = self._queues.setdefault(call.account_id, _DialQueue())
        heapq.heappush(queue.heap, _Queued(priority, next(self._seq), call, dial))
        self._arm(queue, calls_per_second)

    def _arm(self, queue: _DialQueue, calls_per_second: float) -> None:
        if queue.timer is not None or not queue.heap:
            return
        when = max(self.clock.time(), queue.next_slot)
        queue.timer = self.scheduler.call_at(when, lambda: self._dial_next(queue, calls_per_second))

    def _dial_next(self, queue: _DialQueue, calls_per_second: float) -> None:
        queue.timer = None
        while queue.heap:
            entry = heapq.heappop(queue.heap)
            if entry.call.status is not CallStatus.QUEUED:
                continue
            queue.next_slot = self.clock.time() + 1.0 / calls_per_second
            entry.dial()
            break
        self._arm(queue, calls_per_second)

    # -- running --------------------------------------------------------------------------

    def far_end_for(self, account_id: str, number: str) -> FarEndRule:
        return far_end_rule(self.scenarios, account_id, number)

    def start(
        self,
        call: Call,
        far_end: FarEndRule,
        script: Script,
        on_end: EndHook,
        policy: EndPolicy = EndPolicy.HANG_UP,
    ) -> LiveCall:
        """Place (outbound) or take (inbound) ``call`` now and run ``script`` on it; ``policy``
        says whether the call hangs up when the script returns."""
        live = LiveCall(call, self, far_end)
        self.live[call.id] = live
        now = self.clock.now()
        if call.status is CallStatus.QUEUED:
            call.started_at = now
            self.registry.set_status(call, CallStatus.INITIATED, now)
        if self.events.listening(call.id):
            self.events.emit(CallPlaced(call.id, self.clock.time(), call.from_, call.to))
        self.scheduler.spawn(self._run(live, script, on_end, policy), name=f"call {call.id}")
        return live

    async def _run(
        self, live: LiveCall, script: Script, on_end: EndHook, policy: EndPolicy
    ) -> None:
        ending = await live.run(script, policy)
        self.bridges.remove(live)
        self.settle(live.call, ending)
        self.live.pop(live.call.id, None)
        on_end(live, ending)

    def settle(self, call: Call, ending: Ending) -> None:
        """Record the end of ``call``."""
        now = self.clock.now()
        call.ended_at = now
        call.cause = ending.cause
        if ending.error_message is not None:
            call.error_message = ending.error_message
            call.error_id = self.ids.uuid()
        self.registry.set_status(call, CallStatus.DISCONNECTED, now)
        if self.events.listening(call.id):
            self.events.emit(CallEnded(call.id, self.clock.time(), ending.cause))
        self.events.forget(call.id)
        self._purge_soon()
