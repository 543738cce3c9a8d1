"""A call in progress: the primitives scripts drive it with, and the far end's behaviour.

A live call runs one *script* at a time (the BXML interpreter, a REST-driven command, a fixed
RingOut sequence) as a simulation task. Whatever ends the call (the script, the far end, an API
request) resolves one future; the call's main task then stops the script and settles the call.
Replacing the script (a redirect) cancels the running one wherever it is waiting. The script's
:class:`EndPolicy` says whether its return hangs the call up. What the call plays goes through
its media channel (core/media_channel.py) and what the far end presses through its digit bus
(core/digits.py); neither belongs to the script.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from telephony_emulator.core.calls import Call, CallStatus
from telephony_emulator.core.digits import DigitBus, DigitCollector
from telephony_emulator.core.events import (
    CallAnswered,
    CallRinging,
    DigitPressed,
    PlaybackFinished,
    PlaybackStarted,
)
from telephony_emulator.core.loop_guard import LoopGuard
from telephony_emulator.core.media_channel import MediaChannel, Playback
from telephony_emulator.core.scenarios import DigitPress, FarEndRule
from telephony_emulator.core.scheduler import TimerHandle

if TYPE_CHECKING:
    from telephony_emulator.core.bridging import Engagement
    from telephony_emulator.core.engine import CallEngine

log = logging.getLogger(__name__)
RingOutcome = Literal["answer", "busy", "reject", "timeout"]
#: The disconnect cause of a call whose far end did not answer, by how the ringing ended.
RING_CAUSES: dict[RingOutcome, str] = {"busy": "busy", "reject": "rejected", "timeout": "timeout"}
Script = Callable[["LiveCall"], Awaitable[None]]
Callback = Callable[[], object]


class EndPolicy(enum.Enum):
    """What happens when a call's script returns."""

    #: The call hangs up (a BXML document ran out of verbs).
    HANG_UP = "hang up"
    #: The call stays up until something ends it (a REST-controlled call between commands).
    STAY_UP = "stay up"


@dataclass(frozen=True)
class Ending:
    """Why a call ended: a disconnect cause, and an error text for error causes."""

    cause: str
    error_message: str | None = None


class CallFailed(Exception):
    """Raised by a script to end its call with an error cause."""

    def __init__(self, cause: str, message: str) -> None:
        super().__init__(message)
        self.cause = cause
        self.message = message


