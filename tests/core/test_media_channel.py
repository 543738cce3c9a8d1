"""MediaChannel: queued playback on the virtual clock, interrupts, and independence from scripts
and bridges."""

from __future__ import annotations

from telephony_emulator.core.bridging import Bridge
from telephony_emulator.core.calls import CallStatus
from telephony_emulator.core.live_call import EndPolicy, LiveCall
from telephony_emulator.core.media_channel import Playback

from tests.core.conftest import Harness


async def answer(live: LiveCall) -> None:
    assert await live.ring(30) == "answer"
    live.mark_answered()


def ended_at(harness: Harness, playback: Playback, log: list[tuple[bool, float]]) -> None:
    playback.watch(lambda completed: log.append((completed, harness.engine.clock.time())))


async def test_speaking_on_a_bridged_call_keeps_it_in_the_bridge(harness: Harness) -> None:
    a = harness.start(answer, policy=EndPolicy.STAY_UP, to="+15550000002")
    b = harness.start(answer, policy=EndPolicy.STAY_UP, to="+15550000003")
    await harness.scheduler.advance(1)
    bridge = Bridge(a, b)
    left: list[LiveCall] = []

    async def hold(live: LiveCall) -> None:
        left.append(await bridge.hold(live))

    a.start_script(hold, EndPolicy.STAY_UP)
    b.start_script(hold, EndPolicy.STAY_UP)
    start = harness.engine.clock.time()
    log: list[tuple[bool, float]] = []
    ended_at(harness, a.media.speak("hello from the other side"), log)  # 5 words: 2 s
    await harness.scheduler.advance(1)
    assert a.media.current is not None
    await harness.scheduler.advance(5)
    assert log == [(True, start + 2.0)]
    assert a.media.current is None
    assert not bridge.over
    assert a.engagement is not None
    assert a.engagement.bridge is bridge
    assert b.engagement is not None
    assert b.engagement.bridge is bridge
    assert left == []
    assert a.call.status is b.call.status is CallStatus.ANSWERED


async def test_interrupt_stops_playback_and_clears_the_queue_but_not_the_script(
    harness: Harness,
) -> None:
    progress: list[str] = []

    async def command(live: LiveCall) -> None:
        await answer(live)
        await live.pause(10)
        progress.append("paused")

    live = harness.start(command, policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(1)
    start = harness.engine.clock.time()
    log: list[tuple[bool, float]] = []
    for seconds in (3, 4, 5):
        ended_at(harness, live.media.play(seconds), log)
    assert live.media.queued == 2
    await harness.scheduler.advance(4)  # the first played; the second is 1 s in
    live.media.interrupt()
    assert log == [(True, start + 3), (False, start + 4), (False, start + 4)]
    assert live.media.current is None
    assert live.media.queued == 0
    await harness.scheduler.advance(10)
    assert progress == ["paused"]
    assert not live.ended


async def test_a_replaced_script_takes_its_awaited_playback_with_it(harness: Harness) -> None:
    async def long_prompt(live: LiveCall) -> None:
        await answer(live)
        await live.play(30)

    live = harness.start(long_prompt, policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(2)
    playing = live.media.current
    assert playing is not None
    assert playing.seconds == 30
    live.start_script(lambda live: live.pause(1), EndPolicy.STAY_UP)
    await harness.scheduler.advance(1)
    assert playing.completed is False
    assert live.media.current is None
