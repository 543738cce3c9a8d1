"""CallEngine.events: the lifecycle of a call, in order and with exact fields."""

from __future__ import annotations

from telephony_emulator.core.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallPlaced,
    CallRinging,
    DigitPressed,
)
from telephony_emulator.core.live_call import EndPolicy, LiveCall
from telephony_emulator.core.scenarios import DigitPress, FarEndRule

from tests.core.conftest import START, Harness


async def answer(live: LiveCall) -> None:
    assert await live.ring(30) == "answer"
    live.mark_answered()


async def test_two_subscribers_get_placed_ringing_answered_digit_ended(harness: Harness) -> None:
    everything: list[CallEvent] = []
    this_call: list[CallEvent] = []
    harness.engine.events.subscribe(everything.append)
    harness.engine.events.subscribe(this_call.append, call_id="c-events")
    rule = FarEndRule(answer_after=1.5, digits=[DigitPress(at=2, digits="7#")], hangup_after=5)
    harness.start(answer, far_end=rule, policy=EndPolicy.STAY_UP, call_id="c-events")
    await harness.scheduler.run_until_idle()
    expected = [
        CallPlaced("c-events", START, "+15550000001", "+15550000002"),
        CallRinging("c-events", START),
        CallAnswered("c-events", START + 1.5),
        DigitPressed("c-events", START + 3.5, "7"),
        DigitPressed("c-events", START + 3.5, "#"),
        CallEnded("c-events", START + 6.5, cause="hangup"),
    ]
    assert everything == expected
    assert this_call == expected


async def test_a_call_that_is_not_answered_ends_with_its_ring_cause(harness: Harness) -> None:
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append)

    async def ring_out(live: LiveCall) -> None:
        outcome = await live.ring(30)
        live.end(outcome)

    harness.start(ring_out, far_end=FarEndRule(action="busy", answer_after=2), call_id="c-busy")
    await harness.scheduler.run_until_idle()
    assert seen == [
        CallPlaced("c-busy", START, "+15550000001", "+15550000002"),
        CallRinging("c-busy", START),
        CallEnded("c-busy", START + 2, cause="busy"),
    ]


async def test_per_call_subscribers_are_dropped_when_the_call_ends(harness: Harness) -> None:
    seen: list[CallEvent] = []
    harness.engine.events.subscribe(seen.append, call_id="c-1")
    live = harness.start(answer, call_id="c-1")
    await harness.scheduler.run_until_idle()
    assert [type(event) for event in seen] == [CallPlaced, CallRinging, CallAnswered, CallEnded]
    assert live.ended
    assert not harness.engine.events.listening("c-1")
