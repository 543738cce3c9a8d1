"""Typed domain events (calls, media, gathers, recordings) and the bus that fans them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telephony_emulator.core.recordings import Recording, Transcription


class Event:
    """Something happened at virtual time ``at`` to the thing named by :attr:`subject`."""

    at: float

    @property
    def subject(self) -> str:
        """The id per-subject subscribers are keyed on (a call's, a conference's...)."""
        raise NotImplementedError


@dataclass(frozen=True)
class CallEvent(Event):
    call_id: str
    at: float

    @property
    def subject(self) -> str:
        return self.call_id


@dataclass(frozen=True)
class CallPlaced(CallEvent):
    from_number: str
    to_number: str


@dataclass(frozen=True)
class CallRinging(CallEvent):
    pass


@dataclass(frozen=True)
class CallAnswered(CallEvent):
    pass


@dataclass(frozen=True)
class CallEnded(CallEvent):
    cause: str


@dataclass(frozen=True)
class DigitPressed(CallEvent):
    digit: str


@dataclass(frozen=True)
class JoinedBridge(CallEvent):
    bridge_id: str


@dataclass(frozen=True)
class LeftBridge(CallEvent):
    bridge_id: str
    #: ``removed`` (no longer listed), ``moved`` (joined another bridge) or ``ended``.
    reason: str


Subscriber = Callable[[Event], None]


class EventBus:
    """Synchronous fan-out to the subscribers of an event's subject and to global ones;
    emitting with no subscribers costs two dict lookups and no tasks."""

    def __init__(self) -> None:
        self._global: list[Subscriber] = []
        self._by_subject: dict[str, list[Subscriber]] = {}

    def subscribe(self, handler: Subscriber, subject: str | None = None) -> Callable[[], None]:
        """Register ``handler`` for one subject (or every event); returns the unsubscribe
        function."""
        target = self._global if subject is None else self._by_subject.setdefault(subject, [])

        def unsubscribe() -> None:
            if handler in target:
                target.remove(handler)

        target.append(handler)
        return unsubscribe

    def listening(self, subject: str) -> bool:
        """Whether anyone would receive an event of ``subject`` (lets emitters skip building it)."""
        return bool(self._global) or bool(self._by_subject.get(subject))

    def forget(self, subject: str) -> None:
        """Drop the subscribers of one subject (a call that ended)."""
        self._by_subject.pop(subject, None)

    def forget_calls(self) -> None:
        """Drop every per-call subscriber; global ones stay (a reset)."""
        self._by_subject.clear()

    def emit(self, event: Event) -> None:
        for handler in (*self._by_subject.get(event.subject, ()), *self._global):
            handler(event)


@dataclass(frozen=True)
class JoinedConference(CallEvent):
    conference_id: str


@dataclass(frozen=True)
class LeftConference(CallEvent):
    conference_id: str
    #: ``left`` (hung up, redirected or removed) or ``ended`` (the conference was ended).
    reason: str


@dataclass(frozen=True)
class ConferenceCompleted(CallEvent):
    """The conference completed; ``call_id`` is the last member to leave ("" if none had)."""

    conference_id: str


@dataclass(frozen=True)
class TransferLegPlaced(CallEvent):
    """A call (``origin_id``) placed a new leg (``call_id``) to ``to_number``."""

    origin_id: str
    to_number: str


@dataclass(frozen=True)
class TransferAnswered(CallEvent):
    """The leg ``call_id`` answered first and is the one ``origin_id`` is connected with."""

    origin_id: str


@dataclass(frozen=True)
class TransferEnded(CallEvent):
    """The leg ``call_id`` that ``origin_id`` placed ended with ``cause``."""

    origin_id: str
    cause: str


@dataclass(frozen=True)
class GatherDone(CallEvent):
    """A gather on the call stopped: the digits kept, the terminating digit pressed ('' if
    none) and why it ended (a :class:`~telephony_emulator.core.gather.GatherEnd` value)."""

    digits: str
    terminating_digit: str
    reason: str


@dataclass(frozen=True)
class PlaybackStarted(CallEvent):
    """The call's media channel started playing ``kind`` (``audio`` or ``speech``)."""

    kind: str
    tag: str | None


@dataclass(frozen=True)
class PlaybackFinished(CallEvent):
    """A playback is over: ``completed`` when it played to its end, False when cut short."""

    kind: str
    tag: str | None
    completed: bool


@dataclass(frozen=True)
class StepStarted(CallEvent):
    """The call's controller began one step (a BXML verb, a REST command); for live views."""

    step: str


# -- recordings (owned by a call or a conference) ------------------------------------------


@dataclass(frozen=True)
class RecordingEvent(Event):
    """Something happened to ``recording`` (owned by ``owner_id``) at virtual time ``at``."""

    recording: Recording
    owner_id: str
    at: float

    @property
    def subject(self) -> str:
        return self.owner_id


@dataclass(frozen=True)
class RecordingStarted(RecordingEvent):
    pass


@dataclass(frozen=True)
class RecordingPaused(RecordingEvent):
    duration: float


@dataclass(frozen=True)
class RecordingResumed(RecordingEvent):
    duration: float


@dataclass(frozen=True)
class RecordingStopped(RecordingEvent):
    duration: float


@dataclass(frozen=True)
class RecordingAvailable(RecordingEvent):
    """The recording is processed: its media can be downloaded."""

    duration: float


@dataclass(frozen=True)
class TranscriptionReady(RecordingEvent):
    """A requested transcription finished (with :attr:`Transcription.status` set)."""

    transcription: Transcription
