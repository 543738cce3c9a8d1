"""Recording timing (pauses excluded), the recording store's durable copy, and media files."""

from __future__ import annotations

import io
import wave
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from telephony_emulator.apis.bandwidth_v2.state import StoredEndpoint, VoiceTranscriptionState
from telephony_emulator.core import audio_files
from telephony_emulator.core.recordings import (
    DEFAULT_TRANSCRIPT,
    Recording,
    RecordingState,
    RecordingStore,
    Speech,
    Transcription,
    TranscriptionStatus,
    far_end_speech,
)
from telephony_emulator.core.scenarios import FarEndRule
from telephony_emulator.storage import repository
from telephony_emulator.storage.codecs import RECORDING
from telephony_emulator.storage.db import Database, make_engine
from telephony_emulator.storage.models import AccountRow

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
async def database() -> AsyncIterator[Database]:
    db = Database(make_engine("sqlite+aiosqlite://"))
    await db.start()

    async def account(session: AsyncSession) -> None:
        session.add(
            AccountRow(
                id="9900000",
                name="test",
                catapult_user_id="u-1",
                ringcentral_account_id="1",
                ringcentral_extension_id="1",
                limits={},
                created_at=T0,
            )
        )

    await db.run(account)
    try:
        yield db
    finally:
        await db.close()


def recording(recording_id: str, **fields: object) -> Recording:
    return Recording(
        id=recording_id,
        account_id="9900000",
        surface="bandwidth_voice_v2",
        started_at=T0,
        call_id="c-1",
        segment_start=100.0,
        **fields,  # type: ignore[arg-type]
    )


def test_paused_time_is_not_recorded() -> None:
    made = recording("r-1")
    made.pause(102.0)
    made.pause(103.0)  # already paused: nothing changes
    assert (made.state, made.duration(110.0)) == (RecordingState.PAUSED, 2.0)
    made.resume(105.5)
    assert made.duration(106.0) == 2.5
    made.stop(107.25, T0)
    assert (made.state, made.recorded, made.ended_at) == (RecordingState.STOPPED, 3.75, T0)
    made.resume(108.0)  # stopped for good
    assert made.duration(200.0) == 3.75


def test_the_far_end_speaks_its_transcript_for_as_long_as_it_takes() -> None:
    assert far_end_speech(FarEndRule()) == Speech(DEFAULT_TRANSCRIPT, 4.0)
    assert far_end_speech(FarEndRule(transcript="Call me back")) == Speech("Call me back", 1.2)
    rule = FarEndRule(transcript="Call me back", speech_seconds=7.5)
    assert far_end_speech(rule) == Speech("Call me back", 7.5)


@pytest.mark.parametrize("bad", [{"transcript": ""}, {"speech_seconds": 0}, {"speech_seconds": -1}])
def test_far_end_speech_is_validated(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic's ValidationError is a ValueError
        FarEndRule.model_validate(bad)


async def test_recordings_are_loaded_back_in_order(database: Database) -> None:
    store = RecordingStore(repository.recordings(database))
    done = recording("r-done", channels=2, file_format="mp3", name="n", speech=Speech("hi", 0.5))
    done.stop(103.0, T0)
    done.available = True
    done.transcription = Transcription(
        "t-1",
        TranscriptionStatus.AVAILABLE,
        T0,
        T0,
        VoiceTranscriptionState(StoredEndpoint("http://x/t")),
    )
    running = recording("r-running")
    conference = Recording(
        id="r-conf", account_id="9900000", surface="s", started_at=T0, conference_id="conf-1"
    )
    for item in (done, running, conference):
        store.add(item)
    await store.close()

    again = RecordingStore(repository.recordings(database))
    interrupted: list[str] = []
    await again.load(lambda item: interrupted.append(item.id))
    assert [item.id for item in again.of_account("9900000")] == ["r-done", "r-running", "r-conf"]
    assert interrupted == ["r-running", "r-conf"]  # still recording when the server stopped
    loaded = again.get("r-done")
    assert loaded is not None
    assert RECORDING.to_row(loaded) == RECORDING.to_row(done)
    assert [item.id for item in again.of_owner("conf-1")] == ["r-conf"]

    loaded.removed = True
    again.changed(loaded)
    await again.close()
    third = RecordingStore(repository.recordings(database))
    await third.load(lambda item: None)
    assert third.get("r-done") is None
    assert [item.id for item in third.of_owner("c-1")] == ["r-running"]


@pytest.mark.parametrize(
    ("seconds", "channels", "frames"), [(0.0, 1, 0), (1.25, 1, 10000), (9, 2, 72000)]
)
def test_wav_files_have_the_exact_length(seconds: float, channels: int, frames: int) -> None:
    data = b"".join(audio_files.wav_chunks(seconds, channels))
    assert len(data) == audio_files.wav_size(seconds, channels)
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getparams()[:4] == (channels, 2, 8000, frames)
        assert audio.readframes(frames) == bytes(frames * channels * 2)


def test_mp3_files_are_whole_silent_frames() -> None:
    data = b"".join(audio_files.mp3_chunks(60, 2))
    assert len(data) == audio_files.mp3_size(60) == 2500 * 96
    assert all(data[i : i + 4] == b"\xff\xfb\x14\x04" for i in range(0, len(data), 96))
