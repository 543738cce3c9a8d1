"""The live event feed: the core's call events and every webhook attempt, numbered, for streams."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from telephony_emulator.core.calls import CallRegistry
from telephony_emulator.core.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallPlaced,
    CallRinging,
    ConferenceCompleted,
    Event,
    EventBus,
    JoinedBridge,
    JoinedConference,
    LeftBridge,
    LeftConference,
    PlaybackFinished,
    PlaybackStarted,
    RecordingEvent,
    StepStarted,
    TransferAnswered,
    TransferEnded,
    TransferLegPlaced,
)
from telephony_emulator.core.message_events import MessageEvent
from telephony_emulator.core.messages import MessageStore
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.webhooks.ledger import Ledger
from telephony_emulator.webhooks.models import Attempt

#: How many recent items the feed keeps for replay (a stream's ``after``) and call timelines.
RETAINED_ITEMS = 5_000
#: Webhook bodies are kept in the feed up to this many characters (the ledger keeps more).
BODY_CHARS = 16 * 1024
#: Items a slow stream may fall behind by before it is closed (it can resume with ``after``).
STREAM_BACKLOG = 10_000
#: Event names whose activity ends what a ``…Started`` event of the same stem began.
_ENDING = re.compile(r"(Finished|Done|Completed|Stopped|Ended)$")


@dataclass(frozen=True)
class FeedItem:
    """One numbered entry: a call event, a webhook attempt, a clock change or a reset."""

    seq: int
    type: str
    kind: str  # "call", "recording", "message", "webhook", "clock" or "reset"
    at: float  # virtual POSIX seconds
    call_id: str | None
    account_id: str | None
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "type": self.type,
            "kind": self.kind,
            "at": self.at,
            "time": _iso(self.at),
            "call_id": self.call_id,
            "account_id": self.account_id,
            "data": self.data,
        }

    @cached_property
    def line(self) -> str:
        """The item as one line of JSON, built once however many streams send it."""
        return json.dumps(self.to_json(), separators=(",", ":"))


@dataclass(frozen=True)
class FeedFilter:
    """Which items a stream or timeline wants; ``None`` matches everything."""

    account_id: str | None = None
    call_id: str | None = None
    types: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    #: Streams always get resets: every reader must learn that what it shows is gone.
    resets: bool = True

    def matches(self, item: FeedItem) -> bool:
        if item.kind == "reset":
            return self.resets
        if self.kinds is not None and item.kind not in self.kinds:
            return False
        if self.types is not None and item.type not in self.types:
            return False
        if self.call_id is not None and item.call_id != self.call_id:
            return False
        return self.account_id is None or item.account_id in (self.account_id, None)


@dataclass
class Activity:
    """What a call is doing now, as its events say, and where it is connected."""

    what: str
    since: float
    bridge_id: str | None = None
    conference_id: str | None = None
    #: What a ``…Started`` event began, until its ``…Finished`` (or similar) ends it.
    doing: str | None = None
    doing_since: float | None = None
    #: The controller's current step (a BXML verb, a REST command), until the next one.
    step: str | None = None
    step_since: float | None = None


class Subscription:
    """One reader's queue of items; ``None`` in it means the feed closed the stream."""

    def __init__(self, feed: EventFeed, where: FeedFilter) -> None:
        self._feed = feed
        self.where = where
        self.queue: asyncio.Queue[FeedItem | None] = asyncio.Queue()
        self.overflowed = False

    def offer(self, item: FeedItem | None) -> None:
        if item is not None and not self.where.matches(item):
            return
        if self.queue.qsize() >= STREAM_BACKLOG:
            self.overflowed = True
            self.queue.put_nowait(None)
            self._feed.unsubscribe(self)
            return
        self.queue.put_nowait(item)

    def close(self) -> None:
        self._feed.unsubscribe(self)


