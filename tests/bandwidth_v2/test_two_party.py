"""<Transfer>, <Forward> and <Bridge>: B-legs, bridges and their webhooks, end to end."""

from __future__ import annotations

import json
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.webhooks import ReceivedWebhook

from tests.bandwidth_v2.conftest import ANSWERED_INBOUND_FIELDS, Voice, events, seconds
from tests.specs import assert_matches

CALLER = "+15557654321"
BUSY_AGENT = "+15005550001"  # magic number: busy after 1 s
SILENT_AGENT = "+15005550002"  # magic number: never answers
AGENT = "+15551230001"
OTHER_AGENT = "+15551230002"
SCHEMAS = {
    "answer": "answerCallback",
    "bridgeComplete": "bridgeCompleteCallback",
    "bridgeTargetComplete": "bridgeTargetCompleteCallback",
    "disconnect": "disconnectCallback",
    "gather": "gatherCallback",
    "initiate": "initiateCallback",
    "redirect": "redirectCallback",
    "transferAnswer": "transferAnswerCallback",
    "transferComplete": "transferCompleteCallback",
    "transferDisconnect": "transferDisconnectCallback",
}
#: The common fields of an answered inbound call's events (no tag).
INBOUND = ANSWERED_INBOUND_FIELDS
#: A B-leg's events: not queued; the original call's from/to plus the XFER fields.
B_LEG = INBOUND | {"parentCallId", "transferCallerId", "transferTo"}
ENDED = {"endTime", "cause"}
OUTBOUND = INBOUND | {"enqueuedTime"}


# -- helpers ----------------------------------------------------------------------------------


def route_inbound(voice: Voice) -> None:
    voice.emu.update_application(
        "voice",
        call_initiated_callback_url=voice.hooks.url_for("/initiate"),
        call_status_callback_url=voice.hooks.url_for("/status"),
    )


def ring_in(voice: Voice, bxml: str, **caller: Any) -> str:
    """An inbound call from CALLER to the first owned number; ``bxml`` answers initiate."""
    route_inbound(voice)
    voice.hooks.reply(f"<Response>{bxml}</Response>", path="/initiate")
    call = voice.emu.place_inbound_call(voice.emu.numbers[0], from_=CALLER, **caller)
    return str(call["call_id"])


def reply(voice: Voice, path: str, bxml: str) -> None:
    voice.hooks.reply(f"<Response>{bxml}</Response>", path=path)


def received(voice: Voice, event_type: str, **match: str) -> list[dict[str, Any]]:
    """Payloads of ``event_type`` (whose fields equal ``match``), each checked against the
    spec: POSTed as JSON and valid for the event's schema."""
    found = []
    for hook in voice.hooks.received:
        if hook.event_type != event_type:
            continue
        if any(hook.payload.get(key) != value for key, value in match.items()):
            continue
        assert_posted(hook)
        found.append(hook.payload)
    return found


def one(voice: Voice, event_type: str, **match: str) -> dict[str, Any]:
    found = received(voice, event_type, **match)
    assert len(found) == 1, events(voice)
    return found[0]


def assert_posted(hook: ReceivedWebhook) -> None:
    assert hook.method == "POST"
    assert hook.headers["Content-Type"] == "application/json"
    assert_matches("bandwidth.yml", SCHEMAS[hook.payload["eventType"]], hook.payload)


def of_call(voice: Voice, call_id: str) -> list[tuple[str | None, str]]:
    """(eventType, path) of the webhooks about ``call_id``, in order."""
    return [(h.event_type, h.path) for h in voice.hooks.received if h.payload["callId"] == call_id]


def raw_state(voice: Voice, call_id: str) -> dict[str, Any]:
    """getCallState's JSON through the SDK, validated against the spec's ``callState``."""
    response = voice.api.get_call_state_with_http_info(voice.account_id, call_id)
    body: dict[str, Any] = json.loads(response.raw_data)
    assert_matches("bandwidth.yml", "callState", body)
    return body


def phone(number: str, **attributes: str) -> str:
    attrs = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return f"<PhoneNumber{attrs}>{number}</PhoneNumber>"


def agent_urls(voice: Voice) -> dict[str, str]:
    return {
        "transferAnswerUrl": "whisper",
        "transferDisconnectUrl": voice.hooks.url_for("/agent-gone"),
    }


def call_url(voice: Voice, call_id: str) -> str:
    return f"{voice.emu.bandwidth.voice_url}/accounts/{voice.account_id}/calls/{call_id}"


# -- the call-center flow -----------------------------------------------------------------------

