"""Conference membership for any surface: joining and leaving, limits, member changes, the end."""

from __future__ import annotations

import asyncio
import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telephony_emulator.core.bridging import engage, release
from telephony_emulator.core.conferences import Conference, ConferenceStore, Member
from telephony_emulator.core.events import (
    CallEvent,
    ConferenceCompleted,
    JoinedConference,
    LeftConference,
)
from telephony_emulator.core.scheduler import TimerHandle

if TYPE_CHECKING:
    from telephony_emulator.core.engine import CallEngine
    from telephony_emulator.core.live_call import LiveCall


class ConferenceRefusal(enum.StrEnum):
    """Why a room refused a change; the surface words it."""

    FULL = "full"
    COACH_TAKEN = "coach-taken"
    COMPLETED = "completed"
    NOT_A_MEMBER = "not-a-member"


class ConferenceRefused(Exception):
    """A join or member change that may not happen; ``coach`` names the coach already there
    (for :attr:`ConferenceRefusal.COACH_TAKEN`), ``limit`` the member limit (for FULL)."""

    def __init__(
        self,
        conference: Conference,
        reason: ConferenceRefusal,
        *,
        coach: str | None = None,
        limit: int | None = None,
    ) -> None:
        super().__init__(f"{conference.id}: {reason.value}")
        self.conference = conference
        self.reason = reason
        self.coach = coach
        self.limit = limit


@dataclass(frozen=True)
class ConferenceLimits:
    """The surface's limits on one conference: present members, and seconds it may last."""

    max_members: int | None = None
    max_seconds: float | None = None


#: Receives every event of every conference of the room, synchronously, in order.
ConferenceListener = Callable[[Conference, CallEvent], None]


