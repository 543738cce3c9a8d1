"""Typed call-lifecycle events and the bus that delivers them to per-call and global subscribers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Subject(Protocol):
    """What the bus delivers: per-subject subscribers are keyed on ``subject_id`` (a call's id;
    core/message_events.py uses a message's)."""

    @property
    def subject_id(self) -> str: ...


@dataclass(frozen=True)
class CallEvent:
    call_id: str
    at: float

    @property
    def subject_id(self) -> str:
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


#: Global subscribers also receive the other events on the bus (message events).
Subscriber = Callable[[Any], None]


class EventBus:
    """Synchronous fan-out; emitting with no subscribers costs two dict lookups and no tasks."""

    def __init__(self) -> None:
        self._global: list[Subscriber] = []
        self._per_call: dict[str, list[Subscriber]] = {}

    def subscribe(self, handler: Subscriber, call_id: str | None = None) -> Callable[[], None]:
        """Register ``handler`` for one call (or every call); returns the unsubscribe function."""
        target = self._global if call_id is None else self._per_call.setdefault(call_id, [])

        def unsubscribe() -> None:
            if handler in target:
                target.remove(handler)

        target.append(handler)
        return unsubscribe

    def listening(self, call_id: str) -> bool:
        """Whether anyone would receive an event of ``call_id`` (lets emitters skip building it)."""
        return bool(self._global) or bool(self._per_call.get(call_id))

    def forget(self, call_id: str) -> None:
        """Drop the subscribers of one call (it has ended)."""
        self._per_call.pop(call_id, None)

    def forget_calls(self) -> None:
        """Drop every per-call subscriber; global ones stay (a reset)."""
        self._per_call.clear()

    def emit(self, event: Subject) -> None:
        for handler in (*self._per_call.get(event.subject_id, ()), *self._global):
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
