"""The webhook dispatcher against a real local receiver: every outcome and its ledger rows."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from pytest_telephony_emulator.webhooks import WebhookInbox
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.ids import IdFactory
from telephony_emulator.storage.db import Database, make_engine
from telephony_emulator.storage.models import WebhookDeliveryRow
from telephony_emulator.storage.repos.ledger import LedgerFilter
from telephony_emulator.webhooks.dispatcher import WebhookDispatcher
from telephony_emulator.webhooks.ledger import Ledger
from telephony_emulator.webhooks.models import (
    RETRY_ONCE_ON_CONNECTION_ERROR,
    BasicAuth,
    Endpoint,
    Failure,
    WebhookRequest,
)

START = 1_767_225_600.0
BXML = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'


@dataclass
class Wiring:
    dispatcher: WebhookDispatcher
    ledger: Ledger
    scheduler: Scheduler


@pytest.fixture
async def wiring() -> AsyncIterator[Wiring]:
    database = Database(make_engine("sqlite+aiosqlite://"))
    await database.start()
    clock = VirtualClock(start=START, rate=0.0)
    scheduler = Scheduler(clock)
    ledger = Ledger(database)
    dispatcher = WebhookDispatcher(ledger, scheduler, clock, IdFactory(7))
    await dispatcher.start()
    try:
        yield Wiring(dispatcher, ledger, scheduler)
    finally:
        await dispatcher.close()
        await scheduler.stop()
        await database.close()


@pytest.fixture
def refused_url() -> str:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def request(primary: Endpoint, **extra: object) -> WebhookRequest:
    fields: dict[str, object] = {
        "event_type": "answer",
        "payload": {"eventType": "answer", "callId": "c-1", "tag": None, "startTime": "t"},
        "primary": primary,
        "surface": "bandwidth_voice_v2",
        "account_id": "9900000",
        "call_id": "c-1",
        "timeout": 2.0,
    }
    fields.update(extra)
    return WebhookRequest(**fields)  # type: ignore[arg-type]


async def rows(ledger: Ledger) -> list[WebhookDeliveryRow]:
    return await ledger.list(LedgerFilter())


async def test_success_posts_json_and_hands_back_the_reply(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    telephony_webhooks.reply(BXML, path="/answer")
    endpoint = Endpoint(telephony_webhooks.url_for("/answer"), "POST", BasicAuth("me", "pw"))
    outcome = await wiring.dispatcher.deliver(request(endpoint))

    assert outcome.ok
    assert outcome.reply is not None
    assert outcome.reply.status == 200
    assert outcome.reply.body == BXML
    assert outcome.reply.url == endpoint.url
    (received,) = telephony_webhooks.received
    assert received.method == "POST"
    assert received.json == {"eventType": "answer", "callId": "c-1", "tag": None, "startTime": "t"}
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["Authorization"] == "Basic " + base64.b64encode(b"me:pw").decode()

    (row,) = await rows(wiring.ledger)
    assert row.delivery_id == outcome.delivery_id
    assert (row.account_id, row.call_id, row.event_type) == ("9900000", "c-1", "answer")
    assert (row.target, row.attempt, row.method, row.url) == ("primary", 1, "POST", endpoint.url)
    assert json.loads(row.request_body) == received.json
    assert row.request_headers["Authorization"] == received.headers["Authorization"]
    assert row.response_status == 200
    assert row.response_body == BXML
    assert row.response_headers is not None
    assert row.response_headers["Content-Type"] == "application/xml"
    assert row.outcome == "delivered"
    assert row.error is None
    assert row.latency_ms > 0
    assert row.sent_at.timestamp() == START


async def test_get_sends_the_payload_as_query_parameters(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    endpoint = Endpoint(telephony_webhooks.url_for("/status"), "GET")
    payload = {"eventType": "disconnect", "callId": "c-9", "answered": True, "tag": None}
    outcome = await wiring.dispatcher.deliver(request(endpoint, payload=payload))

    assert outcome.ok
    (received,) = telephony_webhooks.received
    assert received.method == "GET"
    assert received.body == b""
    assert received.query == {"eventType": "disconnect", "callId": "c-9", "answered": "true"}
    (row,) = await rows(wiring.ledger)
    assert row.method == "GET"
    assert row.url.startswith(telephony_webhooks.url_for("/status") + "?")
    assert row.request_body == ""
    assert row.response_status == 204


async def test_http_error_without_fallback_fails(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    telephony_webhooks.reply("boom", status=500, content_type="text/plain")
    outcome = await wiring.dispatcher.deliver(request(Endpoint(telephony_webhooks.url)))

    assert not outcome.ok
    assert outcome.failure is Failure.HTTP_STATUS
    assert outcome.error == "the receiver answered 500"
    assert outcome.attempts == 1
    assert outcome.reply is None
    (row,) = await rows(wiring.ledger)
    assert (row.outcome, row.response_status, row.response_body) == ("http_status", 500, "boom")
    assert row.error == "the receiver answered 500"


async def test_timeout_is_recorded(wiring: Wiring, telephony_webhooks: WebhookInbox) -> None:
    telephony_webhooks.reply(BXML, delay=1.0)
    outcome = await wiring.dispatcher.deliver(
        request(Endpoint(telephony_webhooks.url), timeout=0.2)
    )

    assert outcome.failure is Failure.TIMEOUT
    assert outcome.error == "no reply within 0.2 s"
    (row,) = await rows(wiring.ledger)
    assert (row.outcome, row.response_status, row.response_body) == ("timeout", None, None)
    assert row.latency_ms >= 200


async def test_connection_refused_is_retried_once_then_fails(
    wiring: Wiring, refused_url: str
) -> None:
    outcome = await wiring.dispatcher.deliver(
        request(Endpoint(refused_url), retry=RETRY_ONCE_ON_CONNECTION_ERROR)
    )

    assert outcome.failure is Failure.CONNECTION_ERROR
    assert outcome.attempts == 2
    assert not outcome.used_fallback
    ledger = await rows(wiring.ledger)
    assert [(r.target, r.attempt, r.outcome) for r in ledger] == [
        ("primary", 1, "connection_error"),
        ("primary", 2, "connection_error"),
    ]
    assert all(r.error for r in ledger)
    assert len({r.delivery_id for r in ledger}) == 1


async def test_http_errors_are_not_retried(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    telephony_webhooks.reply("nope", status=503)
    outcome = await wiring.dispatcher.deliver(
        request(Endpoint(telephony_webhooks.url), retry=RETRY_ONCE_ON_CONNECTION_ERROR)
    )
    assert outcome.attempts == 1
    assert len(telephony_webhooks.received) == 1


async def test_fallback_succeeds_with_its_own_credentials(
    wiring: Wiring, telephony_webhooks: WebhookInbox, refused_url: str
) -> None:
    telephony_webhooks.reply(BXML, path="/fallback")
    fallback = Endpoint(telephony_webhooks.url_for("/fallback"), "POST", BasicAuth("fb", "secret"))
    outcome = await wiring.dispatcher.deliver(
        request(
            Endpoint(refused_url, "POST", BasicAuth("me", "pw")),
            fallback=fallback,
            retry=RETRY_ONCE_ON_CONNECTION_ERROR,
        )
    )

    assert outcome.ok
    assert outcome.used_fallback
    assert outcome.attempts == 3
    assert outcome.reply is not None
    assert outcome.reply.url == fallback.url
    (received,) = telephony_webhooks.received
    assert received.headers["Authorization"] == "Basic " + base64.b64encode(b"fb:secret").decode()
    ledger = await rows(wiring.ledger)
    assert [(r.target, r.attempt, r.outcome) for r in ledger] == [
        ("primary", 1, "connection_error"),
        ("primary", 2, "connection_error"),
        ("fallback", 3, "delivered"),
    ]


async def test_fallback_failure_reports_the_last_error(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    telephony_webhooks.reply("primary down", status=500, path="/primary")
    telephony_webhooks.reply("fallback down", status=502, path="/fallback")
    outcome = await wiring.dispatcher.deliver(
        request(
            Endpoint(telephony_webhooks.url_for("/primary")),
            fallback=Endpoint(telephony_webhooks.url_for("/fallback"), "GET"),
        )
    )

    assert outcome.failure is Failure.HTTP_STATUS
    assert outcome.error == "the receiver answered 502"
    assert outcome.used_fallback
    ledger = await rows(wiring.ledger)
    assert [(r.target, r.method, r.response_status) for r in ledger] == [
        ("primary", "POST", 500),
        ("fallback", "GET", 502),
    ]


async def test_refused_reply_goes_to_the_fallback(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    telephony_webhooks.reply("<NotBxml/>", path="/primary")
    telephony_webhooks.reply(BXML, path="/fallback")

    def must_be_bxml(reply: object) -> str | None:
        body = getattr(reply, "body", "")
        return None if "<Response>" in body else "not a BXML document"

    outcome = await wiring.dispatcher.deliver(
        request(
            Endpoint(telephony_webhooks.url_for("/primary")),
            fallback=Endpoint(telephony_webhooks.url_for("/fallback")),
            validate_reply=must_be_bxml,
        )
    )
    assert outcome.ok
    assert outcome.reply is not None
    assert outcome.reply.body == BXML
    ledger = await rows(wiring.ledger)
    assert [(r.target, r.outcome, r.error) for r in ledger] == [
        ("primary", "invalid_reply", "not a BXML document"),
        ("fallback", "delivered", None),
    ]


async def test_deliveries_of_one_call_keep_their_order(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    # The first webhook is slow to answer; the later ones must still wait for it.
    telephony_webhooks.reply("", status=204, event_type="first", delay=0.3)
    endpoint = Endpoint(telephony_webhooks.url)
    futures = [
        wiring.dispatcher.send(request(endpoint, event_type=name, payload={"eventType": name}))
        for name in ("first", "second", "third")
    ]
    other_call = wiring.dispatcher.send(
        request(endpoint, event_type="other", payload={"eventType": "other"}, call_id="c-2")
    )
    outcomes = await asyncio.gather(*futures, other_call)

    assert all(outcome.ok for outcome in outcomes)
    events = telephony_webhooks.event_types()
    assert [e for e in events if e != "other"] == ["first", "second", "third"]
    # Another call is not held up by the slow one.
    assert events.index("other") < events.index("second")


async def test_run_until_idle_waits_for_deliveries_in_flight(
    wiring: Wiring, telephony_webhooks: WebhookInbox
) -> None:
    telephony_webhooks.reply("", status=204, delay=0.2)
    future = wiring.dispatcher.send(request(Endpoint(telephony_webhooks.url)))
    report = await wiring.scheduler.run_until_idle()
    assert report.stopped_by is None
    assert future.done()
    assert len(await rows(wiring.ledger)) == 1


async def test_reply_bodies_are_bounded(wiring: Wiring, telephony_webhooks: WebhookInbox) -> None:
    telephony_webhooks.reply("x" * 200_000, status=200, content_type="text/plain")
    outcome = await wiring.dispatcher.deliver(request(Endpoint(telephony_webhooks.url)))
    assert outcome.reply is not None
    assert len(outcome.reply.body) == 64 * 1024
    (row,) = await rows(wiring.ledger)
    assert row.response_body is not None
    assert len(row.response_body) == 64 * 1024
