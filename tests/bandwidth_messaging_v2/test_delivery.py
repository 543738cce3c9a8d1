"""Webhook delivery of message callbacks: retried on the virtual clock until 2xx, for 24 hours."""

from __future__ import annotations

import itertools
from datetime import datetime

from telephony_emulator.apis.bandwidth_messaging_v2.callbacks import RETRY

from tests.bandwidth_messaging_v2.conftest import Messaging


def sent_at(attempt: dict) -> float:
    return datetime.fromisoformat(attempt["sent_at"]).timestamp()


def test_a_failed_callback_is_retried_until_the_receiver_answers_2xx(
    messaging: Messaging,
) -> None:
    messaging.hooks.reply("busy", status=500, path="/status", times=2)
    messaging.send(["+15551230000"])
    messaging.run()
    attempts = messaging.emu.ledger(event_type="message-delivered")
    assert [(a["attempt"], a["outcome"], a["response_status"]) for a in attempts] == [
        (1, "http_status", 500),
        (2, "http_status", 500),
        (3, "delivered", 204),
    ]
    gaps = [sent_at(b) - sent_at(a) for a, b in itertools.pairwise(attempts)]
    assert gaps == [30.0, 60.0]
    # At least once: the receiver saw the same event three times.
    bodies = {hook.text for hook in messaging.hooks.received}
    assert len(messaging.hooks.received) == 3
    assert len(bodies) == 1


def test_callbacks_of_one_message_keep_their_order_while_retried(messaging: Messaging) -> None:
    messaging.hooks.reply("", status=503, path="/status", times=1)
    messaging.send(["+15551230000"], media=["https://example.com/a.png"])
    messaging.run()
    types = [hook.events[0]["type"] for hook in messaging.hooks.received]
    assert types == ["message-sending", "message-sending", "message-delivered"]


def test_retries_stop_after_24_hours(messaging: Messaging) -> None:
    messaging.hooks.reply("down", status=500, path="/status")
    messaging.send(["+15551230000"])
    messaging.run()
    attempts = messaging.emu.ledger(event_type="message-delivered")
    assert len(attempts) == RETRY.retries + 1
    assert all(a["outcome"] == "http_status" for a in attempts)
    span = sent_at(attempts[-1]) - sent_at(attempts[0])
    assert 23 * 3600 < span <= 24 * 3600


def test_a_connection_error_is_retried_too(messaging: Messaging) -> None:
    messaging.emu.update_application(
        "messaging", outbound_callback_url="http://127.0.0.1:9/unreachable"
    )
    messaging.send(["+15551230000"])
    messaging.emu.advance(1)
    (first,) = messaging.emu.ledger(event_type="message-delivered")
    assert first["outcome"] == "connection_error"
    messaging.emu.update_application(
        "messaging", outbound_callback_url=messaging.hooks.url_for("/status")
    )
    messaging.emu.advance(30)
    # The retry goes where the first attempt went: the URL is fixed when the event is sent.
    attempts = messaging.emu.ledger(event_type="message-delivered")
    assert [a["outcome"] for a in attempts] == ["connection_error", "connection_error"]
