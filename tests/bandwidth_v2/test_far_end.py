"""Voice v2 far ends through the SDK: magic numbers, scenarios, AMD, live drivers, cancelling."""

from __future__ import annotations

import json
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import ControlError
from pytest_telephony_emulator.webhooks import ReceivedWebhook

from tests.bandwidth_v2.conftest import (
    INBOUND_FIELDS,
    Voice,
    assert_callback,
    events,
    instant,
    seconds,
)

ORDINARY = "+15551230000"
BUSY, NO_ANSWER, REJECT, MACHINE = "+15005550001", "+15005550002", "+15005550003", "+15005550004"
HANGS_UP_AFTER_30 = "+15005551030"
ANSWERS_AFTER_7 = "+15005552007"
ANSWERS_AFTER_45 = "+15005552045"
#: Numbers whose far end a test sets with a scenario rule (independent of the magic numbers).
SILENT, MACHINE_LINE = "+15551239999", "+15551238888"
SCENARIO_LINES = {SILENT: "no_answer", MACHINE_LINE: "machine"}
LONG_PAUSE = '<Response><Pause duration="100"/></Response>'
HANGUP = "<Response><Hangup/></Response>"
#: Fields of every outbound event before the call is answered.
COMMON = INBOUND_FIELDS | {"enqueuedTime"}
UNANSWERED_DISCONNECT = COMMON | {"endTime", "cause"}
ANSWER = COMMON | {"answerTime"}
ANSWERED_DISCONNECT = ANSWER | {"endTime", "cause"}


# -- helpers ----------------------------------------------------------------------------------


def only(voice: Voice, event_type: str) -> dict[str, Any]:
    """The payload of the single webhook of ``event_type``, validated against the spec."""
    found: list[ReceivedWebhook] = [
        item for item in voice.hooks.received if item.event_type == event_type
    ]
    assert len(found) == 1, events(voice)
    assert found[0].method == "POST"
    payload = found[0].payload
    assert_callback(payload)
    return payload


def assert_call_fields(voice: Voice, payload: dict[str, Any], call_id: str, to: str) -> None:
    """The common call fields of an outbound call's event."""
    assert payload["accountId"] == voice.account_id
    assert payload["applicationId"] == voice.emu.application_id()
    assert payload["from"] == voice.emu.numbers[0]
    assert payload["to"] == to
    assert payload["direction"] == "outbound"
    assert payload["callId"] == call_id
    assert payload["callUrl"] == (
        f"{voice.emu.bandwidth.voice_url}/accounts/{voice.account_id}/calls/{call_id}"
    )
    # The first call of an empty queue is dialled at the instant it was created.
    assert payload["startTime"] == payload["enqueuedTime"]


def assert_unanswered(voice: Voice, call_id: str, to: str, cause: str, rang: float) -> None:
    """Only a disconnect came, ``rang`` seconds after the start, and the state agrees."""
    assert events(voice) == [("disconnect", "/disconnect")]
    disconnect = only(voice, "disconnect")
    assert set(disconnect) == UNANSWERED_DISCONNECT
    assert_call_fields(voice, disconnect, call_id, to)
    assert disconnect["cause"] == cause
    assert seconds(disconnect["endTime"], disconnect["startTime"]) == rang
    assert disconnect["eventTime"] == disconnect["endTime"]
    state = voice.state(call_id)
    assert state.state == "disconnected"
    assert state.disconnect_cause == cause
    assert state.direction == "outbound"
    assert state.answer_time is None
    assert state.error_message is None
    assert state.start_time == state.enqueued_time
    assert seconds(state.end_time, state.start_time) == rang
    assert instant(disconnect["endTime"]) == state.end_time


def assert_answered(voice: Voice, call_id: str, to: str, rang: float, talked: float) -> None:
    """answer after ``rang`` s of ringing, disconnect (hangup) ``talked`` s after the answer."""
    assert events(voice) == [("answer", "/answer"), ("disconnect", "/disconnect")]
    answer = only(voice, "answer")
    assert set(answer) == ANSWER
    assert_call_fields(voice, answer, call_id, to)
    assert seconds(answer["answerTime"], answer["startTime"]) == rang
    assert answer["eventTime"] == answer["answerTime"]
    disconnect = only(voice, "disconnect")
    assert set(disconnect) == ANSWERED_DISCONNECT
    assert_call_fields(voice, disconnect, call_id, to)
    assert disconnect["answerTime"] == answer["answerTime"]
    assert disconnect["cause"] == "hangup"
    assert seconds(disconnect["endTime"], disconnect["answerTime"]) == talked
    state = voice.state(call_id)
    assert state.state == "disconnected"
    assert state.disconnect_cause == "hangup"
    assert seconds(state.answer_time, state.start_time) == rang
    assert seconds(state.end_time, state.answer_time) == talked
    assert instant(disconnect["endTime"]) == state.end_time