MENU = (
    '<Gather gatherUrl="menu" maxDigits="1">'
    "<SpeakSentence>Press one for support</SpeakSentence></Gather>"  # 4 words: 1.6 s
)


def call_center(
    voice: Voice, *, caller_hangs_up: float | None, agent_hangs_up: float | None
) -> str:
    """Caller → menu → "1" → transfer to a busy agent and one answering after 3 s, who hears a
    whisper first. Each side hangs up that long after being answered. Returns the caller's id."""
    agent: dict[str, Any] = {"answer_after": 3}
    if agent_hangs_up is not None:
        agent["hangup_after"] = agent_hangs_up
    voice.emu.set_scenario(AGENT, **agent)
    reply(
        voice,
        "/menu",
        "<SpeakSentence>Connecting you</SpeakSentence>"  # 0.8 s
        f'<Transfer transferCompleteUrl="transfer-complete">'
        f"{phone(BUSY_AGENT, **agent_urls(voice))}{phone(AGENT, **agent_urls(voice))}"
        "</Transfer><SpeakSentence>Never spoken</SpeakSentence>",
    )
    reply(voice, "/whisper", "<SpeakSentence>A customer is waiting</SpeakSentence>")  # 1.6 s
    reply(voice, "/transfer-complete", "<SpeakSentence>Thanks for calling</SpeakSentence>")
    caller: dict[str, Any] = {"digits": [{"at": 1, "digits": "1"}]}
    if caller_hangs_up is not None:
        caller["hangup_after"] = caller_hangs_up
    return ring_in(voice, MENU, **caller)


def assert_b_leg(
    voice: Voice, payload: dict[str, Any], a_id: str, to: str, caller_id: str = CALLER
) -> None:
    """A B-leg event: the original call's from/to, direction outbound, the XFER fields."""
    assert payload["accountId"] == voice.account_id
    assert payload["applicationId"] == voice.emu.application_id()
    assert (payload["from"], payload["to"]) == (CALLER, voice.emu.numbers[0])
    assert payload["direction"] == "outbound"
    assert payload["callId"] != a_id
    assert payload["callUrl"] == call_url(voice, payload["callId"])
    assert payload["parentCallId"] == a_id
    assert payload["transferCallerId"] == caller_id
    assert payload["transferTo"] == to


def test_call_center_caller_hangs_up_while_bridged(voice: Voice) -> None:
    a_id = call_center(voice, caller_hangs_up=20, agent_hangs_up=None)
    voice.run()

    assert of_call(voice, a_id) == [
        ("initiate", "/initiate"),
        ("gather", "/menu"),
        ("disconnect", "/status"),
    ]
    busy = one(voice, "transferDisconnect", transferTo=BUSY_AGENT)
    answer = one(voice, "transferAnswer")
    b_id = answer["callId"]
    assert of_call(voice, busy["callId"]) == [("transferDisconnect", "/agent-gone")]
    assert of_call(voice, b_id) == [
        ("transferAnswer", "/whisper"),
        ("transferDisconnect", "/agent-gone"),
    ]
    # The caller hung up first: no transferComplete (the A-leg is gone).
    assert received(voice, "transferComplete") == []

    gather = one(voice, "gather")
    start = gather["startTime"]
    assert seconds(gather["eventTime"], start) == 1.0
    # Transfer starts after "Connecting you" (0.8 s): the busy agent gives up 1 s later.
    assert set(busy) == (B_LEG - {"answerTime"}) | ENDED
    assert_b_leg(voice, busy, a_id, BUSY_AGENT)
    assert busy["cause"] == "busy"
    assert seconds(busy["startTime"], start) == 1.8
    assert seconds(busy["endTime"], start) == 2.8
    assert busy["eventTime"] == busy["endTime"]

    assert set(answer) == B_LEG
    assert_b_leg(voice, answer, a_id, AGENT)
    assert seconds(answer["startTime"], start) == 1.8
    assert seconds(answer["answerTime"], start) == 4.8
    assert answer["eventTime"] == answer["answerTime"]

    # The whisper (1.6 s) then the bridge; the caller hangs up 20 s after being answered.
    agent_gone = one(voice, "transferDisconnect", callId=b_id)
    assert set(agent_gone) == B_LEG | ENDED
    assert_b_leg(voice, agent_gone, a_id, AGENT)
    assert agent_gone["cause"] == "hangup"
    assert seconds(agent_gone["endTime"], start) == 20.0
    disconnect = one(voice, "disconnect")
    assert set(disconnect) == INBOUND | ENDED
    assert disconnect["cause"] == "hangup"
    assert disconnect["endTime"] == agent_gone["endTime"]

    b_state = raw_state(voice, b_id)
    assert b_state["parentCallId"] == a_id
    assert (b_state["direction"], b_state["state"]) == ("outbound", "disconnected")
    assert (b_state["from"], b_state["to"]) == (CALLER, AGENT)
    assert b_state["disconnectCause"] == "hangup"
    assert b_state["enqueuedTime"] is None
    assert b_state["answerTime"] == answer["answerTime"]
    assert b_state["endTime"] == agent_gone["endTime"]
    busy_state = voice.state(busy["callId"])
    assert busy_state.parent_call_id == a_id
    assert (busy_state.to, busy_state.disconnect_cause) == (BUSY_AGENT, "busy")
    assert busy_state.answer_time is None
    a_state = raw_state(voice, a_id)
    assert a_state["parentCallId"] is None
    assert a_state["disconnectCause"] == "hangup"