class ConferenceRooms:
    """The membership rules of the conferences in ``store``.

    A conference is opened with its limits; calls join (refused when it is full, when a second
    coach would join, or when it has completed) and leave; the last member leaving completes it,
    and so does :meth:`end` (every member is ejected first) or reaching ``max_seconds``. Each
    change is written to the store; :class:`JoinedConference`, :class:`LeftConference` and
    :class:`ConferenceCompleted` go to ``listener`` and to ``engine.events``.
    """

    def __init__(
        self,
        store: ConferenceStore,
        engine: CallEngine,
        listener: ConferenceListener | None = None,
    ) -> None:
        self.store = store
        self._engine = engine
        self._listener = listener
        self._limits: dict[str, ConferenceLimits] = {}
        self._deadlines: dict[str, TimerHandle] = {}
        #: Resolved when the member leaves (or is ejected): what its :meth:`attend` waits on.
        self._gone: dict[tuple[str, str], asyncio.Future[None]] = {}

    def clear(self) -> None:
        """Forget the limits, deadlines and waits (a reset or a load); the store is the caller's."""
        for deadline in self._deadlines.values():
            deadline.cancel()
        self._deadlines.clear()
        self._limits.clear()
        self._gone.clear()

    def open(self, conference: Conference, limits: ConferenceLimits) -> None:
        """Keep a new, active conference under ``limits``."""
        self.store.add(conference)
        self._limits[conference.id] = limits
        if limits.max_seconds is not None:
            self._deadlines[conference.id] = self._engine.scheduler.call_later(
                limits.max_seconds, functools.partial(self.end, conference), background=True
            )

    def interrupt(self, conference: Conference) -> None:
        """Complete a conference active when the server stopped, without events (its members'
        calls ended with the server)."""
        now = self._engine.clock.now()
        for member in conference.present_members():
            member.left_at = now
        conference.completed_at = now
        self.store.changed(conference)

    # -- members --------------------------------------------------------------------------

    def join(
        self,
        conference: Conference,
        live: LiveCall,
        *,
        mute: bool = False,
        hold: bool = False,
        coaching: tuple[str, ...] = (),
    ) -> Member:
        """``live`` joins ``conference`` (again, if it had left)."""
        if not conference.active:
            raise ConferenceRefused(conference, ConferenceRefusal.COMPLETED)
        limit = self._limits.get(conference.id, ConferenceLimits()).max_members
        if limit is not None and len(conference.present_members()) >= limit:
            raise ConferenceRefused(conference, ConferenceRefusal.FULL, limit=limit)
        coach = conference.coach()
        if coaching and coach is not None:
            raise ConferenceRefused(conference, ConferenceRefusal.COACH_TAKEN, coach=coach.call_id)
        call = live.call
        member = Member(
            call_id=call.id,
            from_=call.from_,
            to=call.to,
            joined_at=self._engine.clock.now(),
            mute=mute,
            hold=hold,
            call_ids_to_coach=coaching,
        )
        conference.members.pop(call.id, None)  # a call that left and comes back
        conference.members[call.id] = member
        self._gone[conference.id, call.id] = asyncio.get_running_loop().create_future()
        self.store.changed(conference)
        self._emit(conference, JoinedConference(call.id, self._engine.clock.time(), conference.id))
        return member

    async def attend(
        self,
        conference: Conference,
        live: LiveCall,
        *,
        mute: bool = False,
        hold: bool = False,
        coaching: tuple[str, ...] = (),
    ) -> None:
        """Join, then stay until the member leaves or the conference ends; the call then goes
        on (its script or :class:`EndPolicy` decides). Cancelling the wait (hang-up, redirect)
        makes the call leave, unless the scheduler itself is cancelling (reset, shutdown)."""
        self.join(conference, live, mute=mute, hold=hold, coaching=coaching)
        gone = self._gone[conference.id, live.call.id]
        engage(live, "conferencing")
        try:
            await self._engine.scheduler.wait(gone)
        except asyncio.CancelledError:
            if not self._engine.scheduler.cancelling:
                self.leave(conference, live.call.id)
            raise
        finally:
            release(live, "conferencing")

    def leave(self, conference: Conference, call_id: str) -> None:
        """``call_id`` leaves; the conference completes if it was the last member. Leaving
        twice (or a call that never joined) does nothing."""
        member = conference.members.get(call_id)
        if member is None or not member.present:
            return
        member.left_at = self._engine.clock.now()
        self.store.changed(conference)
        self._left(conference, member, "left")
        if not conference.present_members():
            self._complete(conference, call_id)

    def set_member(
        self,
        conference: Conference,
        call_id: str,
        *,
        mute: bool | None = None,
        hold: bool | None = None,
        coaching: tuple[str, ...] | None = None,
    ) -> Member:
        """Change what is given (None leaves it as it is) of a present member."""
        member = conference.members.get(call_id)
        if not conference.active:
            raise ConferenceRefused(conference, ConferenceRefusal.COMPLETED)
        if member is None or not member.present:
            raise ConferenceRefused(conference, ConferenceRefusal.NOT_A_MEMBER)
        if coaching:
            coach = conference.coach()
            if coach is not None and coach is not member:
                raise ConferenceRefused(
                    conference, ConferenceRefusal.COACH_TAKEN, coach=coach.call_id
                )
        if mute is not None:
            member.mute = mute
        if hold is not None:
            member.hold = hold
        if coaching is not None:
            member.call_ids_to_coach = coaching
        self.store.changed(conference)
        return member

    def end(self, conference: Conference) -> None:
        """Eject every member (each call goes on), then complete the conference."""
        last = ""
        for member in conference.present_members():
            member.left_at = self._engine.clock.now()
            self._left(conference, member, "ended")
            last = member.call_id
        self._complete(conference, last)

    # -- internals ------------------------------------------------------------------------

    def _left(self, conference: Conference, member: Member, reason: str) -> None:
        gone = self._gone.pop((conference.id, member.call_id), None)
        if gone is not None and not gone.done():
            gone.set_result(None)
        event = LeftConference(member.call_id, self._engine.clock.time(), conference.id, reason)
        self._emit(conference, event)

    def _complete(self, conference: Conference, last_call_id: str) -> None:
        if not conference.active:
            return
        conference.completed_at = self._engine.clock.now()
        self.store.changed(conference)
        self._limits.pop(conference.id, None)
        deadline = self._deadlines.pop(conference.id, None)
        if deadline is not None:
            deadline.cancel()
        at = self._engine.clock.time()
        self._emit(conference, ConferenceCompleted(last_call_id, at, conference.id))
        if conference.ended is not None and not conference.ended.done():
            conference.ended.set_result(None)

    def _emit(self, conference: Conference, event: CallEvent) -> None:
        if self._listener is not None:
            self._listener(conference, event)
        events = self._engine.events
        if events.listening(event.call_id):
            events.emit(event)
