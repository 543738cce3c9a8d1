"""The Voice v2 conference endpoints: listing and paging, the Conference and ConferenceMember
objects, updateConference / updateConferenceBxml / updateConferenceMember with their refusals,
conference recordings, and event replies that hold verbs a conference cannot run."""

from __future__ import annotations

import base64
import re
import urllib.parse
import urllib.request
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v2.conftest import (
    CONFERENCE_FIELDS,
    MEMBER_NUMBERS,
    ROOM,
    Conf,
    conference_verb,
)
from tests.bandwidth_v2.test_http import Answer, Wire, assert_error
from tests.specs import assert_matches

ONLY = (
    "is not allowed in a conference; only PlayAudio, SpeakSentence, StartRecording, "
    "StopRecording, PauseRecording, ResumeRecording are"
)
LINK = re.compile(r'<([^>]+)>; rel="next"')
LISTED_FIELDS = {
    "id",
    "name",
    "createdTime",
    "completedTime",
    "conferenceEventUrl",
    "conferenceEventMethod",
    "tag",
}
UNKNOWN_CONFERENCE = "conf-11111111-22222222-3333-4444-5555-666666666666"
UNKNOWN_CALL = "c-11111111-22222222-3333-4444-5555-666666666666"
UNKNOWN_RECORDING = "r-11111111-22222222-3333-4444-5555-666666666666"


def wire(conf: Conf) -> Wire:
    return Wire(conf.voice.emu, conf.voice.hooks)


def named(name: str, **attributes: str) -> str:
    """``<Conference>`` of the room ``name`` (events to /conference)."""
    return conference_verb(**attributes).replace(f">{ROOM}<", f">{name}<")


def open_room(conf: Conf, *numbers: str, **attributes: str) -> tuple[str, list[str]]:
    """Calls to ``numbers`` join ROOM: the conference id and the member call ids."""
    calls = [conf.join(number, conference_verb(**attributes)) for number in numbers]
    return conf.only().id, calls


def ended_room(conf: Conf) -> str:
    """A conference ended through the API (its one member went on and hung up)."""
    conference_id, _ = open_room(conf, MEMBER_NUMBERS[0])
    conf.api.update_conference(
        conf.account_id, conference_id, bandwidth.UpdateConference(status="completed")
    )
    conf.voice.run()
    return conference_id


