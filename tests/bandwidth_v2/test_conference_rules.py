"""The rules of Voice v2 conferences (reference bandwidth-v2.md §4): at most 20 members, one
coach, whose tag the events carry, leaving through updateCall, a conference member cannot be
bridged, the 24-hour limit, restarts, and how the conference plays its own BXML."""

from __future__ import annotations

import base64
import json
from typing import Any

import bandwidth
from aiohttp.test_utils import TestClient, TestServer
from pytest_telephony_emulator.webhooks import WebhookInbox
from telephony_emulator.apis.bandwidth_v2.conferences import MAX_MEMBERS
from telephony_emulator.app import create_app
from telephony_emulator.settings import Settings

from tests.bandwidth_v2.conftest import (
    CONFERENCE_FIELDS,
    MEMBER_FIELDS,
    MEMBER_NUMBERS,
    ROOM,
    Conf,
    assert_callback,
    conference_verb,
    seconds,
)
from tests.conftest import AppClient
from tests.specs import assert_matches

AFTER = '<Redirect redirectUrl="after"/>'
SENTENCE = "<SpeakSentence>one two three four five</SpeakSentence>"  # plays 2 s


def kinds(conf: Conf) -> list[tuple[str, str | None]]:
    """(eventType, callId) of the conference events so far."""
    return [(p["eventType"], p.get("callId")) for p in conf.conference_events()]


def posted_to(conf: Conf, path: str) -> list[dict[str, Any]]:
    return [hook.payload for hook in conf.voice.hooks.received if hook.path == path]


def end_conference(conf: Conf) -> None:
    """End the test's conference through the API (members go on and hang up)."""
    conference = conf.only()
    conf.api.update_conference(
        conf.account_id, conference.id, bandwidth.UpdateConference(status="completed")
    )
    conf.voice.run()


# -- members --------------------------------------------------------------------------------------


def test_the_twenty_first_call_cannot_join_and_ends_with_an_application_error(
    conf: Conf,
) -> None:
    # The account allows 100 active calls and dials 5 a second: 21 calls fit.
    voice = conf.voice
    voice.hooks.reply(f"<Response>{conference_verb()}</Response>", path="/answer")
    calls = [str(voice.create_call(f"+1555200{i:04d}").call_id) for i in range(MAX_MEMBERS + 1)]
    voice.run()

    conference = conf.only()
    members = [member.call_id for member in conference.active_members or []]
    assert members == calls[:MAX_MEMBERS]
    *joined, refused = calls
    message = f"Conference {ROOM} is full: at most 20 calls may be in it"
    (gone,) = posted_to(conf, "/disconnect")
    assert_callback(gone)
    assert gone["callId"] == refused
    assert (gone["cause"], gone["errorMessage"]) == ("application-error", message)
    assert "errorId" in gone
    state = voice.state(refused)
    assert (state.state, state.disconnect_cause, state.error_message) == (
        "disconnected",
        "application-error",
        message,
    )
    assert [voice.state(call).state for call in joined] == ["answered"] * MAX_MEMBERS
    # The refused call never was a member: no join or exit for it.
    assert refused not in {p.get("callId") for p in conf.conference_events()}
    assert [kind for kind, _ in kinds(conf)].count("conferenceMemberJoin") == MAX_MEMBERS
    end_conference(conf)


