"""A full IVR on an outbound call, driven by the official SDK, checked webhook by webhook."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from pytest_telephony_emulator.control import ControlError
from pytest_telephony_emulator.webhooks import ReceivedWebhook

from tests.bandwidth_v2.conftest import ANSWERED_OUTBOUND_FIELDS as COMMON
from tests.bandwidth_v2.conftest import Voice, assert_callback, instant, start_on_whole_second

CALLEE = "+15551230000"
GREETING = "<SpeakSentence>Welcome to the demo line</SpeakSentence>"  # 5 words: 2.0 s
MENU = (
    '<Gather gatherUrl="gather" maxDigits="1">'
    "<SpeakSentence>Press one for sales or two for support</SpeakSentence>"  # 8 words: 3.2 s
    "</Gather>"
)
EXTRA_FIELDS: dict[str, set[str]] = {
    "answer": set(),
    "gather": {"digits", "terminatingDigit"},
    "redirect": set(),
    "disconnect": {"endTime", "cause"},
}


def offsets(hooks: list[ReceivedWebhook], origin: datetime) -> list[float]:
    """Each webhook's eventTime in seconds after ``origin``."""
    return [(instant(hook.payload["eventTime"]) - origin).total_seconds() for hook in hooks]


def assert_ivr_payloads(
    voice: Voice, hooks: list[ReceivedWebhook], call_id: str, to: str, call_url: str
) -> None:
    """Every webhook of one outbound call: exact keys, identity fields, schema."""
    for hook in hooks:
        payload = hook.payload
        assert hook.method == "POST"
        assert hook.headers["Content-Type"] == "application/json"
        assert set(payload) == COMMON | EXTRA_FIELDS[payload["eventType"]], payload
        assert payload["callId"] == call_id
        assert payload["accountId"] == voice.account_id
        assert payload["applicationId"] == voice.emu.application_id()
        assert payload["from"] == voice.emu.numbers[0]
        assert payload["to"] == to
        assert payload["direction"] == "outbound"
        assert payload["callUrl"] == call_url
        assert payload["callUrl"].endswith(f"/api/v2/accounts/{voice.account_id}/calls/{call_id}")
        assert_callback(payload)


def reply_ivr(voice: Voice) -> None:
    """The IVR's documents: greeting + menu, then a redirect, then goodbye."""
    voice.hooks.reply(f"<Response>{GREETING}{MENU}</Response>", path="/answer")
    voice.hooks.reply('<Response><Redirect redirectUrl="redirect"/></Response>', path="/gather")
    voice.hooks.reply(
        "<Response><SpeakSentence>Goodbye</SpeakSentence><Hangup/></Response>", path="/redirect"
    )


@pytest.mark.parametrize(
    ("to", "scenario_digits"),
    [
        pytest.param(CALLEE, [{"at": 1, "digits": "2", "after": "gather"}], id="scenario-rule"),
        pytest.param("+15005553200", None, id="magic-number"),
    ],
)
def test_ivr_answer_gather_redirect_hangup(
    voice: Voice, to: str, scenario_digits: list[dict[str, Any]] | None
) -> None:
    if scenario_digits is not None:
        voice.emu.set_scenario(to, "answer", digits=scenario_digits)
    reply_ivr(voice)
    start = start_on_whole_second(voice.emu)

    created = voice.create_call(to)
    call_id = created.call_id
    before = voice.state(call_id)
    assert (before.state, before.direction) == ("queued", "outbound")
    assert before.enqueued_time == created.enqueued_time
    assert before.start_time is None
    assert before.answer_time is None
    assert before.end_time is None
    assert before.disconnect_cause is None
    assert voice.hooks.received == []

    voice.run()

    hooks = voice.hooks.received
    assert [(h.event_type, h.path) for h in hooks] == [
        ("answer", "/answer"),
        ("gather", "/gather"),
        ("redirect", "/redirect"),
        ("disconnect", "/disconnect"),
    ]
    assert_ivr_payloads(voice, hooks, call_id, to, created.call_url)
    answer, gather, redirect, disconnect = (hook.payload for hook in hooks)
    queued = instant(answer["enqueuedTime"])
    assert queued == created.enqueued_time == start
    # Dialled at once, answered 1 s later; greeting 2.0 s, the digit 1 s into the menu,
    # "Goodbye" 0.5 s.
    assert offsets(hooks, queued) == [1.0, 4.0, 4.0, 4.5]
    for payload in (answer, gather, redirect, disconnect):
        assert instant(payload["startTime"]) == queued
        assert instant(payload["answerTime"]) - instant(payload["startTime"]) == timedelta(
            seconds=1
        )
    assert (gather["digits"], gather["terminatingDigit"]) == ("2", "")
    assert disconnect["endTime"] == disconnect["eventTime"]
    assert disconnect["cause"] == "hangup"

    after = voice.state(call_id)
    assert after.state == "disconnected"
    assert after.disconnect_cause == "hangup"
    assert after.error_message is None
    assert after.error_id is None
    assert after.enqueued_time == queued
    assert after.start_time == queued
    assert after.answer_time == queued + timedelta(seconds=1)
    assert after.end_time == instant(disconnect["endTime"]) == queued + timedelta(seconds=4.5)
    deliveries = voice.emu.ledger(call_id=call_id)
    assert [(d["event_type"], d["url"], d["outcome"]) for d in deliveries] == [
        ("answer", voice.hooks.url_for("/answer"), "delivered"),
        ("gather", voice.hooks.url_for("/gather"), "delivered"),
        ("redirect", voice.hooks.url_for("/redirect"), "delivered"),
        ("disconnect", voice.hooks.url_for("/disconnect"), "delivered"),
    ]