def get_json(emu: TelephonyEmulator, url: str) -> Answer:
    """GET a full URL (a ``Link``) with the account's Basic credentials."""
    login = emu.bandwidth
    token = base64.b64encode(f"{login.username}:{login.password}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return Answer(response.status, dict(response.headers), response.read())


def next_link(headers: Any) -> str | None:
    value = (headers or {}).get("Link")
    if value is None:
        return None
    match = LINK.fullmatch(value)
    assert match, value
    return match.group(1)


def assert_invalid(answer: Answer, description: str) -> None:
    assert_error(answer, 400, "validation", description)


def member_json(conf: Conf, conference_id: str, call_id: str) -> dict[str, Any]:
    answer = wire(conf).send("GET", f"/conferences/{conference_id}/members/{call_id}")
    assert answer.status == 200, answer.body
    body: dict[str, Any] = answer.json
    assert_matches("bandwidth.yml", "conferenceMember", body)
    return body


# -- listConferences ----------------------------------------------------------------------


def test_list_conferences_filters_by_name_and_inclusive_created_times(conf: Conf) -> None:
    ids = []
    for index, name in enumerate(["alpha", "beta", "gamma"]):
        conf.join(MEMBER_NUMBERS[index], named(name))
        conf.voice.emu.advance(2)
        (conference,) = conf.api.list_conferences(conf.account_id, name=name)
        ids.append(conference.id)
    answer = wire(conf).send("GET", "/conferences")
    assert answer.status == 200
    listed = answer.json
    assert [item["id"] for item in listed] == ids  # oldest first
    for item in listed:
        assert set(item) == LISTED_FIELDS  # no activeMembers in a list
        assert_matches("bandwidth.yml", "conference", item)
    first, middle, last = (item["createdTime"] for item in listed)
    assert first < middle < last

    def found(**filters: Any) -> list[str]:
        return [c.id for c in conf.api.list_conferences(conf.account_id, **filters)]

    assert found(name="beta") == [ids[1]]
    assert found(name="delta") == []
    assert found(min_created_time=middle) == ids[1:]
    assert found(max_created_time=middle) == ids[:2]
    assert found(min_created_time=middle, max_created_time=middle) == [ids[1]]
    assert found(name="alpha", min_created_time=middle) == []


def test_list_conferences_pages_through_the_link_header(conf: Conf) -> None:
    ids = []
    for index, name in enumerate(["p-one", "p-two", "p-three"]):
        conf.join(MEMBER_NUMBERS[index], named(name))
        ids.append(conf.api.list_conferences(conf.account_id, name=name)[0].id)

    response = conf.api.list_conferences_with_http_info(conf.account_id, page_size=2)
    assert [c.id for c in response.data] == ids[:2]
    link = next_link(response.headers)
    assert link is not None
    voice_url = conf.voice.emu.bandwidth.voice_url
    assert link.startswith(f"{voice_url}/accounts/{conf.account_id}/conferences?")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["pageSize"] == ["2"]

    rest = get_json(conf.voice.emu, link)
    assert rest.status == 200
    assert [item["id"] for item in rest.json] == ids[2:]
    assert next_link(rest.headers) is None
    # Exactly a page's worth: no link to an empty page.
    exact = conf.api.list_conferences_with_http_info(conf.account_id, page_size=3)
    assert ([c.id for c in exact.data], next_link(exact.headers)) == (ids, None)


@pytest.mark.parametrize(
    ("size", "description"),
    [
        ("0", "pageSize must be within the range [1, 1000], but was 0"),
        ("1001", "pageSize must be within the range [1, 1000], but was 1001"),
        ("x", "Invalid pageSize: must be an integer"),
    ],
)
def test_list_conferences_refuses_a_bad_page_size(conf: Conf, size: str, description: str) -> None:
    assert_invalid(wire(conf).send("GET", f"/conferences?pageSize={size}"), description)


def test_list_conferences_refuses_a_page_token_of_list_calls(conf: Conf) -> None:
    open_room(conf, *MEMBER_NUMBERS[:2])
    calls = conf.voice.api.list_calls_with_http_info(conf.account_id, page_size=1)
    link = next_link(calls.headers)
    assert link is not None
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["pageToken"][0]
    answer = wire(conf).send("GET", "/conferences?" + urllib.parse.urlencode({"pageToken": token}))
    assert_invalid(answer, f"Invalid pageToken: {token}")


# -- getConference ------------------------------------------------------------------------


def test_get_conference_matches_the_spec_with_its_active_members(conf: Conf) -> None:
    conference_id, (a, b) = open_room(conf, *MEMBER_NUMBERS[:2], tag="t-1")
    conf.hang_up(a)
    c = conf.join(MEMBER_NUMBERS[2], conference_verb(mute="true"))

    answer = wire(conf).send("GET", f"/conferences/{conference_id}")
    assert answer.status == 200
    body = answer.json
    assert_matches("bandwidth.yml", "conference", body)
    assert set(body) == LISTED_FIELDS | {"activeMembers"}
    assert (body["id"], body["name"], body["tag"], body["completedTime"]) == (
        conference_id,
        ROOM,
        "t-1",
        None,
    )
    assert (body["conferenceEventUrl"], body["conferenceEventMethod"]) == (
        conf.voice.hooks.url_for("/conference"),
        "POST",
    )
    members = body["activeMembers"]
    for member in members:
        assert_matches("bandwidth.yml", "conferenceMember", member)
    # Only the calls still in it; a member's JSON is the same in both places.
    assert [member["callId"] for member in members] == [b, c]
    assert members == [member_json(conf, conference_id, call) for call in (b, c)]
    assert (members[1]["mute"], members[1]["hold"]) == (True, False)


def test_unknown_and_other_accounts_conferences_are_not_found(
    conf: Conf, telephony_emulator: TelephonyEmulator
) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0])
    missing = f"Conference [{UNKNOWN_CONFERENCE}] not found"
    assert_error(
        wire(conf).send("GET", f"/conferences/{UNKNOWN_CONFERENCE}"), 404, "validation", missing
    )
    with pytest.raises(bandwidth.ApiException) as caught:
        conf.api.get_conference(conf.account_id, UNKNOWN_CONFERENCE)
    assert caught.value.status == 404

    other = TelephonyEmulator(
        telephony_emulator.url,
        telephony_emulator.control,
        telephony_emulator.control.create_account(),
    )
    theirs = Wire(other, conf.voice.hooks)
    gone = f"Conference [{conference_id}] not found"
    one = f"/conferences/{conference_id}"
    redirect = {"status": "active", "redirectUrl": conf.voice.hooks.url_for("/r")}
    for answer in [
        theirs.send("GET", one),
        theirs.send("POST", one, redirect),
        theirs.send("PUT", one + "/bxml", "<Bxml/>", content_type="application/xml"),
        theirs.send("GET", f"{one}/members/{a}"),
        theirs.send("PUT", f"{one}/members/{a}", {"mute": True}),
        theirs.send("GET", one + "/recordings"),
    ]:
        assert_error(answer, 404, "validation", gone)
    assert (theirs.send("GET", "/conferences").json, theirs.send("GET", "/conferences").status) == (
        [],
        200,
    )
    # None of that touched the conference.
    assert member_json(conf, conference_id, a)["mute"] is False
    assert not [hook for hook in conf.voice.hooks.received if hook.path == "/r"]


