"""Forms declaring a charset Python does not know: the client's error on every RingCentral page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import AppClient
from tests.ringcentral_rest.conftest import basic

CLIENT = ("emulator-client-id", "emulator-client-secret")
LOGIN = {"username": "+16505550100", "password": "emulator-pass", "extension": "101"}
BOGUS_FORM = "application/x-www-form-urlencoded; charset=bogus-9"


def multipart(field: str, value: str, charset: str = "bogus-9") -> tuple[bytes, str]:
    body = (
        f"--b\r\nContent-Disposition: form-data; name={field}\r\n"
        f"Content-Type: text/plain; charset={charset}\r\n\r\n{value}\r\n--b--\r\n"
    ).encode()
    return body, "multipart/form-data; boundary=b"


async def test_oauth_token_with_an_unknown_charset_is_an_invalid_request(
    client: AppClient,
) -> None:
    response = await client.post(
        "/restapi/oauth/token",
        data="grant_type=password&username=%2B16505550100&password=emulator-pass",
        headers={"Content-Type": BOGUS_FORM, "Authorization": basic(*CLIENT)},
    )
    assert response.status == 400
    body = await response.json()
    assert body["error"] == "invalid_request"
    assert body["errors"][0]["errorCode"] == "CMN-101"


@pytest.mark.parametrize("content_type", [BOGUS_FORM, "multipart/form-data; boundary=b"])
async def test_ringout_page_with_an_unknown_charset_answers_the_legacy_error(
    client: AppClient, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    if content_type == BOGUS_FORM:
        data: Any = "cmd=list&username=%2B16505550100&password=emulator-pass&ext=101"
    else:
        data, content_type = multipart("cmd", "list")
    response = await client.post("/ringout.asp", data=data, headers={"Content-Type": content_type})
    assert response.status == 200
    assert await response.text() == "Error: the request body is not a readable form"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_faxout_page_with_an_unknown_charset_answers_5(
    client: AppClient, caplog: pytest.LogCaptureFixture
) -> None:
    body, content_type = multipart("Username", "+16505550100")
    response = await client.post("/faxapi.asp", data=body, headers={"Content-Type": content_type})
    assert (response.status, await response.text()) == (200, "5")
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_rest_fax_with_an_unknown_charset_is_a_400(client: AppClient) -> None:
    token = await client.post(
        "/restapi/oauth/token",
        data={"grant_type": "password", **LOGIN},
        headers={"Authorization": basic(*CLIENT)},
    )
    assert token.status == 200, await token.text()
    bearer = (await token.json())["access_token"]
    body, content_type = multipart("to", "+16505551230")
    response = await client.post(
        "/restapi/v1.0/account/~/extension/~/fax",
        data=body,
        headers={"Content-Type": content_type, "Authorization": f"Bearer {bearer}"},
    )
    assert response.status == 400
    assert (await response.json())["errorCode"].startswith("MSG-")
