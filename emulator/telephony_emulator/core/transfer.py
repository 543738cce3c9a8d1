"""New legs a call places: parallel ring where the first answer wins, forward, call limits."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from telephony_emulator.core.bridging import Bridge, EngagementKind, engage, release
from telephony_emulator.core.calls import ACTIVE, Call, CallDirection, CallRegistry, CallStatus
from telephony_emulator.core.events import TransferAnswered, TransferEnded, TransferLegPlaced
from telephony_emulator.core.live_call import RING_CAUSES, Ending, LiveCall, Script
from telephony_emulator.core.surface_state import SurfaceState

#: Run on the winning leg once it has answered, before it is bridged with the origin.
AnswerHook = Callable[[LiveCall], Awaitable[None]]
#: Told of each leg's end (before the ring decides anything on it).
LegEndedHook = Callable[[LiveCall, Ending], None]


class LimitRefusal(enum.StrEnum):
    """Why a new call may not be placed now; the surface words it."""

    CONCURRENT_CALLS = "concurrent-calls"


def concurrent_call_refusal(
    calls: CallRegistry, account_id: str, max_active_calls: int
) -> LimitRefusal | None:
    """Whether the account already has ``max_active_calls`` calls up (initiated or answered)."""
    if calls.count(account_id, *ACTIVE) >= max_active_calls:
        return LimitRefusal.CONCURRENT_CALLS
    return None


class AdmissionRefusal(enum.StrEnum):
    """Why a call cannot be bridged with another one; the surface words it."""

    NOT_FOUND = "not-found"
    SELF = "self"
    NOT_ANSWERED = "not-answered"
    ENDED = "ended"
    ENGAGED = "engaged"


@dataclass(frozen=True)
class Refused:
    """A refused bridge: the reason, and (for ``ENGAGED``) what the target is tied up in."""

    reason: AdmissionRefusal
    engagement: EngagementKind | None = None


def bridge_admission(origin: LiveCall, target_id: str) -> LiveCall | Refused:
    """The live call ``origin`` may be bridged with, or why ``target_id`` may not be."""
    engine = origin.engine
    call = engine.registry.get(target_id)
    if (
        call is None
        or call.account_id != origin.call.account_id
        or call.surface != origin.call.surface
        or call.expired(engine.clock.now())
    ):
        return Refused(AdmissionRefusal.NOT_FOUND)
    if call is origin.call:
        return Refused(AdmissionRefusal.SELF)
    live = engine.live.get(target_id)
    if call.status is CallStatus.QUEUED or (
        live is not None
        and not live.ended
        and not live.answered
        and call.direction is CallDirection.OUTBOUND
    ):
        return Refused(AdmissionRefusal.NOT_ANSWERED)
    if call.ended or live is None or live.ended:
        return Refused(AdmissionRefusal.ENDED)
    if live.engagement is not None:
        return Refused(AdmissionRefusal.ENGAGED, live.engagement.kind)
    return live


def place_leg(
    origin: LiveCall,
    *,
    call_id: str,
    to: str,
    from_: str,
    state: SurfaceState | None = None,
    parent: bool = True,
    tag: str | None = None,
) -> Call:
    """Register an outbound leg that ``origin`` starts; it is placed at once, never queued."""
    engine, call = origin.engine, origin.call
    leg = engine.new_call(
        call_id=call_id,
        account_id=call.account_id,
        surface=call.surface,
        direction=CallDirection.OUTBOUND,
        from_=from_,
        to=to,
        application_id=call.application_id,
        parent_id=call.id if parent else None,
        tag=tag,
        state=state,
    )
    leg.enqueued_at = None
    return leg


def leave_behind(live: LiveCall) -> None:
    """End a leg its originator abandons: cancel it while ringing, hang it up once answered."""
    if not live.ended:
        live.end("hangup" if live.answered else "cancel")


def _refused(cause: str, message: str) -> Script:
    """The script of a leg that may not be placed: it ends at once with ``cause``."""

    async def refuse(leg: LiveCall) -> None:
        leg.end(cause, message)

    return refuse


def _emit_placed(origin: LiveCall, leg: LiveCall) -> None:
    events, call = origin.engine.events, leg.call
    if events.listening(call.id):
        events.emit(TransferLegPlaced(call.id, origin.engine.clock.time(), origin.call.id, call.to))


def _emit_answered(origin: LiveCall, leg: LiveCall) -> None:
    events = origin.engine.events
    if events.listening(leg.call.id):
        events.emit(TransferAnswered(leg.call.id, origin.engine.clock.time(), origin.call.id))


def _emit_ended(origin: LiveCall, leg: LiveCall, ending: Ending) -> None:
    events = origin.engine.events
    if events.listening(leg.call.id):
        at = origin.engine.clock.time()
        events.emit(TransferEnded(leg.call.id, at, origin.call.id, ending.cause))


class ParallelRing:
    """Ring every leg at once; the first to answer wins and the others are cancelled.

    The winner (after ``on_answer``, if given) is bridged with the origin and stays until the
    origin leaves. The ring is decided by that bridge, or by a leg whose end decides it: the
    winner ending before the bridge, or the last of the legs failing.
    """

    def __init__(
        self,
        origin: LiveCall,
        timeout: float,
        *,
        on_answer: AnswerHook | None = None,
        on_leg_ended: LegEndedHook | None = None,
    ) -> None:
        self.origin = origin
        self.timeout = timeout
        self.on_answer = on_answer
        self.on_leg_ended = on_leg_ended
        self.legs: dict[str, LiveCall] = {}
        self.winner: LiveCall | None = None
        self._ended: set[str] = set()
        self.decided: asyncio.Future[Bridge | LiveCall] = asyncio.get_running_loop().create_future()

    def place(self, call: Call, refusal: tuple[str, str] | None = None) -> LiveCall:
        """Start ringing ``call``; with a ``refusal`` (cause, message) it ends at once so."""
        engine = self.origin.engine
        script = self._ring if refusal is None else _refused(*refusal)
        live = engine.start(
            call, engine.far_end_for(call.account_id, call.to), script, self._ended_hook
        )
        self.legs[call.id] = live
        _emit_placed(self.origin, live)
        return live

    def abandon(self) -> None:
        """End every leg still up (the origin gave up on the ring)."""
        for leg in self.legs.values():
            leave_behind(leg)

    async def connect(self) -> LiveCall:
        """Wait for the decision; when bridged, until the bridge is over. Returns the winner,
        or the leg whose end decided the ring."""
        try:
            decided = await self.origin.engine.scheduler.wait(self.decided)
            if isinstance(decided, Bridge):
                await decided.hold(self.origin)
                assert self.winner is not None
                return self.winner
            return decided
        except BaseException:
            self.abandon()
            raise

    async def _ring(self, b: LiveCall) -> None:
        outcome = await b.ring(self.timeout)
        if outcome != "answer":
            b.end(RING_CAUSES[outcome])
            return
        if self.winner is not None or self.decided.done():
            b.end("cancel")
            return
        self.winner = b
        b.mark_answered()
        engage(b, "transferring")
        _emit_answered(self.origin, b)
        for leg in self.legs.values():
            if leg is not b and not leg.ended:
                leg.end("cancel")
        if self.on_answer is not None:
            await self.on_answer(b)
            if b.ended:
                return
        bridge = Bridge(self.origin, b)
        self.decided.set_result(bridge)
        await bridge.hold(b)  # returns when the origin leaves; then the leg hangs up

    def _ended_hook(self, b: LiveCall, ending: Ending) -> None:
        self._ended.add(b.call.id)
        _emit_ended(self.origin, b, ending)
        if self.on_leg_ended is not None:
            self.on_leg_ended(b, ending)
        if self.decided.done():
            return
        if b is self.winner or (
            self.winner is None and all(call_id in self._ended for call_id in self.legs)
        ):
            self.decided.set_result(b)


async def ring_first_answer_wins(
    origin: LiveCall, targets: Sequence[Call], ring_timeout: float
) -> LiveCall | None:
    """Ring ``targets`` (legs from :func:`place_leg`) at once; the first to answer is bridged
    with ``origin`` and returned (see :func:`stay_bridged`), the others cancelled; None when no
    leg answered."""
    ring = ParallelRing(origin, ring_timeout)
    for call in targets:
        ring.place(call)
    try:
        decided = await origin.engine.scheduler.wait(ring.decided)
    except BaseException:
        ring.abandon()
        raise
    return ring.winner if isinstance(decided, Bridge) else None


async def stay_bridged(origin: LiveCall, winner: LiveCall) -> None:
    """Keep ``origin`` in its bridge with the winner of a ring until either side leaves."""
    engagement = origin.engagement
    if (
        engagement is not None
        and engagement.bridge is not None
        and winner in engagement.bridge.sides
    ):
        await engagement.bridge.hold(origin)


async def forward(origin: LiveCall, call: Call, ring_timeout: float) -> None:
    """Ring ``call`` and join it with ``origin`` once answered; both calls end together. When
    the leg fails (busy, timeout, rejected...) the origin ends with its cause."""
    kind: EngagementKind = "forwarding"
    outcome: asyncio.Future[Bridge | str] = asyncio.get_running_loop().create_future()

    async def ring(leg: LiveCall) -> None:
        engage(leg, kind)
        result = await leg.ring(ring_timeout)
        if result != "answer":
            leg.end(RING_CAUSES[result])
            return
        leg.mark_answered()
        _emit_answered(origin, leg)
        origin.answer_if_ringing()  # the forwarded caller is connected when the far end answers
        bridge = Bridge(origin, leg, kind=kind)
        outcome.set_result(bridge)
        await bridge.hold(leg)

    def ended(leg: LiveCall, ending: Ending) -> None:
        _emit_ended(origin, leg, ending)
        if not outcome.done():
            outcome.set_result(ending.cause)

    engine = origin.engine
    engage(origin, kind)
    leg = engine.start(call, engine.far_end_for(call.account_id, call.to), ring, ended)
    _emit_placed(origin, leg)
    try:
        result = await engine.scheduler.wait(outcome)
        if isinstance(result, Bridge):
            await result.hold(origin)
            origin.end("hangup")
        else:
            origin.end(result)
    except BaseException:
        leave_behind(leg)
        raise
    finally:
        release(origin, kind)
    await origin.stay_up()