# -- updateConference ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "description"),
    [
        ({"status": "active"}, "redirectUrl is required when status is active"),
        ({}, "redirectUrl is required when status is active"),
        (
            {"status": "completed", "redirectUrl": "https://app.example/r"},
            "redirectUrl is not allowed when status is completed",
        ),
        (
            {"redirectUrl": "http://app.example/r", "username": "u", "password": "p"},
            "Invalid redirectUrl: https is required when username and password are specified",
        ),
        ({"status": "paused"}, "Invalid status: must be one of [active, completed]"),
        (b"{", "Invalid request body: malformed JSON"),
    ],
)
def test_update_conference_validation(conf: Conf, body: Any, description: str) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0])
    before = len(conf.voice.hooks.received)
    answer = wire(conf).send(
        "POST", f"/conferences/{conference_id}", body, content_type="application/json"
    )
    assert_invalid(answer, description)
    conf.voice.run()
    assert len(conf.voice.hooks.received) == before  # no event, nobody ejected
    assert conf.api.get_conference(conf.account_id, conference_id).completed_time is None
    assert conf.voice.state(a).state == "answered"


def test_update_conference_with_the_wrong_content_type_is_415(conf: Conf) -> None:
    conference_id, _ = open_room(conf, MEMBER_NUMBERS[0])
    answer = wire(conf).send(
        "POST",
        f"/conferences/{conference_id}",
        '{"status": "completed"}',
        content_type="text/plain",
    )
    assert_error(answer, 415, "validation", "Content type 'text/plain' not supported")
    assert conf.api.get_conference(conf.account_id, conference_id).completed_time is None


def test_a_completed_conference_cannot_be_modified(conf: Conf) -> None:
    conference_id = ended_room(conf)
    conflict = f"Conference [{conference_id}] cannot be modified in its current state"
    one = f"/conferences/{conference_id}"
    redirect = {"status": "active", "redirectUrl": conf.voice.hooks.url_for("/r")}
    for answer in [
        wire(conf).send("POST", one, redirect),
        wire(conf).send("POST", one, {"status": "completed"}),
        wire(conf).send(
            "PUT",
            one + "/bxml",
            "<Bxml><SpeakSentence>hi</SpeakSentence></Bxml>",
            content_type="application/xml",
        ),
    ]:
        assert_error(answer, 409, "validation", conflict)
    conf.voice.run()
    assert not [hook for hook in conf.voice.hooks.received if hook.path == "/r"]


