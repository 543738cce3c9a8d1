"""The event feed on its own: activity from events, body limits, slow readers, retention."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from telephony_emulator.apis.control import feed as feed_module
from telephony_emulator.apis.control.feed import EventFeed, FeedFilter
from telephony_emulator.core.calls import CallRegistry
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallPlaced,
    CallRinging,
    JoinedBridge,
    JoinedConference,
    LeftBridge,
    LeftConference,
    TransferAnswered,
    TransferLegPlaced,
)
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.webhooks.models import Attempt

START = 1_767_225_600.0


@pytest.fixture
async def feed() -> AsyncIterator[EventFeed]:
    scheduler = Scheduler(VirtualClock(start=START, rate=0.0))
    try:
        yield EventFeed(CallRegistry(on_change=lambda call: None), scheduler)
    finally:
        await scheduler.stop()


@dataclass(frozen=True)
class PlaybackStarted(CallEvent):
    """An event the core may add later: the feed names activity after it."""


@dataclass(frozen=True)
class PlaybackFinished(CallEvent):
    pass


def what(feed: EventFeed, call_id: str) -> tuple[str, float, str | None, str | None, str | None]:
    activity = feed.activity(call_id)
    assert activity is not None
    return (
        activity.what,
        activity.since - START,
        activity.bridge_id,
        activity.conference_id,
        activity.doing,
    )


async def test_activity_follows_a_call_through_its_events(feed: EventFeed) -> None:
    steps: list[tuple[CallEvent, tuple[str, float, str | None, str | None, str | None]]] = [
        (CallPlaced("c-1", START, "+15550000001", "+15550000002"), ("placed", 0, None, None, None)),
        (CallRinging("c-1", START + 1), ("ringing", 1, None, None, None)),
        (CallAnswered("c-1", START + 2), ("answered", 2, None, None, None)),
        (PlaybackStarted("c-1", START + 3), ("answered", 2, None, None, "playback")),
        (PlaybackFinished("c-1", START + 4), ("answered", 2, None, None, None)),
        (JoinedBridge("c-1", START + 5, "brg-1"), ("bridged", 5, "brg-1", None, None)),
        (LeftBridge("c-1", START + 6, "brg-1", "removed"), ("answered", 6, None, None, None)),
        (JoinedConference("c-1", START + 7, "conf-1"), ("in conference", 7, None, "conf-1", None)),
        (LeftConference("c-1", START + 8, "conf-1", "left"), ("answered", 8, None, None, None)),
    ]
    for event, expected in steps:
        feed.on_call_event(event)
        assert what(feed, "c-1") == expected, event
    feed.on_call_event(CallEnded("c-1", START + 9, "hangup"))
    assert feed.activity("c-1") is None
    types = [item.type for item in feed.recent(FeedFilter())]
    assert types[3:5] == ["PlaybackStarted", "PlaybackFinished"]


async def test_a_transfer_shows_on_the_call_and_on_its_leg(feed: EventFeed) -> None:
    feed.on_call_event(CallPlaced("c-a", START, "+15550000001", "+15550000002"))
    feed.on_call_event(CallAnswered("c-a", START))
    feed.on_call_event(CallPlaced("c-b", START + 1, "+15550000001", "+15550000003"))
    feed.on_call_event(TransferLegPlaced("c-b", START + 1, "c-a", "+15550000003"))
    assert what(feed, "c-a")[0] == "transferring to +15550000003"
    assert what(feed, "c-b")[0] == "transfer leg of c-a"
    feed.on_call_event(TransferAnswered("c-b", START + 3, "c-a"))
    assert what(feed, "c-a")[:2] == ("transferred to c-b", 3)


def attempt(body: str) -> Attempt:
    return Attempt(
        delivery_id="d-1",
        account_id="acct",
        call_id="c-1",
        surface="test",
        event_type="answer",
        target="primary",
        attempt=1,
        url="http://127.0.0.1:9/",
        method="POST",
        request_headers={"Authorization": "Basic c2VjcmV0"},
        request_body=body,
        response_status=200,
        response_headers={},
        response_body="[1, 2]",
        latency_ms=1.0,
        outcome="delivered",
        error=None,
        sent_at=datetime.fromtimestamp(START, tz=UTC),
    )


async def test_webhook_bodies_are_parsed_cut_and_never_carry_headers(feed: EventFeed) -> None:
    feed.on_attempt(attempt('{"eventType": "answer"}'))
    feed.on_attempt(attempt('{"x": "' + "y" * feed_module.BODY_CHARS + '"}'))
    small, large = list(feed.recent(FeedFilter(kinds=frozenset({"webhook"}))))
    assert small.data["request_json"] == {"eventType": "answer"}
    assert small.data["response_json"] == [1, 2]
    assert small.data["truncated"] is False
    assert len(large.data["request_body"]) == feed_module.BODY_CHARS
    assert (large.data["request_json"], large.data["truncated"]) == (None, True)
    assert "c2VjcmV0" not in small.line  # credentials in request headers stay in the ledger


async def test_a_reader_that_falls_behind_is_closed_and_the_feed_keeps_only_the_recent(
    feed: EventFeed, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feed_module, "STREAM_BACKLOG", 3)
    slow = feed.subscribe(FeedFilter())
    for n in range(5):
        feed.on_call_event(CallRinging(f"c-{n}", START))
    assert slow.overflowed
    queued = [slow.queue.get_nowait() for _ in range(slow.queue.qsize())]
    assert [item.call_id if item else None for item in queued] == ["c-0", "c-1", "c-2", None]

    for _ in range(feed_module.RETAINED_ITEMS):
        feed.on_call_event(CallRinging("c-x", START))
    kept = list(feed.recent(FeedFilter()))
    assert len(kept) == feed_module.RETAINED_ITEMS
    assert kept[0].seq == 6