def call_once(voice: Voice, to: str, reply: str = LONG_PAUSE, **fields: Any) -> str:
    """Create a call whose answer webhook replies ``reply``, run it to the end; its id."""
    voice.hooks.reply(reply, path="/answer")
    call_id = str(voice.create_call(to, **fields).call_id)
    voice.run()
    return call_id


def complete(voice: Voice, call_id: str) -> None:
    """updateCall state=completed through the SDK."""
    voice.api.update_call(voice.account_id, call_id, bandwidth.UpdateCall(state="completed"))


def dial_target(voice: Voice, to: str) -> str:
    """``to``, after setting the scenario rule that SILENT or MACHINE_LINE stands for."""
    action = SCENARIO_LINES.get(to)
    if action is not None:
        voice.emu.set_scenario(to, action)
    return to


def never_answers(voice: Voice) -> str:
    """A number whose far end rings until callTimeout (a scenario rule)."""
    return dial_target(voice, SILENT)


def answering_machine(voice: Voice) -> str:
    """A number answered by an answering machine after 1 s (a scenario rule)."""
    return dial_target(voice, MACHINE_LINE)


def amd(mode: str, **fields: Any) -> bandwidth.MachineDetectionConfiguration:
    return bandwidth.MachineDetectionConfiguration(mode=mode, **fields)


# -- magic numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("to", "fields", "cause", "rang"),
    [
        pytest.param(BUSY, {}, "busy", 1.0, id="busy"),
        pytest.param(REJECT, {}, "rejected", 1.0, id="reject"),
        pytest.param(NO_ANSWER, {}, "timeout", 30.0, id="no-answer-default"),
        pytest.param(
            NO_ANSWER,
            {"call_timeout": 12},
            "timeout",
            12.0,
            id="no-answer-12",
        ),
        pytest.param(ANSWERS_AFTER_45, {"call_timeout": 30}, "timeout", 30.0, id="slow-answer"),
    ],
)
def test_unanswered_magic_number(
    voice: Voice, to: str, fields: dict[str, Any], cause: str, rang: float
) -> None:
    call_id = call_once(voice, to, **fields)
    assert_unanswered(voice, call_id, to, cause, rang)


@pytest.mark.parametrize(
    ("to", "rang", "talked"),
    [
        pytest.param(ORDINARY, 1.0, 100.0, id="ordinary-stays"),
        pytest.param(ANSWERS_AFTER_7, 7.0, 100.0, id="answers-after-7"),
        pytest.param(HANGS_UP_AFTER_30, 1.0, 30.0, id="hangs-up-after-30"),
        pytest.param(MACHINE, 1.0, 100.0, id="machine-without-detection"),
    ],
)
def test_answered_magic_number(voice: Voice, to: str, rang: float, talked: float) -> None:
    call_id = call_once(voice, to)
    assert_answered(voice, call_id, to, rang, talked)


def test_ordinary_number_hangs_up_when_the_document_runs_out(voice: Voice) -> None:
    call_id = call_once(voice, ORDINARY, reply="")
    assert_answered(voice, call_id, ORDINARY, 1.0, 0.0)


def test_magic_number_call_is_initiated_while_it_rings(voice: Voice) -> None:
    call_id = str(voice.create_call(ANSWERS_AFTER_45, call_timeout=12).call_id)
    assert voice.state(call_id).state == "queued"
    voice.emu.advance(11.5)
    state = voice.state(call_id)
    assert state.state == "initiated"
    assert state.end_time is None
    assert voice.emu.call(call_id)["ringing"] is True
    assert voice.hooks.received == []
    voice.emu.advance(0.5)
    assert voice.state(call_id).state == "disconnected"
    assert voice.emu.call(call_id)["ringing"] is False


# -- scenario rules ----------------------------------------------------------------------------