def test_call_center_agent_hangs_up_then_transfer_complete_runs_on_the_caller(
    voice: Voice,
) -> None:
    a_id = call_center(voice, caller_hangs_up=None, agent_hangs_up=10)
    voice.run()

    answer = one(voice, "transferAnswer")
    b_id = answer["callId"]
    # The agent's transferDisconnect is delivered before the caller's transferComplete.
    assert events(voice) == [
        ("initiate", "/initiate"),
        ("gather", "/menu"),
        ("transferDisconnect", "/agent-gone"),
        ("transferAnswer", "/whisper"),
        ("transferDisconnect", "/agent-gone"),
        ("transferComplete", "/transfer-complete"),
        ("disconnect", "/status"),
    ]
    start = answer["startTime"]
    agent_gone = one(voice, "transferDisconnect", callId=b_id)
    # Answered 3 s after ringing began (1.8 s), hung up 10 s later.
    assert seconds(agent_gone["endTime"], start) == 13.0
    complete = one(voice, "transferComplete")
    assert set(complete) == INBOUND | {"transferCallerId", "transferTo", "cause"}
    assert complete["callId"] == a_id
    assert complete["direction"] == "inbound"
    assert (complete["from"], complete["to"]) == (CALLER, voice.emu.numbers[0])
    assert (complete["transferCallerId"], complete["transferTo"]) == (CALLER, AGENT)
    assert complete["cause"] == "hangup"
    assert complete["eventTime"] == agent_gone["endTime"]
    # "Thanks for calling" (1.2 s) runs on the caller, then the document ends: hang-up.
    disconnect = one(voice, "disconnect")
    assert disconnect["callId"] == a_id
    assert seconds(disconnect["endTime"], complete["eventTime"]) == 1.2
    assert voice.state(b_id).disconnect_cause == "hangup"


# -- Transfer: winners, failures, attributes ----------------------------------------------------


def transfer_in(voice: Voice, transfer: str, after: str = "", **caller: Any) -> str:
    """An inbound call whose initiate answers with ``transfer`` (then ``after``)."""
    return ring_in(voice, transfer + after, **caller)


def test_no_target_answers_transfer_complete_carries_the_last_cause(voice: Voice) -> None:
    a_id = transfer_in(
        voice,
        '<Transfer callTimeout="5" transferCompleteUrl="done" tag="transferring">'
        f"{phone(BUSY_AGENT, transferDisconnectUrl='gone')}"
        f"{phone(SILENT_AGENT, transferDisconnectUrl='gone')}</Transfer>",
    )
    reply(voice, "/done", "<SpeakSentence>Nobody is free</SpeakSentence><Tag></Tag>")
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("transferDisconnect", "/gone"),
        ("transferDisconnect", "/gone"),
        ("transferComplete", "/done"),
        ("disconnect", "/status"),
    ]
    busy, silent = received(voice, "transferDisconnect")
    start = busy["startTime"]
    assert (busy["transferTo"], busy["cause"], seconds(busy["endTime"], start)) == (
        BUSY_AGENT,
        "busy",
        1.0,
    )
    assert (silent["transferTo"], silent["cause"], seconds(silent["endTime"], start)) == (
        SILENT_AGENT,
        "timeout",
        5.0,
    )
    for leg in (busy, silent):
        assert set(leg) == (B_LEG - {"answerTime"}) | ENDED | {"tag"}
        assert leg["tag"] == "transferring"  # a B-leg starts with the A-leg's tag
    complete = one(voice, "transferComplete")
    assert complete["callId"] == a_id
    assert complete["tag"] == "transferring"
    assert (complete["transferTo"], complete["cause"]) == (SILENT_AGENT, "timeout")
    assert "errorMessage" not in complete
    assert complete["eventTime"] == silent["endTime"]
    disconnect = one(voice, "disconnect")
    assert "tag" not in disconnect  # <Tag></Tag> cleared it
    assert seconds(disconnect["endTime"], complete["eventTime"]) == 1.2


