"""Faxes survive a restart; the account's fax and calling settings decide what may be sent.

These tests run the emulator in-process on a file database, so they can restart it and change
an account's RingCentral settings directly.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import aiohttp
from aiohttp.test_utils import TestClient, TestServer
from telephony_emulator import keys
from telephony_emulator.apis.ringcentral_common import keys as rc_keys
from telephony_emulator.app import create_app
from telephony_emulator.core.accounts import Account
from telephony_emulator.settings import Settings

from tests.conftest import AppClient

FAX = "/restapi/v1.0/account/~/extension/~/fax"
STORE = "/restapi/v1.0/account/~/extension/~/message-store"
LOGIN = ("+16505550100", "101")  # the fixture account's RingCentral user


async def started(settings: Settings) -> AppClient:
    client = TestClient(TestServer(create_app(settings)))
    await client.start_server()
    return client


def account(client: AppClient) -> Account:
    found = client.app[keys.STATE].accounts.by_ringcentral_login(*LOGIN)
    assert found is not None
    return found


def bearer(client: AppClient) -> dict[str, str]:
    """A token straight from the token store (the login flow has its own tests)."""
    grant = client.app[rc_keys.TOKENS].issue(account(client).id, scope="Faxes ReadMessages")
    return {"Authorization": f"Bearer {grant.access_token}"}


def set_rc(client: AppClient, **changes: Any) -> None:
    """Change the fixture account's RingCentral settings in memory."""
    current = account(client)
    settings = dataclasses.replace(current.ringcentral_settings, **changes)
    client.app[keys.STATE].accounts.set_account(
        dataclasses.replace(current, ringcentral_settings=settings)
    )


def form(to: str, **fields: str) -> aiohttp.FormData:
    data = aiohttp.FormData()
    data.add_field("to", to)
    for name, value in fields.items():
        data.add_field(name, value)
    data.add_field("attachment", b"page one", filename="a.txt", content_type="text/plain")
    return data


async def advance(client: AppClient, seconds: float) -> None:
    response = await client.post("/_emulator/clock/advance", json={"seconds": seconds})
    assert response.status == 200


async def test_records_and_bytes_survive_a_restart(settings: Settings) -> None:
    first = await started(settings)
    try:
        auth = bearer(first)
        done = await (await first.post(FAX, data=form("+16505550130"), headers=auth)).json()
        await advance(first, 62)  # sent (one page), then the second fax goes out
        flying = await (await first.post(FAX, data=form("+16505550131"), headers=auth)).json()
        later = await (
            await first.post(
                FAX, data=form("+16505550132", sendTime="2026-01-01T02:00:00Z"), headers=auth
            )
        ).json()
        await advance(first, 30)  # the second fax is mid-page
    finally:
        await first.close()

    second = await started(settings)
    try:
        auth = bearer(second)
        # (The restarted clock starts over, so the default 24-hour list window moved.)
        by_id = {}
        for sent in (done, flying, later):
            got = await second.get(f"{STORE}/{sent['id']}", headers=auth)
            by_id[sent["id"]] = await got.json()
        assert by_id[done["id"]]["messageStatus"] == "Sent"
        interrupted = by_id[flying["id"]]
        assert interrupted["messageStatus"] == "SendingFailed"
        assert interrupted["to"][0]["faxErrorCode"] == "InternalError"
        assert by_id[later["id"]]["messageStatus"] == "Queued"
        attachment = done["attachments"][0]["id"]
        content = await second.get(f"{STORE}/{done['id']}/content/{attachment}", headers=auth)
        assert (content.status, await content.read()) == (200, b"page one")
        # The scheduled fax was armed again: it goes out at its time.
        await advance(second, 2 * 3600 + 61)
        auth = bearer(second)
        record = await (await second.get(f"{STORE}/{later['id']}", headers=auth)).json()
        assert (record["messageStatus"], record["faxPageCount"]) == ("Sent", 1)
        # New faxes get new ids: a reopened database gets a new generation of the id seed.
        new = await (await second.post(FAX, data=form("+16505550133"), headers=auth)).json()
        assert new["id"] not in by_id
        assert new["attachments"][0]["id"] != attachment
    finally:
        await second.close()


async def test_faxing_off_is_forbidden(client: AppClient) -> None:
    set_rc(client, faxing=False)
    extension_id = account(client).ringcentral.extension_id
    response = await client.post(FAX, data=form("+16505550140"), headers=bearer(client))
    message = f"Outbound fax is not allowed for extension [{extension_id}]"
    assert response.status == 403
    assert await response.json() == {
        "errorCode": "MSG-341",
        "message": message,
        "errors": [{"errorCode": "MSG-341", "message": message}],
    }
    legacy = aiohttp.FormData()
    for name, value in (("Username", "16505550100*101"), ("Password", "emulator-pass")):
        legacy.add_field(name, value)
    legacy.add_field("Recipient", "6505550140|Ann")
    legacy.add_field("Attachment", b"x", filename="a.txt", content_type="text/plain")
    refused = await client.post("/faxapi.asp", data=legacy)
    assert (refused.status, await refused.read()) == (200, b"2")
    listed = await (await client.get(STORE, headers=bearer(client))).json()
    assert listed["records"] == []


async def test_international_calling_and_blocked_numbers(client: AppClient) -> None:
    set_rc(client, international_calling=True, blocked_numbers=("+16505550150",))
    auth = bearer(client)
    abroad = await (await client.post(FAX, data=form("+442071234567"), headers=auth)).json()
    blocked = await (await client.post(FAX, data=form("+16505550150"), headers=auth)).json()
    await advance(client, 120)
    results = []
    for sent in (abroad, blocked):
        record = await (await client.get(f"{STORE}/{sent['id']}", headers=auth)).json()
        results.append((record["messageStatus"], record["to"][0].get("faxErrorCode")))
    assert results == [("Sent", None), ("SendingFailed", "ProhibitedNumber")]


async def test_an_unreadable_pdf_fails_to_render(client: AppClient) -> None:
    auth = bearer(client)
    data = aiohttp.FormData()
    data.add_field("to", "+16505550160")
    data.add_field(
        "attachment", b"%PDF-1.4 broken", filename="x.pdf", content_type="application/pdf"
    )
    sent = await (await client.post(FAX, data=data, headers=auth)).json()
    await advance(client, 1)
    record = await (await client.get(f"{STORE}/{sent['id']}", headers=auth)).json()
    assert (record["messageStatus"], record["to"][0]["faxErrorCode"]) == (
        "SendingFailed",
        "RenderingFailed",
    )


async def test_reset_forgets_faxes(client: AppClient) -> None:
    sent = await (await client.post(FAX, data=form("+16505550170"), headers=bearer(client))).json()
    assert (await client.post("/_emulator/reset")).status == 200
    response = await client.get(f"{STORE}/{sent['id']}", headers=bearer(client))
    assert response.status == 404
    assert client.app[rc_keys.FAXES].store.of_account(account(client).id) == []
