"""ConferenceRooms: members joining under a limit, leaving, set changes and the completion."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from telephony_emulator.core.calls import CallStatus
from telephony_emulator.core.conference_rooms import (
    ConferenceLimits,
    ConferenceRefusal,
    ConferenceRefused,
    ConferenceRooms,
)
from telephony_emulator.core.conferences import Conference, ConferenceStore
from telephony_emulator.core.events import (
    CallEnded,
    CallEvent,
    ConferenceCompleted,
    JoinedConference,
    LeftConference,
)
from telephony_emulator.core.live_call import EndPolicy, LiveCall, Script
from telephony_emulator.core.repositories import Durability

from tests.core.conftest import START, Harness

#: When the far end answers (the default rule rings for one second).
UP = START + 1.0


class MemoryConferences:
    """A conference repository that keeps the latest version of each and never touches a disk."""

    def __init__(self) -> None:
        self.items: dict[str, Conference] = {}

    @property
    def durability(self) -> Durability:
        return Durability.MEMORY_ONLY

    async def load(self) -> list[Conference]:
        return list(self.items.values())

    def put(self, item: Conference, *, awaited: bool = False) -> asyncio.Future[None]:
        self.items[item.id] = item
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def save(self, item: Conference) -> None:
        self.items[item.id] = item

    def discard(self) -> None:
        pass

    async def drain(self) -> None:
        pass


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def room_events(seen: list[CallEvent]) -> list[CallEvent]:
    kinds = JoinedConference | LeftConference | ConferenceCompleted | CallEnded
    return [event for event in seen if isinstance(event, kinds)]


def attending(rooms: ConferenceRooms, conference: Conference, **options: bool) -> Script:
    """A script that answers, then stays in ``conference`` until it leaves."""

    async def script(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        await rooms.attend(conference, live, **options)

    return script


async def answer(live: LiveCall) -> None:
    assert await live.ring(30) == "answer"
    live.mark_answered()


def setup(
    harness: Harness, limits: ConferenceLimits
) -> tuple[ConferenceRooms, Conference, list[tuple[str, CallEvent]], list[CallEvent]]:
    """A room with one open conference; what its listener and the engine's bus received."""
    heard: list[tuple[str, CallEvent]] = []
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append)
    store = ConferenceStore(MemoryConferences())
    rooms = ConferenceRooms(
        store, harness.engine, lambda conference, event: heard.append((conference.id, event))
    )
    conference = Conference(
        id="conf-1", account_id="acct", surface="test", name="room", created_at=at(START)
    )
    rooms.open(conference, limits)
    return rooms, conference, heard, seen


async def test_a_full_room_refuses_and_the_last_member_leaving_completes_it(
    harness: Harness,
) -> None:
    rooms, conference, heard, seen = setup(harness, ConferenceLimits(max_members=3))
    a, b, c = (
        harness.start(
            attending(rooms, conference, mute=(name == "b")),
            policy=EndPolicy.STAY_UP,
            call_id=f"c-{name}",
            to=f"+1555000000{n}",
        )
        for n, name in enumerate("abc", start=2)
    )
    d = harness.start(answer, policy=EndPolicy.STAY_UP, call_id="c-d", to="+15550000005")
    await harness.scheduler.advance(1)
    assert [member.call_id for member in conference.present_members()] == ["c-a", "c-b", "c-c"]
    assert conference.members["c-b"].mute
    assert not conference.members["c-a"].mute
    assert conference.members["c-a"].joined_at == at(UP)
    assert a.engagement is not None
    assert a.engagement.kind == "conferencing"

    with pytest.raises(ConferenceRefused) as refused:
        rooms.join(conference, d)
    assert (refused.value.reason, refused.value.limit) == (ConferenceRefusal.FULL, 3)
    assert "c-d" not in conference.members

    await harness.scheduler.advance(2)
    rooms.leave(conference, "c-a")
    await harness.scheduler.advance(1)
    assert conference.members["c-a"].left_at == at(UP + 2)
    assert a.engagement is None
    assert not a.ended
    assert a.call.status is CallStatus.ANSWERED
    rooms.leave(conference, "c-a")  # leaving twice does nothing

    b.end("hangup")
    await harness.scheduler.advance(1)
    assert conference.active
    c.end("hangup")
    await harness.scheduler.advance(1)
    assert not conference.active
    assert conference.completed_at == at(UP + 4)
    assert conference.ended is not None
    assert conference.ended.done()

    expected: list[CallEvent] = [
        JoinedConference("c-a", UP, "conf-1"),
        JoinedConference("c-b", UP, "conf-1"),
        JoinedConference("c-c", UP, "conf-1"),
        LeftConference("c-a", UP + 2, "conf-1", "left"),
        LeftConference("c-b", UP + 3, "conf-1", "left"),
        CallEnded("c-b", UP + 3, "hangup"),
        LeftConference("c-c", UP + 4, "conf-1", "left"),
        ConferenceCompleted("c-c", UP + 4, "conf-1"),
        CallEnded("c-c", UP + 4, "hangup"),
    ]
    assert room_events(seen) == expected
    assert heard == [("conf-1", event) for event in expected if not isinstance(event, CallEnded)]
    assert harness.endings.keys() == {"c-b", "c-c"}

    with pytest.raises(ConferenceRefused) as late:
        rooms.join(conference, d)
    assert late.value.reason is ConferenceRefusal.COMPLETED


