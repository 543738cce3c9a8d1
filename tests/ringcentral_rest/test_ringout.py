"""RingOut over REST with the official ``ringcentral`` SDK: create, poll, cancel, call log."""

from __future__ import annotations

from typing import Any

import pytest
from ringcentral.http.api_exception import ApiException  # type: ignore[import-untyped]

from tests.ringcentral_rest.conftest import RingCentralRest, basic
from tests.specs import assert_matches

RC_SPEC = "rc-public-openapi.yml"
RING_OUT = "/restapi/v1.0/account/~/extension/~/ring-out"
CALLBACK = "+16505551231"
DESTINATION = "+16505551230"


def status_of(body: dict[str, Any]) -> tuple[str, str, str]:
    status = body["status"]
    return (status["callerStatus"], status["calleeStatus"], status["callStatus"])


def ring_out(platform: Any, **body: Any) -> dict[str, Any]:
    payload = {"from": {"phoneNumber": CALLBACK}, "to": {"phoneNumber": DESTINATION}, **body}
    created: dict[str, Any] = platform.post(RING_OUT, payload).json_dict()
    assert_matches(RC_SPEC, "GetRingOutStatusResponse", created)
    return created


def poll(platform: Any, ringout_id: str) -> dict[str, Any]:
    body: dict[str, Any] = platform.get(f"{RING_OUT}/{ringout_id}").json_dict()
    assert_matches(RC_SPEC, "GetRingOutStatusResponse", body)
    return body


def test_documented_success_flow_then_404_after_the_grace_period(
    rc: RingCentralRest, rc_platform: Any
) -> None:
    created = ring_out(rc_platform, playPrompt=True, callerId={"phoneNumber": "+16505550100"})
    ringout_id = created["id"]
    assert created == {
        "id": ringout_id,
        "uri": f"{rc.url}/restapi/v1.0/account/{rc.login.account_id}/extension/"
        f"{rc.login.extension_id}/ring-out/{ringout_id}",
        "status": {
            "callStatus": "InProgress",
            "callerStatus": "InProgress",
            "calleeStatus": "InProgress",
        },
    }
    rc.advance(1)
    assert status_of(poll(rc_platform, ringout_id)) == ("Success", "InProgress", "InProgress")
    legs = rc.emu.ringout(ringout_id)
    assert (legs["from"], legs["to"], legs["caller_id"], legs["prompt"]) == (
        CALLBACK,
        DESTINATION,
        "+16505550100",
        True,
    )
    rc.emu.press(legs["caller_call_id"], "1")
    rc.advance(1)
    assert status_of(poll(rc_platform, ringout_id)) == ("Success", "Success", "Success")
    rc.emu.hangup(rc.emu.ringout(ringout_id)["callee_call_id"])
    assert status_of(poll(rc_platform, ringout_id)) == ("Finished", "Finished", "Success")
    rc.advance(5)
    with pytest.raises(ApiException) as raised:
        rc_platform.get(f"{RING_OUT}/{ringout_id}")
    response = raised.value.api_response().response()
    assert response.status_code == 404
    assert response.json() == {
        "errorCode": "CMN-102",
        "message": "Resource for parameter [ringoutId] is not found",
        "errors": [
            {
                "errorCode": "CMN-102",
                "message": "Resource for parameter [ringoutId] is not found",
                "parameterName": "ringoutId",
            }
        ],
    }
    assert_matches(RC_SPEC, "ApiErrorResponseModel", response.json())


def test_documented_busy_callee_flow(rc: RingCentralRest, rc_platform: Any) -> None:
    ringout_id = ring_out(rc_platform, to={"phoneNumber": "+15005550001"})["id"]
    rc.advance(1)
    assert status_of(poll(rc_platform, ringout_id)) == ("Success", "InProgress", "InProgress")
    rc.advance(1)
    assert status_of(poll(rc_platform, ringout_id)) == ("Success", "Busy", "CannotReach")


@pytest.mark.parametrize(
    ("to", "callee"),
    [("+442071234567", "InternationalDisabled"), ("+19765550100", "DestinationBlocked")],
)
def test_barred_destinations(rc: RingCentralRest, rc_platform: Any, to: str, callee: str) -> None:
    ringout_id = ring_out(rc_platform, to={"phoneNumber": to})["id"]
    rc.advance(1)
    assert status_of(poll(rc_platform, ringout_id)) == ("Success", callee, "CannotReach")


def test_delete_cancels_while_ringing_and_answers_204(
    rc: RingCentralRest, rc_platform: Any
) -> None:
    rc.emu.set_scenario(CALLBACK, answer_after=20)
    ringout_id = ring_out(rc_platform)["id"]
    response = rc_platform.delete(f"{RING_OUT}/{ringout_id}")
    assert (response.response().status_code, response.text()) == (204, "")
    assert status_of(poll(rc_platform, ringout_id)) == ("Rejected", "Rejected", "CannotReach")
    caller = rc.emu.call(rc.emu.ringout(ringout_id)["caller_call_id"])
    assert (caller["state"], caller["cause"]) == ("disconnected", "cancel")


def test_delete_after_connect_keeps_the_call(rc: RingCentralRest, rc_platform: Any) -> None:
    ringout_id = ring_out(rc_platform)["id"]
    rc.advance(2)
    assert rc_platform.delete(f"{RING_OUT}/{ringout_id}").response().status_code == 204
    rc.advance(60)
    assert status_of(poll(rc_platform, ringout_id)) == ("Success", "Success", "Success")


