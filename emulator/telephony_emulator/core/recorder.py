"""The recording lifecycle of calls and conferences, on the virtual clock, for any surface."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import (
    EventBus,
    RecordingAvailable,
    RecordingEvent,
    RecordingPaused,
    RecordingResumed,
    RecordingStarted,
    RecordingStopped,
    TranscriptionReady,
)
from telephony_emulator.core.recordings import (
    Recording,
    RecordingStore,
    Speech,
    Transcription,
    TranscriptionStatus,
)
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.core.surface_state import SurfaceState


class OwnerKind(enum.StrEnum):
    CALL = "call"
    CONFERENCE = "conference"


class Refusal(enum.StrEnum):
    """Why the recorder would not start a recording; the surface words it (or ignores it)."""

    ALREADY_RECORDING = "already-recording"


class RecordingRefused(Exception):
    def __init__(self, owner_id: str, reason: Refusal) -> None:
        super().__init__(f"{owner_id}: {reason.value}")
        self.owner_id = owner_id
        self.reason = reason


class RecordingIds(Protocol):
    """The surface's id policy for recordings and their transcriptions."""

    def recording_id(self) -> str: ...

    def transcription_id(self) -> str: ...


RecorderListener = Callable[[RecordingEvent], None]


@dataclass(frozen=True)
class TranscriptionLimits:
    """How long a transcription takes, and the recorded lengths it accepts (seconds)."""

    seconds: float = 5.0
    min_recorded: float = 0.5
    max_recorded: float = 4 * 3600.0


def owner_of(recording: Recording) -> str:
    return recording.call_id or recording.conference_id or ""