def test_scenario_busy_overrides_an_ordinary_number_until_cleared(voice: Voice) -> None:
    voice.emu.set_scenario(ORDINARY, "busy")
    busy_id = call_once(voice, ORDINARY)
    assert_unanswered(voice, busy_id, ORDINARY, "busy", 1.0)

    voice.emu.clear_scenario(ORDINARY)
    voice.hooks.clear()
    answered_id = call_once(voice, ORDINARY)
    assert_answered(voice, answered_id, ORDINARY, 1.0, 100.0)


def test_scenario_overrides_a_magic_number(voice: Voice) -> None:
    voice.emu.set_scenario(ANSWERS_AFTER_7, "busy", answer_after=2.5)
    call_id = call_once(voice, ANSWERS_AFTER_7)
    assert_unanswered(voice, call_id, ANSWERS_AFTER_7, "busy", 2.5)


@pytest.mark.parametrize(
    ("action", "rule", "cause", "rang"),
    [
        pytest.param("reject", {"answer_after": 4.0}, "rejected", 4.0, id="reject-after-4"),
        pytest.param("busy", {"answer_after": 0.0}, "busy", 0.0, id="busy-at-once"),
        pytest.param("no_answer", {}, "timeout", 20.0, id="no-answer"),
    ],
)
def test_scenario_unanswered_outcomes(
    voice: Voice, action: str, rule: dict[str, Any], cause: str, rang: float
) -> None:
    voice.emu.set_scenario(ORDINARY, action, **rule)
    call_id = call_once(voice, ORDINARY, call_timeout=20)
    assert_unanswered(voice, call_id, ORDINARY, cause, rang)


def test_scenario_answer_after_and_hangup_after(voice: Voice) -> None:
    voice.emu.set_scenario(ORDINARY, answer_after=3.0, hangup_after=4.5)
    call_id = call_once(voice, ORDINARY)
    assert_answered(voice, call_id, ORDINARY, 3.0, 4.5)


def test_clear_scenario_restores_the_magic_number(voice: Voice) -> None:
    voice.emu.set_scenario(ANSWERS_AFTER_7, "reject")
    voice.emu.clear_scenario(ANSWERS_AFTER_7)
    call_id = call_once(voice, ANSWERS_AFTER_7, call_timeout=5)
    assert_unanswered(voice, call_id, ANSWERS_AFTER_7, "timeout", 5.0)


def test_scenario_digits_pressed_after_the_answer_reach_a_gather(voice: Voice) -> None:
    voice.emu.set_scenario(ORDINARY, digits=[{"at": 2, "digits": "12#"}])
    gather = (
        f'<Response><Gather gatherUrl="{voice.hooks.url_for("/gather")}" terminatingDigits="#"'
        ' firstDigitTimeout="10"/></Response>'
    )
    voice.hooks.reply(HANGUP, path="/gather")
    call_id = call_once(voice, ORDINARY, reply=gather)

    assert events(voice) == [
        ("answer", "/answer"),
        ("gather", "/gather"),
        ("disconnect", "/disconnect"),
    ]
    payload = only(voice, "gather")
    assert set(payload) == ANSWER | {"digits", "terminatingDigit"}
    assert_call_fields(voice, payload, call_id, ORDINARY)
    assert payload["digits"] == "12"
    assert payload["terminatingDigit"] == "#"
    assert seconds(payload["eventTime"], payload["answerTime"]) == 2.0
    disconnect = only(voice, "disconnect")
    assert disconnect["cause"] == "hangup"
    assert disconnect["endTime"] == payload["eventTime"]


# -- answering-machine detection ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("to", "value", "duration"),
    [
        pytest.param(ORDINARY, "human", 2.0, id="human"),
        pytest.param(MACHINE, "answering-machine", 4.0, id="magic-machine"),
        pytest.param(MACHINE_LINE, "answering-machine", 4.0, id="scenario-machine"),
    ],
)
def test_sync_detection_delays_the_answer_webhook(
    voice: Voice, to: str, value: str, duration: float
) -> None:
    call_id = call_once(voice, dial_target(voice, to), reply=HANGUP, machine_detection=amd("sync"))

    assert events(voice) == [("answer", "/answer"), ("disconnect", "/disconnect")]
    answer = only(voice, "answer")
    assert set(answer) == ANSWER | {"machineDetectionResult"}
    assert_call_fields(voice, answer, call_id, to)
    assert answer["machineDetectionResult"] == {"value": value, "duration": f"PT{duration:g}S"}
    assert seconds(answer["answerTime"], answer["startTime"]) == 1.0
    assert seconds(answer["eventTime"], answer["answerTime"]) == duration
    disconnect = only(voice, "disconnect")
    assert "machineDetectionResult" not in disconnect
    assert disconnect["endTime"] == answer["eventTime"]
    assert seconds(voice.state(call_id).end_time, voice.state(call_id).answer_time) == duration


