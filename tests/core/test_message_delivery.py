"""The message core on a bare scheduler: segments, far-end outcomes, delivery events in order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.events import CallEnded, EventBus
from telephony_emulator.core.media_store import MediaItem, MediaStore
from telephony_emulator.core.message_delivery import MessageDelivery
from telephony_emulator.core.message_events import (
    MessageDelivered,
    MessageFailed,
    MessageReceived,
    MessageSending,
    MessageSent,
)
from telephony_emulator.core.message_far_end import MessageOutcome, message_outcome
from telephony_emulator.core.messages import (
    DeliveryStatus,
    FailureReason,
    Message,
    MessageDirection,
    MessageStore,
    Recipient,
)
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core.scenarios import FarEndRule, ScenarioBook
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.core.segments import count_segments

from tests.core.conftest import START


class MemoryRepository:
    def __init__(self) -> None:
        self.items: dict[str, Any] = {}

    @property
    def durability(self) -> Durability:
        return Durability.MEMORY_ONLY

    async def load(self) -> list[Any]:
        return list(self.items.values())

    def put(self, item: Any, *, awaited: bool = False) -> asyncio.Future[None]:
        self.items[item.id] = item
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def save(self, item: Any) -> None:
        self.items[item.id] = item

    def discard(self) -> None:
        pass

    async def drain(self) -> None:
        pass


def message(*to: str, media: tuple[str, ...] = (), expiration: datetime | None = None) -> Message:
    return Message(
        id="m1",
        account_id="acct",
        surface="test",
        direction=MessageDirection.OUTBOUND,
        from_="+15550000001",
        owner="+15550000001",
        recipients=[Recipient(number, DeliveryStatus.QUEUED) for number in to],
        created_at=datetime.fromtimestamp(START, tz=UTC),
        segments=1,
        media=media,
        expiration=expiration,
    )


@pytest.fixture
def scenarios() -> ScenarioBook:
    return ScenarioBook()


@pytest.fixture
async def delivery(scenarios: ScenarioBook) -> MessageDelivery:
    clock = VirtualClock(start=START, rate=0.0)
    return MessageDelivery(
        MessageStore(MemoryRepository()), Scheduler(clock), clock, scenarios, EventBus()
    )


def record(delivery: MessageDelivery, subject: str = "m1") -> list[object]:
    seen: list[object] = []
    delivery._events.subscribe(seen.append, subject)
    return seen


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("", "gsm7", 1),
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),
        ("a" * 152 + "€", "gsm7", 1),  # 154 septets fit one segment of 160
        ("a" * 152 + "€" + "a" * 10, "gsm7", 2),  # the escape pair is not split: 152 | 2+10
        ("ł" * 70, "ucs2", 1),
        ("ł" * 71, "ucs2", 2),
        ("ł" * 66 + "😀", "ucs2", 1),  # 68 units fit one segment of 70
        ("ł" * 66 + "😀" + "ł" * 5, "ucs2", 2),  # the pair is not split: 66 | 2+5
    ],
)
def test_segments(text: str, encoding: str, count: int) -> None:
    assert count_segments(text).encoding == encoding
    assert count_segments(text).count == count


def test_outcomes_prefer_rules_then_magic_numbers(scenarios: ScenarioBook) -> None:
    assert message_outcome(scenarios, "acct", "+15551230000") == MessageOutcome()
    assert message_outcome(scenarios, "acct", "+15005554002") == MessageOutcome(
        FailureReason.CARRIER_REJECTED
    )
    assert message_outcome(scenarios, "acct", "+15005555042") == MessageOutcome(delay=42.0)
    assert message_outcome(scenarios, "acct", "+15005554099") == MessageOutcome()
    scenarios.set("acct", "+15005554002", FarEndRule(message_delay=3))
    assert message_outcome(scenarios, "acct", "+15005554002") == MessageOutcome(delay=3.0)
    # A rule about calls only leaves messages to the magic number.
    scenarios.set("acct", "+15005554001", FarEndRule(action="busy"))
    assert message_outcome(scenarios, "acct", "+15005554001").failure is FailureReason.UNREACHABLE


async def test_each_recipient_ends_once_with_events_in_order(delivery: MessageDelivery) -> None:
    seen = record(delivery)
    sms = message("+15551230000", "+15005554003")
    delivery.send(sms)
    await delivery._scheduler.run_until_idle()
    assert seen == [
        MessageSent("m1", START, "+15550000001", ("+15551230000", "+15005554003")),
        MessageDelivered("m1", START + 1, "+15551230000"),
        MessageFailed("m1", START + 1, "+15005554003", "spam"),
    ]
    assert [(r.status, r.failure) for r in sms.recipients] == [
        (DeliveryStatus.DELIVERED, None),
        (DeliveryStatus.FAILED, FailureReason.SPAM),
    ]
    # Settled: its subscribers are dropped.
    assert not delivery._events.listening("m1")


async def test_an_mms_is_handed_over_first(delivery: MessageDelivery) -> None:
    seen = record(delivery)
    delivery.send(message("+15551230000", media=("https://x/a.png",)))
    await delivery._scheduler.run_until_idle()
    assert [type(event) for event in seen] == [MessageSent, MessageSending, MessageDelivered]


async def test_a_refusal_fails_every_copy_at_once(delivery: MessageDelivery) -> None:
    seen = record(delivery)
    delivery.send(message("+15551230000"), FailureReason.MEDIA_UNAVAILABLE)
    await delivery._scheduler.run_until_idle()
    assert seen[1:] == [MessageFailed("m1", START, "+15551230000", "media_unavailable")]


async def test_an_expired_message_fails(delivery: MessageDelivery) -> None:
    seen = record(delivery)
    soon = datetime.fromtimestamp(START, tz=UTC) + timedelta(seconds=0.5)
    delivery.send(message("+15551230000", expiration=soon))
    await delivery._scheduler.run_until_idle()
    assert seen[-1] == MessageFailed("m1", START + 1, "+15551230000", "expired")


async def test_message_events_share_the_bus_with_call_events(delivery: MessageDelivery) -> None:
    everything: list[object] = []
    delivery._events.subscribe(everything.append)
    inbound = message("+15551230000")
    inbound.direction, inbound.owner = MessageDirection.INBOUND, "+15551230000"
    delivery.receive(inbound)
    delivery._events.emit(CallEnded("c-1", START, "hangup"))
    assert everything == [
        MessageReceived("m1", START, "+15550000001", "+15551230000"),
        CallEnded("c-1", START, "hangup"),
    ]


async def test_interrupted_messages_fail_without_events(delivery: MessageDelivery) -> None:
    seen = record(delivery)
    stuck = message("+15551230000")
    delivery.interrupt(stuck)
    assert (stuck.recipients[0].status, stuck.recipients[0].failure) == (
        DeliveryStatus.FAILED,
        FailureReason.INTERRUPTED,
    )
    assert seen == []


async def test_media_store_overwrites_expires_and_deletes() -> None:
    store = MediaStore(MemoryRepository(), retention=timedelta(hours=48))
    t0 = datetime.fromtimestamp(START, tz=UTC)
    await store.put("acct", "b/x.png", "image/png", b"1", t0)
    await store.put("acct", "a.gif", "image/gif", b"22", t0)
    await store.put("acct", "b/x.png", "image/jpeg", b"333", t0 + timedelta(hours=1))
    assert [(i.name, i.content) for i in store.listing("acct", t0)] == [
        ("a.gif", b"22"),
        ("b/x.png", b"333"),
    ]
    later = t0 + timedelta(hours=48)
    assert [i.name for i in store.listing("acct", later)] == ["b/x.png"]
    assert store.find("other", "b/x.png", t0) is None
    deleted = store.delete("acct", "b/x.png", t0)
    assert deleted is not None
    await deleted
    found: MediaItem | None = store.find("acct", "b/x.png", t0)
    assert found is None
    assert store.delete("acct", "b/x.png", t0) is None
