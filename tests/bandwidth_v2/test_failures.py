"""Voice v2 BXML webhook failures: HTTP errors, fallbacks, retries, invalid BXML, timeouts."""

from __future__ import annotations

import re
import socket
from datetime import datetime
from typing import Any

import pytest

from tests.bandwidth_v2.conftest import Voice, assert_callback

pytestmark = pytest.mark.usefixtures("whole_milliseconds")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UNDELIVERED = "The answer callback could not be delivered: "


def closed_port_url(path: str = "/answer") -> str:
    """A URL on a loopback port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def seconds(start: str, end: str) -> float:
    def parse(value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))

    return (parse(end) - parse(start)).total_seconds()


def attempts(voice: Voice, call_id: str, event_type: str = "answer") -> list[tuple[Any, ...]]:
    """The ledger's attempts for one event: (target, attempt, url, status, outcome)."""
    return [
        (d["target"], d["attempt"], d["url"], d["response_status"], d["outcome"])
        for d in voice.emu.ledger(call_id=call_id, event_type=event_type)
    ]


def disconnect_of(voice: Voice) -> dict[str, Any]:
    """The one disconnect webhook the inbox got, checked against the spec."""
    (payload,) = [item.payload for item in voice.hooks.received if item.path == "/disconnect"]
    assert_callback(payload)
    return payload


def assert_error_ending(voice: Voice, call_id: str, cause: str, message: str) -> None:
    """The call ended at once on answering with ``cause``; webhook and CallState agree."""
    disconnect = disconnect_of(voice)
    assert (disconnect["cause"], disconnect["errorMessage"]) == (cause, message)
    assert UUID.fullmatch(disconnect["errorId"]), disconnect["errorId"]
    assert disconnect["endTime"] == disconnect["answerTime"]
    state = voice.state(call_id)
    assert (state.state, state.disconnect_cause) == ("disconnected", cause)
    assert (state.error_message, state.error_id) == (message, disconnect["errorId"])


# -- HTTP failures ---------------------------------------------------------------------


def test_answer_reply_500_ends_the_call_with_callback_error(voice: Voice) -> None:
    voice.hooks.reply("<Response><Pause duration='5'/></Response>", path="/answer", status=500)
    call_id = voice.create_call().call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, voice.hooks.url_for("/answer"), 500, "http_status")
    ]
    assert_error_ending(voice, call_id, "callback-error", UNDELIVERED + "the receiver answered 500")
    assert voice.hooks.event_types() == ["answer", "disconnect"]


def test_fallback_answers_after_the_primary_fails(voice: Voice) -> None:
    hooks = voice.hooks
    hooks.reply("busy", path="/answer", status=503, content_type="text/plain")
    hooks.reply(
        "<Response><SpeakSentence>hello</SpeakSentence><Redirect redirectUrl='next'/></Response>",
        path="/fallback/answer",
    )
    hooks.reply("<Response><Pause duration='2'/></Response>", path="/fallback/next")
    call_id = voice.create_call(answer_fallback_url=hooks.url_for("/fallback/answer")).call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, hooks.url_for("/answer"), 503, "http_status"),
        ("fallback", 2, hooks.url_for("/fallback/answer"), 200, "delivered"),
    ]
    # The fallback's relative URL resolves against the fallback URL.
    assert attempts(voice, call_id, "redirect") == [
        ("primary", 1, hooks.url_for("/fallback/next"), 200, "delivered")
    ]
    assert [item.path for item in hooks.received] == [
        "/answer",
        "/fallback/answer",
        "/fallback/next",
        "/disconnect",
    ]
    assert hooks.received[0].payload == hooks.received[1].payload  # the same event, resent
    redirect = hooks.received[2].payload
    assert seconds(redirect["answerTime"], redirect["eventTime"]) == 0.5  # one word
    disconnect = disconnect_of(voice)
    assert disconnect["cause"] == "hangup"
    assert "errorMessage" not in disconnect
    assert "errorId" not in disconnect
    assert seconds(redirect["eventTime"], disconnect["endTime"]) == 2


def test_connection_error_is_retried_once_then_the_fallback(voice: Voice) -> None:
    hooks = voice.hooks
    hooks.reply("<Response><Pause duration='3'/></Response>", path="/fallback")
    primary = closed_port_url()
    call_id = voice.create_call(
        answer_url=primary, answer_fallback_url=hooks.url_for("/fallback")
    ).call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, primary, None, "connection_error"),
        ("primary", 2, primary, None, "connection_error"),
        ("fallback", 3, hooks.url_for("/fallback"), 200, "delivered"),
    ]
    disconnect = disconnect_of(voice)
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["answerTime"], disconnect["endTime"]) == 3


