"""CallEngine.events: the lifecycle of a call, in order and with exact fields."""

from __future__ import annotations

from telephony_emulator.core.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallPlaced,
    CallRinging,
    DigitPressed,
    Event,
    GatherDone,
    PlaybackFinished,
    PlaybackStarted,
)
from telephony_emulator.core.gather import GatherEnd, GatherSpec, Prompt, collect_digits
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
    harness.engine.events.subscribe(this_call.append, subject="c-events")
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
    harness.engine.events.subscribe(seen.append, subject="c-1")
    live = harness.start(answer, call_id="c-1")
    await harness.scheduler.run_until_idle()
    assert [type(event) for event in seen] == [CallPlaced, CallRinging, CallAnswered, CallEnded]
    assert live.ended
    assert not harness.engine.events.listening("c-1")


def media_and_gather_events(seen: list[Event]) -> list[Event]:
    return [e for e in seen if isinstance(e, (PlaybackStarted, PlaybackFinished, GatherDone))]


async def test_playbacks_and_a_gather_are_events_in_the_order_they_happen(
    harness: Harness,
) -> None:
    """A 2 s announcement plays out, a 4 s prompt is cut by the first digit (1 s in), the
    gather ends on ``#``; speech an interrupt stops is cut, the item queued behind it never
    started (so no event)."""
    seen: list[Event] = []
    harness.engine.events.subscribe(seen.append, subject="c-ivr")

    async def ivr(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        await live.play(2)
        spec = GatherSpec(max_digits=5, terminating_digits="#")
        await collect_digits(live, spec, prompt_seconds=(Prompt(4.0, "speech"),))
        live.media.speak("thanks", tag="bye")
        live.media.play(10)
        live.media.interrupt()

    presses = [DigitPress(at=3, digits="42#")]
    harness.start(
        ivr, far_end=FarEndRule(digits=presses), policy=EndPolicy.STAY_UP, call_id="c-ivr"
    )
    await harness.scheduler.advance(60)
    assert media_and_gather_events(seen) == [  # answered at +1, digits 3 s after that
        PlaybackStarted("c-ivr", START + 1, "audio", None),
        PlaybackFinished("c-ivr", START + 3, "audio", None, completed=True),
        PlaybackStarted("c-ivr", START + 3, "speech", None),
        PlaybackFinished("c-ivr", START + 4, "speech", None, completed=False),
        GatherDone("c-ivr", START + 4, "42", "#", GatherEnd.TERMINATING_DIGIT.value),
        PlaybackStarted("c-ivr", START + 4, "speech", "bye"),
        PlaybackFinished("c-ivr", START + 4, "speech", "bye", completed=False),
    ]
