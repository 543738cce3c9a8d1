"""A call's digits reach a gather and an always-on DTMF listener at once."""

from __future__ import annotations

from telephony_emulator.core.live_call import EndPolicy, LiveCall
from telephony_emulator.core.scenarios import DigitPress, FarEndRule

from tests.core.conftest import Harness


async def test_a_gather_and_a_dtmf_listener_both_see_every_digit(harness: Harness) -> None:
    gathered: list[str] = []
    heard: list[str] = []

    async def gather(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        live.digits.subscribe(heard.append)
        live.begin_collecting()
        try:
            while (digit := await live.next_digit(5)) is not None:
                gathered.append(digit)
        finally:
            live.end_collecting()

    presses = [
        DigitPress(at=2, digits="12"),
        DigitPress(at=4, digits="3"),
        DigitPress(at=30, digits="9"),
    ]
    live = harness.start(gather, far_end=FarEndRule(digits=presses), policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(40)
    assert gathered == ["1", "2", "3"]  # 9 came after the gather timed out
    assert heard == ["1", "2", "3", "9"]
    assert not live.ended


async def test_digits_pressed_while_nobody_listens_are_dropped(harness: Harness) -> None:
    async def answer(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()

    live = harness.start(answer, policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(2)
    live.press("5")
    heard: list[str] = []
    live.digits.subscribe(heard.append)
    live.begin_collecting()
    live.press("6")
    assert heard == ["6"]
    assert await live.next_digit(0) == "6"


async def test_a_digit_that_cuts_a_prompt_short_is_kept_for_the_gather(harness: Harness) -> None:
    results: list[object] = []

    async def prompt(live: LiveCall) -> None:
        assert await live.ring(30) == "answer"
        live.mark_answered()
        live.begin_collecting()
        start = live.engine.clock.time()
        results.append(await live.play(10, cut_by_digit=True))
        results.append(live.engine.clock.time() - start)
        results.append(live.media.current)
        results.append(await live.next_digit(0))

    rule = FarEndRule(digits=[DigitPress(at=3, digits="4")])
    harness.start(prompt, far_end=rule, policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(20)
    assert results == [True, 3.0, None, "4"]
