"""Every error of Catapult's call and audio endpoints over the wire (§2.5, §2.6, §3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.voice_helpers import FAR, call_url
from tests.bandwidth_v1.wire import call as raw
from tests.bandwidth_v1.wire import user_url

pytestmark = pytest.mark.usefixtures("catapult_hang_up")


def _error(action: Callable[[], Any]) -> tuple[int | None, str | None, str]:
    with pytest.raises(CatapultError) as raised:
        action()
    return raised.value.status_code, raised.value.code, raised.value.message


@pytest.fixture
def active(catapult: Catapult, telephony_emulator: TelephonyEmulator) -> str:
    """An answered outbound call."""
    call_id: str = catapult.voice.create_call(from_=telephony_emulator.numbers[0], to=FAR)
    telephony_emulator.advance(1)
    return call_id


def test_unknown_calls_and_their_parts_are_not_found(catapult: Catapult, active: str) -> None:
    assert _error(lambda: catapult.voice.get_call("c-doesnotexist")) == (
        404,
        "call-not-found",
        "The call c-doesnotexist could not be found",
    )
    assert _error(lambda: catapult.voice.get_call_event(active, "ce-nope"))[:2] == (
        404,
        "resource-not-found",
    )
    assert _error(lambda: catapult.voice.get_call_gather(active, "nope"))[:2] == (
        404,
        "resource-not-found",
    )


def test_the_body_is_validated_with_catapults_codes(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, active: str
) -> None:
    login, emu = catapult.login, telephony_emulator
    missing = raw(login, "POST", user_url(login, "calls"), json={"from": emu.numbers[0]})
    assert missing.status_code == 400
    assert missing.json() == {
        "category": "bad-request",
        "code": "missing-property",
        "message": "The 'call' resource property 'to' is required but was not specified",
        "details": [
            {"name": "requestMethod", "value": "POST"},
            {"name": "requestPath", "value": f"users/{login.user_id}/calls"},
        ],
    }
    blank = raw(login, "POST", user_url(login, "calls"), json={"from": " ", "to": FAR})
    assert (blank.status_code, blank.json()["code"]) == (400, "blank-property")
    too_long = _error(
        lambda: catapult.voice.create_call(from_=emu.numbers[0], to=FAR, call_timeout=301)
    )
    assert too_long[:2] == (400, "validation-error")
    assert _error(lambda: catapult.voice.send_dtmf_to_call(active, "12x"))[:2] == (
        400,
        "validation-error",
    )
    assert _error(lambda: catapult.voice.update_call(active, state="transferring")) == (
        400,
        "missing-property",
        "The 'call' resource property 'transferTo' is required but was not specified",
    )
    headers = {f"X-H{i}": "v" for i in range(6)}
    too_many = _error(
        lambda: catapult.voice.create_call(from_=emu.numbers[0], to=FAR, sip_headers=headers)
    )
    assert too_many[:2] == (400, "validation-error")
    sip = catapult.voice.create_call(
        from_=emu.numbers[0], to="sip:someone@example.com", sip_headers={"X-Ticket": "42"}
    )
    # (raw: the SDK snake-cases the header names it reads back)
    assert raw(login, "GET", call_url(login, sip)).json()["sipHeaders"] == {"X-Ticket": "42"}
    not_json = raw(login, "POST", call_url(login, active), data=b"{nope")
    assert (not_json.status_code, not_json.json()["code"]) == (400, "validation-error")


def test_numbers_and_users_that_are_not_yours_are_refused(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    login = catapult.login
    assert _error(lambda: catapult.voice.create_call(from_="+19995550000", to=FAR)) == (
        401,
        "number-access-denied",
        f"User {login.user_id} does not have permission to use number +19995550000",
    )
    other = raw(login, "GET", f"{login.base_url}/v1/users/u-someoneelse/calls")
    assert (other.status_code, other.json()["category"], other.json()["code"]) == (
        401,
        "authorization",
        "user-access-denied",
    )
    bad_to = _error(
        lambda: catapult.voice.create_call(from_=telephony_emulator.numbers[0], to="12345")
    )
    assert bad_to[:2] == (403, "invalid-call-to-number")
    no_bridge = _error(
        lambda: catapult.voice.create_call(
            from_=telephony_emulator.numbers[0], to=FAR, bridge_id="brg-nope"
        )
    )
    assert no_bridge[:2] == (404, "bridge-not-found")


def test_state_changes_need_the_right_call_state(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, active: str
) -> None:
    emu = telephony_emulator
    ringing = catapult.voice.create_call(from_=emu.numbers[0], to="+15005550002")
    emu.advance(1)
    assert _error(lambda: catapult.voice.answer_call(ringing)) == (
        403,
        "call-invalid-state",
        f"Unable to update call {ringing}. Invalid call state started",
    )
    assert _error(lambda: catapult.voice.speak_sentence_to_call(ringing, "Hi"))[:2] == (
        403,
        "call-invalid-state",
    )
    assert _error(lambda: catapult.voice.transfer_call(ringing, FAR))[:2] == (
        403,
        "call-invalid-state",
    )
    catapult.voice.hangup_call(active)
    emu.run_until_idle()
    assert _error(lambda: catapult.voice.hangup_call(active)) == (
        403,
        "call-invalid-state",
        f"Unable to update call {active}. You can't update the call's state after being set "
        "to completed.",
    )
    assert _error(lambda: catapult.voice.enable_call_recording(active))[:2] == (
        403,
        "call-invalid-state",
    )
    assert _error(lambda: catapult.voice.create_call_gather(active, max_digits=1))[:2] == (
        403,
        "call-invalid-state",
    )


def test_stopping_audio_that_is_not_playing_is_refused(catapult: Catapult, active: str) -> None:
    assert _error(lambda: catapult.voice.play_audio_to_call(active, sentence="")) == (
        403,
        "call-audio-invalid-state",
        f"The audio of call {active} has already finished or does not exist",
    )


def test_a_second_gather_while_one_runs_is_a_conflict(catapult: Catapult, active: str) -> None:
    catapult.voice.create_call_gather(active, max_digits=2)
    assert _error(lambda: catapult.voice.create_call_gather(active, max_digits=2)) == (
        409,
        "call-duplicate-gather-error",
        f"DTMF digits are already being gathered for call {active}",
    )


def test_the_call_rate_limit_is_a_403_in_the_limit_category(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    emu.set_limits(max_active_calls=1)
    catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    emu.advance(1)
    refused = raw(login, "POST", user_url(login, "calls"), json={"from": emu.numbers[0], "to": FAR})
    assert refused.status_code == 403
    assert (refused.json()["category"], refused.json()["code"]) == ("limit", "call-rate-limit")


def test_recording_twice_and_a_gather_or_transfer_while_transferring_are_refused(
    catapult: Catapult, active: str
) -> None:
    catapult.voice.enable_call_recording(active)
    assert _error(lambda: catapult.voice.enable_call_recording(active)) == (
        409,
        "conflicted-recording-values-request",
        "Call recording is been executed already!",
    )
    catapult.voice.transfer_call(active, "+15005550002")  # rings and rings
    assert _error(lambda: catapult.voice.create_call_gather(active, max_digits=1)) == (
        403,
        "call-invalid-state",
        f"Unable to gather on call {active}. Invalid call state transferring",
    )
    assert _error(lambda: catapult.voice.transfer_call(active, FAR))[:2] == (
        403,
        "call-invalid-state",
    )


def test_a_transfer_to_no_number_is_refused(catapult: Catapult, active: str) -> None:
    assert _error(lambda: catapult.voice.transfer_call(active, "nowhere")) == (
        503,
        "call-transfer-error",
        f"The call {active} cannot be transferred to nowhere",
    )