def test_older_ringout_alias_explicit_ids_and_default_from(
    rc: RingCentralRest, rc_platform: Any
) -> None:
    login = rc.login
    alias = f"/restapi/v1.0/account/{login.account_id}/extension/{login.extension_id}/ringout"
    created = rc_platform.post(alias, {"to": {"phoneNumber": "6505551230"}}).json_dict()
    numbers = rc_platform.get("/restapi/v1.0/account/~/extension/~/forwarding-number").json_dict()
    session = rc.emu.ringout(created["id"])
    assert (session["from"], session["to"]) == (numbers["records"][0]["phoneNumber"], DESTINATION)
    assert rc_platform.get(f"{alias}/{created['id']}").json_dict()["id"] == created["id"]


def test_forwarding_numbers(rc: RingCentralRest, rc_platform: Any) -> None:
    body = rc_platform.get("/restapi/v1.0/account/~/extension/~/forwarding-number").json_dict()
    assert_matches(RC_SPEC, "GetExtensionForwardingNumberListResponse", body)
    assert [(r["label"], r["type"], r["flipNumber"]) for r in body["records"]] == [
        ("Home", "Home", "1"),
        ("Mobile", "Mobile", "2"),
        ("Business", "Work", "3"),
    ]
    assert all(r["features"] == ["CallFlip", "CallForwarding"] for r in body["records"])
    assert body["paging"] == {
        "page": 1,
        "perPage": 100,
        "pageStart": 0,
        "pageEnd": 2,
        "totalPages": 1,
        "totalElements": 3,
    }


def test_ended_ringouts_appear_in_the_call_log(rc: RingCentralRest, rc_platform: Any) -> None:
    connected = ring_out(rc_platform)["id"]
    rc.advance(2)
    rc.advance(60)
    rc.emu.hangup(rc.emu.ringout(connected)["caller_call_id"])
    busy = ring_out(rc_platform, to={"phoneNumber": "+15005550001"})["id"]
    live = ring_out(rc_platform)["id"]
    rc.advance(2)
    log = rc_platform.get(
        "/restapi/v1.0/account/~/extension/~/call-log", {"view": "Detailed"}
    ).json_dict()
    assert_matches(RC_SPEC, "CallLogResponse", log)
    assert [record["id"] for record in log["records"]] == [busy, connected]
    assert live not in [record["id"] for record in log["records"]]
    busy_record, connected_record = log["records"]
    assert (connected_record["result"], connected_record["duration"]) == ("Call connected", 62)
    assert (busy_record["result"], busy_record["reason"]) == ("Busy", "Line Busy")
    assert [(leg["legType"], leg["result"], leg["master"]) for leg in connected_record["legs"]] == [
        ("RingOutWebToCaller", "Call connected", True),
        ("RingOutWebToSubscriber", "Call connected", False),
    ]
    assert connected_record["to"] == {"phoneNumber": DESTINATION}
    assert connected_record["action"] == "RingOut Web"
    one = rc_platform.get(f"/restapi/v1.0/account/~/extension/~/call-log/{busy}").json_dict()
    assert one["id"] == busy
    assert "legs" not in one


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"from": {"phoneNumber": CALLBACK}}, "to"),
        ({"to": {"phoneNumber": "nope"}}, "to.phoneNumber"),
        ({"to": {"phoneNumber": DESTINATION}, "from": {"phoneNumber": "1"}}, "from.phoneNumber"),
        (
            {"to": {"phoneNumber": DESTINATION}, "from": {"forwardingNumberId": "1"}},
            "from.forwardingNumberId",
        ),
        ({"to": {"phoneNumber": DESTINATION}, "playPrompt": "sometimes"}, "playPrompt"),
    ],
)
def test_invalid_bodies_get_cmn_101(
    rc: RingCentralRest, body: dict[str, Any], parameter: str
) -> None:
    token = rc.jwt_login()["access_token"]
    response = rc.http.post(
        rc.url + RING_OUT, json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400
    message = f"Parameter [{parameter}] value is invalid."
    assert response.json() == {
        "errorCode": "CMN-101",
        "message": message,
        "errors": [{"errorCode": "CMN-101", "message": message, "parameterName": parameter}],
    }


def test_unparsable_json_missing_token_and_another_tenants_ringout(
    rc: RingCentralRest, rc_platform: Any
) -> None:
    token = rc.jwt_login()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    response = rc.http.post(rc.url + RING_OUT, data=b"{nope", headers=headers)
    assert (response.status_code, response.json()["errorCode"]) == (400, "CMN-103")
    assert rc.http.post(rc.url + RING_OUT, json={}).status_code == 401
    ringout_id = ring_out(rc_platform)["id"]
    other = rc.emu.control.create_account(name="Other tenant")
    other_token = rc.token(
        {
            "grant_type": "password",
            "username": other["ringcentral"]["username"],
            "extension": other["ringcentral"]["extension"],
            "password": other["ringcentral"]["password"],
        },
        auth=basic(other["ringcentral"]["client_id"], other["ringcentral"]["client_secret"]),
    ).json()["access_token"]
    response = rc.get(f"{RING_OUT}/{ringout_id}", other_token)
    assert (response.status_code, response.json()["errorCode"]) == (404, "CMN-102")
    explicit = f"/restapi/v1.0/account/{rc.login.account_id}/extension/~/ring-out/{ringout_id}"
    assert rc.get(explicit, other_token).status_code == 404
