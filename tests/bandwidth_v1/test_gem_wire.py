"""The seed gem's own wire forms for voice (ruby-bandwidth 0.1.9, reference §10): every list
asked page by page ends at an empty page, nested audio keeps snake_case keys, booleans come as
strings."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.catapult_sdk import Catapult
from tests.bandwidth_v1.voice_helpers import FAR, call_url
from tests.bandwidth_v1.wire import call as raw
from tests.bandwidth_v1.wire import user_url

pytestmark = pytest.mark.usefixtures("catapult_hang_up")

GEM = {"User-Agent": "Faraday v0.9.0"}


def _pages(catapult: Catapult, url: str, **filters: str) -> list[list[Any]]:
    """GET ``url`` as the gem's LazyArray does: page 0, 1, ... of 25 until an empty page."""
    pages: list[list[Any]] = []
    for page in range(10):
        params = {**filters, "page": str(page), "size": "25"}
        body = raw(catapult.login, "GET", url, params=params, headers=GEM).json()
        pages.append(body)
        if not body:
            return pages
    raise AssertionError(f"{url} never gave an empty page")


def test_every_voice_list_the_gem_walks_ends_with_an_empty_page(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    first, second = (
        catapult.voice.create_call(from_=emu.numbers[0], to=FAR, recording_enabled=True)
        for _ in range(2)
    )
    emu.advance(2)
    bridge_id = catapult.voice.create_bridge(call_ids=[first, second])
    conference_id = catapult.voice.create_conference(emu.numbers[0])
    third = catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    emu.advance(2)
    catapult.voice.create_conference_member(conference_id, call_id=third)
    catapult.voice.disable_call_recording(first)
    for url, filters, count in [
        (user_url(login, "calls"), {}, 3),
        (user_url(login, "calls"), {"bridgeId": bridge_id}, 2),
        (user_url(login, "calls"), {"conferenceId": conference_id}, 1),
        (user_url(login, "bridges"), {}, 1),
        (user_url(login, "bridges", bridge_id, "calls"), {}, 2),
        (user_url(login, "conferences", conference_id, "members"), {}, 1),
        (f"{call_url(login, first)}/recordings", {}, 1),
        (user_url(login, "recordings"), {}, 2),
    ]:
        pages = _pages(catapult, url, **filters)
        assert [len(page) for page in pages] == [count, 0], url
    for call_id in (first, second, third):
        catapult.voice.hangup_call(call_id)


def test_nested_audio_keeps_snake_case_keys_and_booleans_come_as_strings(
    catapult: Catapult, telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> None:
    emu, login = telephony_emulator, catapult.login
    call_id = catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    emu.advance(1)
    # recording_enabled call_id, false sends the string "false"
    for value, expected in (("true", True), ("false", False)):
        reply = raw(login, "POST", call_url(login, call_id), json={"recordingEnabled": value})
        assert reply.status_code == 200
        assert catapult.voice.get_call(call_id)["recording_enabled"] is expected
    # transfer ..., audio: File.new(url, loop_enabled: true): only the top level is camelCased
    reply = raw(
        login,
        "POST",
        call_url(login, call_id),
        json={
            "state": "transferring",
            "transferTo": "+19195551212",
            "whisperAudio": {"loop_enabled": False, "fileUrl": "http://example.com/a.mp3"},
        },
        headers=GEM,
    )
    assert reply.status_code == 201
    # bandwidth.play call_id, File.new(url, loop_enabled: true)
    other = catapult.voice.create_call(from_=emu.numbers[0], to=FAR)
    emu.advance(2)
    played = raw(
        login,
        "POST",
        f"{call_url(login, other)}/audio",
        json={"loopEnabled": True, "fileUrl": "http://example.com/audio.mp3"},
        headers=GEM,
    )
    assert (played.status_code, played.text) == (200, "")
    catapult.voice.hangup_call(other)  # a looping file would keep run-until-idle busy