def test_redirect_sends_conference_redirect_and_plays_its_reply(conf: Conf) -> None:
    hooks = conf.voice.hooks
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0], tag="desk")
    hooks.reply(
        '<Response><StartRecording recordingAvailableUrl="available"/>'
        "<SpeakSentence>one two three four five</SpeakSentence><StopRecording/></Response>",
        path="/moved",
    )
    response = conf.api.update_conference_with_http_info(
        conf.account_id,
        conference_id,
        bandwidth.UpdateConference(status="active", redirect_url=hooks.url_for("/moved")),
    )
    assert response.status_code == 204
    conf.voice.run()

    (redirect,) = [hook for hook in hooks.received if hook.path == "/moved"]
    assert redirect.method == "POST"
    assert "Authorization" not in redirect.headers
    payload = redirect.payload
    assert set(payload) == CONFERENCE_FIELDS
    assert (payload["eventType"], payload["conferenceId"], payload["name"], payload["tag"]) == (
        "conferenceRedirect",
        conference_id,
        ROOM,
        "desk",
    )
    assert_matches("bandwidth.yml", "conferenceRedirectCallback", payload)
    (attempt,) = conf.voice.emu.ledger(call_id=conference_id, event_type="conferenceRedirect")
    assert (attempt["outcome"], attempt["url"]) == ("delivered", hooks.url_for("/moved"))
    # The reply ran in the conference: the recording spans the 2 s sentence.
    (available,) = [hook.payload for hook in hooks.received if hook.path == "/available"]
    assert (available["conferenceId"], available["duration"]) == (conference_id, "PT2S")
    # The member stayed in.
    assert conf.voice.state(a).state == "answered"
    assert [m.call_id for m in conf.only().active_members or []] == [a]


# -- updateConferenceBxml -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "description"),
    [
        ("<Bxml><Hangup/></Bxml>", f"<Hangup> {ONLY}"),
        (
            "<Bxml><SpeakSentence>hi</SpeakSentence><Pause duration='1'/></Bxml>",
            f"<Pause> {ONLY}",
        ),
        (
            "<Bxml><Pause",
            "the BXML document is not well-formed XML: unclosed token: line 1, column 6",
        ),
    ],
)
def test_update_conference_bxml_refuses_what_a_conference_cannot_run(
    conf: Conf, document: str, description: str
) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0])
    answer = wire(conf).send(
        "PUT", f"/conferences/{conference_id}/bxml", document, content_type="application/xml"
    )
    assert_invalid(answer, description)
    conf.voice.run()
    assert conf.voice.state(a).state == "answered"
    assert [m.call_id for m in conf.only().active_members or []] == [a]


def test_update_conference_bxml_as_text_is_415(conf: Conf) -> None:
    conference_id, _ = open_room(conf, MEMBER_NUMBERS[0])
    answer = wire(conf).send(
        "PUT",
        f"/conferences/{conference_id}/bxml",
        "<Bxml><SpeakSentence>hi</SpeakSentence></Bxml>",
        content_type="text/plain",
    )
    assert_error(answer, 415, "validation", "Content type 'text/plain' not supported")


def test_update_conference_bxml_plays_audio_in_the_conference(conf: Conf) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0])
    response = conf.api.update_conference_bxml_with_http_info(
        conf.account_id,
        conference_id,
        '<Bxml><StartRecording recordingAvailableUrl="available"/>'
        "<PlayAudio>https://media.example/a.wav#duration=3</PlayAudio><StopRecording/></Bxml>",
    )
    assert response.status_code == 204
    conf.voice.run()
    (available,) = [hook.payload for hook in conf.voice.hooks.received if hook.path == "/available"]
    assert (available["conferenceId"], available["duration"]) == (conference_id, "PT3S")
    assert conf.voice.state(a).state == "answered"


# -- members ------------------------------------------------------------------------------


def test_member_of_another_conference_or_unknown_is_not_found(conf: Conf) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0])
    elsewhere = conf.join(MEMBER_NUMBERS[1], named("elsewhere"))
    for member in (elsewhere, UNKNOWN_CALL):
        answer = wire(conf).send("GET", f"/conferences/{conference_id}/members/{member}")
        assert_error(
            answer,
            404,
            "validation",
            f"Member [{member}] not found in conference [{conference_id}]",
        )
        put = wire(conf).send("PUT", f"/conferences/{conference_id}/members/{member}", {})
        assert put.status == 404
    assert member_json(conf, conference_id, a)["callId"] == a


