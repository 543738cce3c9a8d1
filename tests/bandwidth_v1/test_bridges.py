"""Catapult bridges: the seed gem's bridge examples in README order, then every bridge error
of §2.7 over the wire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.voice_helpers import FAR, Clock, events, parseable
from tests.bandwidth_v1.wire import call as raw
from tests.bandwidth_v1.wire import user_url

pytestmark = pytest.mark.usefixtures("catapult_hang_up")

GEM = {"User-Agent": "Faraday v0.9.0"}


def _calls(catapult: Catapult, emu: TelephonyEmulator, hooks: WebhookInbox, n: int) -> list[str]:
    made = [
        catapult.voice.create_call(
            from_=emu.numbers[0], to=f"+1312555{6660 + i}", callback_url=hooks.url_for("/c")
        )
        for i in range(n)
    ]
    emu.advance(2)
    return made


def _error(action: Callable[[], Any]) -> tuple[int | None, str | None, str]:
    with pytest.raises(CatapultError) as raised:
        action()
    return raised.value.status_code, raised.value.code, raised.value.message


def test_seed_bridge_examples_in_readme_order(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    clock = Clock(emu)
    first, second = _calls(catapult, emu, telephony_webhooks, 2)
    # bandwidth.bridge "c-...", "c-..." (the gem ignores the reply)
    bridge_id = catapult.voice.create_bridge(call_ids=[first, second])
    assert bridge_id.startswith("brg-")
    url = user_url(login, "bridges", bridge_id)
    # bridge_audio: false sends {"bridgeAudio": {"bridge_audio": false}} (§10)
    reply = raw(
        login,
        "POST",
        user_url(login, "bridges"),
        json={"bridgeAudio": {"bridge_audio": False}, "callIds": []},
        headers=GEM,
    )
    assert reply.status_code == 201
    silent = reply.headers["Location"].rsplit("/", 1)[1]
    assert catapult.voice.get_bridge(silent)["bridge_audio"] is False
    # bridges = bandwidth.bridges (newest first)
    assert [b["id"] for b in catapult.voice.list_bridges()] == [silent, bridge_id]
    # bandwidth.bridge_info "brg-..."
    assert catapult.voice.get_bridge(bridge_id) == {
        "id": bridge_id,
        "state": "active",
        "bridge_audio": True,
        "call_ids": [first, second],
        "calls": f"{url}/calls",
        "created_time": clock.at(2),
        "activated_time": clock.at(2),
    }
    gem = raw(login, "GET", url, headers=GEM).json()
    for name in ("createdTime", "activatedTime", "completedTime"):
        parseable(gem[name])
    # bandwidth.bridge_audio "brg-...", true (false puts it on hold)
    catapult.voice.update_bridge(bridge_id, bridge_audio=False)
    assert catapult.voice.get_bridge(bridge_id)["state"] == "hold"
    catapult.voice.update_bridge(bridge_id, bridge_audio=True)
    # bandwidth.bridge_play bridge_id, sentence / audio_file: both calls hear it, and stay
    catapult.voice.speak_sentence_to_bridge(bridge_id, "Hello, thank you for calling.")
    emu.advance(5)
    speaks = [
        (e["callId"], e["status"]) for e in events(telephony_webhooks) if e["eventType"] == "speak"
    ]
    # Each call's events arrive in order; the two calls' events interleave as they will.
    assert [s for c, s in speaks if c == first] == ["started", "done"]
    assert [s for c, s in speaks if c == second] == ["started", "done"]
    catapult.voice.play_audio_file_to_bridge(bridge_id, "http://example.com/audio.mp3")
    # Speaking on one bridged call leaves the bridge alone.
    catapult.voice.speak_sentence_to_call(first, "Just you")
    emu.advance(10)
    assert catapult.voice.get_bridge(bridge_id)["call_ids"] == [first, second]
    # calls = bandwidth.bridged_calls "brg-..."
    bridged = list(catapult.voice.list_bridge_calls(bridge_id))
    assert [(c["id"], c["bridge_id"], c["bridge"], c["state"]) for c in bridged] == [
        (first, bridge_id, url, "active"),
        (second, bridge_id, url, "active"),
    ]
    gem_calls = raw(login, "GET", f"{url}/calls", headers=GEM).json()
    for item in gem_calls:
        parseable(item["startTime"])
        parseable(item["activeTime"])
    # bandwidth.unbridge bridge_id: the calls leave and stay up; the bridge completes
    catapult.voice.update_bridge(bridge_id, call_ids=[])
    emu.advance(1)
    bridge = catapult.voice.get_bridge(bridge_id)
    assert (bridge["state"], bridge["completed_time"]) == ("completed", clock.at(17))
    assert catapult.voice.get_call(first)["state"] == "active"
    assert [c["id"] for c in catapult.voice.list_bridge_calls(bridge_id)] == [first, second]


def test_members_are_replaced_and_a_hang_up_leaves_the_bridge(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    first, second, third = _calls(catapult, emu, telephony_webhooks, 3)
    bridge_id = catapult.voice.create_bridge(call_ids=[first, second])
    catapult.voice.update_bridge(bridge_id, call_ids=[first, third])
    assert catapult.voice.get_bridge(bridge_id)["call_ids"] == [first, third]
    assert catapult.voice.get_call(second)["state"] == "active"
    emu.hangup(first)
    emu.advance(1)
    assert catapult.voice.get_bridge(bridge_id)["call_ids"] == [third]
    catapult.voice.hangup_call(third)
    emu.advance(1)
    assert catapult.voice.get_bridge(bridge_id)["state"] == "completed"


def test_a_queued_call_listed_in_a_bridge_joins_when_it_answers(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu = telephony_emulator
    (up,) = _calls(catapult, emu, telephony_webhooks, 1)
    ringing = catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    bridge_id = catapult.voice.create_bridge(call_ids=[up, ringing])
    assert catapult.voice.get_bridge(bridge_id)["state"] == "created"
    emu.advance(2)
    bridge = catapult.voice.get_bridge(bridge_id)
    assert (bridge["state"], bridge["call_ids"]) == ("active", [up, ringing])


def test_every_bridge_error_over_the_wire(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    first, second, third = _calls(catapult, emu, telephony_webhooks, 3)
    assert _error(lambda: catapult.voice.create_bridge(call_ids=[first, second, third])) == (
        403,
        "bridge-callIds-overflow",
        "Only two calls are allowed in a bridge",
    )
    bridge_id = catapult.voice.create_bridge(call_ids=[first, second])
    assert _error(lambda: catapult.voice.create_bridge(call_ids=[second, third])) == (
        400,
        "bridge-bridged-callId",
        f"The callId {second} is already in another bridge",
    )
    assert _error(lambda: catapult.voice.get_bridge("brg-nope")) == (
        404,
        "bridge-not-found",
        "The bridge brg-nope could not be found",
    )
    assert _error(lambda: catapult.voice.create_bridge(call_ids=["c-nope"]))[:2] == (
        404,
        "call-not-found",
    )
    # A conference member is tied up: moving it into a bridge conflicts.
    conference_id = catapult.voice.create_conference(emu.numbers[0])
    catapult.voice.create_conference_member(conference_id, call_id=third)
    assert _error(lambda: catapult.voice.update_bridge(bridge_id, call_ids=[first, third]))[:2] == (
        409,
        "bridge-update-conflict",
    )
    empty = catapult.voice.create_bridge(call_ids=[])
    assert _error(lambda: catapult.voice.speak_sentence_to_bridge(empty, "Anyone?")) == (
        400,
        "bridge-invalid-operation",
        "No active calls in the bridge",
    )
    catapult.voice.update_bridge(bridge_id, call_ids=[])
    completed = raw(login, "POST", user_url(login, "bridges", bridge_id), json={"callIds": [first]})
    assert completed.status_code == 400
    assert completed.json()["code"] == "bridge-invalid-state"
    assert completed.json()["category"] == "bad-request"
