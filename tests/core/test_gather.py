"""The core gather and record-until waits, driven by far-end presses on the virtual clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from telephony_emulator.core.gather import GatherEnd, GatherResult, GatherSpec, collect_digits
from telephony_emulator.core.live_call import EndPolicy, LiveCall
from telephony_emulator.core.record_until import RecordEnd, RecordUntilSpec, record_until
from telephony_emulator.core.scenarios import DigitPress, FarEndRule

from tests.core.conftest import Harness

T = TypeVar("T")


async def _run(
    harness: Harness,
    wait: Callable[[LiveCall], Awaitable[T]],
    presses: list[DigitPress],
    *,
    heard: list[str] | None = None,
    advance: float = 60,
) -> tuple[T, float]:
    """Answer a call, run ``wait`` on it, and return its outcome and when (seconds in) it ended."""
    outcome: list[tuple[T, float]] = []

    async def script(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        if heard is not None:
            live.digits.subscribe(heard.append)
        began = harness.engine.clock.time()
        result = await wait(live)
        outcome.append((result, harness.engine.clock.time() - began))

    harness.start(script, far_end=FarEndRule(digits=presses), policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(advance)
    assert len(outcome) == 1
    return outcome[0]


def _gather(
    spec: GatherSpec, prompts: tuple[float, ...] = ()
) -> Callable[[LiveCall], Awaitable[GatherResult]]:
    async def wait(live: LiveCall) -> GatherResult:
        return await collect_digits(live, spec, prompt_seconds=prompts)

    return wait


async def test_max_digits_ends_the_gather_at_the_last_digit(harness: Harness) -> None:
    spec = GatherSpec(max_digits=3, terminating_digits="#")
    presses = [DigitPress(at=1, digits="12"), DigitPress(at=2, digits="34")]
    result, took = await _run(harness, _gather(spec), presses)
    assert result == GatherResult("123", "", GatherEnd.MAX_DIGITS)
    assert took == 2


async def test_a_terminating_digit_ends_it_and_is_not_kept(harness: Harness) -> None:
    spec = GatherSpec(max_digits=10, terminating_digits="#*")
    presses = [DigitPress(at=1, digits="42*"), DigitPress(at=2, digits="7")]
    result, took = await _run(harness, _gather(spec), presses)
    assert result == GatherResult("42", "*", GatherEnd.TERMINATING_DIGIT)
    assert took == 1


async def test_the_inter_digit_timeout_ends_it_after_the_last_digit(harness: Harness) -> None:
    spec = GatherSpec(max_digits=10, inter_digit_timeout=3)
    presses = [DigitPress(at=1, digits="5"), DigitPress(at=2, digits="6")]
    result, took = await _run(harness, _gather(spec), presses)
    assert result == GatherResult("56", "", GatherEnd.INTER_DIGIT_TIMEOUT)
    assert took == 5


async def test_no_input_after_the_prompts_and_the_first_digit_timeout(harness: Harness) -> None:
    spec = GatherSpec(max_digits=4, first_digit_timeout=2, repeat_count=2)
    result, took = await _run(harness, _gather(spec, prompts=(1.5, 0.5)), [])
    assert result == GatherResult("", "", GatherEnd.NO_INPUT)
    assert took == 8  # two passes of 2 s of prompts and 2 s of waiting


async def test_a_digit_cuts_the_prompt_short_and_is_gathered(harness: Harness) -> None:
    spec = GatherSpec(max_digits=1)
    result, took = await _run(harness, _gather(spec, prompts=(10,)), [DigitPress(at=3, digits="8")])
    assert result == GatherResult("8", "", GatherEnd.MAX_DIGITS)
    assert took == 3


async def test_a_dtmf_listener_sees_every_digit_the_gather_sees(harness: Harness) -> None:
    heard: list[str] = []
    spec = GatherSpec(max_digits=10, terminating_digits="#", inter_digit_timeout=5)
    presses = [
        DigitPress(at=1, digits="12"),
        DigitPress(at=3, digits="3#"),
        DigitPress(at=20, digits="9"),
    ]
    result, _ = await _run(harness, _gather(spec), presses, heard=heard)
    assert result == GatherResult("123", "#", GatherEnd.TERMINATING_DIGIT)
    assert heard == ["1", "2", "3", "#", "9"]


def _record(spec: RecordUntilSpec, speech: float) -> Callable[[LiveCall], Awaitable[RecordEnd]]:
    async def wait(live: LiveCall) -> RecordEnd:
        return await record_until(live, spec, speech)

    return wait


async def test_recording_ends_at_speech_plus_the_silence_timeout(harness: Harness) -> None:
    spec = RecordUntilSpec(max_duration=60, terminating_digits="#", silence_timeout=3)
    reason, took = await _run(harness, _record(spec, speech=4.5), [])
    assert (reason, took) == (RecordEnd.SILENCE, 7.5)


async def test_recording_ends_on_a_terminating_digit(harness: Harness) -> None:
    spec = RecordUntilSpec(max_duration=60, terminating_digits="#", silence_timeout=10)
    presses = [DigitPress(at=2, digits="1"), DigitPress(at=4, digits="#")]
    reason, took = await _run(harness, _record(spec, speech=4.5), presses)
    assert (reason, took) == (RecordEnd.TERMINATING_DIGIT, 4)


async def test_recording_ends_at_max_duration_without_a_silence_timeout(harness: Harness) -> None:
    spec = RecordUntilSpec(max_duration=6, terminating_digits="#")
    reason, took = await _run(harness, _record(spec, speech=4.5), [])
    assert (reason, took) == (RecordEnd.MAX_DURATION, 6)


async def test_a_hang_up_stops_the_gather_where_it_waits(harness: Harness) -> None:
    results: list[GatherResult] = []
    stopped: list[float] = []

    async def script(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        stopped.append(harness.engine.clock.time())
        try:
            results.append(await collect_digits(live, GatherSpec(max_digits=4)))
        finally:
            stopped.append(harness.engine.clock.time())
            assert not live.collecting

    live = harness.start(script, far_end=FarEndRule(hangup_after=2), policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(30)
    assert live.ended
    assert results == []  # the hang-up cancels the script inside the wait
    answered, ended = stopped
    assert ended - answered == 2