def test_a_member_that_left_cannot_be_updated(conf: Conf) -> None:
    conference_id, (a, b) = open_room(conf, *MEMBER_NUMBERS[:2])
    conf.hang_up(a)
    answer = wire(conf).send("PUT", f"/conferences/{conference_id}/members/{a}", {"mute": True})
    assert_error(
        answer, 409, "validation", f"Member [{a}] is no longer in conference [{conference_id}]"
    )
    ok = wire(conf).send("PUT", f"/conferences/{conference_id}/members/{b}", {"mute": True})
    assert (ok.status, ok.body) == (204, b"")


def test_member_update_changes_only_the_fields_sent(conf: Conf) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0], hold="true")
    member = member_json(conf, conference_id, a)
    assert member == {
        "callId": a,
        "conferenceId": conference_id,
        "memberUrl": (
            f"{conf.voice.emu.bandwidth.voice_url}/accounts/{conf.account_id}"
            f"/conferences/{conference_id}/members/{a}"
        ),
        "mute": False,
        "hold": True,
        "callIdsToCoach": None,  # never set: null, not []
    }
    path = f"/conferences/{conference_id}/members/{a}"
    assert wire(conf).send("PUT", path, {"mute": True}).status == 204
    assert (
        member_json(conf, conference_id, a)["mute"],
        member_json(conf, conference_id, a)["hold"],
    ) == (True, True)
    assert wire(conf).send("PUT", path, {"hold": False, "mute": None}).status == 204
    after = member_json(conf, conference_id, a)
    assert (after["mute"], after["hold"], after["callIdsToCoach"]) == (True, False, None)


def test_one_coach_per_conference_through_the_api(conf: Conf) -> None:
    conference_id, (a, b, c) = open_room(conf, *MEMBER_NUMBERS)
    conf.api.update_conference_member(
        conf.account_id, conference_id, a, bandwidth.UpdateConferenceMember(call_ids_to_coach=[b])
    )
    coach = member_json(conf, conference_id, a)
    assert (coach["callIdsToCoach"], coach["mute"], coach["hold"]) == ([b], False, False)
    assert conf.api.get_conference_member(conf.account_id, conference_id, a).call_ids_to_coach == [
        b
    ]

    answer = wire(conf).send(
        "PUT", f"/conferences/{conference_id}/members/{c}", {"callIdsToCoach": [b]}
    )
    assert_invalid(
        answer, f"Conference [{conference_id}] already has a coach ({a}); only one is allowed"
    )
    assert member_json(conf, conference_id, c)["callIdsToCoach"] is None
    # The coach may change whom it coaches; once it stops, another member may coach.
    path = f"/conferences/{conference_id}/members/"
    assert wire(conf).send("PUT", path + a, {"callIdsToCoach": [b, c]}).status == 204
    assert member_json(conf, conference_id, a)["callIdsToCoach"] == [b, c]
    assert wire(conf).send("PUT", path + a, {"callIdsToCoach": []}).status == 204
    assert member_json(conf, conference_id, a)["callIdsToCoach"] is None
    assert wire(conf).send("PUT", path + c, {"callIdsToCoach": [b]}).status == 204
    assert member_json(conf, conference_id, c)["callIdsToCoach"] == [b]


# -- event replies a conference cannot run ------------------------------------------------


def test_event_reply_with_a_call_verb_is_refused_and_nothing_of_it_runs(conf: Conf) -> None:
    hooks = conf.voice.hooks
    hooks.reply(
        '<Response><StartRecording recordingAvailableUrl="available"/><Hangup/></Response>',
        path="/conference",
        event_type="conferenceMemberJoin",
    )
    conference_id, (a, b) = open_room(conf, *MEMBER_NUMBERS[:2])

    joins = conf.voice.emu.ledger(call_id=conference_id, event_type="conferenceMemberJoin")
    assert [(d["target"], d["response_status"], d["outcome"]) for d in joins] == [
        ("primary", 200, "invalid_reply"),
        ("primary", 200, "invalid_reply"),
    ]
    assert [d["error"] for d in joins] == [f"<Hangup> {ONLY}"] * 2
    (created,) = conf.voice.emu.ledger(call_id=conference_id, event_type="conferenceCreated")
    assert created["outcome"] == "delivered"
    # Both calls are still up and in the conference, and nothing was recorded.
    assert [conf.voice.state(call).state for call in (a, b)] == ["answered", "answered"]
    assert [m.call_id for m in conf.only().active_members or []] == [a, b]
    assert conf.api.list_conference_recordings(conf.account_id, conference_id) == []
    conf.hang_up(a)
    conf.hang_up(b)
    assert not [hook for hook in hooks.received if hook.path == "/available"]


