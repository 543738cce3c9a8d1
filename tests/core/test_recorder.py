"""The core Recorder on a bare engine: start, pause, resume, stop, publish, the call's end."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from telephony_emulator.core.events import (
    CallEnded,
    Event,
    RecordingAvailable,
    RecordingEvent,
    RecordingPaused,
    RecordingResumed,
    RecordingStarted,
    RecordingStopped,
    TranscriptionReady,
)
from telephony_emulator.core.live_call import EndPolicy, LiveCall
from telephony_emulator.core.recorder import (
    Recorder,
    RecordingRefused,
    Refusal,
    TranscriptionLimits,
)
from telephony_emulator.core.recordings import (
    Recording,
    RecordingState,
    RecordingStore,
    Speech,
    TranscriptionStatus,
)
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core.scenarios import FarEndRule

from tests.core.conftest import START, Harness


class MemoryRecordings:
    """A recording repository that keeps the latest version of each recording in memory."""

    def __init__(self) -> None:
        self.items: dict[str, Recording] = {}

    @property
    def durability(self) -> Durability:
        return Durability.MEMORY_ONLY

    async def load(self) -> list[Recording]:
        return list(self.items.values())

    def put(self, item: Recording, *, awaited: bool = False) -> asyncio.Future[None]:
        self.items[item.id] = item
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def save(self, item: Recording) -> None:
        self.items[item.id] = item

    def discard(self) -> None:
        pass

    async def drain(self) -> None:
        pass


class Ids:
    def __init__(self) -> None:
        self.recordings = 0
        self.transcriptions = 0

    def recording_id(self) -> str:
        self.recordings += 1
        return f"r-{self.recordings}"

    def transcription_id(self) -> str:
        self.transcriptions += 1
        return f"t-{self.transcriptions}"


def state(recording: Recording) -> RecordingState:
    return recording.state  # read afresh (mypy would narrow a repeated attribute check)


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(START + seconds, UTC)


async def answer(live: LiveCall) -> None:
    assert await live.ring(30) == "answer"
    live.mark_answered()


@pytest.fixture
def recorder(harness: Harness) -> Recorder:
    engine = harness.engine
    return Recorder(
        RecordingStore(MemoryRecordings()),
        engine.clock,
        engine.scheduler,
        Ids(),
        "test",
        processing_seconds=2.0,
        transcription=TranscriptionLimits(seconds=5.0, min_recorded=0.5, max_recorded=60.0),
        events=engine.events,
    )


def watch_recordings(harness: Harness) -> list[RecordingEvent]:
    """The recording events the engine's event bus carries from now on, in order."""
    seen: list[RecordingEvent] = []

    def keep(event: Event) -> None:
        if isinstance(event, RecordingEvent):
            seen.append(event)

    harness.engine.events.subscribe(keep)
    return seen


def call_on_the_recorder(harness: Harness, recorder: Recorder, hangup_after: float) -> LiveCall:
    """A call answered at +1 s that the far end hangs up ``hangup_after`` seconds later; its
    end finishes its recordings, as a surface would on its call's end."""

    def ended(event: Event) -> None:
        if isinstance(event, CallEnded):
            recorder.finish_owner(event.call_id)

    harness.engine.events.subscribe(ended)
    rule = FarEndRule(answer_after=1, hangup_after=hangup_after)
    return harness.start(answer, far_end=rule, policy=EndPolicy.STAY_UP, call_id="c-rec")


