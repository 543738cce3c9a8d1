"""EventBus: ordered delivery to per-call and global subscribers, unsubscribe."""

from __future__ import annotations

from telephony_emulator.core.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallPlaced,
    CallRinging,
    EventBus,
)


def test_two_subscribers_see_the_lifecycle_in_order() -> None:
    bus = EventBus()
    per_call: list[CallEvent] = []
    everything: list[CallEvent] = []
    bus.subscribe(per_call.append, subject="c-1")
    bus.subscribe(everything.append)
    events = [
        CallPlaced("c-1", 1.0, "+15550001", "+15550002"),
        CallRinging("c-1", 2.0),
        CallAnswered("c-1", 3.5),
        CallEnded("c-1", 9.0, cause="hangup"),
    ]
    other = CallRinging("c-2", 2.0)
    for event in [*events[:2], other, *events[2:]]:
        bus.emit(event)
    assert per_call == events
    assert everything == [*events[:2], other, *events[2:]]


def test_unsubscribed_handler_gets_nothing_more() -> None:
    bus = EventBus()
    seen: list[CallEvent] = []
    unsubscribe = bus.subscribe(seen.append)
    bus.emit(CallRinging("c-1", 1.0))
    unsubscribe()
    bus.emit(CallAnswered("c-1", 2.0))
    assert seen == [CallRinging("c-1", 1.0)]


def test_listening_and_forgetting_a_call() -> None:
    bus = EventBus()
    assert not bus.listening("c-1")
    seen: list[CallEvent] = []
    bus.subscribe(seen.append, subject="c-1")
    assert bus.listening("c-1")
    assert not bus.listening("c-2")
    bus.forget("c-1")
    bus.emit(CallRinging("c-1", 1.0))
    assert not bus.listening("c-1")
    assert seen == []
    unsubscribe = bus.subscribe(seen.append)
    assert bus.listening("c-2")
    bus.forget_calls()
    bus.emit(CallRinging("c-2", 2.0))
    unsubscribe()
    assert not bus.listening("c-2")
    assert seen == [CallRinging("c-2", 2.0)]
