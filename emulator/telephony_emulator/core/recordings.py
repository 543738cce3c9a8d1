"""Recordings of calls (and, later, conferences): timing with pauses, transcriptions, the store.

A recording runs in segments: pausing closes the current segment and resuming opens a new one,
so its duration is the recorded time only. The store keeps every recording in memory (by id,
per account in creation order, per owner) and writes each change behind to the database; the
media itself is never stored, it is generated from the metadata when downloaded.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telephony_emulator.core import surface_state as states
from telephony_emulator.core.media import speech_seconds
from telephony_emulator.core.memory_store import MemoryStore
from telephony_emulator.core.repositories import Repository
from telephony_emulator.core.scenarios import FarEndRule
from telephony_emulator.core.surface_state import SurfaceState
from telephony_emulator.iso_time import from_stored, to_stored

#: What a far end without a ``transcript`` in its scenario says when recorded.
DEFAULT_TRANSCRIPT = "Hello, this is a test message left with the emulator."


class RecordingState(enum.StrEnum):
    RECORDING = "recording"
    PAUSED = "paused"
    STOPPED = "stopped"


class TranscriptionStatus(enum.StrEnum):
    """The spec's transcription statuses that the emulator produces."""

    PROCESSING = "processing"
    AVAILABLE = "available"
    TOO_SMALL = "file-size-too-small"
    TOO_BIG = "file-size-too-big"


@dataclass(frozen=True)
class Speech:
    """What the recorded party says: the text, and how long saying it takes."""

    text: str
    seconds: float


def far_end_speech(rule: FarEndRule) -> Speech:
    """What the far end says when recorded; it talks as long as the words take by default."""
    text = rule.transcript or DEFAULT_TRANSCRIPT
    return Speech(text, rule.speech_seconds or round(speech_seconds(text), 3))


@dataclass(eq=False)
class Transcription:
    id: str
    status: TranscriptionStatus
    requested_at: datetime
    completed_at: datetime | None = None
    #: Where the surface sends the "transcription ready" event (its own typed settings).
    surface_state: SurfaceState | None = None

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status.value,
            "requested_at": to_stored(self.requested_at),
            "completed_at": to_stored(self.completed_at),
            "options": states.to_data(self.surface_state),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any], surface: str) -> Transcription:
        """From :meth:`to_data`; ``surface`` (the recording's) decodes the settings."""
        return cls(
            id=data["id"],
            status=TranscriptionStatus(data["status"]),
            requested_at=from_stored(data["requested_at"]),
            completed_at=from_stored(data.get("completed_at")),
            surface_state=states.from_data(surface, "transcription", data.get("options")),
        )


@dataclass(eq=False)
class Recording:
    """One recording. ``call_id`` or ``conference_id`` names its owner; ``surface_state`` holds
    the surface's own typed settings (webhook URLs, tag, how it was started)."""

    id: str
    account_id: str
    surface: str
    started_at: datetime
    file_format: str = "wav"
    channels: int = 1
    call_id: str | None = None
    conference_id: str | None = None
    name: str | None = None
    speech: Speech = field(default_factory=lambda: Speech("", 0.0))
    state: RecordingState = RecordingState.RECORDING
    ended_at: datetime | None = None
    #: Seconds recorded in closed segments; the open one started at ``segment_start``.
    recorded: float = 0.0
    segment_start: float | None = None
    #: Stopped and processed: the media can be downloaded (until ``media_deleted``).
    available: bool = False
    media_deleted: bool = False
    removed: bool = False
    transcription: Transcription | None = None
    surface_state: SurfaceState | None = None
    seq: int = 0

    @property
    def stopped(self) -> bool:
        return self.state is RecordingState.STOPPED

    def duration(self, now: float) -> float:
        """Seconds recorded so far (to the millisecond), paused time excluded."""
        running = 0.0 if self.segment_start is None else max(0.0, now - self.segment_start)
        return round(self.recorded + running, 3)

    def pause(self, now: float) -> None:
        if self.state is RecordingState.RECORDING:
            self.recorded = self.duration(now)
            self.segment_start = None
            self.state = RecordingState.PAUSED

    def resume(self, now: float) -> None:
        if self.state is RecordingState.PAUSED:
            self.segment_start = now
            self.state = RecordingState.RECORDING

    def stop(self, now: float, at: datetime) -> None:
        if not self.stopped:
            self.recorded = self.duration(now)
            self.segment_start = None
            self.state = RecordingState.STOPPED
            self.ended_at = at


class RecordingStore(MemoryStore[Recording]):
    """Every recording, served from memory; the database holds the durable copy."""

    def __init__(self, repository: Repository[Recording]) -> None:
        super().__init__(repository)

    def clear(self) -> None:
        super().clear()
        self._by_owner: dict[str, list[Recording]] = {}

    async def load(self, on_interrupted: Callable[[Recording], None]) -> None:
        """Index stored recordings; ``on_interrupted`` settles those still running at the stop."""
        for recording in await self.load_items():
            if not recording.stopped:
                on_interrupted(recording)

    def add(self, recording: Recording) -> None:
        self._number(recording)
        self.changed(recording)

    def _index(self, recording: Recording) -> None:
        super()._index(recording)
        owner = recording.call_id or recording.conference_id
        if owner is not None:
            self._by_owner.setdefault(owner, []).append(recording)

    def changed(self, recording: Recording) -> None:
        self._write(recording)

    def get(self, recording_id: str) -> Recording | None:
        recording = self._by_id.get(recording_id)
        return None if recording is None or recording.removed else recording

    def all(self) -> list[Recording]:
        """Every recording (removed ones left out), oldest first."""
        return [r for r in self._by_id.values() if not r.removed]

    def of_account(self, account_id: str) -> list[Recording]:
        """The account's recordings (removed ones left out), oldest first."""
        return [r for r in self._by_account.get(account_id, []) if not r.removed]

    def of_owner(self, owner_id: str) -> list[Recording]:
        """The recordings of one call or conference (removed ones left out), oldest first."""
        return [r for r in self._by_owner.get(owner_id, []) if not r.removed]