async def test_pause_resume_stop_on_the_virtual_clock_then_available_after_the_delay(
    harness: Harness, recorder: Recorder
) -> None:
    events = watch_recordings(harness)
    live = call_on_the_recorder(harness, recorder, hangup_after=100)
    run = harness.scheduler
    await run.advance(1)
    assert not live.ended
    speech = Speech("hello", 1.0)
    recording = recorder.start("c-rec", "acct", channels=2, speech=speech, name="n")
    assert (recording.id, recording.call_id, recording.conference_id) == ("r-1", "c-rec", None)
    assert (recording.account_id, recording.surface, recording.started_at) == (
        "acct",
        "test",
        at(1),
    )
    assert recorder.active("c-rec") is recording
    assert recorder.refusal("c-rec") is Refusal.ALREADY_RECORDING
    assert recorder.refusal("c-other") is None

    with pytest.raises(RecordingRefused) as refused:
        recorder.start("c-rec", "acct")
    assert refused.value.reason is Refusal.ALREADY_RECORDING
    assert recorder.active("c-rec") is recording  # the first one goes on

    await run.advance(3)
    assert recording.duration(harness.engine.clock.time()) == 3.0
    recorder.pause("c-rec")
    assert state(recording) is RecordingState.PAUSED
    await run.advance(2)
    assert recording.duration(harness.engine.clock.time()) == 3.0  # paused time excluded
    recorder.pause("c-rec")  # already paused: nothing happens
    recorder.resume("c-rec")
    assert state(recording) is RecordingState.RECORDING
    await run.advance(4)
    recorder.stop("c-rec")
    assert state(recording) is RecordingState.STOPPED
    assert (recording.recorded, recording.ended_at) == (7.0, at(10))
    assert recorder.active("c-rec") is None
    assert not recording.available

    await run.advance(1.999)
    assert not recording.available  # still processing
    await run.advance(0.001)
    assert recording.available
    assert events == [
        RecordingStarted(recording, "c-rec", START + 1),
        RecordingPaused(recording, "c-rec", START + 4, 3.0),
        RecordingResumed(recording, "c-rec", START + 6, 3.0),
        RecordingStopped(recording, "c-rec", START + 10, 7.0),
        RecordingAvailable(recording, "c-rec", START + 12, 7.0),
    ]

    # Stopped, the owner may start another; the first stays as it was.
    second = recorder.start("c-rec", "acct")
    assert second.id == "r-2"
    assert recording.recorded == 7.0


async def test_the_call_hanging_up_ends_its_recording_which_becomes_available(
    harness: Harness, recorder: Recorder
) -> None:
    events = watch_recordings(harness)
    call_on_the_recorder(harness, recorder, hangup_after=8)
    await harness.scheduler.advance(1)
    recording = recorder.start("c-rec", "acct")
    await harness.scheduler.advance(3)
    recorder.pause("c-rec")
    await harness.scheduler.advance(1)
    recorder.resume("c-rec")
    await harness.scheduler.run_until_idle()  # hang-up at +9, available at +11
    assert harness.endings["c-rec"] is not None
    assert state(recording) is RecordingState.STOPPED
    assert (recording.recorded, recording.ended_at, recording.available) == (7.0, at(9), True)
    assert recorder.active("c-rec") is None
    assert events[-2:] == [
        RecordingStopped(recording, "c-rec", START + 9, 7.0),
        RecordingAvailable(recording, "c-rec", START + 11, 7.0),
    ]
    assert recorder.stop("c-rec") is None  # nothing left to stop


async def test_a_transcription_is_ready_after_its_seconds_with_its_status(
    harness: Harness, recorder: Recorder
) -> None:
    events = watch_recordings(harness)
    call_on_the_recorder(harness, recorder, hangup_after=100)
    await harness.scheduler.advance(1)
    long = recorder.start("c-rec", "acct")
    await harness.scheduler.advance(2)
    recorder.stop("c-rec")
    short = recorder.begin("c-rec", "acct")
    await harness.scheduler.advance(0.25)
    recorder.finish(short)
    recorder.publish(short)
    await harness.scheduler.advance(2)
    first = recorder.transcribe(long)
    second = recorder.transcribe(short)
    assert first.status is TranscriptionStatus.PROCESSING
    await harness.scheduler.advance(5)
    assert (first.status, first.completed_at) == (TranscriptionStatus.AVAILABLE, at(10.25))
    assert second.status is TranscriptionStatus.TOO_SMALL
    assert events[-2:] == [
        TranscriptionReady(long, "c-rec", START + 10.25, first),
        TranscriptionReady(short, "c-rec", START + 10.25, second),
    ]


async def test_a_recording_deleted_while_processing_never_becomes_available(
    harness: Harness, recorder: Recorder
) -> None:
    call_on_the_recorder(harness, recorder, hangup_after=100)
    await harness.scheduler.advance(1)
    recording = recorder.start("c-rec", "acct")
    await harness.scheduler.advance(1)
    events = watch_recordings(harness)
    recorder.stop("c-rec")
    recording.removed = True
    await harness.scheduler.advance(5)
    assert not recording.available
    assert events == [RecordingStopped(recording, "c-rec", START + 2, 1.0)]