def test_connection_error_without_fallback_is_callback_error(voice: Voice) -> None:
    primary = closed_port_url()
    call_id = voice.create_call(answer_url=primary).call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, primary, None, "connection_error"),
        ("primary", 2, primary, None, "connection_error"),
    ]
    disconnect = disconnect_of(voice)
    assert disconnect["cause"] == "callback-error"
    host_port = primary.split("/")[2]
    assert disconnect["errorMessage"] == (
        f"{UNDELIVERED}cannot connect to {host_port}: Connection refused"
    )
    assert_error_ending(voice, call_id, "callback-error", disconnect["errorMessage"])


def test_failing_fallback_is_callback_error(voice: Voice) -> None:
    hooks = voice.hooks
    hooks.reply("no", path="/answer", status=404, content_type="text/plain")
    hooks.reply("no", path="/fallback", status=502, content_type="text/plain")
    call_id = voice.create_call(answer_fallback_url=hooks.url_for("/fallback")).call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, hooks.url_for("/answer"), 404, "http_status"),
        ("fallback", 2, hooks.url_for("/fallback"), 502, "http_status"),
    ]
    assert_error_ending(voice, call_id, "callback-error", UNDELIVERED + "the receiver answered 502")


# -- invalid BXML ------------------------------------------------------------------------

BOGUS = ("<Response><Bogus/></Response>", "Invalid BXML: unknown element <Bogus> in <Response>")
MALFORMED = (
    "<Response><Pause",
    "Invalid BXML: the BXML document is not well-formed XML: unclosed token: line 1, column 10",
)


@pytest.mark.parametrize(("document", "message"), [BOGUS, MALFORMED])
def test_invalid_bxml_ends_the_call(voice: Voice, document: str, message: str) -> None:
    voice.hooks.reply(document, path="/answer")
    call_id = voice.create_call().call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, voice.hooks.url_for("/answer"), 200, "invalid_reply")
    ]
    assert_error_ending(voice, call_id, "invalid-bxml", message)


@pytest.mark.parametrize(("primary", "fallback"), [(BOGUS, MALFORMED), (MALFORMED, BOGUS)])
def test_invalid_bxml_tries_the_fallback_first(
    voice: Voice, primary: tuple[str, str], fallback: tuple[str, str]
) -> None:
    hooks = voice.hooks
    hooks.reply(primary[0], path="/answer")
    hooks.reply(fallback[0], path="/fallback")
    call_id = voice.create_call(answer_fallback_url=hooks.url_for("/fallback")).call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, hooks.url_for("/answer"), 200, "invalid_reply"),
        ("fallback", 2, hooks.url_for("/fallback"), 200, "invalid_reply"),
    ]
    assert_error_ending(voice, call_id, "invalid-bxml", fallback[1])


def test_valid_fallback_rescues_invalid_bxml(voice: Voice) -> None:
    hooks = voice.hooks
    hooks.reply(BOGUS[0], path="/answer")
    hooks.reply("<Response><Pause duration='4'/></Response>", path="/fallback")
    call_id = voice.create_call(answer_fallback_url=hooks.url_for("/fallback")).call_id
    voice.run()

    assert [outcome for *_, outcome in attempts(voice, call_id)] == ["invalid_reply", "delivered"]
    disconnect = disconnect_of(voice)
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["answerTime"], disconnect["endTime"]) == 4
    assert voice.state(call_id).error_message is None


# -- timeout and empty replies -----------------------------------------------------------


def test_slow_reply_times_out_into_callback_error(voice: Voice) -> None:
    """The one real-time test: the receiver answers after 1.5 s, callbackTimeout is 1 s."""
    voice.hooks.reply("<Response><Pause duration='5'/></Response>", path="/answer", delay=1.5)
    call_id = voice.create_call(callback_timeout=1).call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, voice.hooks.url_for("/answer"), None, "timeout")
    ]
    assert_error_ending(voice, call_id, "callback-error", UNDELIVERED + "no reply within 1 s")


@pytest.mark.parametrize(
    ("body", "status"), [("", 200), ("", 204), ("<Response/>", 200), ("  \n", 200)]
)
def test_empty_reply_hangs_up(voice: Voice, body: str, status: int) -> None:
    voice.hooks.reply(body, path="/answer", status=status)
    call_id = voice.create_call().call_id
    voice.run()

    assert attempts(voice, call_id) == [
        ("primary", 1, voice.hooks.url_for("/answer"), status, "delivered")
    ]
    disconnect = disconnect_of(voice)
    assert disconnect["cause"] == "hangup"
    assert disconnect["endTime"] == disconnect["answerTime"]
    assert "errorMessage" not in disconnect
    state = voice.state(call_id)
    assert (state.disconnect_cause, state.error_message, state.error_id) == ("hangup", None, None)