def test_one_coach_per_conference(conf: Conf) -> None:
    first, second, third = MEMBER_NUMBERS
    coached = conf.join(first, conference_verb())
    coach = conf.join(second, conference_verb(callIdsToCoach=coached))
    refused = conf.join(third, conference_verb(callIdsToCoach=coached))

    conference = conf.only()
    assert [m.call_id for m in conference.active_members or []] == [coached, coach]
    member = conf.api.get_conference_member(conf.account_id, conference.id, coach)
    assert member.call_ids_to_coach == [coached]
    raw = conf.api.get_conference_member_with_http_info(conf.account_id, conference.id, coach)
    body = json.loads(raw.raw_data)
    assert_matches("bandwidth.yml", "conferenceMember", body)
    assert body["callIdsToCoach"] == [coached]
    plain = json.loads(
        conf.api.get_conference_member_with_http_info(
            conf.account_id, conference.id, coached
        ).raw_data
    )
    assert plain["callIdsToCoach"] is None

    state = conf.voice.state(refused)
    assert state.disconnect_cause == "application-error"
    assert state.error_message == (
        f"Conference {ROOM} already has a coach ({coach}); only one is allowed"
    )
    assert refused not in {p.get("callId") for p in conf.conference_events()}
    end_conference(conf)


def test_a_new_coach_may_join_once_the_coach_has_left(conf: Conf) -> None:
    first, second, third = MEMBER_NUMBERS
    coached = conf.join(first, conference_verb())
    coach = conf.join(second, conference_verb(callIdsToCoach=coached))
    conf.hang_up(coach)
    successor = conf.join(third, conference_verb(callIdsToCoach=coached))

    conference = conf.only()
    assert [m.call_id for m in conference.active_members or []] == [coached, successor]
    assert conf.voice.state(successor).state == "answered"
    end_conference(conf)


# -- tag ------------------------------------------------------------------------------------------


def test_events_carry_the_creating_calls_tag_when_the_verb_has_none(conf: Conf) -> None:
    a = conf.join(MEMBER_NUMBERS[0], "<Tag>from-the-call</Tag>" + conference_verb())
    b = conf.join(MEMBER_NUMBERS[1], "<Tag>second-call</Tag>" + conference_verb())
    conf.hang_up(b)
    conf.hang_up(a)

    posted = conf.conference_events()
    assert [p["eventType"] for p in posted] == [
        "conferenceCreated",
        "conferenceMemberJoin",
        "conferenceMemberJoin",
        "conferenceMemberExit",
        "conferenceMemberExit",
        "conferenceCompleted",
    ]
    assert {p["tag"] for p in posted} == {"from-the-call"}
    conference = conf.api.list_conferences(conf.account_id, name=ROOM)[0]
    assert conference.tag == "from-the-call"


def test_without_any_tag_the_events_have_no_tag_field(conf: Conf) -> None:
    a = conf.join(MEMBER_NUMBERS[0], conference_verb())
    conf.hang_up(a)

    posted = conf.conference_events()
    assert [p["eventType"] for p in posted] == [
        "conferenceCreated",
        "conferenceMemberJoin",
        "conferenceMemberExit",
        "conferenceCompleted",
    ]
    for payload in posted:
        expected = MEMBER_FIELDS if "callId" in payload else CONFERENCE_FIELDS
        assert set(payload) == expected - {"tag"}
    assert conf.api.list_conferences(conf.account_id, name=ROOM)[0].tag is None


# -- leaving ------------------------------------------------------------------------------------


def test_a_member_redirected_through_update_call_leaves_and_the_others_stay(conf: Conf) -> None:
    first, second, third = MEMBER_NUMBERS
    a = conf.join(first, conference_verb())
    b = conf.join(second, conference_verb())
    c = conf.join(third, conference_verb())
    conf.voice.hooks.reply("<Response><Pause duration='3'/></Response>", path="/elsewhere")

    conf.voice.api.update_call(
        conf.account_id,
        b,
        bandwidth.UpdateCall(redirect_url=conf.voice.hooks.url_for("/elsewhere")),
    )
    conf.voice.run()

    (redirect,) = posted_to(conf, "/elsewhere")
    assert_callback(redirect)
    assert (redirect["eventType"], redirect["callId"]) == ("redirect", b)
    assert kinds(conf)[-1] == ("conferenceMemberExit", b)
    assert ("conferenceCompleted", None) not in kinds(conf)
    conference = conf.only()
    assert [m.call_id for m in conference.active_members or []] == [a, c]
    assert conference.completed_time is None
    # Still listed as the conference's member, having left.
    left = conf.api.get_conference_member(conf.account_id, conference.id, b)
    assert left.call_id == b
    # The redirected call played its new BXML and hung up; the member exit came first.
    (gone,) = posted_to(conf, "/disconnect")
    assert gone["callId"] == b
    assert seconds(gone["endTime"], redirect["eventTime"]) == 3
    end_conference(conf)


