"""Catapult conferences: the seed gem's conference examples in README order with their
events, then every conference error of §2.8 over the wire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.voice_helpers import FAR, Clock, call_url, events, parseable
from tests.bandwidth_v1.wire import call as raw
from tests.bandwidth_v1.wire import user_url

pytestmark = pytest.mark.usefixtures("catapult_hang_up")

GEM = {"User-Agent": "Faraday v0.9.0"}


def _error(action: Callable[[], Any]) -> tuple[int | None, str | None, str]:
    with pytest.raises(CatapultError) as raised:
        action()
    return raised.value.status_code, raised.value.code, raised.value.message


def test_seed_conference_examples_in_readme_order(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login, hooks = telephony_emulator, catapult.login, telephony_webhooks
    clock = Clock(emu)
    # conference_id = bandwidth.conference "+19195551212"
    conference_id = catapult.voice.create_conference(
        emu.numbers[0], callback_url=hooks.url_for("/conf")
    )
    assert conference_id.startswith("conf-")
    url = user_url(login, "conferences", conference_id)
    # bandwidth.conference_info "conf-..."
    assert catapult.voice.get_conference(conference_id) == {
        "id": conference_id,
        "state": "created",
        "from": emu.numbers[0],
        "created_time": clock.at(0),
        "active_members": 0,
        "hold": False,
        "mute": False,
        "profile": "interpret_digits",
        "callback_url": hooks.url_for("/conf"),
        "callback_http_method": "post",
        "callback_timeout": 10000,
        "members": f"{url}/members",
    }
    gem = raw(login, "GET", url, headers=GEM).json()
    parseable(gem["createdTime"])
    parseable(gem["completedTime"])  # the gem parses it even for a live conference (§10)
    # call_id = bandwidth.dial ...; member_id = bandwidth.conference_add "conf-...", call_id
    call_id = catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    emu.advance(1)
    member_id = catapult.voice.create_conference_member(conference_id, call_id=call_id)
    assert member_id.startswith("member-")
    member_url = f"{url}/members/{member_id}"
    # bandwidth.conference_mute "conf-...", true
    catapult.voice.mute_conference(conference_id, True)
    # bandwidth.conference_play "conf-...", audio
    catapult.voice.speak_sentence_to_conference(conference_id, "Welcome to the conference")
    emu.advance(5)
    # members = bandwidth.conference_members "conf-..."
    members = list(catapult.voice.list_conference_members(conference_id))
    expected_member = {
        "id": member_id,
        "state": "active",
        "mute": True,
        "hold": False,
        "join_tone": False,
        "leaving_tone": False,
        "added_time": clock.at(1),
        "call": call_url(login, call_id),
    }
    assert members == [expected_member]
    # member operations: mute, hold, play, info
    catapult.voice.mute_conference_member(conference_id, member_id, False)
    catapult.voice.hold_conference_member(conference_id, member_id, True)
    catapult.voice.speak_sentence_to_conference_member(conference_id, member_id, "Hello")
    emu.advance(2)
    member = catapult.voice.get_conference_member(conference_id, member_id)
    assert (member["mute"], member["hold"]) == (False, True)
    gem_member = raw(login, "GET", member_url, headers=GEM).json()
    parseable(gem_member["addedTime"])
    parseable(gem_member["removedTime"])
    # bandwidth.conference_member_remove conference_id, member_id: the call stays up
    catapult.voice.remove_conference_member(conference_id, member_id)
    emu.advance(1)
    removed = catapult.voice.get_conference_member(conference_id, member_id)
    assert (removed["state"], removed["removed_time"]) == ("completed", clock.at(8))
    assert catapult.voice.get_call(call_id)["state"] == "active"
    assert catapult.voice.get_conference(conference_id)["state"] == "completed"

    member_event = {
        "eventType": "conference-member",
        "conferenceId": conference_id,
        "conferenceUri": url,
        "callId": call_id,
        "memberId": member_id,
        "memberUri": member_url,
    }
    assert events(hooks) == [
        {
            "eventType": "conference",
            "conferenceId": conference_id,
            "conferenceUri": url,
            "status": "created",
            "createdTime": clock.at(0),
            "time": clock.at(0),
        },
        {
            **member_event,
            "state": "active",
            "hold": False,
            "mute": False,
            "activeMembers": 1,
            "time": clock.at(1),
        },
        {
            **member_event,
            "state": "active",
            "hold": False,
            "mute": True,
            "activeMembers": 1,
            "time": clock.at(1),
        },
        {
            "eventType": "conference-speak",
            "conferenceId": conference_id,
            "conferenceUri": url,
            "status": "started",
            "time": clock.at(1),
        },
        {
            "eventType": "conference-speak",
            "conferenceId": conference_id,
            "conferenceUri": url,
            "status": "done",
            "time": clock.at(2.6),
        },
        {
            **member_event,
            "state": "active",
            "hold": False,
            "mute": False,
            "activeMembers": 1,
            "time": clock.at(6),
        },
        {
            **member_event,
            "state": "active",
            "hold": True,
            "mute": False,
            "activeMembers": 1,
            "time": clock.at(6),
        },
        {
            **member_event,
            "state": "completed",
            "hold": True,
            "mute": False,
            "activeMembers": 0,
            "time": clock.at(8),
        },
        {
            "eventType": "conference",
            "conferenceId": conference_id,
            "conferenceUri": url,
            "status": "completed",
            "createdTime": clock.at(0),
            "completedTime": clock.at(8),
            "time": clock.at(8),
        },
    ]


def test_seed_terminate_a_conference_with_members_on_the_line(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    conference_id = catapult.voice.create_conference(emu.numbers[0])
    calls = [
        catapult.voice.create_call(from_=emu.numbers[0], to=FAR, conference_id=conference_id)
        for _ in range(2)
    ]
    emu.advance(2)
    for call_id in calls:
        catapult.voice.create_conference_member(conference_id, call_id=call_id)
    assert catapult.voice.get_conference(conference_id)["active_members"] == 2
    assert [c["id"] for c in catapult.voice.list_calls(conference_id=conference_id)] == calls[::-1]
    emu.hangup(calls[0])
    emu.advance(1)
    assert catapult.voice.get_conference(conference_id)["active_members"] == 1
    # bandwidth.conference_terminate "conf-..."
    catapult.voice.terminate_conference(conference_id)
    conference = catapult.voice.get_conference(conference_id)
    assert (conference["state"], conference["active_members"]) == ("completed", 0)
    states = [m["state"] for m in catapult.voice.list_conference_members(conference_id)]
    assert states == ["completed", "completed"]
    assert catapult.voice.get_call(calls[1])["state"] == "active"


def test_a_conference_that_interprets_digits_acts_on_them_instead_of_dtmf_events(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    interpreting = catapult.voice.create_conference(emu.numbers[0])
    passing = catapult.voice.create_conference(emu.numbers[0], profile="passthru_digits")
    a, b = (
        catapult.voice.create_call(from_=emu.numbers[0], to=FAR, callback_url=hooks.url_for("/c"))
        for _ in range(2)
    )
    emu.advance(2)
    catapult.voice.create_conference_member(interpreting, call_id=a)
    catapult.voice.create_conference_member(passing, call_id=b)
    emu.press(a, "1")
    emu.press(b, "2")
    emu.advance(1)
    dtmf = [(e["callId"], e["dtmfDigit"]) for e in events(hooks) if e["eventType"] == "dtmf"]
    assert dtmf == [(b, "2")]
    # The interpreting conference acts on the keys: 0 toggles mute, # leaves.
    (member,) = catapult.voice.list_conference_members(interpreting)
    emu.press(a, "0")
    emu.advance(1)
    assert catapult.voice.get_conference_member(interpreting, member["id"])["mute"] is True
    emu.press(a, "#")
    emu.advance(1)
    assert catapult.voice.get_conference_member(interpreting, member["id"])["state"] == "completed"
    assert catapult.voice.get_call(a)["state"] == "active"
    emu.press(a, "3")  # no longer a member: an ordinary dtmf event
    emu.advance(1)
    assert [e["dtmfDigit"] for e in events(hooks) if e["eventType"] == "dtmf"][-1] == "3"


def test_every_conference_error_over_the_wire(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    assert _error(lambda: catapult.voice.get_conference("conf-nope")) == (
        404,
        "conference-not-found",
        "The conference conf-nope could not be found",
    )
    conference_id = catapult.voice.create_conference(emu.numbers[0])
    other_id = catapult.voice.create_conference(emu.numbers[0])
    assert _error(lambda: catapult.voice.get_conference_member(conference_id, "member-x"))[:2] == (
        404,
        "conference-member-not-found",
    )
    ringing = catapult.voice.create_call(from_=emu.numbers[0], to="+15005550002")
    elsewhere = catapult.voice.create_call(from_=emu.numbers[0], to=FAR, conference_id=other_id)
    emu.advance(2)
    unavailable = raw(
        login,
        "POST",
        user_url(login, "conferences", conference_id, "members"),
        json={"callId": ringing},
    )
    assert unavailable.status_code == 503
    assert unavailable.json()["category"] == "unavailable"
    assert unavailable.json()["message"] == (
        f"The call {ringing} is being initialized and cannot be modified now retry your "
        "operation later"
    )
    assert _error(
        lambda: catapult.voice.create_conference_member(conference_id, call_id=elsewhere)
    ) == (
        403,
        "invalid-call-conference-id",
        f"The call {elsewhere} was not created for conference {conference_id}",
    )
    # At most 20 members: the 21st is refused in the limit category.
    emu.set_limits(calls_per_second=100)
    calls = [catapult.voice.create_call(from_=emu.numbers[0], to=FAR) for _ in range(21)]
    emu.advance(2)
    members = [
        catapult.voice.create_conference_member(conference_id, call_id=c) for c in calls[:20]
    ]
    full = raw(
        login,
        "POST",
        user_url(login, "conferences", conference_id, "members"),
        json={"callId": calls[20]},
    )
    assert full.status_code == 403
    assert (full.json()["category"], full.json()["code"]) == ("limit", "conference-max-members")
    # A member whose call hung up has no call to play to.
    emu.hangup(calls[0])
    emu.advance(1)
    assert _error(
        lambda: catapult.voice.speak_sentence_to_conference_member(conference_id, members[0], "Hi")
    ) == (
        503,
        "call-unavailable",
        f"The conference member {members[0]} doesn't have a available call",
    )
    catapult.voice.terminate_conference(conference_id)
    assert _error(lambda: catapult.voice.mute_conference(conference_id, True)) == (
        403,
        "conference-error",
        "Invalid conference state",
    )
    assert _error(
        lambda: catapult.voice.create_conference_member(conference_id, call_id=calls[20])
    )[:2] == (403, "conference-error")


def test_holding_a_conference_holds_every_member_and_files_report_as_conference_playback(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, hooks = telephony_emulator, telephony_webhooks
    clock = Clock(emu)
    conference_id = catapult.voice.create_conference(emu.numbers[0])
    calls = [catapult.voice.create_call(from_=emu.numbers[0], to=FAR) for _ in range(2)]
    emu.advance(2)
    members = [catapult.voice.create_conference_member(conference_id, call_id=c) for c in calls]
    # callback fields can be set later; events from then on go there
    catapult.voice.update_conference(conference_id, callback_url=hooks.url_for("/later"))
    catapult.voice.hold_conference(conference_id, True)
    assert catapult.voice.get_conference(conference_id)["hold"] is True
    held = [catapult.voice.get_conference_member(conference_id, m)["hold"] for m in members]
    assert held == [True, True]
    catapult.voice.play_audio_file_to_conference(
        conference_id, "http://example.com/music.mp3#duration=4", tag="music"
    )
    emu.advance(5)
    playback = [e for e in events(hooks) if e["eventType"] == "conference-playback"]
    assert [(e["status"], e["time"], e["tag"]) for e in playback] == [
        ("started", clock.at(2), "music"),
        ("done", clock.at(6), "music"),
    ]
    assert [e["hold"] for e in events(hooks) if e["eventType"] == "conference-member"] == [
        True,
        True,
    ]