@pytest.mark.parametrize(
    ("to", "value", "duration"),
    [
        pytest.param(ORDINARY, "human", 2.0, id="human"),
        pytest.param(MACHINE, "answering-machine", 4.0, id="magic-machine"),
        pytest.param(MACHINE_LINE, "answering-machine", 4.0, id="scenario-machine"),
    ],
)
def test_async_detection_reports_to_its_callback_url(
    voice: Voice, to: str, value: str, duration: float
) -> None:
    detection = amd("async", callback_url=voice.hooks.url_for("/amd"))
    call_id = call_once(
        voice, dial_target(voice, to), reply=LONG_PAUSE, machine_detection=detection
    )

    assert events(voice) == [
        ("answer", "/answer"),
        ("machineDetectionComplete", "/amd"),
        ("disconnect", "/disconnect"),
    ]
    answer = only(voice, "answer")
    assert set(answer) == ANSWER
    assert answer["eventTime"] == answer["answerTime"]
    complete_ = only(voice, "machineDetectionComplete")
    assert set(complete_) == ANSWER | {"machineDetectionResult"}
    assert_call_fields(voice, complete_, call_id, to)
    assert complete_["answerTime"] == answer["answerTime"]
    assert complete_["machineDetectionResult"] == {
        "value": value,
        "duration": f"PT{duration:g}S",
    }
    assert seconds(complete_["eventTime"], answer["answerTime"]) == duration
    disconnect = only(voice, "disconnect")
    assert seconds(disconnect["endTime"], answer["answerTime"]) == 100.0


def test_async_detection_without_callback_url_sends_nothing_more(voice: Voice) -> None:
    call_once(voice, answering_machine(voice), reply=LONG_PAUSE, machine_detection=amd("async"))
    assert events(voice) == [("answer", "/answer"), ("disconnect", "/disconnect")]
    assert "machineDetectionResult" not in only(voice, "answer")


@pytest.mark.parametrize(
    ("to", "fields", "duration"),
    [
        pytest.param(MACHINE_LINE, {}, 9.0, id="machine-default-threshold"),
        pytest.param(MACHINE_LINE, {"speech_end_threshold": 2}, 6.0, id="machine-speech-end"),
        pytest.param(
            MACHINE_LINE,
            {"speech_end_threshold": 2, "machine_speech_end_threshold": 3},
            7.0,
            id="machine-speech-end-of-machine",
        ),
        pytest.param(ORDINARY, {}, 2.0, id="human-not-delayed"),
    ],
)
def test_delay_result_waits_for_the_end_of_the_greeting(
    voice: Voice, to: str, fields: dict[str, Any], duration: float
) -> None:
    detection = amd("sync", delay_result=True, **fields)
    call_once(voice, dial_target(voice, to), reply=HANGUP, machine_detection=detection)
    answer = only(voice, "answer")
    value = "human" if to == ORDINARY else "answering-machine"
    assert answer["machineDetectionResult"] == {"value": value, "duration": f"PT{duration:g}S"}
    assert seconds(answer["eventTime"], answer["answerTime"]) == duration


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_detection_timeout_shorter_than_the_detection(voice: Voice, mode: str) -> None:
    callback = {"callback_url": voice.hooks.url_for("/amd")} if mode == "async" else {}
    detection = amd(mode, detection_timeout=3, **callback)
    call_once(voice, answering_machine(voice), reply=LONG_PAUSE, machine_detection=detection)
    event = "answer" if mode == "sync" else "machineDetectionComplete"
    payload = only(voice, event)
    assert payload["machineDetectionResult"] == {"value": "timeout", "duration": "PT3S"}
    assert seconds(payload["eventTime"], payload["answerTime"]) == 3.0


