"""Each surface's auth check and error envelope, end to end through the error middleware.

The vendor endpoints arrive with their own issues; here probe routes under each surface's
prefix call the real auth checks, so the envelopes are those a client will see.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from telephony_emulator.apis.bandwidth_v1.auth import check_token
from telephony_emulator.apis.bandwidth_v2.auth import check_basic
from telephony_emulator.apis.ringcentral_common.keys import TOKENS
from telephony_emulator.apis.ringcentral_legacy.auth import check_login
from telephony_emulator.apis.ringcentral_rest.auth import check_bearer, check_client
from telephony_emulator.app import create_app
from telephony_emulator.keys import SCHEDULER, STATE
from telephony_emulator.settings import Settings

from tests.conftest import AppClient


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


async def bandwidth_probe(request: web.Request) -> web.Response:
    registry = request.app[STATE].accounts
    account = check_basic(
        request.headers.get("Authorization"), request.match_info["account_id"], registry
    )
    return web.json_response({"account": account.id})


async def catapult_probe(request: web.Request) -> web.Response:
    registry = request.app[STATE].accounts
    account = check_token(
        request.headers.get("Authorization"), request.match_info["user_id"], registry
    )
    return web.json_response({"account": account.id})


async def legacy_probe(request: web.Request) -> web.Response:
    params = {k.lower(): v for k, v in request.query.items()}
    account = check_login(
        params.get("username"),
        params.get("ext"),
        params.get("password"),
        request.app[STATE].accounts,
    )
    return web.Response(text=f"OK {account.id}")


async def rest_probe(request: web.Request) -> web.Response:
    grant = check_bearer(request.headers.get("Authorization"), request.app[TOKENS])
    return web.json_response({"account": grant.account_id})


async def client_probe(request: web.Request) -> web.Response:
    account = check_client(request.headers.get("Authorization"), request.app[STATE].accounts)
    return web.json_response({"account": account.id})


async def crash(request: web.Request) -> web.Response:
    raise RuntimeError("a bug")


@pytest.fixture
async def probed(
    aiohttp_client: Callable[[web.Application], Awaitable[AppClient]], settings: Settings
) -> AppClient:
    app = create_app(settings)
    app.router.add_get("/api/v2/accounts/{account_id}/probe", bandwidth_probe)
    app.router.add_get("/api/v2/users/{account_id}/probe", bandwidth_probe)
    app.router.add_get("/v1/users/{user_id}/probe", catapult_probe)
    app.router.add_get("/ringout.asp", legacy_probe)
    app.router.add_get("/restapi/v1.0/probe", rest_probe)
    app.router.add_post("/restapi/oauth/probe", client_probe)
    app.router.add_get("/api/v2/accounts/{account_id}/crash", crash)
    app.router.add_get("/v1/crash", crash)
    return await aiohttp_client(app)


VOICE_401 = {"type": "authentication-error", "description": "The credentials provided were invalid"}


async def voice_error(response: object, status: int) -> dict[str, str]:
    assert response.status == status
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"  # type: ignore[attr-defined]
    body = await response.json()  # type: ignore[attr-defined]
    assert set(body) == {"type", "description", "id"}
    return {k: v for k, v in body.items() if k != "id"}


async def test_bandwidth_basic_auth(probed: AppClient) -> None:
    good = basic("emulator-user", "emulator-pass")
    ok = await probed.get("/api/v2/accounts/9900000/probe", headers=good)
    assert await ok.json() == {"account": "9900000"}

    for headers in (
        {},
        basic("emulator-user", "wrong"),
        basic("nobody", "x"),
        {"Authorization": "Bearer abc"},
        {"Authorization": "Basic %%%"},
    ):
        response = await probed.get("/api/v2/accounts/9900000/probe", headers=headers)
        assert await voice_error(response, 401) == VOICE_401


async def test_bandwidth_account_isolation(probed: AppClient) -> None:
    other = await (await probed.post("/_emulator/accounts", json={})).json()
    theirs = basic(other["bandwidth"]["username"], other["bandwidth"]["password"])
    response = await probed.get("/api/v2/accounts/9900000/probe", headers=theirs)
    assert await voice_error(response, 403) == {
        "type": "authorization-error",
        "description": "Access is denied",
    }
    own = await probed.get(f"/api/v2/accounts/{other['account_id']}/probe", headers=theirs)
    assert await own.json() == {"account": other["account_id"]}


async def test_messaging_envelopes(probed: AppClient) -> None:
    response = await probed.get("/api/v2/users/9900000/probe", headers=basic("x", "y"))
    assert response.status == 401
    assert await response.json() == {"type": "unauthorized", "description": "Authentication Failed"}
    other = await (await probed.post("/_emulator/accounts", json={})).json()
    theirs = basic(other["bandwidth"]["username"], other["bandwidth"]["password"])
    response = await probed.get("/api/v2/users/9900000/probe", headers=theirs)
    assert response.status == 403
    assert await response.json() == {"type": "forbidden", "description": "Access Denied"}
    missing = await probed.get("/api/v2/users/9900000/nothing")
    body = await missing.json()
    assert missing.status == 404
    assert body == {
        "timestamp": "2026-01-01T00:00:00.000Z",
        "status": 404,
        "error": "Not Found",
        "message": "No route for GET /api/v2/users/9900000/nothing",
        "path": "/api/v2/users/9900000/nothing",
    }


async def test_catapult_token_auth(probed: AppClient) -> None:
    good = basic("t-defaulttoken234567abcde", "emulator-secret")
    ok = await probed.get("/v1/users/u-defaultuser234567abcdef/probe", headers=good)
    assert await ok.json() == {"account": "9900000"}

    bad = await probed.get(
        "/v1/users/u-defaultuser234567abcdef/probe",
        headers=basic("t-defaulttoken234567abcde", "nope"),
    )
    assert bad.status == 401
    assert await bad.json() == {
        "category": "authentication",
        "code": "unauthorized",
        "message": "Invalid credentials were provided",
        "details": [
            {"name": "requestMethod", "value": "GET"},
            {"name": "requestPath", "value": "users/u-defaultuser234567abcdef/probe"},
        ],
    }
    other = await probed.get("/v1/users/u-someoneelse2345abcdefghi/probe", headers=good)
    body = await other.json()
    assert other.status == 401
    assert (body["category"], body["code"], body["message"]) == (
        "authorization",
        "user-access-denied",
        "User u-defaultuser234567abcdef does not have permission to access user "
        "u-someoneelse2345abcdefghi",
    )


async def test_ringcentral_legacy_login(probed: AppClient) -> None:
    ok = await probed.get(
        "/ringout.asp",
        params={"Username": "16505550100", "Ext": "101", "Password": "emulator-pass"},
    )
    assert await ok.text() == "OK 9900000"
    bad = await probed.get(
        "/ringout.asp", params={"username": "16505550100", "ext": "101", "password": "x"}
    )
    assert bad.status == 200
    assert await bad.text() == "Error: invalid username, extension or password"
    fax = await probed.post("/faxapi.asp", params={"username": "+16505550100*101", "password": "x"})
    assert (fax.status, await fax.text()) == (200, "1")
    fax_ok = await probed.post(
        "/faxapi.asp", params={"username": "+16505550100*101", "password": "emulator-pass"}
    )
    assert await fax_ok.text() == "5"  # logged in, but no multipart body: a generic error


async def test_ringcentral_bearer_tokens_expire_on_the_virtual_clock(probed: AppClient) -> None:
    grant = probed.app[TOKENS].issue("9900000", scope="RingOut", access_ttl=600)
    bearer = {"Authorization": f"Bearer {grant.access_token}"}
    ok = await probed.get("/restapi/v1.0/probe", headers=bearer)
    assert await ok.json() == {"account": "9900000"}

    async def rest_error(headers: dict[str, str]) -> tuple[int, dict[str, object]]:
        response = await probed.get("/restapi/v1.0/probe", headers=headers)
        return response.status, await response.json()

    assert await rest_error({}) == (
        401,
        {
            "errorCode": "OAU-123",
            "message": "Authorization header is not specified",
            "errors": [
                {"errorCode": "OAU-123", "message": "Authorization header is not specified"}
            ],
        },
    )
    status, body = await rest_error({"Authorization": "Bearer forged"})
    assert (status, body["errorCode"], body["message"]) == (
        401,
        "OAU-129",
        "Access token corrupted.",
    )

    await probed.app[SCHEDULER].advance(600)
    status, body = await rest_error(bearer)
    assert (status, body["errorCode"], body["message"]) == (401, "OAU-128", "Access token expired.")

    refreshed = probed.app[TOKENS].by_refresh_token(grant.refresh_token)
    assert refreshed is grant
    assert probed.app[TOKENS].revoke(grant.access_token)
    assert probed.app[TOKENS].by_refresh_token(grant.refresh_token) is None


async def test_ringcentral_client_credentials(probed: AppClient) -> None:
    ok = await probed.post(
        "/restapi/oauth/probe", headers=basic("emulator-client-id", "emulator-client-secret")
    )
    assert await ok.json() == {"account": "9900000"}
    bad = await probed.post("/restapi/oauth/probe", headers=basic("emulator-client-id", "x"))
    assert bad.status == 400  # the OAuth envelope; tests/ringcentral_rest/test_oauth.py has more
    assert (await bad.json())["errors"][0]["errorCode"] == "OAU-146"


async def test_unexpected_errors_are_vendor_shaped_500s(probed: AppClient) -> None:
    voice = await probed.get("/api/v2/accounts/9900000/crash")
    assert await voice_error(voice, 500) == {
        "type": "internal-error",
        "description": "An unknown internal error occurred",
    }
    catapult = await probed.get("/v1/crash")
    assert catapult.status == 500
    assert (await catapult.json())["category"] == "backend"
    assert "Traceback" not in await catapult.text()


async def test_unknown_paths_get_json_404s(probed: AppClient) -> None:
    plain = await probed.get("/nowhere")
    assert plain.status == 404
    assert await plain.json() == {
        "error": {"status": 404, "code": "not_found", "message": "No route for GET /nowhere"}
    }
    voice = await probed.get("/api/v2/accounts/9900000/nothing")
    assert await voice_error(voice, 404) == {
        "type": "validation",
        "description": "No route for GET /api/v2/accounts/9900000/nothing",
    }
    rest = await probed.get("/restapi/v1.0/nothing")
    assert rest.status == 404
    assert (await rest.json())["errorCode"] == "CMN-102"
