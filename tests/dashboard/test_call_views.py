"""GET /_emulator/calls (filters, paging), a call's current activity, and its timeline."""

from __future__ import annotations

from tests.conftest import AppClient
from tests.dashboard.conftest import ACCOUNT, CALLER, NUMBER, gather_menu


async def place(client: AppClient, from_: str) -> str:
    response = await client.post("/_emulator/inbound-calls", json={"from": from_, "to": NUMBER})
    assert response.status == 201, await response.text()
    return (await response.json())["call_id"]


async def test_mid_gather_a_call_says_it_is_answered_and_playing_its_prompt(
    client: AppClient, routed
) -> None:
    gather_menu(routed)
    call_id = await place(client, CALLER)
    await client.post("/_emulator/clock/advance", json={"seconds": 0.5})
    call = await (await client.get(f"/_emulator/calls/{call_id}")).json()
    assert call["state"] == "answered"
    assert call["activity"] == {
        "what": "answered",
        "since": "2026-01-01T00:00:00Z",
        "seconds": 0.5,
        "doing": "playing speech",  # the prompt is a <SpeakSentence>
        "doing_seconds": 0.5,
        "step": "Gather",
        "step_seconds": 0.5,
        "bridge_id": None,
        "conference_id": None,
        "playing": True,
    }
    await client.post("/_emulator/clock/advance", json={"seconds": 2})  # the prompt is over
    call = await (await client.get(f"/_emulator/calls/{call_id}")).json()
    activity = call["activity"]
    assert (activity["seconds"], activity["playing"], activity["doing"]) == (2.5, False, None)
    assert (activity["step"], activity["step_seconds"]) == ("Gather", 2.5)
    await client.post(f"/_emulator/calls/{call_id}/hangup")
    ended = await (await client.get(f"/_emulator/calls/{call_id}")).json()
    assert (ended["state"], ended["activity"]) == ("disconnected", None)


async def test_calls_are_listed_newest_first_filtered_and_paged(client: AppClient, routed) -> None:
    gather_menu(routed)
    ids = [await place(client, f"+1555000000{n}") for n in range(3)]
    await client.post(f"/_emulator/calls/{ids[0]}/hangup")

    async def listed(query: str) -> dict:
        response = await client.get("/_emulator/calls" + query)
        assert response.status == 200, await response.text()
        return await response.json()

    everything = await listed("")
    assert [c["call_id"] for c in everything["calls"]] == ids[::-1]
    assert (everything["has_more"], everything["next_cursor"]) == (False, None)
    live = await listed(f"?account_id={ACCOUNT}&state=live")
    assert [c["call_id"] for c in live["calls"]] == [ids[2], ids[1]]
    assert [c["call_id"] for c in (await listed("?state=disconnected"))["calls"]] == [ids[0]]
    assert (await listed("?surface=ringcentral_rest"))["calls"] == []
    assert (await listed("?account_id=1234567"))["calls"] == []

    page = await listed("?limit=2")
    assert [c["call_id"] for c in page["calls"]] == [ids[2], ids[1]]
    assert page["has_more"] is True
    rest = await listed(f"?limit=2&after={page['next_cursor']}")
    assert [c["call_id"] for c in rest["calls"]] == [ids[0]]
    assert rest["has_more"] is False

    for query, message in [
        ("?state=ringing", "state must be one of queued, initiated, answered, disconnected, live"),
        ("?limit=0", "limit must be between 1 and 1000, got 0"),
        ("?sort=new", "unknown query parameter(s): sort"),
    ]:
        response = await client.get("/_emulator/calls" + query)
        assert response.status == 400
        assert message in (await response.json())["error"]["message"]


async def test_a_call_timeline_interleaves_its_events_and_webhooks(
    client: AppClient, routed
) -> None:
    routed.reply("<Response><SpeakSentence>Bye</SpeakSentence></Response>", event_type="initiate")
    call_id = await place(client, CALLER)
    other = await place(client, "+15557654321")
    await client.post("/_emulator/clock/run-until-idle")
    timeline = await (await client.get(f"/_emulator/calls/{call_id}/events")).json()
    assert timeline["call_id"] == call_id
    steps = [
        (item["type"], item["data"].get("event_type"), item["data"].get("outcome"))
        for item in timeline["events"]
    ]
    assert steps == [
        ("CallPlaced", None, None),
        ("WebhookAttempted", "initiate", "delivered"),
        ("StepStarted", None, None),
        ("CallAnswered", None, None),
        ("PlaybackStarted", None, None),
        ("PlaybackFinished", None, None),
        ("CallEnded", None, None),
        ("WebhookAttempted", "disconnect", "delivered"),
    ]
    assert other not in {item["call_id"] for item in timeline["events"]}
    missing = await client.get("/_emulator/calls/c-nope/events")
    assert missing.status == 404


async def test_a_call_timeline_has_its_recordings(client: AppClient, routed) -> None:
    routed.reply(
        '<Response><StartRecording/><Pause duration="2"/></Response>', event_type="initiate"
    )
    call_id = await place(client, CALLER)
    await client.post("/_emulator/clock/run-until-idle")
    timeline = await (await client.get(f"/_emulator/calls/{call_id}/events")).json()
    recorded = [item for item in timeline["events"] if item["kind"] == "recording"]
    assert [item["type"] for item in recorded][:2] == ["RecordingStarted", "RecordingStopped"]
    assert recorded[1]["data"]["duration"] == 2
    assert recorded[0]["account_id"] == ACCOUNT
    assert recorded[0]["data"]["recording_id"] == recorded[1]["data"]["recording_id"]
