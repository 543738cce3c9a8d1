"""EndPolicy: a BXML-style call hangs up when its script returns; a REST-controlled one stays up."""

from __future__ import annotations

from telephony_emulator.core.calls import CallStatus
from telephony_emulator.core.live_call import Ending, EndPolicy, LiveCall
from telephony_emulator.core.scenarios import FarEndRule

from tests.core.conftest import Harness


async def answer(live: LiveCall) -> None:
    assert await live.ring(30) == "answer"
    live.mark_answered()


async def test_a_stay_up_call_outlives_its_command_until_it_is_hung_up(harness: Harness) -> None:
    live = harness.start(answer, policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(3600)
    assert live.call.status is CallStatus.ANSWERED
    assert not live.ended
    assert harness.endings == {}
    assert harness.engine.live[live.call.id] is live

    assert live.end("hangup")
    await harness.scheduler.run_until_idle()
    assert live.call.status is CallStatus.DISCONNECTED
    assert live.call.cause == "hangup"
    assert harness.endings == {live.call.id: Ending("hangup")}
    assert live.call.id not in harness.engine.live


async def test_a_stay_up_call_ends_when_the_far_end_hangs_up(harness: Harness) -> None:
    live = harness.start(answer, far_end=FarEndRule(hangup_after=90), policy=EndPolicy.STAY_UP)
    await harness.scheduler.advance(89)
    assert live.call.status is CallStatus.ANSWERED
    await harness.scheduler.advance(2)
    assert live.call.status is CallStatus.DISCONNECTED
    assert live.call.ended_at is not None
    assert live.call.answered_at is not None
    assert (live.call.ended_at - live.call.answered_at).total_seconds() == 90
    assert harness.endings == {live.call.id: Ending("hangup")}


async def test_a_hang_up_call_ends_as_soon_as_its_script_returns(harness: Harness) -> None:
    live = harness.start(answer)  # EndPolicy.HANG_UP by default
    await harness.scheduler.advance(1.5)
    assert live.call.status is CallStatus.DISCONNECTED
    assert harness.endings == {live.call.id: Ending("hangup")}