def test_transfer_legs_beyond_the_concurrent_call_limit_fail_with_account_limit(
    voice: Voice,
) -> None:
    # The caller holds one of the two calls allowed: the first agent gets the other, the
    # second agent's leg fails at once (reference §3: a transfer can fail "rate limited").
    voice.emu.set_limits(max_active_calls=2)
    a_id = transfer_in(
        voice,
        '<Transfer transferCompleteUrl="done">'
        f"{phone(AGENT, transferDisconnectUrl='gone')}"
        f"{phone(OTHER_AGENT, transferDisconnectUrl='gone')}</Transfer>",
        hangup_after=20,
    )
    voice.run()

    refused, first = received(voice, "transferDisconnect")  # in the order they ended
    assert (refused["transferTo"], refused["cause"]) == (OTHER_AGENT, "account-limit")
    assert refused["errorMessage"] == "Account concurrent call limit exceeded"
    assert refused["endTime"] == refused["startTime"]
    assert set(refused) == (B_LEG - {"answerTime"}) | ENDED | {"errorMessage", "errorId"}
    assert first["transferTo"] == AGENT  # answered, bridged, hung up when the caller left
    assert "answerTime" in first
    assert voice.state(a_id).disconnect_cause == "hangup"


def test_transfer_with_no_call_left_under_the_limit_completes_with_account_limit(
    voice: Voice,
) -> None:
    voice.emu.set_limits(max_active_calls=1)
    a_id = transfer_in(voice, f'<Transfer transferCompleteUrl="done">{phone(AGENT)}</Transfer>')
    reply(voice, "/done", "<Hangup/>")
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("transferComplete", "/done"),
        ("disconnect", "/status"),
    ]
    complete = one(voice, "transferComplete", callId=a_id)
    assert (complete["transferTo"], complete["cause"]) == (AGENT, "account-limit")
    assert complete["errorMessage"] == "Account concurrent call limit exceeded"
    (leg,) = [call for call in voice.api.list_calls(voice.account_id) if call.call_id != a_id]
    assert (leg.parent_call_id, leg.state, leg.disconnect_cause) == (
        a_id,
        "disconnected",
        "account-limit",
    )


def test_without_transfer_complete_url_the_next_verb_runs(voice: Voice) -> None:
    transfer_in(
        voice,
        f"<Transfer>{phone(BUSY_AGENT)}</Transfer>",
        "<SpeakSentence>Please call again later</SpeakSentence>",  # 4 words: 1.6 s
    )
    voice.run()

    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    disconnect = one(voice, "disconnect")
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["endTime"], disconnect["startTime"]) == 2.6


def test_first_to_answer_wins_the_others_are_cancelled(voice: Voice) -> None:
    voice.emu.set_scenario(AGENT, answer_after=2, hangup_after=4)
    voice.emu.set_scenario(OTHER_AGENT, answer_after=3)
    urls = {"transferAnswerUrl": "answered", "transferDisconnectUrl": "gone"}
    transfer_in(
        voice,
        f'<Transfer transferCompleteUrl="done">{phone(OTHER_AGENT, **urls)}'
        f"{phone(AGENT, **urls)}</Transfer>",
    )
    voice.run()

    answer = one(voice, "transferAnswer")
    assert answer["transferTo"] == AGENT
    cancelled = one(voice, "transferDisconnect", transferTo=OTHER_AGENT)
    assert of_call(voice, cancelled["callId"]) == [("transferDisconnect", "/gone")]
    assert of_call(voice, answer["callId"]) == [
        ("transferAnswer", "/answered"),
        ("transferDisconnect", "/gone"),
    ]
    assert events(voice)[-2:] == [("transferComplete", "/done"), ("disconnect", "/status")]
    assert cancelled["cause"] == "cancel"
    assert cancelled["endTime"] == answer["answerTime"]
    assert "answerTime" not in cancelled
    winner = one(voice, "transferDisconnect", transferTo=AGENT)
    assert (winner["cause"], seconds(winner["endTime"], winner["answerTime"])) == ("hangup", 4.0)
    assert one(voice, "transferComplete")["transferTo"] == AGENT


