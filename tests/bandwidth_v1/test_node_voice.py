"""The npm ``node-bandwidth`` client (4.0.0) driving Catapult voice: calls, audio, gathers,
transfers, bridges, conferences, recordings and its error type."""

from __future__ import annotations

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.bandwidth_v1.node_sdk import NodeClient, NodeError
from tests.bandwidth_v1.voice_helpers import FAR, events

pytestmark = pytest.mark.usefixtures("catapult_hang_up")


def test_calls_audio_gather_and_transfer(
    catapult_node: NodeClient,
    telephony_emulator: TelephonyEmulator,
    telephony_webhooks: WebhookInbox,
) -> None:
    node, emu, hooks = catapult_node, telephony_emulator, telephony_webhooks
    created = node(
        "Call.create",
        {"from": emu.numbers[0], "to": FAR, "callbackUrl": hooks.url_for("/n"), "tag": "node"},
    )
    call_id = created["id"]
    emu.advance(1)
    assert node("Call.get", call_id)["state"] == "active"
    assert [c["id"] for c in node("Call.list", {"to": FAR})] == [call_id]
    node("Call.speakSentence", call_id, "Hello from node")
    emu.advance(2)
    gather = node("Call.createGather", call_id, {"maxDigits": "2", "tag": "g"})
    emu.press(call_id, "42")
    emu.advance(1)
    result = node("Call.getGather", call_id, gather["id"])
    assert (result["state"], result["digits"], result["reason"]) == (
        "completed",
        "42",
        "max-digits",
    )
    assert [e["name"] for e in node("Call.getEvents", call_id)][:3] == ["create", "answer", "speak"]
    leg = node("Call.transfer", call_id, {"transferTo": "+19195551212"})
    assert leg["id"].startswith("c-")
    assert node("Call.get", call_id)["state"] == "transferring"
    assert [e["eventType"] for e in events(hooks)][:3] == ["answer", "speak", "speak"]


def test_bridges_and_conferences(
    catapult_node: NodeClient,
    telephony_emulator: TelephonyEmulator,
    telephony_webhooks: WebhookInbox,
) -> None:
    node, emu = catapult_node, telephony_emulator
    first, second, third = (
        node("Call.create", {"from": emu.numbers[0], "to": FAR})["id"] for _ in range(3)
    )
    emu.advance(2)
    bridge = node("Bridge.create", {"bridgeAudio": True, "callIds": [first, second]})
    assert node("Bridge.get", bridge["id"])["state"] == "active"
    assert [c["id"] for c in node("Bridge.getCalls", bridge["id"])] == [first, second]
    node("Bridge.speakSentence", bridge["id"], "Both of you")
    node("Bridge.update", bridge["id"], {"callIds": []})
    assert node("Bridge.get", bridge["id"])["state"] == "completed"
    conference = node("Conference.create", {"from": emu.numbers[0]})
    member = node("Conference.createMember", conference["id"], {"callId": third})
    assert [m["id"] for m in node("Conference.getMembers", conference["id"])] == [member["id"]]
    node("Conference.updateMember", conference["id"], member["id"], {"mute": True})
    assert node("Conference.getMember", conference["id"], member["id"])["mute"] is True
    node("Conference.update", conference["id"], {"state": "completed"})
    assert node("Conference.get", conference["id"])["state"] == "completed"
    with pytest.raises(NodeError) as raised:
        node("Bridge.create", {"callIds": [first, second, third]})
    assert (raised.value.statusCode, raised.value.message) == (
        403,
        "Only two calls are allowed in a bridge",
    )
