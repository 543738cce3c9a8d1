"""BridgeRegistry: bridge resources whose members are replaced, moved and lost to hang-ups."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telephony_emulator.core.bridges import BridgeRefused, BridgeResource
from telephony_emulator.core.bridging import Bridge, Engagement
from telephony_emulator.core.calls import CallStatus
from telephony_emulator.core.events import CallEnded, CallEvent, JoinedBridge, LeftBridge
from telephony_emulator.core.live_call import EndPolicy, LiveCall

from tests.core.conftest import START, Harness

#: When the far end answers (the default rule rings for one second).
UP = START + 1.0


class CountingIds:
    """An id policy that names bridges ``brg-1``, ``brg-2``, ..."""

    def __init__(self) -> None:
        self.made = 0

    def bridge_id(self) -> str:
        self.made += 1
        return f"brg-{self.made}"


async def answer(live: LiveCall) -> None:
    assert await live.ring(30) == "answer"
    live.mark_answered()


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def bridge_events(seen: list[CallEvent]) -> list[CallEvent]:
    return [event for event in seen if isinstance(event, JoinedBridge | LeftBridge | CallEnded)]


async def three_calls(harness: Harness) -> tuple[LiveCall, LiveCall, LiveCall]:
    """Three answered REST-style calls (they stay up between commands)."""
    calls = tuple(
        harness.start(answer, policy=EndPolicy.STAY_UP, call_id=f"c-{name}", to=f"+1555000000{n}")
        for n, name in enumerate("abc", start=2)
    )
    await harness.scheduler.advance(1)
    a, b, c = calls
    return a, b, c


def member_of(live: LiveCall) -> BridgeResource | None:
    assert live.engagement is None or live.engagement.kind == "bridged"
    return None if live.engagement is None else live.engagement.resource


async def test_replacing_the_members_lets_the_removed_call_stay_up(harness: Harness) -> None:
    a, b, c = await three_calls(harness)
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append)
    registry = harness.engine.bridges
    bridge = registry.create("acct", [a, b], CountingIds())
    assert bridge.id == "brg-1"
    assert registry.get("brg-1") is bridge
    assert bridge.members == ["c-a", "c-b"]
    assert (bridge.created_at, bridge.activated_at, bridge.completed_at) == (at(UP), at(UP), None)
    assert a.engagement == Engagement("bridged", resource=bridge)
    assert member_of(b) is bridge
    assert member_of(c) is None

    await harness.scheduler.advance(2)
    registry.set_members(bridge, [a, c])
    assert bridge.members == ["c-a", "c-c"]
    assert registry.of_call("c-b") is None
    assert registry.of_call("c-c") is bridge
    assert (member_of(a), member_of(b), member_of(c)) == (bridge, None, bridge)
    assert bridge_events(seen) == [
        JoinedBridge("c-a", UP, "brg-1"),
        JoinedBridge("c-b", UP, "brg-1"),
        LeftBridge("c-b", UP + 2, "brg-1", "removed"),
        JoinedBridge("c-c", UP + 2, "brg-1"),
    ]

    await harness.scheduler.advance(60)
    assert not b.ended
    assert harness.endings == {}
    assert a.call.status is b.call.status is c.call.status is CallStatus.ANSWERED
    assert not bridge.completed


async def test_a_call_joining_leaves_its_previous_bridge(harness: Harness) -> None:
    a, b, c = await three_calls(harness)
    ids = CountingIds()
    registry = harness.engine.bridges
    first = registry.create("acct", [a, b], ids)
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append)
    second = registry.create("acct", [c, a], ids)
    assert (first.id, second.id) == ("brg-1", "brg-2")
    assert first.members == ["c-b"]
    assert second.members == ["c-c", "c-a"]
    assert (member_of(a), member_of(b), member_of(c)) == (second, first, second)
    assert not first.completed  # b is still in it
    assert bridge_events(seen) == [
        JoinedBridge("c-c", UP, "brg-2"),
        LeftBridge("c-a", UP, "brg-1", "moved"),
        JoinedBridge("c-a", UP, "brg-2"),
    ]


async def test_a_call_that_hangs_up_leaves_its_bridge_and_the_last_completes_it(
    harness: Harness,
) -> None:
    a, b, _ = await three_calls(harness)
    registry = harness.engine.bridges
    bridge = registry.create("acct", [a, b], CountingIds())
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append)
    a.end("hangup")
    await harness.scheduler.advance(3)
    assert bridge.members == ["c-b"]
    assert not bridge.completed
    assert member_of(b) is bridge
    b.end("hangup")
    await harness.scheduler.advance(1)
    assert bridge.members == []
    assert bridge.completed_at == at(UP + 3)
    assert registry.get(bridge.id) is bridge  # a completed bridge is still a resource
    assert bridge_events(seen) == [
        LeftBridge("c-a", UP, "brg-1", "ended"),
        CallEnded("c-a", UP, "hangup"),
        LeftBridge("c-b", UP + 3, "brg-1", "ended"),
        CallEnded("c-b", UP + 3, "hangup"),
    ]
    with pytest.raises(BridgeRefused):
        registry.set_members(bridge, [])


async def test_a_bridge_without_members_stays_until_one_has_joined_and_left(
    harness: Harness,
) -> None:
    a, b, _ = await three_calls(harness)
    registry = harness.engine.bridges
    bridge = registry.create("acct", [], CountingIds(), bridge_audio=False)
    assert (bridge.members, bridge.bridge_audio, bridge.completed) == ([], False, False)
    registry.set_members(bridge, [a])
    assert bridge.activated_at is None  # one call alone is not bridged with anything
    registry.set_audio(bridge, True)
    registry.set_members(bridge, [a, b])
    assert (bridge.bridge_audio, bridge.activated_at) == (True, at(UP))
    registry.set_members(bridge, [])
    assert (bridge.members, bridge.completed_at) == ([], at(UP))
    assert member_of(a) is member_of(b) is None
    assert not a.ended
    assert not b.ended


async def test_joining_keeps_the_script_and_the_media_running(harness: Harness) -> None:
    progress: list[float] = []

    async def controller(live: LiveCall) -> None:
        await answer(live)
        for _ in range(3):
            await live.pause(2)
            progress.append(harness.engine.clock.time())

    a = harness.start(controller, policy=EndPolicy.STAY_UP, call_id="c-a")
    b = harness.start(answer, policy=EndPolicy.STAY_UP, call_id="c-b")
    await harness.scheduler.advance(1)
    playback = a.media.speak("one two three four five six seven eight nine ten")
    bridge = harness.engine.bridges.create("acct", [a, b], CountingIds())
    await harness.scheduler.advance(1)
    assert a.media.current is playback
    harness.engine.bridges.set_members(bridge, [b])
    await harness.scheduler.advance(6)
    assert progress == [UP + 2, UP + 4, UP + 6]
    assert playback.over
    assert not a.ended


async def test_a_call_that_cannot_join_leaves_the_members_unchanged(harness: Harness) -> None:
    a, b, c = await three_calls(harness)
    registry = harness.engine.bridges
    bridge = registry.create("acct", [a], CountingIds())
    c.engagement = Engagement("conferencing")
    with pytest.raises(BridgeRefused, match="c-c"):
        registry.set_members(bridge, [b, c])
    b.end("hangup")
    await harness.scheduler.advance(1)
    with pytest.raises(BridgeRefused, match="c-b has already ended"):
        registry.set_members(bridge, [b])
    with pytest.raises(BridgeRefused, match="listed twice"):
        registry.set_members(bridge, [a, a])
    with pytest.raises(BridgeRefused, match="another account"):
        registry.create("other", [a], CountingIds())
    assert bridge.members == ["c-a"]
    assert member_of(a) is bridge
    assert c.engagement == Engagement("conferencing")


async def test_a_two_party_bridge_closes_its_resource_when_the_first_side_leaves(
    harness: Harness,
) -> None:
    a, b, _ = await three_calls(harness)
    registry = harness.engine.bridges
    resource = registry.create("acct", [a, b], CountingIds())
    bridge = Bridge(a, b, resource=resource)
    assert a.engagement == Engagement("bridged", bridge, resource)
    assert registry.of_call("c-b") is resource
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append)
    left: list[LiveCall] = []

    async def hold(live: LiveCall) -> None:
        left.append(await bridge.hold(live))

    a.start_script(hold, EndPolicy.STAY_UP)
    b.start_script(hold, EndPolicy.STAY_UP)
    await harness.scheduler.advance(2)
    a.end("hangup")
    await harness.scheduler.advance(1)
    assert left == [a]  # b's hold returned: a left first
    assert resource.members == []
    assert resource.completed_at == at(UP + 2)
    assert registry.get(resource.id) is None  # forgotten: no API looks it up
    assert registry.of_call("c-b") is None
    assert b.engagement is None
    assert not b.ended  # b's own policy (here STAY_UP) decides what it does next
    assert bridge_events(seen) == [
        LeftBridge("c-a", UP + 2, "brg-1", "ended"),
        LeftBridge("c-b", UP + 2, "brg-1", "removed"),
        CallEnded("c-a", UP + 2, "hangup"),
    ]