def test_caller_hangs_up_while_the_targets_ring(voice: Voice) -> None:
    a_id = transfer_in(
        voice,
        '<Transfer transferCompleteUrl="done">'
        f"{phone(SILENT_AGENT, transferDisconnectUrl='gone')}"
        f"{phone(SILENT_AGENT, transferDisconnectUrl='gone')}</Transfer>",
        hangup_after=4,
    )
    voice.run()

    assert received(voice, "transferComplete") == []
    assert of_call(voice, a_id) == [("initiate", "/initiate"), ("disconnect", "/status")]
    legs = received(voice, "transferDisconnect")
    assert len(legs) == 2
    disconnect = one(voice, "disconnect")
    for leg in legs:
        assert leg["cause"] == "cancel"
        assert leg["endTime"] == disconnect["endTime"]
        assert voice.state(leg["callId"]).disconnect_cause == "cancel"
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 4.0


def test_transfer_answer_reply_with_a_forbidden_verb_is_refused(voice: Voice) -> None:
    transfer_in(
        voice,
        '<Transfer transferCompleteUrl="done">'
        f"{phone(AGENT, transferAnswerUrl='answered', transferDisconnectUrl='gone')}</Transfer>",
    )
    reply(voice, "/answered", f'<SpeakSentence>Hi</SpeakSentence><Forward to="{OTHER_AGENT}"/>')
    reply(voice, "/done", "<Hangup/>")
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("transferAnswer", "/answered"),
        ("transferDisconnect", "/gone"),
        ("transferComplete", "/done"),
        ("disconnect", "/status"),
    ]
    gone = one(voice, "transferDisconnect")
    message = "<Forward> is not allowed in reply to transferAnswer"
    assert set(gone) == B_LEG | ENDED | {"errorMessage", "errorId"}
    assert (gone["cause"], gone["errorMessage"]) == ("invalid-bxml", message)
    assert gone["endTime"] == gone["answerTime"]  # refused whole: "Hi" was never spoken
    complete = one(voice, "transferComplete")
    assert (complete["cause"], complete["errorMessage"]) == ("invalid-bxml", message)
    assert complete["errorId"] == gone["errorId"]
    state = voice.state(gone["callId"])
    assert (state.disconnect_cause, state.error_message) == ("invalid-bxml", message)


def test_caller_id_tags_and_events_of_the_b_leg_carry_the_transfer_fields(voice: Voice) -> None:
    voice.emu.set_scenario(AGENT, digits=[{"at": 1, "digits": "5", "after": "gather"}])
    created = voice.create_call(CALLER)  # outbound A-leg; its far end answers after 1 s
    voice.hooks.reply(
        '<Response><Transfer transferCallerId="Anonymous" tag="a-tag">'
        + phone(AGENT, transferAnswerUrl="answered", tag="b-tag", transferDisconnectUrl="gone")
        + "</Transfer></Response>",
        path="/answer",
    )
    reply(voice, "/answered", '<Gather gatherUrl="gathered" maxDigits="1"/>')
    reply(voice, "/gathered", "<Tag>after-gather</Tag><Hangup/>")
    voice.run()

    a_id = created.call_id
    answer = one(voice, "transferAnswer")
    b_id = answer["callId"]
    assert of_call(voice, b_id) == [
        ("transferAnswer", "/answered"),
        ("gather", "/gathered"),
        ("transferDisconnect", "/gone"),
    ]
    for payload in (answer, one(voice, "gather"), one(voice, "transferDisconnect")):
        # The original (outbound) call's from/to; the B-leg's own caller id and number.
        assert (payload["from"], payload["to"]) == (voice.emu.numbers[0], CALLER)
        assert payload["parentCallId"] == a_id
        assert (payload["transferCallerId"], payload["transferTo"]) == ("Anonymous", AGENT)
    assert answer["tag"] == "b-tag"
    assert one(voice, "gather")["digits"] == "5"
    assert one(voice, "transferDisconnect")["tag"] == "after-gather"
    state = raw_state(voice, b_id)
    assert (state["from"], state["to"], state["parentCallId"]) == ("Anonymous", AGENT, a_id)
    # The B-leg hung up before the bridge: the A-leg's document goes on (and runs out).
    a_disconnect = one(voice, "disconnect")
    assert a_disconnect["callId"] == a_id
    assert a_disconnect["tag"] == "a-tag"
    assert a_disconnect["endTime"] == one(voice, "transferDisconnect")["endTime"]


