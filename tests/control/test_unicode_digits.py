"""Only ASCII digits make a phone number, on every surface (``\\d`` and ``isdigit`` take any)."""

from __future__ import annotations

from typing import Any

import pytest
from telephony_emulator.apis.ringcentral_common.dialing import to_e164
from telephony_emulator.bxml.parser import BxmlError, parse_bxml
from telephony_emulator.core.accounts import national_number
from telephony_emulator.core.scenarios import check_number

from tests.conftest import AppClient
from tests.ringcentral_rest.conftest import basic

FULLWIDTH = "+1９１９５５５０１２３"
ARABIC_INDIC = "+١٦٥٠٥٥٥١٢٣٠"
BANDWIDTH = basic("emulator-user", "emulator-pass")
RC_CLIENT = basic("emulator-client-id", "emulator-client-secret")
ACCOUNT = "9900000"
NOT_NUMBERS = [FULLWIDTH, ARABIC_INDIC, "+15551234567\n", "+1555123456７"]


def create_call(to: str, from_: str = "+19195550100") -> dict[str, Any]:
    return {
        "to": to,
        "from": from_,
        "applicationId": "emulator-voice-app",
        "answerUrl": "http://127.0.0.1:9/answer",
    }


async def application_id(client: AppClient) -> str:
    account = await (await client.get(f"/_emulator/accounts/{ACCOUNT}")).json()
    return str(account["applications"][0]["id"])


@pytest.mark.parametrize("number", NOT_NUMBERS)
@pytest.mark.parametrize("field", ["to", "from"])
async def test_voice_create_call_refuses_non_ascii_digits(
    client: AppClient, number: str, field: str
) -> None:
    body = create_call(number) if field == "to" else create_call("+15551234567", number)
    body["applicationId"] = await application_id(client)
    response = await client.post(
        f"/api/v2/accounts/{ACCOUNT}/calls", json=body, headers={"Authorization": BANDWIDTH}
    )
    assert response.status == 400, await response.text()
    description = (await response.json())["description"]
    assert description == f"Invalid {field}: must be an E164 telephone number"


@pytest.mark.parametrize("number", [FULLWIDTH, ARABIC_INDIC, "+1555123456７"])
def test_bxml_refuses_non_ascii_digits(number: str) -> None:
    for document in (
        f"<Response><Transfer><PhoneNumber>{number}</PhoneNumber></Transfer></Response>",
        f'<Response><Transfer transferCallerId="{number}">'
        "<PhoneNumber>+15551234567</PhoneNumber></Transfer></Response>",
    ):
        with pytest.raises(BxmlError, match=r"E\.164"):
            parse_bxml(document)


def test_bxml_numbers_refuse_non_ascii_digits() -> None:
    with pytest.raises(BxmlError, match="must be a number"):
        parse_bxml('<Response><Pause duration="٣"/></Response>')


@pytest.mark.parametrize("number", NOT_NUMBERS)
async def test_control_inbound_calls_and_scenarios_refuse_non_ascii_digits(
    client: AppClient, number: str
) -> None:
    response = await client.post(
        "/_emulator/inbound-calls", json={"from": number, "to": "+19195550100"}
    )
    assert response.status == 400, await response.text()
    with pytest.raises(ValueError, match=r"E\.164"):
        check_number(number)


@pytest.mark.parametrize("number", [FULLWIDTH, ARABIC_INDIC, "٦٥٠٥٥٥١٢٣٠", "+1650555١٢٣٠"])
def test_dialled_numbers_refuse_non_ascii_digits(number: str) -> None:
    assert to_e164(number) is None
    assert to_e164("(650) 555-1230") == "+16505551230"


def test_logins_by_number_use_ascii_digits_only() -> None:
    assert national_number("+1 (650) 555-0100") == "6505550100"
    assert national_number("٦٥٠٥٥٥٠١٠٠") == ""


@pytest.mark.parametrize("number", [ARABIC_INDIC, "٦٥٠٥٥٥١٢٣٠"])
async def test_legacy_ringout_refuses_non_ascii_digits(client: AppClient, number: str) -> None:
    login = {"username": "+16505550100", "password": "emulator-pass", "ext": "101"}
    response = await client.post(
        "/ringout.asp", data={"cmd": "call", **login, "to": number, "from": "+16505551231"}
    )
    assert await response.text() == "Error: to is not a valid phone number"
    response = await client.post(
        "/ringout.asp", data={"cmd": "call", **login, "to": "+16505551230", "from": number}
    )
    assert await response.text() == "Error: from is not a valid phone number"


async def test_rest_ringout_refuses_non_ascii_digits(client: AppClient) -> None:
    token = await client.post(
        "/restapi/oauth/token",
        data={
            "grant_type": "password",
            "username": "+16505550100",
            "password": "emulator-pass",
            "extension": "101",
        },
        headers={"Authorization": RC_CLIENT},
    )
    bearer = {"Authorization": f"Bearer {(await token.json())['access_token']}"}
    path = "/restapi/v1.0/account/~/extension/~/ring-out"
    for body, parameter in (
        ({"to": {"phoneNumber": ARABIC_INDIC}, "from": {"phoneNumber": "+16505551231"}}, "to"),
        ({"to": {"phoneNumber": "+16505551230"}, "from": {"phoneNumber": FULLWIDTH}}, "from"),
    ):
        response = await client.post(path, json=body, headers=bearer)
        assert response.status == 400, await response.text()
        assert (await response.json())["errors"][0]["parameterName"] == f"{parameter}.phoneNumber"
