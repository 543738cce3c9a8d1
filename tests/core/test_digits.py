"""DigitBus fan-out, keyed subscriptions and the collector's keep-until-taken queue."""

from __future__ import annotations

from telephony_emulator.core.digits import DigitBus, DigitCollector


def test_every_subscriber_sees_each_digit_while_subscribed() -> None:
    bus = DigitBus()
    first: list[str] = []
    second: list[str] = []
    bus.publish("0")  # nobody listens: dropped
    off = bus.subscribe(first.append)
    bus.subscribe(second.append)
    bus.publish("1")
    off()
    bus.publish("2")
    assert (first, second) == (["1"], ["1", "2"])


def test_a_keyed_subscription_replaces_the_one_under_that_key() -> None:
    bus = DigitBus()
    old: list[str] = []
    new: list[str] = []
    bus.subscribe(old.append, key="dtmf")
    bus.subscribe(new.append, key="dtmf")
    bus.publish("5")
    bus.unsubscribe("dtmf")
    bus.publish("6")
    assert (old, new) == ([], ["5"])


def test_a_collector_keeps_digits_until_taken_and_drops_them_on_close() -> None:
    bus = DigitBus()
    collector = DigitCollector(bus)
    bus.publish("1")
    bus.publish("2")
    assert collector.pending
    assert collector.take() == "1"
    collector.close()
    bus.publish("3")
    assert not collector.pending