def test_default_caller_id_of_an_outbound_call_is_the_called_number(voice: Voice) -> None:
    voice.hooks.reply(
        f"<Response><Transfer>{phone(AGENT, transferAnswerUrl='answered')}</Transfer></Response>",
        path="/answer",
    )
    reply(voice, "/answered", "<Hangup/>")
    created = voice.create_call(CALLER)
    voice.run()

    answer = one(voice, "transferAnswer")
    assert answer["transferCallerId"] == CALLER
    assert voice.state(answer["callId"]).var_from == CALLER
    assert voice.state(created.call_id).parent_call_id is None


def test_redirecting_the_a_leg_ends_the_bridge_and_hangs_up_the_b_leg(voice: Voice) -> None:
    a_id = transfer_in(
        voice,
        '<Transfer transferCompleteUrl="done">'
        f"{phone(AGENT, transferDisconnectUrl='gone')}</Transfer>",
    )
    reply(voice, "/redirect", "<SpeakSentence>Back to you</SpeakSentence>")
    voice.emu.advance(5)
    assert voice.state(a_id).state == "answered"
    b_id = voice.api.list_calls(voice.account_id, to=AGENT)[0].call_id
    assert voice.state(b_id).state == "answered"
    body = bandwidth.UpdateCall(state="active", redirect_url=voice.hooks.url_for("/redirect"))
    voice.api.update_call(voice.account_id, a_id, body)
    voice.run()

    assert of_call(voice, a_id) == [
        ("initiate", "/initiate"),
        ("redirect", "/redirect"),
        ("disconnect", "/status"),
    ]
    gone = one(voice, "transferDisconnect")
    assert (gone["callId"], gone["cause"]) == (b_id, "hangup")
    assert gone["endTime"] == one(voice, "redirect")["eventTime"]


def test_eight_targets_ring_at_once_and_the_api_can_hang_up_the_b_leg(voice: Voice) -> None:
    sip = "sip:agent@pbx.example"
    voice.emu.set_scenario(sip, answer_after=2)
    targets = "".join(phone(SILENT_AGENT) for _ in range(7)) + f"<SipUri>{sip}</SipUri>"
    a_id = transfer_in(voice, f'<Transfer transferCompleteUrl="done">{targets}</Transfer>')
    reply(voice, "/done", "<SpeakSentence>The agent left</SpeakSentence>")  # 1.2 s
    voice.emu.advance(1)
    legs = [c for c in voice.api.list_calls(voice.account_id) if c.parent_call_id == a_id]
    assert len(legs) == 8
    assert {leg.state for leg in legs} == {"initiated"}
    assert len({leg.start_time for leg in legs}) == 1
    voice.emu.advance(5)
    legs = [c for c in voice.api.list_calls(voice.account_id) if c.parent_call_id == a_id]
    (winner,) = [leg for leg in legs if leg.to == sip]
    assert winner.state == "answered"
    assert sorted(leg.disconnect_cause or "" for leg in legs if leg is not winner) == ["cancel"] * 7
    voice.api.update_call(voice.account_id, winner.call_id, bandwidth.UpdateCall(state="completed"))
    voice.run()

    assert events(voice) == [
        ("initiate", "/initiate"),
        ("transferComplete", "/done"),
        ("disconnect", "/status"),
    ]
    complete = one(voice, "transferComplete")
    assert (complete["transferTo"], complete["cause"]) == (sip, "hangup")
    assert voice.state(winner.call_id).disconnect_cause == "hangup"
    disconnect = one(voice, "disconnect")
    assert seconds(disconnect["endTime"], complete["eventTime"]) == 1.2


# -- Forward --------------------------------------------------------------------------------------


def forwarded_leg(voice: Voice, to: str) -> bandwidth.CallState:
    (leg,) = voice.api.list_calls(voice.account_id, to=to)
    return leg


def test_forward_connects_the_caller_and_ends_with_the_far_end(voice: Voice) -> None:
    voice.emu.set_scenario(AGENT, answer_after=2, hangup_after=7)
    a_id = ring_in(
        voice,
        f'<Forward to="{AGENT}" diversionTreatment="stack" diversionReason="user-busy"/>'
        "<SpeakSentence>Never spoken</SpeakSentence>",
    )
    voice.run()

    # The application has no further control: initiate, then disconnect when a leg ends.
    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    disconnect = one(voice, "disconnect")
    assert set(disconnect) == INBOUND | ENDED
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["answerTime"], disconnect["startTime"]) == 2.0
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 7.0
    leg = forwarded_leg(voice, AGENT)
    # From defaults to the number the caller dialled; the leg is not a transfer B-leg.
    assert (leg.var_from, leg.direction, leg.parent_call_id) == (
        voice.emu.numbers[0],
        "outbound",
        None,
    )
    assert (leg.state, leg.disconnect_cause) == ("disconnected", "hangup")
    assert leg.enqueued_time is None
    assert leg.answer_time == voice.state(a_id).answer_time


