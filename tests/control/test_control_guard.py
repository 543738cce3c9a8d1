"""The control API refuses what a web page could send: cross-site writes, foreign Host names
(DNS rebinding), and, with --control-token, requests without the token."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from pytest_telephony_emulator.control import ControlClient, ControlError
from telephony_emulator.app import create_app
from telephony_emulator.cli import banner, main
from telephony_emulator.control_guard import exposure_problem, host_name, is_loopback
from telephony_emulator.settings import Settings

from tests.conftest import AppClient

MakeClient = Callable[[web.Application], Awaitable[AppClient]]
TOKEN = "s3cret-token"


async def error_of(response: object, status: int) -> str:
    assert getattr(response, "status") == status, await getattr(response, "text")()  # noqa: B009
    return str((await getattr(response, "json")())["error"]["message"])  # noqa: B009


async def accounts(client: AppClient) -> int:
    return len((await (await client.get("/_emulator/accounts")).json())["accounts"])


# -- content types and origins -------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
async def test_cross_site_simple_posts_are_refused(client: AppClient, content_type: str) -> None:
    created = await client.post(
        "/_emulator/accounts", data=b'{"numbers": 1}', headers={"Content-Type": content_type}
    )
    assert "must be application/json" in await error_of(created, 415)
    reset = await client.post(
        "/_emulator/reset", data=b"{}", headers={"Content-Type": content_type}
    )
    assert "must be application/json" in await error_of(reset, 415)
    assert await accounts(client) == 1


async def test_json_writes_and_body_less_posts_work(client: AppClient) -> None:
    response = await client.post("/_emulator/accounts", json={"numbers": 1})
    assert response.status == 201
    assert (await client.post("/_emulator/reset")).status == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
async def test_requests_from_other_origins_are_refused(
    client: AppClient, headers: dict[str, str]
) -> None:
    reset = await client.post("/_emulator/reset", headers=headers)
    assert "other origins" in await error_of(reset, 403)
    read = await client.get("/_emulator/accounts/9900000", headers=headers)
    assert "other origins" in await error_of(read, 403)


async def test_the_dashboard_s_own_origin_is_welcome(client: AppClient) -> None:
    host = f"127.0.0.1:{client.port}"
    headers = {"Origin": f"http://{host}", "Host": host, "Sec-Fetch-Site": "same-origin"}
    response = await client.post("/_emulator/accounts", json={"numbers": 1}, headers=headers)
    assert response.status == 201


# -- Host ------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:8080"])
async def test_a_foreign_host_cannot_read_the_control_api(client: AppClient, host: str) -> None:
    response = await client.get("/_emulator/accounts/9900000", headers={"Host": host})
    assert "--allowed-hosts" in await error_of(response, 403)
    assert "emulator-pass" not in await response.text()


@pytest.mark.parametrize(
    "host", ["localhost:8080", "LOCALHOST", "app.localhost", "127.0.0.1", "[::1]:8080", "10.0.0.7"]
)
async def test_loopback_names_and_ip_addresses_are_allowed(client: AppClient, host: str) -> None:
    response = await client.get("/_emulator/accounts/9900000", headers={"Host": host})
    assert response.status == 200


async def test_vendor_routes_take_any_host(client: AppClient) -> None:
    response = await client.get("/api/v2/accounts/9900000/calls", headers={"Host": "bw.example"})
    assert response.status == 401  # its own auth, not the control guard


@pytest.mark.parametrize(
    ("changes", "host", "status"),
    [
        ({"allowed_hosts": ("emulator.internal",)}, "emulator.internal:8080", 200),
        ({"allowed_hosts": ("emulator.internal",)}, "other.internal", 403),
        ({"allowed_hosts": ("*",)}, "anything.example", 200),
        ({"public_url": "http://telephony:9000"}, "telephony:9000", 200),
    ],
)
async def test_allowed_hosts_and_the_public_url_s_host(
    aiohttp_client: MakeClient,
    settings: Settings,
    changes: dict[str, object],
    host: str,
    status: int,
) -> None:
    client = await aiohttp_client(create_app(dataclasses.replace(settings, **changes)))
    response = await client.get("/_emulator/health", headers={"Host": host})
    assert response.status == status


def test_host_names() -> None:
    assert host_name("Example.COM.:80") == "example.com"
    assert host_name("[::1]:8080") == "::1"
    assert host_name("::1") == "::1"
    assert is_loopback("127.0.0.2")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("192.168.1.4")


# -- token -----------------------------------------------------------------------------------


@pytest.fixture
async def locked(aiohttp_client: MakeClient, settings: Settings) -> AppClient:
    return await aiohttp_client(create_app(dataclasses.replace(settings, control_token=TOKEN)))


async def test_with_a_token_every_control_request_needs_it(locked: AppClient) -> None:
    assert "needs its token" in await error_of(await locked.get("/_emulator/accounts"), 401)
    wrong = {"Authorization": "Bearer nope"}
    assert (await locked.post("/_emulator/reset", headers=wrong)).status == 401
    for headers in ({"Authorization": f"Bearer {TOKEN}"}, {"X-Emulator-Token": TOKEN}):
        assert (await locked.get("/_emulator/accounts", headers=headers)).status == 200
    assert (await locked.get("/_emulator/health")).status == 200  # container health checks


async def test_a_link_with_the_token_sets_a_same_site_cookie(locked: AppClient) -> None:
    assert (
        await locked.get("/_emulator/accounts?token=wrong", allow_redirects=False)
    ).status == 401
    response = await locked.get(f"/_emulator/accounts?token={TOKEN}&x=1", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/_emulator/accounts?x=1"
    cookie = response.headers["Set-Cookie"]
    assert f"emulator_token={TOKEN}" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Path=/_emulator" in cookie
    followed = await locked.get("/_emulator/accounts")  # the test client kept the cookie
    assert followed.status == 200


async def test_vendor_routes_do_not_need_the_control_token(locked: AppClient) -> None:
    response = await locked.get("/api/v2/accounts/9900000/calls")
    assert response.status == 401
    assert "type" in await response.json()  # Voice's own envelope: its own auth refused it


def test_the_plugin_client_sends_the_token(telephony_emulator_url: str) -> None:
    client = ControlClient(telephony_emulator_url, token="anything")
    assert client.health()["status"] == "ok"  # the in-process server has no token: accepted
    assert ControlClient(telephony_emulator_url).request("GET", "/clock")["rate"] == 0


async def test_the_plugin_client_against_a_locked_server(
    aiohttp_server: Callable[[web.Application], Awaitable[object]], settings: Settings
) -> None:
    server = await aiohttp_server(create_app(dataclasses.replace(settings, control_token=TOKEN)))
    url = str(getattr(server, "make_url")(""))  # noqa: B009

    def use() -> tuple[int, int]:
        with pytest.raises(ControlError) as refused:
            ControlClient(url).create_account()
        return refused.value.status, len(ControlClient(url, token=TOKEN).create_account())

    status, id_length = await asyncio.to_thread(use)
    assert status == 401
    assert id_length > 0


# -- start-up --------------------------------------------------------------------------------


def test_exposure_needs_a_token_or_the_explicit_opt_out() -> None:
    exposed = Settings(host="0.0.0.0")
    problem = exposure_problem(exposed)
    assert problem is not None
    assert "--control-token" in problem
    assert exposure_problem(dataclasses.replace(exposed, control_token="t")) is None
    assert exposure_problem(dataclasses.replace(exposed, insecure_open_control=True)) is None
    assert exposure_problem(Settings(host="127.0.0.1")) is None
    assert exposure_problem(Settings(host="::1")) is None


def test_the_cli_refuses_to_start_exposed_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EMULATOR_INSECURE_OPEN_CONTROL", raising=False)
    monkeypatch.delenv("EMULATOR_CONTROL_TOKEN", raising=False)
    assert main(["--host", "0.0.0.0", "--in-memory", "--port", "0"]) == 2
    assert "--insecure-open-control" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        ({"host": "0.0.0.0", "insecure_open_control": True}, "anyone on the network"),
        ({"host": "0.0.0.0", "control_token": "t"}, "needs the control token"),
        ({}, None),
    ],
)
def test_the_banner_warns_when_exposed(
    settings: Settings, changes: dict[str, object], warning: str | None
) -> None:
    app = create_app(dataclasses.replace(settings, **changes))
    text = banner(app, "http://127.0.0.1:8080")
    if warning is None:
        assert "WARNING" not in text
    else:
        assert "WARNING" in text
        assert warning in text


def test_the_cli_sends_the_token(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_telephony_emulator.server import EmulatorThread

    monkeypatch.delenv("EMULATOR_CONTROL_TOKEN", raising=False)
    thread = EmulatorThread(dataclasses.replace(settings, control_token=TOKEN, in_memory=True))
    url = thread.start()
    try:
        assert main(["accounts", "--url", url]) != 0
        assert "needs its token" in capsys.readouterr().err
        assert main(["accounts", "--url", url, "--token", TOKEN]) == 0
        assert "9900000" in capsys.readouterr().out
    finally:
        thread.stop()
