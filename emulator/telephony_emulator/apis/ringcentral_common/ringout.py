"""RingOut on the call engine: ring the user's own phone, then the destination, then talk.

The statuses follow the progressions of reference ringcentral.md (§1.1 seed observations, §1.4,
§2.3): both surfaces read the same session; each renders it in its own vocabulary.
"""

from __future__ import annotations

import asyncio
import base64
import enum
import functools
from dataclasses import dataclass, field
from datetime import datetime

from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.apis.ringcentral_common.ids import RingCentralIds
from telephony_emulator.apis.ringcentral_common.state import (
    RINGOUT_SURFACE,
    Leg,
    RingOutLegState,
    ringout_leg,
)
from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.core.calls import Call, CallDirection
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import RING_CAUSES, LiveCall, RingOutcome, Script

SURFACE = RINGOUT_SURFACE
#: How long each leg rings before it counts as not answered.
RING_SECONDS = 30.0
#: "Press 1 to connect this call", then a wait for the digit; played this many times.
PROMPT_SECONDS = 3.0
PROMPT_WAIT_SECONDS = 5.0
PROMPT_TIMES = 3
DEFAULT_GRACE_SECONDS = 5.0


class LegStatus(enum.StrEnum):
    """A RingOut status. The legacy API's numeric code is the position in this list (§1.1)."""

    SUCCESS = "Success"
    IN_PROGRESS = "InProgress"
    BUSY = "Busy"
    NO_ANSWER = "NoAnswer"
    REJECTED = "Rejected"
    GENERIC_ERROR = "GenericError"
    FINISHED = "Finished"
    INTERNATIONAL_DISABLED = "InternationalDisabled"
    DESTINATION_BLOCKED = "DestinationBlocked"

    @property
    def legacy_code(self) -> int:
        return _ORDER.index(self)


_ORDER = list(LegStatus)
_RING_FAILURES: dict[RingOutcome, LegStatus] = {
    "busy": LegStatus.BUSY,
    "reject": LegStatus.REJECTED,
    "timeout": LegStatus.NO_ANSWER,
}


@dataclass
class RingOut:
    """One RingOut session. ``general`` is the legacy "general call status"."""

    id: str
    ws: str
    account_id: str
    from_: str  # the user's own phone, rung first ("callback" in the legacy API)
    to: str  # the destination ("callee")
    caller_id: str
    prompt: bool
    created_at: datetime
    general: LegStatus = LegStatus.IN_PROGRESS
    caller: LegStatus = LegStatus.IN_PROGRESS
    callee: LegStatus = LegStatus.IN_PROGRESS
    caller_answered: bool = False
    callee_answered: bool = False
    caller_call_id: str | None = None
    callee_call_id: str | None = None
    #: The statuses are final; legs still up are being hung up.
    closed: bool = False
    ended_at: datetime | None = None
    callee_result: asyncio.Future[bool] | None = field(default=None, repr=False)

    @property
    def connected(self) -> bool:
        return self.caller_answered and self.callee_answered

    @property
    def call_status(self) -> str:
        """The REST API's ``callStatus``: InProgress, then Success or CannotReach (§2.3)."""
        if self.connected:
            return "Success"
        if self.closed:
            return "CannotReach"
        return "InProgress"

    def close(self, general: LegStatus, caller: LegStatus, callee: LegStatus) -> None:
        if self.closed:
            return
        self.general, self.caller, self.callee = general, caller, callee
        self.closed = True