def test_bridging_to_a_conference_member_fails_with_busy(conf: Conf) -> None:
    member = conf.join(MEMBER_NUMBERS[0], conference_verb())
    caller = conf.join(
        MEMBER_NUMBERS[1],
        f'<Bridge bridgeCompleteUrl="bridge-done">{member}</Bridge>'
        "<SpeakSentence>Sorry</SpeakSentence>",
    )

    (complete,) = posted_to(conf, "/bridge-done")
    assert_matches("bandwidth.yml", "bridgeCompleteCallback", complete)
    assert complete["eventType"] == "bridgeComplete"
    assert complete["callId"] == caller
    assert (complete["cause"], complete["errorMessage"]) == (
        "busy",
        f"Call {member} is in a conference",
    )
    # The member never noticed.
    assert [m.call_id for m in conf.only().active_members or []] == [member]
    assert conf.voice.state(member).state == "answered"
    assert kinds(conf)[-1] == ("conferenceMemberJoin", member)
    end_conference(conf)


# -- the 24-hour limit ----------------------------------------------------------------------------


def test_a_conference_ends_after_24_hours_and_its_members_go_on(conf: Conf) -> None:
    a = conf.join(MEMBER_NUMBERS[0], conference_verb() + AFTER)
    b = conf.join(MEMBER_NUMBERS[1], conference_verb() + AFTER)
    report = conf.voice.run()
    # Run-until-idle has nothing to do: it does not jump to the deadline.
    assert (report["timers_fired"], report["pending_timers"]) == (0, 0)
    assert conf.only().completed_time is None
    created = conf.conference_events()[0]

    conf.voice.emu.advance(24 * 3600)
    conf.voice.run()

    assert kinds(conf)[-3:] == [
        ("conferenceMemberExit", a),
        ("conferenceMemberExit", b),
        ("conferenceCompleted", None),
    ]
    completed = conf.conference_events()[-1]
    assert seconds(completed["eventTime"], created["eventTime"]) == 24 * 3600
    conference = conf.only()
    assert conference.active_members == []
    assert seconds(conference.completed_time, conference.created_time) == 24 * 3600
    assert sorted(p["callId"] for p in posted_to(conf, "/after")) == sorted([a, b])
    # Each went on with <Redirect>, whose empty reply ended the call normally.
    assert [conf.voice.state(call).disconnect_cause for call in (a, b)] == ["hangup"] * 2


# -- conference BXML ------------------------------------------------------------------------------


def recorded_seconds(conf: Conf, *documents: str) -> list[dict[str, Any]]:
    """Send each document with updateConferenceBxml at the same instant; run; the recordings."""
    a = conf.join(MEMBER_NUMBERS[0], conference_verb())
    conference = conf.only()
    for document in documents:
        conf.api.update_conference_bxml(conf.account_id, conference.id, document)
    conf.voice.run()
    available = conf.conference_events("/recording")
    conf.hang_up(a)
    return available


def test_an_unsupported_play_audio_is_skipped_and_the_next_verbs_run(conf: Conf) -> None:
    (available,) = recorded_seconds(
        conf,
        "<Bxml><PlayAudio>https://media.example.com/hold.ogg</PlayAudio>"
        '<StartRecording recordingAvailableUrl="recording"/>'
        f"{SENTENCE}<StopRecording/></Bxml>",
    )
    assert available["status"] == "complete"
    assert available["duration"] == "PT2S"


