"""Server limits: bodies over 16 MiB are 413 in each surface's envelope; idle and half-sent
connections are closed after the keep-alive timeout (small here, on 127.0.0.1 only)."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telephony_emulator.app import create_app, make_runner
from telephony_emulator.middlewares import MAX_REQUEST_BYTES
from telephony_emulator.settings import Settings

from tests.conftest import AppClient
from tests.ringcentral_rest.conftest import basic


def too_big() -> io.BytesIO:
    return io.BytesIO(b"x" * (MAX_REQUEST_BYTES + 1))


JSON = {"Content-Type": "application/json"}


async def test_an_oversize_voice_body_is_413_in_the_voice_envelope(client: AppClient) -> None:
    headers = {**JSON, "Authorization": basic("emulator-user", "emulator-pass")}
    response = await client.post("/api/v2/accounts/9900000/calls", data=too_big(), headers=headers)
    assert response.status == 413
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    body = await response.json()
    assert (body["type"], body["description"]) == (
        "validation",
        f"The request body is too large: at most {MAX_REQUEST_BYTES} bytes are allowed",
    )


async def test_an_oversize_control_body_is_413_in_the_control_envelope(client: AppClient) -> None:
    response = await client.post("/_emulator/accounts", data=too_big(), headers=JSON)
    assert response.status == 413
    assert (await response.json())["error"]["code"] == "payload_too_large"


async def test_an_oversize_multipart_fax_is_413_before_it_is_read(client: AppClient) -> None:
    login = {"username": "+16505550100", "password": "emulator-pass", "extension": "101"}
    token = await client.post(
        "/restapi/oauth/token",
        data={"grant_type": "password", **login},
        headers={"Authorization": basic("emulator-client-id", "emulator-client-secret")},
    )
    bearer = f"Bearer {(await token.json())['access_token']}"
    response = await client.post(
        "/restapi/v1.0/account/~/extension/~/fax",
        data=too_big(),
        headers={"Content-Type": "multipart/form-data; boundary=b", "Authorization": bearer},
    )
    assert response.status == 413
    assert (await response.json())["errorCode"] == "CMN-101"


@pytest.fixture
async def served(settings: Settings) -> AsyncIterator[int]:
    """The emulator on a loopback port with a 0.2 s keep-alive timeout."""
    app = create_app(dataclasses.replace(settings, host="127.0.0.1", keepalive_timeout=0.2))
    runner = make_runner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


async def closed_by_server(port: int, send: bytes) -> bytes:
    """What the server sends before closing a connection that sent ``send`` (bounded wait)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(send)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), timeout=10)
    finally:
        writer.close()


async def test_an_idle_connection_is_closed(served: int) -> None:
    assert await closed_by_server(served, b"") == b""


async def test_a_half_sent_request_head_is_closed(served: int) -> None:
    assert await closed_by_server(served, b"GET /_emulator/health HTTP/1.1\r\nHost: loc") == b""


async def test_an_idle_keep_alive_connection_is_closed_after_a_request(served: int) -> None:
    request = b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    answer = await closed_by_server(served, request)
    assert answer.startswith(b"HTTP/1.1 200 OK")