@pytest.mark.parametrize(
    ("action", "rule", "value", "duration"),
    [
        pytest.param(
            "answer",
            {"machine_detection": "silence", "detection_seconds": 6},
            "silence",
            6.0,
            id="silence",
        ),
        pytest.param("machine", {}, "answering-machine", 4.0, id="machine-action"),
        pytest.param("answer", {"machine_detection": "error"}, "error", 2.0, id="error"),
        pytest.param(
            "answer",
            {"machine_detection": "answering-machine", "detection_seconds": 2.5},
            "answering-machine",
            2.5,
            id="machine-in-2.5s",
        ),
    ],
)
def test_scenario_overrides_detection(
    voice: Voice, action: str, rule: dict[str, Any], value: str, duration: float
) -> None:
    voice.emu.set_scenario(ORDINARY, action, **rule)
    call_once(voice, ORDINARY, reply=HANGUP, machine_detection=amd("sync"))
    answer = only(voice, "answer")
    assert answer["machineDetectionResult"] == {"value": value, "duration": f"PT{duration:g}S"}
    assert seconds(answer["eventTime"], answer["answerTime"]) == duration


# -- live far-end drivers ----------------------------------------------------------------------


NEVER_ANSWER = [
    pytest.param(SILENT, id="scenario-no-answer"),
    pytest.param(NO_ANSWER, id="magic-no-answer"),
]


@pytest.mark.parametrize("to", NEVER_ANSWER)
def test_driver_answers_a_call_that_would_never_be_answered(voice: Voice, to: str) -> None:
    voice.hooks.reply(LONG_PAUSE, path="/answer")
    call_id = str(voice.create_call(dial_target(voice, to)).call_id)
    voice.emu.advance(3)
    assert voice.emu.call(call_id)["ringing"] is True
    view = voice.emu.answer(call_id)
    assert view["call_id"] == call_id
    voice.run()
    assert_answered(voice, call_id, to, 3.0, 100.0)


def test_advance_waits_for_the_answer_webhook_a_driver_started(voice: Voice) -> None:
    voice.hooks.reply(LONG_PAUSE, path="/answer", delay=0.3)
    call_id = str(voice.create_call(never_answers(voice)).call_id)
    voice.emu.advance(3)
    voice.emu.answer(call_id)
    voice.emu.advance(5)
    voice.run()
    state = voice.state(call_id)
    assert seconds(state.end_time, state.answer_time) == 100.0


@pytest.mark.parametrize(
    ("driver", "cause"), [pytest.param("reject", "rejected"), pytest.param("busy", "busy")]
)
def test_driver_ends_a_ringing_call(voice: Voice, driver: str, cause: str) -> None:
    call_id = str(voice.create_call(never_answers(voice)).call_id)
    voice.emu.advance(3)
    getattr(voice.emu, driver)(call_id)
    voice.run()
    assert_unanswered(voice, call_id, SILENT, cause, 3.0)


def test_driver_hangup_stops_the_running_verb(voice: Voice) -> None:
    voice.hooks.reply(LONG_PAUSE, path="/answer")
    call_id = str(voice.create_call(ORDINARY).call_id)
    voice.emu.advance(11)
    assert voice.state(call_id).state == "answered"
    view = voice.emu.hangup(call_id)
    assert view["state"] == "disconnected"
    assert view["cause"] == "hangup"
    voice.run()
    assert_answered(voice, call_id, ORDINARY, 1.0, 10.0)


def test_driver_press_reaches_a_running_gather(voice: Voice) -> None:
    gather = (
        f'<Response><Gather gatherUrl="{voice.hooks.url_for("/gather")}" maxDigits="2"/></Response>'
    )
    voice.hooks.reply(gather, path="/answer")
    voice.hooks.reply(HANGUP, path="/gather")
    call_id = str(voice.create_call(ORDINARY).call_id)
    voice.emu.advance(3.5)
    view = voice.emu.press(call_id, "42")
    # the driver answers once the press's consequences ran: gather webhook, then <Hangup/>
    assert view["state"] == "disconnected"
    assert view["cause"] == "hangup"
    voice.run()

    assert events(voice) == [
        ("answer", "/answer"),
        ("gather", "/gather"),
        ("disconnect", "/disconnect"),
    ]
    payload = only(voice, "gather")
    assert payload["digits"] == "42"
    assert payload["terminatingDigit"] == ""
    assert seconds(payload["eventTime"], payload["answerTime"]) == 2.5


