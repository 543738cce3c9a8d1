"""<Conference> and the conference endpoints, end to end with the official SDK: members, mute,
hold, the conference events in order, ending through the API, conference BXML and recordings."""

from __future__ import annotations

import io
import wave

import bandwidth

from tests.bandwidth_v2.conftest import (
    CONFERENCE_FIELDS,
    MEMBER_FIELDS,
    MEMBER_NUMBERS,
    ROOM,
    Conf,
    conference_verb,
    seconds,
)


def test_three_party_conference_with_mute_and_hold_through_the_api(conf: Conf) -> None:
    first, second, third = MEMBER_NUMBERS
    a = conf.join(first, conference_verb(tag="sync-42"))
    b = conf.join(second, conference_verb(tag="ignored", mute="true"))
    c = conf.join(third, conference_verb(conferenceEventUrl="ignored"))

    conference = conf.only()
    assert conference.id.startswith("conf-")
    assert (conference.name, conference.tag, conference.completed_time) == (ROOM, "sync-42", None)
    assert conference.conference_event_url == conf.voice.hooks.url_for("/conference")
    assert conference.conference_event_method == "POST"
    members = {member.call_id: member for member in conference.active_members or []}
    assert list(members) == [a, b, c]
    assert [(m.mute, m.hold) for m in members.values()] == [
        (False, False),
        (True, False),
        (False, False),
    ]
    assert members[a].member_url == (
        f"{conf.voice.emu.bandwidth.voice_url}/accounts/{conf.account_id}"
        f"/conferences/{conference.id}/members/{a}"
    )

    conf.api.update_conference_member(
        conf.account_id, conference.id, b, bandwidth.UpdateConferenceMember(mute=False)
    )
    conf.api.update_conference_member(
        conf.account_id, conference.id, c, bandwidth.UpdateConferenceMember(hold=True)
    )
    assert conf.api.get_conference_member(conf.account_id, conference.id, b).mute is False
    held = conf.api.get_conference_member(conf.account_id, conference.id, c)
    assert (held.call_id, held.conference_id, held.mute, held.hold) == (
        c,
        conference.id,
        False,
        True,
    )

    conf.hang_up(c)
    conf.hang_up(a)
    conf.hang_up(b)

    posted = conf.conference_events()
    assert [(p["eventType"], p.get("callId")) for p in posted] == [
        ("conferenceCreated", None),
        ("conferenceMemberJoin", a),
        ("conferenceMemberJoin", b),
        ("conferenceMemberJoin", c),
        ("conferenceMemberExit", c),
        ("conferenceMemberExit", a),
        ("conferenceMemberExit", b),
        ("conferenceCompleted", None),
    ]
    assert not [hook for hook in conf.voice.hooks.received if hook.path == "/ignored"]
    for payload in posted:
        assert payload["conferenceId"] == conference.id
        assert (payload["name"], payload["tag"]) == (ROOM, "sync-42")
        expected = MEMBER_FIELDS if "callId" in payload else CONFERENCE_FIELDS
        assert set(payload) == expected
    joins = [p for p in posted if p["eventType"] == "conferenceMemberJoin"]
    assert [(p["from"], p["to"]) for p in joins] == [
        (conf.voice.emu.numbers[0], number) for number in MEMBER_NUMBERS
    ]

    done = conf.api.get_conference(conf.account_id, conference.id)
    assert done.active_members == []
    assert done.completed_time is not None
    assert seconds(done.completed_time, posted[-1]["eventTime"]) == 0
    # Each member's own call ended with a normal hang-up.
    assert [conf.voice.state(call).disconnect_cause for call in (a, b, c)] == ["hangup"] * 3


def test_ending_the_conference_through_the_api_lets_members_go_on(conf: Conf) -> None:
    after = '<Redirect redirectUrl="after"/>'
    a = conf.join(MEMBER_NUMBERS[0], conference_verb() + after)
    b = conf.join(MEMBER_NUMBERS[1], conference_verb() + after)
    conference = conf.only()

    conf.api.update_conference(
        conf.account_id, conference.id, bandwidth.UpdateConference(status="completed")
    )
    conf.voice.run()

    assert [(p["eventType"], p.get("callId")) for p in conf.conference_events()][-3:] == [
        ("conferenceMemberExit", a),
        ("conferenceMemberExit", b),
        ("conferenceCompleted", None),
    ]
    redirects = [
        hook.payload["callId"] for hook in conf.voice.hooks.received if hook.path == "/after"
    ]
    assert sorted(redirects) == sorted([a, b])
    # The name starts a new conference the next time it is used.
    conf.join(MEMBER_NUMBERS[2], conference_verb())
    ids = [c.id for c in conf.api.list_conferences(conf.account_id, name=ROOM)]
    assert len(ids) == 2
    assert ids[0] == conference.id
    assert ids[1] != conference.id


def test_conference_bxml_records_the_conference(conf: Conf) -> None:
    conf.voice.hooks.reply(
        '<Response><StartRecording recordingAvailableUrl="recording" tag="rec"/></Response>',
        path="/conference",
        event_type="conferenceCreated",
    )
    a = conf.join(MEMBER_NUMBERS[0], conference_verb(tag="room-tag"))
    conference = conf.only()
    conf.voice.emu.advance(10)
    conf.api.update_conference_bxml(
        conf.account_id,
        conference.id,
        "<Bxml><SpeakSentence>one two three four five</SpeakSentence><StopRecording/></Bxml>",
    )
    conf.voice.run()

    (available,) = conf.conference_events("/recording")
    assert available["eventType"] == "conferenceRecordingAvailable"
    assert (available["conferenceId"], available["name"], available["tag"]) == (
        conference.id,
        ROOM,
        "rec",
    )
    assert (available["channels"], available["fileFormat"], available["status"]) == (
        1,
        "wav",
        "complete",
    )
    assert available["duration"] == "PT12S"  # 10 s, then the 2 s sentence, then stopped
    (metadata,) = conf.api.list_conference_recordings(conf.account_id, conference.id)
    assert metadata.recording_id == available["recordingId"]
    assert metadata.media_url == available["mediaUrl"]
    assert metadata.media_url.endswith(
        f"/conferences/{conference.id}/recordings/{metadata.recording_id}/media"
    )
    audio = conf.api.download_conference_recording(
        conf.account_id, conference.id, metadata.recording_id
    )
    with wave.open(io.BytesIO(bytes(audio))) as wav:
        assert wav.getnframes() / wav.getframerate() == 12.0
    # A conference's recording is not one of the account's call recordings.
    recordings = bandwidth.RecordingsApi(conf.api.api_client)
    assert recordings.list_account_call_recordings(conf.account_id) == []
    conf.hang_up(a)
    assert [p["eventType"] for p in conf.conference_events()][-2:] == [
        "conferenceMemberExit",
        "conferenceCompleted",
    ]
    assert len(conf.conference_events("/recording")) == 1  # stopped already: not sent again