class RingOutService:
    """Places RingOut sessions and keeps them readable until a grace period after they end."""

    def __init__(
        self,
        engine: CallEngine,
        accounts: AccountRegistry,
        grace_seconds: float = DEFAULT_GRACE_SECONDS,
    ) -> None:
        self.engine = engine
        self.ids = RingCentralIds(engine.ids)
        self.accounts = accounts
        self.grace_seconds = grace_seconds
        self._sessions: dict[str, RingOut] = {}

    def clear(self) -> None:
        self._sessions.clear()

    # -- placing --------------------------------------------------------------------------

    def place(
        self, account: Account, *, from_: str, to: str, caller_id: str, prompt: bool
    ) -> RingOut:
        """Start ringing ``from_``; the rest follows on the virtual clock."""
        ids = self.engine.ids
        session = RingOut(
            id=_session_id(ids.digits(17), ids.randint(0, 255), ids.randint(1, 254)),
            ws=f".{ids.randint(10, 99)}",
            account_id=account.id,
            from_=from_,
            to=to,
            caller_id=caller_id,
            prompt=prompt,
            created_at=self.engine.clock.now(),
        )
        self._sessions[session.id] = session
        caller = self._leg(session, "caller", from_=account.ringcentral.username, to=from_)
        session.caller_call_id = caller.id
        self._start(session, caller, functools.partial(self._caller_script, session))
        return session

    def _leg(self, session: RingOut, leg: Leg, *, from_: str, to: str) -> Call:
        return self.engine.new_call(
            call_id=self.ids.call_id(),
            account_id=session.account_id,
            surface=SURFACE,
            direction=CallDirection.OUTBOUND,
            from_=from_,
            to=to,
            state=RingOutLegState(
                ringout_id=session.id,
                leg=leg,
                from_=session.from_,
                to=session.to,
                caller_id=session.caller_id,
            ),
        )

    def _start(self, session: RingOut, call: Call, script: Script) -> None:
        rule = self.engine.far_end_for(session.account_id, call.to)
        self.engine.start(call, rule, script, lambda live, _: self._leg_ended(session, live))

    # -- the two legs ---------------------------------------------------------------------

    async def _caller_script(self, session: RingOut, live: LiveCall) -> None:
        outcome = await live.ring(RING_SECONDS)
        if outcome != "answer":
            # Seed 002: "callback rejects" reads general Busy, callback Rejected, destination
            # Generic Error; busy and no answer are reported the same way.
            failure = _RING_FAILURES[outcome]
            general = LegStatus.NO_ANSWER if failure is LegStatus.NO_ANSWER else LegStatus.BUSY
            session.close(general, failure, LegStatus.GENERIC_ERROR)
            live.end(RING_CAUSES[outcome])
            return
        live.mark_answered()
        session.caller_answered = True
        session.caller = LegStatus.SUCCESS
        if session.prompt and not await _pressed_one(live):
            session.close(LegStatus.GENERIC_ERROR, LegStatus.FINISHED, LegStatus.GENERIC_ERROR)
            live.end("timeout")
            return
        account = self.accounts.get(session.account_id)
        barrier = dialing.barrier(session.to, account.ringcentral_settings) if account else None
        if barrier is not None:
            session.close(LegStatus.GENERIC_ERROR, LegStatus.SUCCESS, LegStatus(barrier.value))
            leg = ringout_leg(live.call)
            if leg is not None:
                leg.barrier = barrier.value
            live.end("hangup")
            return
        result: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        session.callee_result = result
        callee = self._leg(session, "callee", from_=session.caller_id, to=session.to)
        session.callee_call_id = callee.id
        self._start(session, callee, functools.partial(self._callee_script, session))
        if not await self.engine.scheduler.wait(result):
            live.end("hangup")
            return
        await live.stay_up()

    async def _callee_script(self, session: RingOut, live: LiveCall) -> None:
        result = session.callee_result
        assert result is not None
        outcome = await live.ring(RING_SECONDS)
        if outcome != "answer":
            failure = _RING_FAILURES[outcome]
            session.close(failure, LegStatus.SUCCESS, failure)
            result.set_result(False)
            live.end(RING_CAUSES[outcome])
            return
        live.mark_answered()
        session.callee_answered = True
        session.general = session.callee = LegStatus.SUCCESS
        result.set_result(True)
        await live.stay_up()

    def _leg_ended(self, session: RingOut, live: LiveCall) -> None:
        """One leg is down: the other follows. Who hung up first decides the statuses."""
        leg: Leg = "caller" if live.call.id == session.caller_call_id else "callee"
        other_id = session.callee_call_id if leg == "caller" else session.caller_call_id
        if not session.closed:
            self._hung_up(session, leg)
        other = self.engine.live.get(other_id) if other_id else None
        if other is None:  # the last leg is down
            session.ended_at = self.engine.clock.now()
        else:
            other.end("hangup")

    def _hung_up(self, session: RingOut, leg: Leg) -> None:
        if session.connected:
            # Seed 002: the party that hung up reads Rejected, the other Finished.
            hanger, other = LegStatus.REJECTED, LegStatus.FINISHED
            if leg == "caller":
                session.close(LegStatus.SUCCESS, hanger, other)
            else:
                session.close(LegStatus.SUCCESS, other, hanger)
        elif session.callee_call_id is not None:
            # The user hung up while the destination rang: both read Rejected (§2.3).
            session.close(LegStatus.REJECTED, LegStatus.REJECTED, LegStatus.REJECTED)
        else:
            # The user hung up before the destination was dialled (during the prompt).
            session.close(LegStatus.BUSY, LegStatus.REJECTED, LegStatus.GENERIC_ERROR)

    # -- reading and cancelling -----------------------------------------------------------

    def find(self, ringout_id: str) -> RingOut | None:
        """The session while it runs and for the grace period after it ended."""
        session = self._sessions.get(ringout_id)
        if session is None or session.ended_at is None:
            return session
        if (self.engine.clock.now() - session.ended_at).total_seconds() >= self.grace_seconds:
            del self._sessions[ringout_id]
            return None
        return session

    def cancel(self, session: RingOut) -> bool:
        """Cancel while a leg still rings (reference §1.1: "best effort"); False otherwise."""
        legs = [
            self.engine.live.get(call_id)
            for call_id in (session.caller_call_id, session.callee_call_id)
            if call_id is not None
        ]
        live_legs = [leg for leg in legs if leg is not None and not leg.ended]
        if session.closed or not any(leg.ringing for leg in live_legs):
            return False
        caller = LegStatus.FINISHED if session.caller_answered else LegStatus.REJECTED
        session.close(LegStatus.REJECTED, caller, LegStatus.REJECTED)
        for leg in live_legs:
            leg.end("cancel")
        return True


async def _pressed_one(live: LiveCall) -> bool:
    """Play the prompt until the far end presses 1; other digits are ignored."""
    live.begin_collecting()
    try:
        for _ in range(PROMPT_TIMES):
            await live.play(PROMPT_SECONDS, cut_by_digit=True)
            deadline = live.engine.clock.time() + PROMPT_WAIT_SECONDS
            while (left := deadline - live.engine.clock.time()) > 0:
                if await live.next_digit(left) == "1":
                    return True
        return False
    finally:
        live.end_collecting()


def _session_id(serial: str, subnet: int, host: int) -> str:
    """Ids shaped like the real ones: base64 of ``cs<serial>@<server address>`` (§1.2, §2.3)."""
    raw = f"cs{serial}@10.62.{subnet}.{host}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