def test_forward_goes_through_even_at_the_concurrent_call_limit(voice: Voice) -> None:
    # "A rate-limit hit still lets the call through" (reference §4, Forward).
    voice.emu.set_limits(max_active_calls=1)
    voice.emu.set_scenario(AGENT, answer_after=2, hangup_after=7)
    ring_in(voice, f'<Forward to="{AGENT}"/>')
    voice.run()

    leg = forwarded_leg(voice, AGENT)
    assert (leg.state, leg.disconnect_cause) == ("disconnected", "hangup")
    assert leg.answer_time is not None


def test_forward_to_a_busy_number_rejects_the_caller_with_busy(voice: Voice) -> None:
    a_id = ring_in(voice, f'<Forward to="{BUSY_AGENT}" from="+15550009999"/>')
    voice.run()

    disconnect = one(voice, "disconnect")
    assert set(disconnect) == (INBOUND - {"answerTime"}) | ENDED
    assert disconnect["cause"] == "busy"
    state = voice.state(a_id)
    assert (state.disconnect_cause, state.answer_time) == ("busy", None)
    leg = forwarded_leg(voice, BUSY_AGENT)
    assert (leg.var_from, leg.disconnect_cause) == ("+15550009999", "busy")


def test_caller_hanging_up_ends_the_forwarded_leg_and_redirects_are_refused(
    voice: Voice,
) -> None:
    a_id = ring_in(voice, f'<Forward to="{AGENT}" callTimeout="10"/>', hangup_after=5)
    voice.emu.advance(3)
    assert voice.state(a_id).state == "answered"
    body = bandwidth.UpdateCall(state="active", redirect_url=voice.hooks.url_for("/redirect"))
    with pytest.raises(bandwidth.ApiException) as error:
        voice.api.update_call(voice.account_id, a_id, body)
    assert error.value.status == 409
    assert json.loads(str(error.value.body))["description"] == (
        f"Call [{a_id}] cannot be modified in its current state"
    )
    voice.run()

    assert events(voice) == [("initiate", "/initiate"), ("disconnect", "/status")]
    disconnect = one(voice, "disconnect")
    leg = forwarded_leg(voice, AGENT)
    assert leg.disconnect_cause == "hangup"
    assert leg.end_time == voice.state(a_id).end_time
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 5.0


# -- Bridge ---------------------------------------------------------------------------------------


def outbound(voice: Voice, to: str, name: str, bxml: str) -> str:
    """An outbound call whose answer (at ``/answer-{name}``) replies with ``bxml``."""
    reply(voice, f"/answer-{name}", bxml)
    created = voice.create_call(
        to,
        answer_url=voice.hooks.url_for(f"/answer-{name}"),
        disconnect_url=voice.hooks.url_for(f"/disconnect-{name}"),
    )
    return str(created.call_id)


def bridge_to(target: str) -> str:
    return (
        '<Bridge bridgeCompleteUrl="bridge-done" bridgeTargetCompleteUrl="target-done"'
        f' tag="bridging">{target}</Bridge><SpeakSentence>Never spoken</SpeakSentence>'
    )


def test_bridge_then_the_caller_leaves_and_the_target_gets_bridge_target_complete(
    voice: Voice,
) -> None:
    voice.emu.set_scenario(OTHER_AGENT, hangup_after=10)
    target = outbound(voice, AGENT, "target", '<Pause duration="60"/>')
    voice.emu.advance(2)  # the target answered after 1 s and waits
    caller = outbound(
        voice, OTHER_AGENT, "caller", "<SpeakSentence>Joining</SpeakSentence>" + bridge_to(target)
    )
    reply(voice, "/target-done", "<SpeakSentence>Bye now</SpeakSentence>")  # 0.8 s
    voice.run()

    # The caller's disconnect and the target's bridgeTargetComplete happen at the same instant;
    # webhooks of different calls are not ordered among themselves.
    assert of_call(voice, caller) == [
        ("answer", "/answer-caller"),
        ("disconnect", "/disconnect-caller"),
    ]
    assert of_call(voice, target) == [
        ("answer", "/answer-target"),
        ("bridgeTargetComplete", "/target-done"),
        ("disconnect", "/disconnect-target"),
    ]
    assert received(voice, "bridgeComplete") == []
    left = one(voice, "disconnect", callId=caller)
    assert left["tag"] == "bridging"
    assert seconds(left["endTime"], left["answerTime"]) == 10.0
    target_complete = one(voice, "bridgeTargetComplete")
    assert set(target_complete) == OUTBOUND
    assert target_complete["callId"] == target
    assert target_complete["eventTime"] == left["endTime"]
    ended = one(voice, "disconnect", callId=target)
    assert ended["cause"] == "hangup"
    # Its <Pause duration="60"> was cancelled by the bridge.
    assert seconds(ended["endTime"], target_complete["eventTime"]) == 0.8