def test_conference_documents_play_one_after_another(conf: Conf) -> None:
    (available,) = recorded_seconds(
        conf,
        f'<Bxml><StartRecording recordingAvailableUrl="recording"/>{SENTENCE}</Bxml>',
        f"<Bxml>{SENTENCE}<StopRecording/></Bxml>",
    )
    # Not overlapping: the second document's sentence started after the first one's.
    assert available["duration"] == "PT4S"
    assert seconds(available["endTime"], available["startTime"]) == 4


# -- restarts -------------------------------------------------------------------------------------

AUTH = {"Authorization": "Basic " + base64.b64encode(b"emulator-user:emulator-pass").decode()}
ACCOUNT = "/api/v2/accounts/9900000"
APPLICATION = "a0000000-0000-4000-8000-000000000001"


async def started(settings: Settings) -> AppClient:
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    return client


async def joined(client: AppClient, hooks: WebhookInbox, name: str) -> str:
    """An outbound call whose answer BXML joins conference ``name``; its id."""
    path = f"/answer-{name}"
    verb = f'<Conference conferenceEventUrl="{hooks.url_for("/events")}">{name}</Conference>'
    hooks.reply(f"<Response>{verb}</Response>", path=path)
    body = {
        "to": "+15551230000",
        "from": "+19195550100",
        "applicationId": APPLICATION,
        "answerUrl": hooks.url_for(path),
    }
    response = await client.post(f"{ACCOUNT}/calls", json=body, headers=AUTH)
    assert response.status == 201, await response.text()
    return str((await response.json())["callId"])


async def run(client: AppClient) -> None:
    response = await client.post("/_emulator/clock/run-until-idle", json={})
    assert response.status == 200
    assert (await response.json())["stopped_by"] is None


async def conferences(client: AppClient) -> list[dict[str, Any]]:
    listed = await (await client.get(f"{ACCOUNT}/conferences", headers=AUTH)).json()
    found = []
    for item in listed:
        response = await client.get(f"{ACCOUNT}/conferences/{item['id']}", headers=AUTH)
        assert response.status == 200
        found.append(await response.json())
    return found


async def test_conferences_survive_a_restart(
    settings: Settings, telephony_webhooks: WebhookInbox
) -> None:
    first = await started(settings)
    try:
        done = await joined(first, telephony_webhooks, "finished")
        await joined(first, telephony_webhooks, "ongoing")
        await run(first)
        response = await first.post(
            f"{ACCOUNT}/calls/{done}", json={"state": "completed"}, headers=AUTH
        )
        assert response.status == 200
        await run(first)
        before = await conferences(first)
    finally:
        await first.close()

    finished, ongoing = before
    assert (finished["name"], ongoing["name"]) == ("finished", "ongoing")
    assert finished["completedTime"] is not None
    assert finished["activeMembers"] == []
    assert ongoing["completedTime"] is None
    assert len(ongoing["activeMembers"]) == 1

    second = await started(settings)
    try:
        after = await conferences(second)
    finally:
        await second.close()

    assert [c["id"] for c in after] == [c["id"] for c in before]
    assert after[0] == finished
    restored = after[1]
    assert restored["completedTime"] is not None
    assert restored["activeMembers"] == []
    assert {k: v for k, v in restored.items() if k != "completedTime"} == {
        **{k: v for k, v in ongoing.items() if k != "completedTime"},
        "activeMembers": [],
    }
    for conference in after:
        assert_matches("bandwidth.yml", "conference", conference)
    # The shutdown itself sent nothing: the member of "ongoing" did not "leave" then.
    sent = [
        (h.event_type, h.payload["name"])
        for h in telephony_webhooks.received
        if h.path == "/events"
    ]
    assert ("conferenceMemberExit", "ongoing") not in sent
    assert ("conferenceCompleted", "ongoing") not in sent
    assert ("conferenceCompleted", "finished") in sent