class Recorder:
    """Recordings of one surface: at most one background recording per owner (a call or a
    conference), pause/resume/stop, the end of the owner, publishing and transcriptions.

    ``processing_seconds`` is how long a stopped recording takes to become available; at 0 it
    is available as soon as it is published. Events go synchronously to ``listener`` (the
    surface's) and then to ``events`` (everyone watching, such as the dashboard).
    """

    def __init__(
        self,
        store: RecordingStore,
        clock: VirtualClock,
        scheduler: Scheduler,
        ids: RecordingIds,
        surface: str,
        *,
        processing_seconds: float = 0.0,
        transcription: TranscriptionLimits | None = None,
        listener: RecorderListener | None = None,
        events: EventBus | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.scheduler = scheduler
        self.ids = ids
        self.surface = surface
        self.processing_seconds = processing_seconds
        self.limits = transcription or TranscriptionLimits()
        self._listener = listener
        self._events = events
        #: Active background recordings by owner (a call id or a conference id).
        self._active: dict[str, Recording] = {}
        #: Published recordings still processing (``processing_seconds`` > 0).
        self._processing: set[str] = set()

    # -- persistence ----------------------------------------------------------------------

    async def load(self) -> None:
        """Recordings running when the server stopped end at once (their owners ended too);
        transcriptions in progress start over."""

        def interrupted(recording: Recording) -> None:
            recording.stop(self.clock.time(), self.clock.now())
            recording.available = True
            self.store.changed(recording)

        self._active.clear()
        self._processing.clear()
        await self.store.load(interrupted)
        for recording in self.store.all():
            pending = recording.transcription
            if pending is not None and pending.status is TranscriptionStatus.PROCESSING:
                self._schedule_transcription(recording, pending)

    def clear(self) -> None:
        self._active.clear()
        self._processing.clear()
        self.store.clear()

    # -- starting -------------------------------------------------------------------------

    def start(
        self,
        owner_id: str,
        account_id: str,
        *,
        owner: OwnerKind = OwnerKind.CALL,
        file_format: str = "wav",
        channels: int = 1,
        name: str | None = None,
        speech: Speech | None = None,
        surface_state: SurfaceState | None = None,
    ) -> Recording:
        """Start the owner's background recording; :class:`RecordingRefused` if it has one."""
        reason = self.refusal(owner_id)
        if reason is not None:
            raise RecordingRefused(owner_id, reason)
        recording = self.begin(
            owner_id,
            account_id,
            owner=owner,
            file_format=file_format,
            channels=channels,
            name=name,
            speech=speech,
            surface_state=surface_state,
        )
        self._active[owner_id] = recording
        return recording

    def refusal(self, owner_id: str) -> Refusal | None:
        """Why :meth:`start` would refuse the owner now (None: it would start), so a surface
        can decline before it builds its settings."""
        return Refusal.ALREADY_RECORDING if owner_id in self._active else None

    def begin(
        self,
        owner_id: str,
        account_id: str,
        *,
        owner: OwnerKind = OwnerKind.CALL,
        file_format: str = "wav",
        channels: int = 1,
        name: str | None = None,
        speech: Speech | None = None,
        surface_state: SurfaceState | None = None,
    ) -> Recording:
        """Start a recording beside the background one (e.g. a one-off voicemail recording);
        its maker stops it with :meth:`finish` and publishes it with :meth:`publish`."""
        recording = Recording(
            id=self.ids.recording_id(),
            account_id=account_id,
            surface=self.surface,
            started_at=self.clock.now(),
            file_format=file_format,
            channels=channels,
            call_id=owner_id if owner is OwnerKind.CALL else None,
            conference_id=owner_id if owner is OwnerKind.CONFERENCE else None,
            name=name,
            speech=speech or Speech("", 0.0),
            segment_start=self.clock.time(),
            surface_state=surface_state,
        )
        self.store.add(recording)
        self._emit(RecordingStarted(recording, owner_id, self.clock.time()))
        return recording

    # -- the background recording ---------------------------------------------------------

    def active(self, owner_id: str) -> Recording | None:
        """The owner's background recording, if one is running or paused."""
        return self._active.get(owner_id)

    def pause(self, owner_id: str) -> Recording | None:
        """Pause the owner's background recording, if it has one (and it is recording)."""
        return self._change(owner_id, Recording.pause, RecordingPaused)

    def resume(self, owner_id: str) -> Recording | None:
        """Resume the owner's background recording, if it has one (and it is paused)."""
        return self._change(owner_id, Recording.resume, RecordingResumed)

    def _change(
        self,
        owner_id: str,
        change: Callable[[Recording, float], None],
        event: type[RecordingPaused] | type[RecordingResumed],
    ) -> Recording | None:
        recording = self._active.get(owner_id)
        if recording is not None:
            now = self.clock.time()
            was = recording.state
            change(recording, now)
            self.store.changed(recording)
            if recording.state is not was:
                self._emit(event(recording, owner_id, now, recording.duration(now)))
        return recording

    def stop(self, owner_id: str) -> Recording | None:
        """The owner's background recording stops and is published."""
        recording = self._active.pop(owner_id, None)
        if recording is not None:
            self.finish(recording)
            self.publish(recording)
        return recording

    def finish_owner(self, owner_id: str) -> None:
        """The owner ended: all its recordings stop, and those not yet published are."""
        self._active.pop(owner_id, None)
        for recording in self.store.of_owner(owner_id):
            if not recording.stopped:
                self.finish(recording)
            self.publish(recording)

    # -- any recording --------------------------------------------------------------------

    def finish(self, recording: Recording) -> None:
        """Stop ``recording`` now (it is published separately)."""
        now = self.clock.time()
        was_stopped = recording.stopped
        recording.stop(now, self.clock.now())
        self.store.changed(recording)
        if not was_stopped:
            event = RecordingStopped(recording, owner_of(recording), now, recording.recorded)
            self._emit(event)

    def publish(self, recording: Recording) -> None:
        """A stopped recording becomes available (once) after ``processing_seconds``."""
        if recording.available or not recording.stopped or recording.id in self._processing:
            return
        if self.processing_seconds <= 0:
            self._available(recording)
            return
        self._processing.add(recording.id)
        self.scheduler.call_later(self.processing_seconds, lambda: self._processed(recording))

    def _processed(self, recording: Recording) -> None:
        if recording.id not in self._processing:
            return  # cleared (a reset) in the meantime
        self._processing.discard(recording.id)
        if not recording.removed:  # deleted while processing: it never becomes available
            self._available(recording)

    def _available(self, recording: Recording) -> None:
        recording.available = True
        self.store.changed(recording)
        now = self.clock.time()
        self._emit(RecordingAvailable(recording, owner_of(recording), now, recording.recorded))

    # -- transcriptions -------------------------------------------------------------------

    def transcribe(
        self, recording: Recording, surface_state: SurfaceState | None = None
    ) -> Transcription:
        """Request a transcription (replacing any earlier one); ready after the limits' seconds."""
        transcription = Transcription(
            id=self.ids.transcription_id(),
            status=TranscriptionStatus.PROCESSING,
            requested_at=self.clock.now(),
            surface_state=surface_state,
        )
        recording.transcription = transcription
        self.store.changed(recording)
        self._schedule_transcription(recording, transcription)
        return transcription

    def _schedule_transcription(self, recording: Recording, transcription: Transcription) -> None:
        self.scheduler.call_later(
            self.limits.seconds, lambda: self._transcribed(recording, transcription)
        )

    def _transcribed(self, recording: Recording, transcription: Transcription) -> None:
        if recording.removed or recording.transcription is not transcription:
            return  # deleted, or replaced by a newer request, in the meantime
        seconds = recording.recorded
        if seconds < self.limits.min_recorded:
            transcription.status = TranscriptionStatus.TOO_SMALL
        elif seconds > self.limits.max_recorded:
            transcription.status = TranscriptionStatus.TOO_BIG
        else:
            transcription.status = TranscriptionStatus.AVAILABLE
        transcription.completed_at = self.clock.now()
        self.store.changed(recording)
        event = TranscriptionReady(recording, owner_of(recording), self.clock.time(), transcription)
        self._emit(event)

    def _emit(self, event: RecordingEvent) -> None:
        if self._listener is not None:
            self._listener(event)
        if self._events is not None and self._events.listening(event.subject):
            self._events.emit(event)