class EventFeed:
    """Numbers what happens (call events from the engine's bus, webhook attempts from the
    ledger, clock changes and resets from the control API), keeps the recent items, tracks each
    live call's activity, and fans items out to subscribed streams."""

    def __init__(
        self, registry: CallRegistry, scheduler: Scheduler, messages: MessageStore | None = None
    ) -> None:
        self._registry = registry
        self._messages = messages
        self._scheduler = scheduler
        self._items: deque[FeedItem] = deque(maxlen=RETAINED_ITEMS)
        self._seq = 0
        self._subscriptions: list[Subscription] = []
        self._activities: dict[str, Activity] = {}
        self._watchers: list[Callable[[FeedItem], None]] = []

    def attach(self, events: EventBus, ledger: Ledger) -> None:
        """Subscribe to every call's events and to the ledger's attempts."""
        events.subscribe(self.on_event)
        ledger.listen(self.on_attempt)

    def watch(self, watcher: Callable[[FeedItem], None]) -> None:
        """Hand every new item to ``watcher`` too (the server's event log)."""
        self._watchers.append(watcher)

    # -- sources --------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """Any event of the core's bus: calls', recordings' and messages' become items."""
        if isinstance(event, CallEvent):
            self.on_call_event(event)
        elif isinstance(event, RecordingEvent):
            self._on_recording(event)
        elif isinstance(event, MessageEvent):
            self._on_message(event)

    def on_call_event(self, event: CallEvent) -> None:
        call = self._registry.get(event.call_id)
        data = _fields(event, skip=("call_id", "at"))
        if call is not None and isinstance(event, CallPlaced):
            data.update(direction=call.direction.value, surface=call.surface)
        account_id = None if call is None else call.account_id
        self._track(event)
        self._publish(type(event).__name__, "call", event.at, event.call_id, account_id, data)

    def _on_recording(self, event: RecordingEvent) -> None:
        recording = event.recording
        data = _fields(event, skip=("recording", "at", "transcription"))
        data.update(recording_id=recording.id, state=str(recording.state.value))
        if recording.conference_id is not None:
            data["conference_id"] = recording.conference_id
        self._publish(
            type(event).__name__,
            "recording",
            event.at,
            recording.call_id,
            recording.account_id,
            data,
        )

    def _on_message(self, event: MessageEvent) -> None:
        message = None if self._messages is None else self._messages.get(event.message_id)
        account_id = None if message is None else message.account_id
        data = _fields(event, skip=("at",))
        if message is not None:
            data.update(direction=message.direction.value, surface=message.surface)
        self._publish(type(event).__name__, "message", event.at, None, account_id, data)

    def on_attempt(self, attempt: Attempt) -> None:
        request_body, request_cut = _cut(attempt.request_body)
        response_body, response_cut = _cut(attempt.response_body)
        data = {
            "delivery_id": attempt.delivery_id,
            "event_type": attempt.event_type,
            "surface": attempt.surface,
            "target": attempt.target,
            "attempt": attempt.attempt,
            "url": attempt.url,
            "method": attempt.method,
            "status": attempt.response_status,
            "outcome": attempt.outcome,
            "error": attempt.error,
            "latency_ms": attempt.latency_ms,
            "request_body": request_body,
            "request_json": json_value(request_body) if not request_cut else None,
            "response_body": response_body,
            "response_json": json_value(response_body) if not response_cut else None,
            "truncated": request_cut or response_cut,
        }
        at = attempt.sent_at.timestamp()
        self._publish("WebhookAttempted", "webhook", at, attempt.call_id, attempt.account_id, data)

    def clock_changed(self) -> None:
        clock = self._scheduler.clock
        due = self._scheduler.next_due
        data = {
            "time": clock.time(),
            "rate": clock.rate,
            "pending_timers": self._scheduler.pending_timers,
            "next_due": due,
        }
        self._publish("ClockChanged", "clock", clock.time(), None, None, data)

    def reset(self) -> None:
        """Everything was wiped: forget the items and activities, and tell every stream."""
        self._items.clear()
        self._activities.clear()
        self._publish("EmulatorReset", "reset", self._scheduler.clock.time(), None, None, {})

    # -- readers --------------------------------------------------------------------------

    def recent(self, where: FeedFilter, after: int = 0) -> Iterator[FeedItem]:
        """Retained items matching ``where`` with a number above ``after``, oldest first."""
        return (item for item in self._items if item.seq > after and where.matches(item))

    @property
    def last_seq(self) -> int:
        return self._seq

    def subscribe(self, where: FeedFilter, after: int | None = None) -> Subscription:
        """A stream of new items; with ``after``, retained items after that number first."""
        subscription = Subscription(self, where)
        if after is not None:
            for item in self.recent(where, after):
                subscription.offer(item)
        self._subscriptions.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        if subscription in self._subscriptions:
            self._subscriptions.remove(subscription)

    def close(self) -> None:
        """End every stream (the server is shutting down)."""
        for subscription in list(self._subscriptions):
            subscription.queue.put_nowait(None)
        self._subscriptions.clear()

    def activity(self, call_id: str) -> Activity | None:
        return self._activities.get(call_id)

    # -- internals ------------------------------------------------------------------------

    def _publish(
        self,
        type_: str,
        kind: str,
        at: float,
        call_id: str | None,
        account_id: str | None,
        data: dict[str, Any],
    ) -> None:
        self._seq += 1
        item = FeedItem(self._seq, type_, kind, at, call_id, account_id, data)
        self._items.append(item)
        for subscription in list(self._subscriptions):
            subscription.offer(item)
        for watcher in self._watchers:
            watcher(item)

    def _track(self, event: CallEvent) -> None:
        """Keep what each live call is doing up to date (``GET /_emulator/calls/{id}``)."""
        call_id, at = event.call_id, event.at
        activity = self._activities.get(call_id)
        if isinstance(event, CallPlaced):
            self._activities[call_id] = Activity("placed", at)
            return
        if activity is None:
            activity = self._activities[call_id] = Activity("in progress", at)
        if isinstance(event, CallEnded):
            self._activities.pop(call_id, None)
            return
        if isinstance(event, CallRinging):
            activity.what, activity.since = "ringing", at
        elif isinstance(event, CallAnswered):
            activity.what, activity.since = "answered", at
        elif isinstance(event, JoinedBridge):
            activity.what, activity.since, activity.bridge_id = "bridged", at, event.bridge_id
        elif isinstance(event, LeftBridge):
            activity.what, activity.since, activity.bridge_id = "answered", at, None
        elif isinstance(event, JoinedConference):
            activity.what, activity.since = "in conference", at
            activity.conference_id = event.conference_id
        elif isinstance(event, LeftConference):
            activity.what, activity.since, activity.conference_id = "answered", at, None
        elif isinstance(event, TransferLegPlaced):
            self._activities[call_id] = Activity(f"transfer leg of {event.origin_id}", at)
            origin = self._activities.get(event.origin_id)
            if origin is not None:
                origin.what, origin.since = f"transferring to {event.to_number}", at
        elif isinstance(event, TransferAnswered):
            origin = self._activities.get(event.origin_id)
            if origin is not None:
                origin.what, origin.since = f"transferred to {call_id}", at
        elif isinstance(event, PlaybackStarted):
            activity.doing, activity.doing_since = f"playing {event.kind}", at
        elif isinstance(event, PlaybackFinished):
            activity.doing = activity.doing_since = None
        elif isinstance(event, StepStarted):
            activity.step, activity.step_since = event.step, at
        elif isinstance(event, TransferEnded | ConferenceCompleted):
            pass
        else:  # events the core may add: "XStarted" begins "x", "XFinished" and similar end it
            name = type(event).__name__
            if name.endswith("Started"):
                activity.doing, activity.doing_since = _words(name[: -len("Started")]), at
            elif _ENDING.search(name):
                activity.doing = activity.doing_since = None


def json_value(text: str | None) -> Any:
    """``text`` parsed when it is a JSON object or array, else None."""
    if not text or text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _cut(text: str | None) -> tuple[str | None, bool]:
    if text is None or len(text) <= BODY_CHARS:
        return text, False
    return text[:BODY_CHARS], True


def _fields(event: Event, skip: tuple[str, ...]) -> dict[str, Any]:
    return {
        f.name: _plain(getattr(event, f.name))
        for f in dataclasses.fields(event)  # type: ignore[arg-type]  # every event is a dataclass
        if f.name not in skip
    }


def _plain(value: object) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _words(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", camel).lower()


def _iso(at: float) -> str:
    return (
        datetime.fromtimestamp(at, tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )
