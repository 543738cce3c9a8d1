"""GET /_emulator/events: the exact items, in order, as a call is driven on the virtual clock."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import CLOCK_START, AppClient
from tests.dashboard.conftest import ACCOUNT, CALLER, NUMBER, gather_menu, label


async def place(client: AppClient, from_: str = CALLER) -> str:
    response = await client.post("/_emulator/inbound-calls", json={"from": from_, "to": NUMBER})
    assert response.status == 201, await response.text()
    return (await response.json())["call_id"]


async def advance(client: AppClient, seconds: float) -> None:
    response = await client.post("/_emulator/clock/advance", json={"seconds": seconds})
    assert response.status == 200


async def test_a_driven_inbound_call_streams_its_events_and_webhooks_in_order(
    client: AppClient, open_stream, routed
) -> None:
    gather_menu(routed)
    stream = await open_stream(f"?account_id={ACCOUNT}&kind=call,webhook")
    call_id = await place(client)
    await advance(client, 0.5)
    await client.post(f"/_emulator/calls/{call_id}/digits", json={"digits": "1"})
    await advance(client, 0.25)
    await client.post(f"/_emulator/calls/{call_id}/digits", json={"digits": "2"})
    await client.post("/_emulator/clock/run-until-idle")

    items = await stream.until(lambda item: label(item) == "webhook disconnect 204")
    assert [(label(item), item["at"] - CLOCK_START) for item in items] == [
        ("CallPlaced", 0),
        ("webhook initiate 200", 0),
        ("<Gather>", 0),
        ("CallAnswered", 0),  # the verb answers the inbound call
        ("PlaybackStarted", 0),  # its prompt
        ("DigitPressed 1", 0.5),
        ("PlaybackFinished", 0.5),  # cut by the first digit
        ("DigitPressed 2", 0.75),
        ("GatherDone", 0.75),
        ("webhook gather 204", 0.75),
        ("CallEnded", 0.75),
        ("webhook disconnect 204", 0.75),
    ]
    assert {item["call_id"] for item in items} == {call_id}
    assert [item["seq"] for item in items] == sorted(item["seq"] for item in items)
    assert stream.ids == [str(item["seq"]) for item in items]
    placed, initiate, gather = items[0], items[1], items[9]
    assert placed["data"] == {
        "from_number": CALLER,
        "to_number": NUMBER,
        "direction": "inbound",
        "surface": "bandwidth_voice_v2",
    }
    assert initiate["data"]["request_json"]["eventType"] == "initiate"
    assert initiate["data"]["response_body"].startswith("<Response><Gather")
    assert initiate["data"]["response_json"] is None
    assert gather["data"]["request_json"]["digits"] == "12"
    assert items[6]["data"] == {"kind": "speech", "tag": None, "completed": False}
    assert items[8]["data"] == {"digits": "12", "terminating_digit": "", "reason": "max-digits"}
    assert items[10]["data"] == {"cause": "hangup"}


async def test_a_stream_filters_by_call_and_resumes_after_the_last_id_it_saw(
    client: AppClient, open_stream, routed
) -> None:
    gather_menu(routed, digits=1)
    first = await place(client)
    second = await place(client, from_="+15557654321")
    only_second = await open_stream(f"?call_id={second}&after=0&type=CallPlaced,DigitPressed")
    await client.post(f"/_emulator/calls/{first}/digits", json={"digits": "7"})
    await client.post(f"/_emulator/calls/{second}/digits", json={"digits": "8"})
    items = await only_second.until(lambda item: item["type"] == "DigitPressed")
    assert [(item["call_id"], label(item)) for item in items] == [
        (second, "CallPlaced"),
        (second, "DigitPressed 8"),
    ]

    everything = await open_stream("?after=0&type=CallPlaced,CallAnswered,DigitPressed,CallEnded")
    seen = await everything.until(lambda item: label(item) == "DigitPressed 8")
    assert [(item["call_id"], label(item)) for item in seen] == [
        (first, "CallPlaced"),
        (first, "CallAnswered"),
        (second, "CallPlaced"),
        (second, "CallAnswered"),
        (first, "DigitPressed 7"),
        (first, "CallEnded"),  # its one-digit gather is done, and so is its document
        (second, "DigitPressed 8"),
    ]
    # a browser reconnecting sends the last id it saw, and gets what followed it
    types = "?type=CallPlaced,CallAnswered,DigitPressed,CallEnded"
    resumed = await open_stream(types, headers={"Last-Event-ID": str(seen[1]["seq"])})
    assert await resumed.until(lambda item: label(item) == "DigitPressed 8") == seen[2:]


async def test_clock_changes_and_resets_reach_every_stream(client: AppClient, open_stream) -> None:
    stream = await open_stream(f"?account_id={ACCOUNT}")
    await advance(client, 2)
    clock = await stream.next()
    assert (clock["type"], clock["kind"], clock["call_id"]) == ("ClockChanged", "clock", None)
    assert clock["data"]["time"] == CLOCK_START + 2
    assert clock["data"]["rate"] == 0
    await client.put("/_emulator/clock/rate", json={"rate": 3})
    assert (await stream.next())["data"]["rate"] == 3
    await client.put("/_emulator/clock/rate", json={"rate": 0})
    await stream.next()

    assert (await client.post("/_emulator/reset")).status == 200
    assert (await stream.next())["type"] == "EmulatorReset"
    replay = await open_stream("?after=0&kind=call,webhook,clock")
    await advance(client, 1)
    # what was retained before the reset is gone: a replay starts at the reset
    assert [(await replay.next())["type"] for _ in range(2)] == ["EmulatorReset", "ClockChanged"]


async def test_bad_stream_queries_are_refused(client: AppClient) -> None:
    for query, message in [
        ("?callid=x", "unknown query parameter(s): callid"),
        ("?after=soon", "after must be an integer, got 'soon'"),
    ]:
        response = await client.get("/_emulator/events" + query)
        assert response.status == 400
        assert (await response.json())["error"]["message"] == message


async def test_every_call_event_and_webhook_is_one_log_line(
    client: AppClient, routed, caplog: pytest.LogCaptureFixture
) -> None:
    routed.reply("<Response><Hangup/></Response>", event_type="initiate")
    with caplog.at_level(logging.INFO, logger="emulator.events"):
        call_id = await place(client)
        await client.post("/_emulator/clock/run-until-idle")
    lines = [r.getMessage() for r in caplog.records if r.name == "emulator.events"]
    assert lines[0] == (
        f"call {call_id} CallPlaced from_number={CALLER} to_number={NUMBER} "
        "direction=inbound surface=bandwidth_voice_v2"
    )
    assert lines[1].startswith(f"webhook initiate POST {routed.url_for('/initiate')} -> 200 ")
    assert lines[1].endswith(f"call={call_id}")
    assert lines[2] == f"call {call_id} StepStarted step=Hangup"
    assert lines[3] == f"call {call_id} CallEnded cause=rejected"
    assert lines[4].startswith("webhook disconnect POST")
    assert len(lines) == 5
    record = next(r for r in caplog.records if r.name == "emulator.events")
    assert record.event["type"] == "CallPlaced"  # type: ignore[attr-defined]


async def test_message_events_are_streamed_with_their_account(
    client: AppClient, open_stream
) -> None:
    stream = await open_stream(f"?account_id={ACCOUNT}&kind=message")
    body = {"from": CALLER, "to": [NUMBER], "text": "hello"}
    response = await client.post("/_emulator/inbound-messages", json=body)
    assert response.status == 201, await response.text()
    (message,) = (await response.json())["messages"]
    item = await stream.next()
    assert (item["type"], item["kind"], item["account_id"]) == (
        "MessageReceived",
        "message",
        ACCOUNT,
    )
    assert item["call_id"] is None
    assert item["data"]["message_id"] == message["message_id"]
    assert (item["data"]["from_number"], item["data"]["to_number"]) == (CALLER, NUMBER)