async def test_ending_ejects_every_member_and_each_call_goes_on(harness: Harness) -> None:
    rooms, conference, heard, _ = setup(harness, ConferenceLimits(max_members=3))
    after: list[str] = []

    def then_note(name: str) -> Script:
        inner = attending(rooms, conference)

        async def script(live: LiveCall) -> None:
            await inner(live)
            after.append(name)

        return script

    harness.start(then_note("a"), policy=EndPolicy.STAY_UP, call_id="c-a")
    harness.start(then_note("b"), policy=EndPolicy.STAY_UP, call_id="c-b", to="+15550000003")
    await harness.scheduler.advance(5)
    rooms.end(conference)
    await harness.scheduler.advance(1)
    assert after == ["a", "b"]
    assert [event for _, event in heard] == [
        JoinedConference("c-a", UP, "conf-1"),
        JoinedConference("c-b", UP, "conf-1"),
        LeftConference("c-a", UP + 4, "conf-1", "ended"),
        LeftConference("c-b", UP + 4, "conf-1", "ended"),
        ConferenceCompleted("c-b", UP + 4, "conf-1"),
    ]
    assert harness.endings == {}


async def test_reaching_the_duration_passed_in_ends_the_conference(harness: Harness) -> None:
    rooms, conference, heard, _ = setup(harness, ConferenceLimits(max_seconds=10))
    harness.start(attending(rooms, conference), policy=EndPolicy.STAY_UP, call_id="c-a")
    await harness.scheduler.advance(9.5)
    assert conference.active
    await harness.scheduler.advance(1)
    assert conference.completed_at == at(START + 10)
    assert heard[-2:] == [
        ("conf-1", LeftConference("c-a", START + 10, "conf-1", "ended")),
        ("conf-1", ConferenceCompleted("c-a", START + 10, "conf-1")),
    ]


async def test_member_changes_and_a_second_coach_is_refused(harness: Harness) -> None:
    rooms, conference, _, _ = setup(harness, ConferenceLimits())
    harness.start(
        attending(rooms, conference), policy=EndPolicy.STAY_UP, call_id="c-a", to="+15550000002"
    )
    b = harness.start(answer, policy=EndPolicy.STAY_UP, call_id="c-b", to="+15550000003")
    await harness.scheduler.advance(1)
    rooms.set_member(conference, "c-a", coaching=("c-x",), hold=True)
    member = conference.members["c-a"]
    assert (member.mute, member.hold, member.call_ids_to_coach) == (False, True, ("c-x",))
    rooms.set_member(conference, "c-a", mute=True)
    assert (member.mute, member.hold) == (True, True)

    with pytest.raises(ConferenceRefused) as second:
        rooms.join(conference, b, coaching=("c-y",))
    assert (second.value.reason, second.value.coach) == (ConferenceRefusal.COACH_TAKEN, "c-a")
    rooms.join(conference, b)
    with pytest.raises(ConferenceRefused) as again:
        rooms.set_member(conference, "c-b", coaching=("c-a",))
    assert again.value.reason is ConferenceRefusal.COACH_TAKEN
    rooms.leave(conference, "c-b")
    with pytest.raises(ConferenceRefused) as gone:
        rooms.set_member(conference, "c-b", mute=True)
    assert gone.value.reason is ConferenceRefusal.NOT_A_MEMBER
