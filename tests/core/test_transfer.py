"""The core dialer: first-answer-wins ring, concurrent-call limit and bridge admission."""

from __future__ import annotations

from telephony_emulator.core.bridging import engage
from telephony_emulator.core.calls import Call
from telephony_emulator.core.events import (
    CallEvent,
    TransferAnswered,
    TransferEnded,
    TransferLegPlaced,
)
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.core.scenarios import FarEndRule
from telephony_emulator.core.transfer import (
    AdmissionRefusal,
    LimitRefusal,
    Refused,
    bridge_admission,
    concurrent_call_refusal,
    forward,
    place_leg,
    ring_first_answer_wins,
    stay_bridged,
)

from tests.core.conftest import START, Harness

FIRST, SECOND = "+15550000011", "+15550000012"


def transfer_events(seen: list[CallEvent]) -> list[CallEvent]:
    kinds = TransferLegPlaced | TransferAnswered | TransferEnded
    return [event for event in seen if isinstance(event, kinds)]


def cause_of(harness: Harness, call_id: str) -> str | None:
    call = harness.engine.registry.get(call_id)
    assert call is not None
    return call.cause


def legs_of(origin: LiveCall) -> list[Call]:
    return [
        place_leg(origin, call_id=f"leg-{n}", to=number, from_="+15550000001")
        for n, number in enumerate((FIRST, SECOND), start=1)
    ]


async def test_the_second_target_answering_first_wins_and_the_first_is_cancelled(
    harness: Harness,
) -> None:
    engine = harness.engine
    engine.scenarios.set("acct", FIRST, FarEndRule(answer_after=5.0))
    engine.scenarios.set("acct", SECOND, FarEndRule(answer_after=2.0, hangup_after=10.0))
    seen: list[CallEvent] = []
    engine.events.subscribe(seen.append)
    result: list[LiveCall | None] = []

    async def origin_script(origin: LiveCall) -> None:
        assert await origin.ring(30) == "answer"
        origin.mark_answered()
        winner = await ring_first_answer_wins(origin, legs_of(origin), 30)
        result.append(winner)
        assert winner is not None
        await stay_bridged(origin, winner)

    origin = harness.start(origin_script, call_id="c-origin")
    await harness.scheduler.advance(1)  # the origin answers
    await harness.scheduler.advance(2)  # the second leg answers
    assert len(result) == 1
    assert result[0] is not None
    winner = result[0]
    assert winner.call.id == "leg-2"
    assert winner.answered
    assert winner.engagement is not None
    assert winner.engagement.kind == "bridged"
    assert cause_of(harness, "leg-1") == "cancel"
    await harness.scheduler.advance(10)  # the winner hangs up; the origin follows
    assert origin.ended
    assert winner.ended
    assert transfer_events(seen) == [
        TransferLegPlaced("leg-1", START + 1.0, "c-origin", FIRST),
        TransferLegPlaced("leg-2", START + 1.0, "c-origin", SECOND),
        TransferAnswered("leg-2", START + 3.0, "c-origin"),
        TransferEnded("leg-1", START + 3.0, "c-origin", "cancel"),
        TransferEnded("leg-2", START + 13.0, "c-origin", "hangup"),
    ]


async def test_no_answer_within_the_timeout_gives_none_and_ends_every_leg(
    harness: Harness,
) -> None:
    engine = harness.engine
    engine.scenarios.set("acct", FIRST, FarEndRule(answer_after=50.0))
    engine.scenarios.set("acct", SECOND, FarEndRule(action="busy", answer_after=3.0))
    seen: list[CallEvent] = []
    engine.events.subscribe(seen.append)
    result: list[LiveCall | None] = []

    async def origin_script(origin: LiveCall) -> None:
        assert await origin.ring(30) == "answer"
        origin.mark_answered()
        result.append(await ring_first_answer_wins(origin, legs_of(origin), 10))

    harness.start(origin_script, call_id="c-origin")
    await harness.scheduler.advance(1)
    await harness.scheduler.advance(10)
    assert result == [None]
    assert {cause_of(harness, leg) for leg in ("leg-1", "leg-2")} == {"timeout", "busy"}
    assert transfer_events(seen)[2:] == [
        TransferEnded("leg-2", START + 4.0, "c-origin", "busy"),
        TransferEnded("leg-1", START + 11.0, "c-origin", "timeout"),
    ]


async def test_the_concurrent_call_limit_refuses_a_new_call_once_reached(
    harness: Harness,
) -> None:
    registry = harness.engine.registry
    assert concurrent_call_refusal(registry, "acct", 1) is None
    harness.start(lambda live: live.stay_up(), call_id="c-up")
    assert concurrent_call_refusal(registry, "acct", 1) is LimitRefusal.CONCURRENT_CALLS
    assert concurrent_call_refusal(registry, "acct", 2) is None
    assert concurrent_call_refusal(registry, "other", 1) is None


async def test_bridge_admission_says_why_a_call_cannot_be_bridged(harness: Harness) -> None:
    async def answer(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        await live.stay_up()

    a = harness.start(answer, call_id="c-a")
    b = harness.start(answer, call_id="c-b", to=FIRST)
    assert bridge_admission(a, "c-b") == Refused(AdmissionRefusal.NOT_ANSWERED)
    await harness.scheduler.advance(1)
    assert bridge_admission(a, "c-b") is b
    assert bridge_admission(a, "c-a") == Refused(AdmissionRefusal.SELF)
    assert bridge_admission(a, "c-none") == Refused(AdmissionRefusal.NOT_FOUND)
    engage(b, "forwarding")
    assert bridge_admission(a, "c-b") == Refused(AdmissionRefusal.ENGAGED, "forwarding")
    b.end("hangup")
    await harness.scheduler.advance(0)
    assert bridge_admission(a, "c-b") == Refused(AdmissionRefusal.ENDED)


async def test_forward_keeps_the_caller_with_the_new_leg_until_it_hangs_up(
    harness: Harness,
) -> None:
    engine = harness.engine
    engine.scenarios.set("acct", FIRST, FarEndRule(answer_after=2.0, hangup_after=5.0))
    seen: list[CallEvent] = []
    engine.events.subscribe(seen.append)

    async def origin_script(origin: LiveCall) -> None:
        assert await origin.ring(30) == "answer"
        origin.mark_answered()
        leg = place_leg(origin, call_id="leg-1", to=FIRST, from_="+15550000001", parent=False)
        await forward(origin, leg, 30)

    harness.start(origin_script, call_id="c-origin")
    await harness.scheduler.advance(1)
    await harness.scheduler.advance(7)
    assert harness.endings["c-origin"].cause == "hangup"
    assert cause_of(harness, "leg-1") == "hangup"
    assert transfer_events(seen) == [
        TransferLegPlaced("leg-1", START + 1.0, "c-origin", FIRST),
        TransferAnswered("leg-1", START + 3.0, "c-origin"),
        TransferEnded("leg-1", START + 8.0, "c-origin", "hangup"),
    ]