def test_bridge_target_hangs_up_and_the_caller_gets_bridge_complete(voice: Voice) -> None:
    voice.emu.set_scenario(AGENT, hangup_after=8)
    target = outbound(voice, AGENT, "target", '<Pause duration="60"/>')
    voice.emu.advance(2)
    caller = outbound(voice, OTHER_AGENT, "caller", bridge_to(target))
    reply(voice, "/bridge-done", "<SpeakSentence>They left</SpeakSentence>")  # 0.8 s
    voice.run()

    assert of_call(voice, target) == [
        ("answer", "/answer-target"),
        ("disconnect", "/disconnect-target"),
    ]
    assert of_call(voice, caller) == [
        ("answer", "/answer-caller"),
        ("bridgeComplete", "/bridge-done"),
        ("disconnect", "/disconnect-caller"),
    ]
    complete = one(voice, "bridgeComplete")
    assert set(complete) == OUTBOUND | {"tag"}
    assert (complete["callId"], complete["tag"]) == (caller, "bridging")
    target_gone = one(voice, "disconnect", callId=target)
    assert complete["eventTime"] == target_gone["endTime"]
    assert seconds(target_gone["endTime"], target_gone["answerTime"]) == 8.0
    caller_gone = one(voice, "disconnect", callId=caller)
    assert seconds(caller_gone["endTime"], complete["eventTime"]) == 0.8


def place_ringing(voice: Voice) -> str:
    return outbound(voice, SILENT_AGENT, "target", "")


def place_ended(voice: Voice) -> str:
    return outbound(voice, BUSY_AGENT, "target", "")


def place_bridged(voice: Voice) -> str:
    target = outbound(voice, AGENT, "target", '<Pause duration="60"/>')
    voice.emu.advance(2)
    outbound(voice, AGENT, "first", f"<Bridge>{target}</Bridge>")
    return target


def place_forwarding(voice: Voice) -> str:
    return ring_in(voice, f'<Forward to="{AGENT}"/>')


@pytest.mark.parametrize(
    ("place", "cause", "message"),
    [
        (
            lambda voice: "c-00000000-00000000-0000-0000-0000-000000000000",
            "unknown",
            "was not found",
        ),
        (place_ringing, "unknown", "has not been answered yet"),
        (place_ended, "unknown", "has already ended"),
        (place_bridged, "busy", "is already bridged with another call"),
        (place_forwarding, "busy", "is being forwarded"),
    ],
    ids=["unknown", "unanswered", "ended", "bridged", "forwarding"],
)
def test_bridge_failures_send_bridge_complete_with_the_cause(
    voice: Voice, place: Any, cause: str, message: str
) -> None:
    target = place(voice)
    voice.emu.advance(3)
    caller = outbound(voice, OTHER_AGENT, "caller", bridge_to(target))
    reply(voice, "/bridge-done", "<SpeakSentence>Sorry</SpeakSentence>")  # 0.5 s
    voice.emu.advance(3)

    complete = one(voice, "bridgeComplete")
    assert set(complete) == OUTBOUND | {"tag", "cause", "errorMessage", "errorId"}
    assert complete["callId"] == caller
    assert complete["cause"] == cause
    assert complete["errorMessage"] == f"Call {target} {message}"
    assert complete["eventTime"] == complete["answerTime"]
    disconnect = one(voice, "disconnect", callId=caller)
    assert seconds(disconnect["endTime"], complete["eventTime"]) == 0.5
    assert received(voice, "bridgeTargetComplete") == []
    voice.emu.run_until_idle()


def test_bridge_failure_without_bridge_complete_url_goes_on_with_the_next_verb(
    voice: Voice,
) -> None:
    caller = outbound(
        voice,
        OTHER_AGENT,
        "caller",
        "<Bridge>c-00000000-00000000-0000-0000-0000-000000000000</Bridge>"
        "<SpeakSentence>Nobody there</SpeakSentence>",  # 0.8 s
    )
    voice.run()

    assert events(voice) == [("answer", "/answer-caller"), ("disconnect", "/disconnect-caller")]
    disconnect = one(voice, "disconnect", callId=caller)
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == 0.8
