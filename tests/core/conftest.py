"""A bare CallEngine on a manual virtual clock, with an in-memory call repository."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from telephony_emulator.core.calls import Call, CallDirection
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import Ending, EndPolicy, LiveCall, Script
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core.scenarios import FarEndRule, ScenarioBook
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.ids import IdFactory

START = 1_767_225_600.0  # 2026-01-01T00:00:00Z


class MemoryCalls:
    """A repository that keeps the latest version of each call and never touches a disk."""

    def __init__(self) -> None:
        self.items: dict[str, Call] = {}

    @property
    def durability(self) -> Durability:
        return Durability.MEMORY_ONLY

    async def load(self) -> list[Call]:
        return list(self.items.values())

    async def load_window(self, keep_ended: int, ended_after: datetime) -> list[Call]:
        return list(self.items.values())

    async def find(self, call_id: str) -> Call | None:
        return self.items.get(call_id)

    async def forget_ended_before(self, cutoff: datetime) -> int:
        expired = [c.id for c in self.items.values() if c.ended_at and c.ended_at < cutoff]
        for call_id in expired:
            del self.items[call_id]
        return len(expired)

    def put(self, item: Call, *, awaited: bool = False) -> asyncio.Future[None]:
        self.items[item.id] = item
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def save(self, item: Call) -> None:
        self.items[item.id] = item

    def discard(self) -> None:
        pass

    async def drain(self) -> None:
        pass


@dataclass
class Harness:
    """The engine plus the endings its calls reported, by call id."""

    engine: CallEngine
    endings: dict[str, Ending] = field(default_factory=dict)

    @property
    def scheduler(self) -> Scheduler:
        return self.engine.scheduler

    def start(
        self,
        script: Script,
        *,
        far_end: FarEndRule | None = None,
        policy: EndPolicy = EndPolicy.HANG_UP,
        to: str = "+15550000002",
        call_id: str | None = None,
    ) -> LiveCall:
        call = self.engine.new_call(
            call_id=call_id or self.engine.ids.bandwidth_id("c"),
            account_id="acct",
            surface="test",
            direction=CallDirection.OUTBOUND,
            from_="+15550000001",
            to=to,
        )

        def ended(live: LiveCall, ending: Ending) -> None:
            self.endings[live.call.id] = ending

        return self.engine.start(call, far_end or FarEndRule(), script, ended, policy)


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    clock = VirtualClock(start=START, rate=0.0)
    scheduler = Scheduler(clock, busy_timeout=5.0)
    engine = CallEngine(MemoryCalls(), scheduler, clock, IdFactory(7), ScenarioBook())
    try:
        yield Harness(engine)
    finally:
        await scheduler.stop()
