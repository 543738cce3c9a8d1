"""Catapult conferences and their members, on the core's conference rooms.

A conference is ``created`` with no members, ``active`` once a call has joined and
``completed`` when it is terminated or its last member leaves; it cannot be reused (§5). A
member joins by ``callId`` (an active call, created with this ``conferenceId`` or with none),
stays listed after it leaves, and leaves when removed or when its call hangs up; a member's
call stays up when the conference ends (REST control). Audio plays on the members' calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from telephony_emulator.apis.bandwidth_v1.call_audio import (
    AudioKind,
    CallAudio,
    audio_kind,
    is_stop,
)
from telephony_emulator.apis.bandwidth_v1.call_state import CALLBACK_TIMEOUT_MS, catapult_state
from telephony_emulator.apis.bandwidth_v1.callbacks import SURFACE, CatapultCallbacks
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.recordings import Unstored
from telephony_emulator.apis.bandwidth_v1.voice_schemas import (
    AudioBody,
    ConferenceBody,
    MemberBody,
    UpdateConferenceBody,
    UpdateMemberBody,
)
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.bridging import engage, release
from telephony_emulator.core.conference_rooms import (
    ConferenceLimits,
    ConferenceRefusal,
    ConferenceRefused,
    ConferenceRooms,
)
from telephony_emulator.core.conferences import Conference, ConferenceStore, Member
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.events import (
    CallEvent,
    ConferenceCompleted,
    JoinedConference,
    LeftConference,
)
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.errors import EmulatorError, Forbidden, NotFound, Unavailable
from telephony_emulator.iso_time import timestamp
from telephony_emulator.webhooks.models import Endpoint

MAX_MEMBERS = 20


@dataclass
class CatapultConferenceState:
    """A conference's Catapult settings: its callbacks, host number, profile, hold and mute."""

    api_base: str = ""
    user_id: str = ""
    from_: str = ""
    callback_url: str | None = None
    callback_http_method: str = "POST"
    callback_timeout: int = CALLBACK_TIMEOUT_MS
    fallback_url: str | None = None
    profile: str = "interpret_digits"
    hold: bool = False
    mute: bool = False
    #: Member ids by call id, and their tones.
    member_ids: dict[str, str] = field(default_factory=dict)
    tones: dict[str, tuple[bool, bool]] = field(default_factory=dict)

    def endpoints(self) -> tuple[Endpoint, Endpoint | None] | None:
        if not self.callback_url:
            return None
        method: Literal["GET", "POST"] = (
            "GET" if self.callback_http_method.upper() == "GET" else "POST"
        )
        fallback = Endpoint(self.fallback_url, method) if self.fallback_url else None
        return Endpoint(self.callback_url, method), fallback

    def to_data(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def conference_state(conference: Conference) -> CatapultConferenceState:
    state = conference.surface_state
    assert isinstance(state, CatapultConferenceState)
    return state


def conference_url(conference: Conference) -> str:
    state = conference_state(conference)
    return f"{state.api_base}/v1/users/{state.user_id}/conferences/{conference.id}"


def member_url(conference: Conference, member_id: str) -> str:
    return f"{conference_url(conference)}/members/{member_id}"


class CatapultConferences:
    """Every Catapult conference; members by their ``member-…`` ids."""

    def __init__(
        self,
        engine: CallEngine,
        callbacks: CatapultCallbacks,
        audio: CallAudio,
        ids: CatapultIds,
    ) -> None:
        self._engine = engine
        self._callbacks = callbacks
        self._audio = audio
        self._ids = ids
        self.store = ConferenceStore(Unstored())
        self.rooms = ConferenceRooms(self.store, engine, self._on_event)
        #: (conference id, call id) by member id.
        self._members: dict[str, tuple[str, str]] = {}

    def clear(self) -> None:
        self.rooms.clear()
        self.store.clear()
        self._members.clear()

    # -- conferences ----------------------------------------------------------------------

    def create(self, account: Account, body: ConferenceBody, api_base: str) -> Conference:
        conference_id = self._ids.conference_id()
        now = self._engine.clock.now()
        conference = Conference(
            id=conference_id,
            account_id=account.id,
            surface=SURFACE,
            name=conference_id,
            created_at=now,
            tag=body.tag,
            surface_state=CatapultConferenceState(
                api_base=api_base,
                user_id=account.catapult.user_id,
                from_=body.from_,
                callback_url=body.callback_url,
                callback_http_method=body.callback_http_method,
                callback_timeout=body.callback_timeout,
                fallback_url=body.fallback_url,
                profile=body.profile,
            ),
        )
        self.rooms.open(conference, ConferenceLimits(max_members=MAX_MEMBERS))
        self._send(conference, "conference", {"status": "created"})
        return conference

    def get(self, account: Account, conference_id: str) -> Conference:
        conference = self.store.get(conference_id)
        if conference is None or conference.account_id != account.id:
            raise NotFound(
                f"The conference {conference_id} could not be found", code="conference-not-found"
            )
        return conference

    @staticmethod
    def state(conference: Conference) -> str:
        if not conference.active:
            return "completed"
        return "active" if conference.members else "created"

    def update(self, account: Account, conference_id: str, body: UpdateConferenceBody) -> None:
        conference = self.get(account, conference_id)
        _check_active(conference)
        state = conference_state(conference)
        for name in ("callback_url", "callback_http_method", "callback_timeout", "fallback_url"):
            value = getattr(body, name)
            if value is not None:
                setattr(state, name, value or None if name.endswith("url") else value)
        if body.tag is not None:
            conference.tag = body.tag or None
        if body.hold is not None or body.mute is not None:
            state.hold = state.hold if body.hold is None else body.hold
            state.mute = state.mute if body.mute is None else body.mute
            for member in conference.present_members():
                self.rooms.set_member(conference, member.call_id, mute=body.mute, hold=body.hold)
                self._member_event(conference, member)
        self.store.changed(conference)
        if body.state == "completed":
            self.rooms.end(conference)

    def play(self, account: Account, conference_id: str, audio: AudioBody) -> None:
        """Audio to the whole conference: on every member's call, reported to the conference."""
        conference = self.get(account, conference_id)
        _check_active(conference)
        calls = [self._engine.live.get(member.call_id) for member in conference.present_members()]
        members = [live for live in calls if live is not None and not live.ended]
        if is_stop(audio):
            for live in members:
                self._audio.stop(live)
            return
        kind = audio_kind(audio)
        if kind is None:
            return
        report = self._conference_report(conference)
        if not members:
            report(kind, "started", audio.tag)
            report(kind, "done", audio.tag)
            return
        first, *others = members
        self._audio.play(first, audio, report)
        for live in others:
            self._audio.play(live, audio, _silent)

    def _conference_report(
        self, conference: Conference
    ) -> Callable[[AudioKind, str, str | None], None]:
        def report(kind: AudioKind, status: str, tag: str | None) -> None:
            fields: dict[str, Any] = {"status": status}
            if tag:
                fields["tag"] = tag
            self._send(conference, f"conference-{kind}", fields)

        return report

    # -- members --------------------------------------------------------------------------

    def add_member(self, account: Account, conference_id: str, body: MemberBody) -> str:
        conference = self.get(account, conference_id)
        _check_active(conference)
        call = self._engine.registry.get(body.call_id)
        if call is None or call.account_id != account.id or call.surface != SURFACE:
            raise NotFound(f"The call {body.call_id} could not be found", code="call-not-found")
        call_state = catapult_state(call)
        if call_state.conference_id not in (None, conference.id):
            raise Forbidden(
                f"The call {call.id} was not created for conference {conference.id}",
                code="invalid-call-conference-id",
            )
        live = self._engine.live.get(call.id)
        if live is None or live.ended or not live.answered:
            raise Unavailable(
                f"The call {call.id} is being initialized and cannot be modified now retry "
                "your operation later",
                code="call-unavailable",
            )
        state = conference_state(conference)
        member_id = self._engine.ids.catapult_id("member")
        state.member_ids[call.id] = member_id
        state.tones[call.id] = (body.join_tone, body.leaving_tone)
        self._members[member_id] = (conference.id, call.id)
        try:
            self.rooms.join(conference, live, mute=body.mute, hold=body.hold)
        except ConferenceRefused as refused:
            del self._members[member_id]
            del state.member_ids[call.id]
            raise _refusal(refused) from None
        engage(live, "conferencing")
        call_state.conference_id = conference.id
        self._engine.registry.changed(call, self._engine.clock.now())
        return member_id

    def members(self, account: Account, conference_id: str) -> list[tuple[str, Member]]:
        conference = self.get(account, conference_id)
        state = conference_state(conference)
        return [
            (state.member_ids[member.call_id], member)
            for member in conference.members.values()
            if member.call_id in state.member_ids
        ]

    def member(
        self, account: Account, conference_id: str, member_id: str
    ) -> tuple[Conference, Member]:
        conference = self.get(account, conference_id)
        found = self._members.get(member_id)
        member = conference.members.get(found[1]) if found and found[0] == conference.id else None
        if member is None:
            raise NotFound(
                f"The conference member {member_id} could not be found",
                code="conference-member-not-found",
            )
        return conference, member

    def update_member(
        self, account: Account, conference_id: str, member_id: str, body: UpdateMemberBody
    ) -> None:
        conference, member = self.member(account, conference_id, member_id)
        _check_active(conference)
        state = conference_state(conference)
        join, leave = state.tones.get(member.call_id, (False, False))
        state.tones[member.call_id] = (
            join if body.join_tone is None else body.join_tone,
            leave if body.leaving_tone is None else body.leaving_tone,
        )
        if body.mute is not None or body.hold is not None:
            try:
                self.rooms.set_member(conference, member.call_id, mute=body.mute, hold=body.hold)
            except ConferenceRefused as refused:
                raise _refusal(refused) from None
            self._member_event(conference, member)
        if body.state == "completed":
            self._leave(conference, member.call_id)

    def member_live(self, account: Account, conference_id: str, member_id: str) -> LiveCall:
        """The call of a present member, to play audio to; 503 ``call-unavailable`` else."""
        _, member = self.member(account, conference_id, member_id)
        live = self._engine.live.get(member.call_id)
        if live is None or live.ended or not member.present:
            raise Unavailable(
                f"The conference member {member_id} doesn't have a available call",
                code="call-unavailable",
            )
        return live

    # -- calls ----------------------------------------------------------------------------

    def call_ended(self, live: LiveCall) -> None:
        for conference in self._present_in(live.call.id):
            self.rooms.leave(conference, live.call.id)

    def interpret(self, live: LiveCall, digit: str) -> None:
        """A key a member of an ``interpret_digits`` conference pressed acts on it (§2.8):
        ``0`` toggles the member's mute, ``*`` mutes it (deaf is not simulated), ``#`` leaves;
        1-9 (volume and microphone levels) change nothing the emulator shows."""
        for conference in self._present_in(live.call.id):
            if conference_state(conference).profile != "interpret_digits":
                continue
            member = conference.members[live.call.id]
            if digit == "#":
                self._leave(conference, live.call.id)
            elif digit in "0*":
                mute = not member.mute if digit == "0" else True
                self.rooms.set_member(conference, live.call.id, mute=mute)
                self._member_event(conference, member)

    def swallows_digits(self, live: LiveCall) -> bool:
        """Whether the call's digits go to a conference that interprets them (no ``dtmf``)."""
        return any(
            conference_state(conference).profile == "interpret_digits"
            for conference in self._present_in(live.call.id)
        )

    def _present_in(self, call_id: str) -> list[Conference]:
        found = []
        for conference_id, member_call in self._members.values():
            if member_call != call_id:
                continue
            conference = self.store.get(conference_id)
            if conference is not None and conference.active:
                member = conference.members.get(call_id)
                if member is not None and member.present and conference not in found:
                    found.append(conference)
        return found

    def _leave(self, conference: Conference, call_id: str) -> None:
        self.rooms.leave(conference, call_id)
        live = self._engine.live.get(call_id)
        if live is not None:
            release(live, "conferencing")

    # -- events ---------------------------------------------------------------------------

    def _on_event(self, conference: Conference, event: CallEvent) -> None:
        if conference.surface != SURFACE:
            return
        if isinstance(event, JoinedConference | LeftConference):
            member = conference.members.get(event.call_id)
            if member is not None:
                self._member_event(conference, member)
            if isinstance(event, LeftConference):
                live = self._engine.live.get(event.call_id)
                if live is not None:
                    release(live, "conferencing")
        elif isinstance(event, ConferenceCompleted):
            self._send(conference, "conference", {"status": "completed"})

    def _member_event(self, conference: Conference, member: Member) -> None:
        member_id = conference_state(conference).member_ids.get(member.call_id)
        if member_id is None:
            return
        self._send(
            conference,
            "conference-member",
            {
                "callId": member.call_id,
                "memberId": member_id,
                "memberUri": member_url(conference, member_id),
                "state": "active" if member.present else "completed",
                "hold": member.hold,
                "mute": member.mute,
                "activeMembers": len(conference.present_members()),
            },
        )

    def _send(self, conference: Conference, event_type: str, fields: dict[str, Any]) -> None:
        payload: dict[str, Any] = {
            "eventType": event_type,
            "conferenceId": conference.id,
            "conferenceUri": conference_url(conference),
        }
        payload.update(fields)
        if event_type == "conference":
            payload["createdTime"] = timestamp(conference.created_at)
            if conference.completed_at is not None:
                payload["completedTime"] = timestamp(conference.completed_at)
        if conference.tag and "tag" not in payload:
            payload["tag"] = conference.tag
        payload["time"] = timestamp(self._engine.clock.now())
        self._callbacks.conference_event(
            conference.account_id, conference.id, conference_state(conference), payload
        )


def _check_active(conference: Conference) -> None:
    if not conference.active:
        raise Forbidden("Invalid conference state", code="conference-error")


def _refusal(refused: ConferenceRefused) -> EmulatorError:
    if refused.reason is ConferenceRefusal.FULL:
        return Forbidden(
            f"The conference {refused.conference.id} has reached its limit of "
            f"{refused.limit} members",
            code="conference-max-members",
        )
    if refused.reason is ConferenceRefusal.NOT_A_MEMBER:
        return Unavailable(
            "The conference member doesn't have a available call", code="call-unavailable"
        )
    return Forbidden("Invalid conference state", code="conference-error")


def _silent(kind: AudioKind, status: str, tag: str | None) -> None:
    pass