def test_ivr_relative_urls_resolve_against_the_document_that_named_them(voice: Voice) -> None:
    voice.emu.set_scenario(CALLEE, digits=[{"at": 0.5, "digits": "7", "after": "gather"}])
    voice.hooks.reply('<Response><Gather gatherUrl="menu/gather" maxDigits="1"/></Response>')
    voice.hooks.reply(
        '<Response><Redirect redirectUrl="../final?step=2"/></Response>', path="/menu/gather"
    )
    voice.hooks.reply(
        '<Response><Redirect redirectUrl="/elsewhere/absolute-path"/></Response>', path="/final"
    )
    voice.hooks.reply("<Response><Hangup/></Response>", path="/elsewhere/absolute-path")
    voice.create_call(CALLEE)
    voice.run()

    assert [(h.event_type, h.path, h.query) for h in voice.hooks.received] == [
        ("answer", "/answer", {}),
        ("gather", "/menu/gather", {}),
        ("redirect", "/final", {"step": "2"}),
        # An absolute path resolves to the receiver's root; the receiver routes it back to
        # the inbox of the call's earlier webhooks.
        ("redirect", "/elsewhere/absolute-path", {}),
        ("disconnect", "/disconnect", {}),
    ]
    disconnect = voice.hooks.received[-1].payload
    assert disconnect["cause"] == "hangup"
    redirects = voice.emu.ledger(event_type="redirect")
    origin = voice.hooks.url.split("/hooks-")[0]
    assert [d["url"] for d in redirects] == [
        voice.hooks.url_for("/final?step=2"),
        origin + "/elsewhere/absolute-path",
    ]


def test_ivr_with_a_digit_pressed_live_in_the_middle_of_the_gather(voice: Voice) -> None:
    reply_ivr(voice)
    start_on_whole_second(voice.emu)
    created = voice.create_call(CALLEE)
    call_id = created.call_id
    with pytest.raises(ControlError) as queued_press:
        voice.emu.press(call_id, "1")  # nobody has picked up a queued call
    assert queued_press.value.status == 409

    # Answer at 1 s, greeting until 3 s, menu prompt from 3 s to 6.2 s: 4.5 s is mid-prompt.
    voice.emu.advance(4.5)
    assert voice.hooks.event_types() == ["answer"]
    assert voice.emu.call(call_id)["state"] == "answered"
    voice.emu.press(call_id, "1")
    voice.run()

    hooks = voice.hooks.received
    assert [h.event_type for h in hooks] == ["answer", "gather", "redirect", "disconnect"]
    assert_ivr_payloads(voice, hooks, call_id, CALLEE, created.call_url)
    queued = instant(hooks[0].payload["enqueuedTime"])
    assert offsets(hooks, queued) == [1.0, 4.5, 4.5, 5.0]
    assert (hooks[1].payload["digits"], hooks[1].payload["terminatingDigit"]) == ("1", "")
    state = voice.state(call_id)
    assert (state.state, state.disconnect_cause) == ("disconnected", "hangup")
    assert state.end_time == queued + timedelta(seconds=5)
    with pytest.raises(ControlError) as late_press:
        voice.emu.press(call_id, "1")
    assert late_press.value.status == 409


def test_ivr_digits_pressed_before_the_gather_are_dropped(voice: Voice) -> None:
    reply_ivr(voice)
    start_on_whole_second(voice.emu)
    call_id = voice.create_call(CALLEE).call_id
    voice.emu.advance(2)  # during the greeting: no gather collects the digit
    voice.emu.press(call_id, "9")
    voice.emu.advance(2.5)  # mid-menu
    voice.emu.press(call_id, "3")
    voice.run()

    gather = voice.hooks.received[1].payload
    assert gather["eventType"] == "gather"
    assert (gather["digits"], gather["terminatingDigit"]) == ("3", "")


def test_ivr_tag_set_by_create_call_changed_by_tag_verb_then_cleared(voice: Voice) -> None:
    voice.emu.set_scenario(CALLEE, digits=[{"at": 1, "digits": "5", "after": "gather"}])
    voice.hooks.reply(
        '<Response><Tag>menu</Tag><Redirect redirectUrl="redirect"/></Response>', path="/answer"
    )
    voice.hooks.reply(
        '<Response><Gather gatherUrl="gather" tag="" maxDigits="1"/></Response>', path="/redirect"
    )
    voice.hooks.reply(
        '<Response><Redirect redirectUrl="last" tag="goodbye"/></Response>', path="/gather"
    )
    voice.hooks.reply("<Response><Tag/><Tag>final</Tag><Hangup/></Response>", path="/last")
    call_id = voice.create_call(CALLEE, tag="campaign-7").call_id
    voice.run()

    hooks = voice.hooks.received
    assert [(h.event_type, h.payload.get("tag")) for h in hooks] == [
        ("answer", "campaign-7"),
        ("redirect", "menu"),
        ("gather", None),
        ("redirect", "goodbye"),
        ("disconnect", "final"),
    ]
    for hook in hooks:
        extra = EXTRA_FIELDS[hook.payload["eventType"]] | (
            {"tag"} if "tag" in hook.payload else set()
        )
        assert set(hook.payload) == COMMON | extra
        assert_callback(hook.payload)
    assert voice.emu.call(call_id)["tag"] == "final"


def test_ivr_tag_cleared_stays_absent_until_set_again(voice: Voice) -> None:
    voice.hooks.reply('<Response><Tag></Tag><Redirect redirectUrl="redirect"/></Response>')
    voice.hooks.reply("<Response><Hangup/></Response>", path="/redirect")
    voice.create_call(CALLEE, tag="to-be-cleared")
    voice.run()

    assert [(h.event_type, "tag" in h.payload) for h in voice.hooks.received] == [
        ("answer", True),
        ("redirect", False),
        ("disconnect", False),
    ]