class LiveCall:
    """The runtime side of a :class:`Call` from placement to hang-up."""

    def __init__(self, call: Call, engine: CallEngine, far_end: FarEndRule) -> None:
        self.call = call
        self.engine = engine
        self.far_end = far_end
        loop = asyncio.get_running_loop()
        self._finished: asyncio.Future[Ending] = loop.create_future()
        self._script: asyncio.Task[None] | None = None
        self._ring: asyncio.Future[RingOutcome] | None = None
        self._timers: list[TimerHandle] = []
        #: What the call plays to the far end, independent of its script and of bridges.
        self.media = MediaChannel(engine.scheduler, self._on_media)
        #: Every digit the far end presses goes to each of this bus's subscribers.
        self.digits = DigitBus()
        self._collector: DigitCollector | None = None
        self._gather_presses: deque[DigitPress] = deque()
        #: What the call is tied up in with another call (core/bridging.py), if anything.
        self.engagement: Engagement | None = None
        #: Counts its controller's steps; surfaces end the call when it says so.
        self.loop_guard = LoopGuard(engine.clock, engine.loop_limit)

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self._finished.done()

    @property
    def ringing(self) -> bool:
        return self._ring is not None and not self._ring.done()

    async def run(self, script: Script, policy: EndPolicy = EndPolicy.HANG_UP) -> Ending:
        """The call's main task: run ``script`` until something ends the call."""
        self.start_script(script, policy)
        ending = await self.engine.scheduler.wait(self._finished)
        if self._script is not None:
            self._script.cancel()
            await asyncio.gather(self._script, return_exceptions=True)
        self.media.interrupt()
        return ending

    def start_script(self, script: Script, policy: EndPolicy = EndPolicy.HANG_UP) -> None:
        """Run ``script`` from now on, abandoning the current one wherever it is; ``policy``
        says whether the call hangs up when the script returns."""
        if self._script is not None:
            self._script.cancel()
        self._script = self.engine.scheduler.spawn(
            self._guarded(script, policy), name=f"script {self.call.id}"
        )

    async def _guarded(self, script: Script, policy: EndPolicy) -> None:
        try:
            await script(self)
        except CallFailed as failure:
            self.end(failure.cause, failure.message)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("script of call %s failed", self.call.id)
            self.end("error", "The emulator failed while running this call")
        else:
            if policy is EndPolicy.HANG_UP:
                self.end("hangup")

    def end(self, cause: str, error_message: str | None = None) -> bool:
        """End the call (first caller wins); False if it had already ended."""
        if self._finished.done():
            return False
        self._finished.set_result(Ending(cause, error_message))
        self._cancel_timers()
        if self._ring is not None and not self._ring.done():
            self._ring.cancel()
        return True

    # -- ringing and answering ------------------------------------------------------------

    async def ring(self, call_timeout: float) -> RingOutcome:
        """Ring the far end until it acts per its rule, a driver acts, or ``call_timeout``."""
        scheduler = self.engine.scheduler
        ring: asyncio.Future[RingOutcome] = asyncio.get_running_loop().create_future()
        self._ring = ring
        events = self.engine.events
        if events.listening(self.call.id):
            events.emit(CallRinging(self.call.id, self.engine.clock.time()))
        rule = self.far_end
        timers = []
        outcome: RingOutcome | None = {
            "answer": "answer",
            "machine": "answer",
            "busy": "busy",
            "reject": "reject",
            "no_answer": None,
        }[rule.action]
        if outcome is not None:
            timers.append(
                scheduler.call_later(
                    rule.answer_after, functools.partial(self.resolve_ring, outcome)
                )
            )
        timers.append(
            scheduler.call_later(call_timeout, functools.partial(self.resolve_ring, "timeout"))
        )
        try:
            return await scheduler.wait(ring)
        finally:
            for timer in timers:
                timer.cancel()

    def resolve_ring(self, outcome: RingOutcome) -> bool:
        """The far end acts on a ringing call; False when nothing is ringing."""
        if self._ring is None or self._ring.done():
            return False
        self._ring.set_result(outcome)
        return True

    def mark_answered(self) -> None:
        """The call is up: record it and start the far end's timed behaviour."""
        call = self.call
        now = self.engine.clock.now()
        call.answered_at = now
        self.engine.registry.set_status(call, CallStatus.ANSWERED, now)
        events = self.engine.events
        if events.listening(call.id):
            events.emit(CallAnswered(call.id, self.engine.clock.time()))
        for press in self.far_end.digits:
            if press.after == "gather":
                self._gather_presses.append(press)
            else:
                self.call_later(press.at, functools.partial(self.press, press.digits))
        if self.far_end.hangup_after is not None:
            self.call_later(self.far_end.hangup_after, lambda: self.end("hangup"))

    def answer_if_ringing(self) -> None:
        """Media and multi-party verbs answer an inbound call that is still ringing."""
        if not self.answered:
            self.mark_answered()

    async def stay_up(self) -> None:
        """Keep the call up, doing nothing, until its end cancels the script (two legs
        talking, a forwarded caller): this never returns."""
        await self.engine.scheduler.wait(asyncio.get_running_loop().create_future())

    @property
    def answered(self) -> bool:
        return self.call.answered_at is not None

    def set_tag(self, tag: str | None) -> None:
        """The tag later webhooks carry; ``""`` clears it, None (a verb without a ``tag``
        attribute) leaves it alone."""
        if tag is None:
            return
        self.call.tag = tag or None
        self.engine.registry.changed(self.call, self.engine.clock.now())

    def call_later(self, seconds: float, callback: Callback) -> None:
        """Run ``callback`` after ``seconds`` unless the call has ended by then."""
        self._timers.append(self.engine.scheduler.call_later(seconds, callback))

    def _cancel_timers(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

    # -- media and digits -----------------------------------------------------------------

    def _on_media(self, playback: Playback, completed: bool | None) -> None:
        """The media channel started or finished a playback: tell the event bus."""
        events = self.engine.events
        if not events.listening(self.call.id):
            return
        at = self.engine.clock.time()
        if completed is None:
            events.emit(PlaybackStarted(self.call.id, at, playback.kind, playback.tag))
        else:
            events.emit(PlaybackFinished(self.call.id, at, playback.kind, playback.tag, completed))

    async def pause(self, seconds: float) -> None:
        await self.engine.scheduler.sleep(seconds)

    async def play(
        self, seconds: float, *, kind: str = "audio", cut_by_digit: bool = False
    ) -> bool:
        """Play media (``audio`` or ``speech``) for ``seconds`` on the call's channel and wait
        until it is over; True when a digit cut it short (the digit is kept for the gather)."""
        collector = self._collector if cut_by_digit else None
        if collector is not None and collector.pending:
            return True
        scheduler = self.engine.scheduler
        # One wake-up serves the playback's end and a digit alike: no extra future or task.
        wakeup = scheduler.wakeup()
        playback = self.media.play(seconds, kind)
        playback.watch(wakeup)
        if collector is not None:
            collector.wake_on_digit(wakeup)
        try:
            await scheduler.park(wakeup)
        finally:
            if collector is not None:
                collector.wake_on_digit(None)
            if not playback.over:
                self.media.cancel(playback)
        return collector is not None and collector.pending

    async def wait_digit(self, within: float) -> bool:
        """Wait in silence until the gather collects a digit; False after ``within`` seconds."""
        collector = self._collector
        if collector is None:
            await self.engine.scheduler.sleep(within)
            return False
        return collector.pending or await self._wait_digit(collector, within)

    @property
    def collecting(self) -> bool:
        """Whether a gather (or a ``<Record>``) is collecting digits right now."""
        return self._collector is not None

    async def next_digit(self, within: float) -> str | None:
        """The next digit collected, waiting at most ``within`` seconds."""
        collector = self._collector
        if collector is None:
            await self.engine.scheduler.sleep(within)
            return None
        if not collector.pending and not await self._wait_digit(collector, within):
            return None
        return collector.take()

    async def _wait_digit(self, collector: DigitCollector, within: float) -> bool:
        scheduler = self.engine.scheduler
        wakeup = scheduler.wakeup()
        collector.wake_on_digit(wakeup)
        try:
            return await scheduler.park(wakeup, within)
        finally:
            collector.wake_on_digit(None)

    def begin_collecting(self, *, for_gather: bool = True) -> None:
        """Digits pressed from now on are kept for :meth:`next_digit` (a gather runs; a
        ``<Record>`` collects too, but leaves the presses meant for gathers alone)."""
        if self._collector is not None:
            self._collector.close()
        self._collector = DigitCollector(self.digits)
        if for_gather and self._gather_presses:
            press = self._gather_presses.popleft()
            self.call_later(press.at, functools.partial(self.press, press.digits))

    def end_collecting(self) -> None:
        """Stop keeping digits; any left over are discarded."""
        if self._collector is not None:
            self._collector.close()
            self._collector = None

    def press(self, digits: str) -> None:
        """The far end presses ``digits`` now, one tone after another."""
        for digit in digits:
            if self.ended:
                return
            events = self.engine.events
            if events.listening(self.call.id):
                events.emit(DigitPressed(self.call.id, self.engine.clock.time(), digit))
            self.digits.publish(digit)