def test_press_on_an_unanswered_call_conflicts(voice: Voice) -> None:
    call_id = str(voice.create_call(never_answers(voice)).call_id)
    voice.emu.advance(0.5)
    with pytest.raises(ControlError) as caught:
        voice.emu.press(call_id, "1")
    assert caught.value.status == 409
    assert voice.emu.call(call_id)["ringing"] is True


def test_answer_on_an_answered_call_conflicts(voice: Voice) -> None:
    voice.hooks.reply(LONG_PAUSE, path="/answer")
    call_id = str(voice.create_call(ORDINARY).call_id)
    voice.emu.advance(2)
    for driver in (voice.emu.answer, voice.emu.reject, voice.emu.busy):
        with pytest.raises(ControlError) as caught:
            driver(call_id)
        assert caught.value.status == 409
    assert voice.state(call_id).state == "answered"


DRIVERS = ["answer", "reject", "busy", "hangup", "press"]


def drive(voice: Voice, driver: str, call_id: str) -> dict[str, Any]:
    if driver == "press":
        return voice.emu.press(call_id, "1")
    result: dict[str, Any] = getattr(voice.emu, driver)(call_id)
    return result


@pytest.mark.parametrize("driver", DRIVERS)
def test_drivers_on_an_ended_call_conflict(voice: Voice, driver: str) -> None:
    voice.emu.set_scenario(SILENT, "busy")
    call_id = call_once(voice, SILENT)
    with pytest.raises(ControlError) as caught:
        drive(voice, driver, call_id)
    assert caught.value.status == 409
    voice.run()
    assert events(voice) == [("disconnect", "/disconnect")]
    assert voice.state(call_id).disconnect_cause == "busy"


@pytest.mark.parametrize("driver", DRIVERS)
def test_drivers_on_an_unknown_call_are_not_found(voice: Voice, driver: str) -> None:
    with pytest.raises(ControlError) as caught:
        drive(voice, driver, "c-00000000-00000000-0000-0000-0000-000000000000")
    assert caught.value.status == 404


# -- updateCall state=completed ----------------------------------------------------------------


def test_complete_a_queued_call_cancels_it(voice: Voice) -> None:
    voice.hooks.reply(LONG_PAUSE, path="/answer")
    call_id = str(voice.create_call(ORDINARY).call_id)
    assert voice.state(call_id).state == "queued"
    complete(voice, call_id)
    state = voice.state(call_id)
    assert state.state == "disconnected"
    assert state.disconnect_cause == "cancel"
    assert state.start_time is None
    assert state.answer_time is None
    assert state.end_time == state.enqueued_time
    voice.run()

    assert events(voice) == [("disconnect", "/disconnect")]
    disconnect = only(voice, "disconnect")
    assert set(disconnect) == UNANSWERED_DISCONNECT - {"startTime"}
    assert disconnect["cause"] == "cancel"
    assert disconnect["endTime"] == disconnect["enqueuedTime"]
    after = voice.state(call_id)
    assert after.state == "disconnected"
    assert after.start_time is None


@pytest.mark.parametrize("to", [SILENT, NO_ANSWER])
def test_complete_a_ringing_call_cancels_it(voice: Voice, to: str) -> None:
    call_id = str(voice.create_call(dial_target(voice, to)).call_id)
    voice.emu.advance(0.5)
    assert voice.state(call_id).state == "initiated"
    complete(voice, call_id)
    voice.run()
    assert_unanswered(voice, call_id, to, "cancel", 0.5)


def test_complete_an_answered_call_hangs_up(voice: Voice) -> None:
    voice.hooks.reply(LONG_PAUSE, path="/answer")
    call_id = str(voice.create_call(ORDINARY).call_id)
    voice.emu.advance(3)
    complete(voice, call_id)
    voice.run()
    assert_answered(voice, call_id, ORDINARY, 1.0, 2.0)


def test_complete_an_ended_call_conflicts(voice: Voice) -> None:
    voice.emu.set_scenario(SILENT, "reject")
    call_id = call_once(voice, SILENT)
    with pytest.raises(bandwidth.ApiException) as caught:
        complete(voice, call_id)
    assert caught.value.status == 409
    body = json.loads(caught.value.body)
    assert body["type"] == "validation"
    assert body["description"] == f"Call [{call_id}] cannot be modified in its current state"
    assert voice.state(call_id).disconnect_cause == "rejected"