def test_event_reply_refused_at_the_primary_is_taken_from_the_fallback(conf: Conf) -> None:
    hooks = conf.voice.hooks
    hooks.reply(
        "<Response><Hangup/></Response>", path="/conference", event_type="conferenceCreated"
    )
    hooks.reply(
        '<Response><StartRecording recordingAvailableUrl="available"/>'
        "<SpeakSentence>one two three four five</SpeakSentence><StopRecording/></Response>",
        path="/conference-fallback",
    )
    conference_id, (a,) = open_room(
        conf, MEMBER_NUMBERS[0], conferenceEventFallbackUrl="conference-fallback"
    )
    attempts = conf.voice.emu.ledger(call_id=conference_id, event_type="conferenceCreated")
    assert [(d["target"], d["outcome"]) for d in attempts] == [
        ("primary", "invalid_reply"),
        ("fallback", "delivered"),
    ]
    (available,) = [hook.payload for hook in hooks.received if hook.path == "/available"]
    assert available["duration"] == "PT2S"
    assert conf.voice.state(a).state == "answered"


# -- conference recordings ----------------------------------------------------------------


def test_conference_recording_endpoints(conf: Conf) -> None:
    conference_id, (a,) = open_room(conf, MEMBER_NUMBERS[0])
    base = f"/conferences/{conference_id}/recordings"
    unknown = wire(conf).send("GET", f"{base}/{UNKNOWN_RECORDING}")
    assert_error(unknown, 404, "validation", f"Recording [{UNKNOWN_RECORDING}] not found")
    assert_error(
        wire(conf).send("GET", f"{base}/{UNKNOWN_RECORDING}/media"),
        404,
        "validation",
        f"Recording [{UNKNOWN_RECORDING}] not found",
    )

    conf.api.update_conference_bxml(
        conf.account_id,
        conference_id,
        '<Bxml><StartRecording recordingAvailableUrl="available"/></Bxml>',
    )
    conf.voice.emu.advance(4)
    (recording,) = wire(conf).send("GET", base).json
    rid = recording["recordingId"]
    assert_error(
        wire(conf).send("GET", f"{base}/{rid}/media"),
        404,
        "validation",
        f"Media for recording [{rid}] not found",
    )
    # A call's recording endpoints do not serve it.
    assert wire(conf).send("GET", f"/calls/{a}/recordings/{rid}").status == 404

    conf.api.update_conference_bxml(conf.account_id, conference_id, "<Bxml><StopRecording/></Bxml>")
    conf.voice.run()
    answer = wire(conf).send("GET", f"{base}/{rid}")
    assert answer.status == 200
    metadata = answer.json
    assert_matches("bandwidth.yml", "conferenceRecordingMetadata", metadata)
    assert metadata == wire(conf).send("GET", base).json[0]
    assert (metadata["conferenceId"], metadata["name"], metadata["channels"]) == (
        conference_id,
        ROOM,
        1,
    )
    assert (metadata["accountId"], metadata["status"], metadata["duration"]) == (
        conf.account_id,
        "complete",
        "PT4S",
    )
    media = wire(conf).send("GET", f"{base}/{rid}/media")
    assert (media.status, media.headers["Content-Type"]) == (200, "audio/vnd.wave")
    # The same recording under another conference id is not found.
    elsewhere = wire(conf).send("GET", f"/conferences/{UNKNOWN_CONFERENCE}/recordings/{rid}")
    assert elsewhere.status == 404
