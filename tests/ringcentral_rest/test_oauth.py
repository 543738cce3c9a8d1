"""RingCentral OAuth: the token, revoke and authorize endpoints, with the official SDK and raw HTTP;
bearer tokens on the API, expiring on the virtual clock."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from ringcentral.http.api_exception import ApiException

from tests.ringcentral_rest.conftest import RingCentralRest, basic
from tests.specs import assert_matches

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_FIELDS = {
    "access_token",
    "token_type",
    "expires_in",
    "refresh_token",
    "refresh_token_expires_in",
    "scope",
    "owner_id",
    "endpoint_id",
    "session_id",
}
SCOPE = "ReadAccounts ReadCallLog ReadMessages EditMessages Faxes RingOut"
REDIRECT = "https://app.example/oauth/callback"


def oauth_error(kind: str, code: str, message: str, parameter: str | None = None) -> dict:
    item = {"errorCode": code, "message": message}
    if parameter:
        item["parameterName"] = parameter
    return {"error": kind, "errors": [item], "error_description": message}


def api_error(code: str, message: str, parameter: str | None = None) -> dict:
    item = {"errorCode": code, "message": message}
    if parameter:
        item["parameterName"] = parameter
    return {"errorCode": code, "message": message, "errors": [item]}


BAD_CREDENTIALS = oauth_error("invalid_grant", "OAU-140", "Invalid resource owner credentials")
TOKEN_NOT_FOUND = oauth_error("invalid_grant", "OAU-213", "Token not found")
EXPIRED = api_error("OAU-128", "Access token expired.")
RETIRED = api_error("OAU-213", "Token not found")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT, as a test would mint one (the emulator does not check signatures)."""
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}."


def assert_oauth_error(response: Any, status: int, body: dict) -> None:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == body
    assert_matches("rc-public-openapi.yml", "ParameterizedErrorResponseModel", response.json())


def extension_path(rc: RingCentralRest) -> str:
    return f"/restapi/v1.0/account/{rc.login.account_id}/extension/{rc.login.extension_id}"


def expected_extension(rc: RingCentralRest, name: str = "pytest account") -> dict[str, Any]:
    account_uri = f"{rc.url}/restapi/v1.0/account/{rc.login.account_id}"
    return {
        "uri": f"{account_uri}/extension/{rc.login.extension_id}",
        "id": int(rc.login.extension_id),
        "extensionNumber": "101",
        "name": name,
        "type": "User",
        "status": "Enabled",
        "account": {"uri": account_uri, "id": rc.login.account_id},
    }


# -- logging in with the SDK ---------------------------------------------------------------


def test_sdk_login_with_password_positional_username_extension_password(
    rc: RingCentralRest,
) -> None:
    platform = rc.login.sdk().platform()
    with pytest.warns(UserWarning, match="username-password login will soon be deprecated"):
        response = platform.login(rc.login.username, rc.login.extension, rc.login.password)
    token = response.json_dict()
    assert set(token) == TOKEN_FIELDS
    assert (token["token_type"], token["expires_in"], token["refresh_token_expires_in"]) == (
        "bearer",
        3600,
        604_800,
    )
    assert (token["owner_id"], token["scope"]) == (rc.login.extension_id, SCOPE)
    assert_matches("rc-public-openapi.yml", "TokenInfo", token)

    extension = platform.get("/account/~/extension/~").json_dict()
    assert extension == expected_extension(rc)
    assert_matches("rc-public-openapi.yml", "GetExtensionInfoResponse", extension)


def test_sdk_login_with_jwt(rc: RingCentralRest) -> None:
    platform = rc.login.sdk().platform()
    platform.login(jwt=rc.login.jwt)
    assert platform.auth().data()["owner_id"] == rc.login.extension_id
    account = platform.get("/restapi/v1.0/account/~").json_dict()
    assert account == {
        "uri": f"{rc.url}/restapi/v1.0/account/{rc.login.account_id}",
        "id": int(rc.login.account_id),
        "mainNumber": rc.login.username,
        "status": "Confirmed",
    }
    assert_matches("rc-public-openapi.yml", "GetAccountInfoResponse", account)


def test_sdk_login_with_an_authorization_code(rc: RingCentralRest) -> None:
    code = rc.login.authorization_code(REDIRECT)
    platform = rc.login.sdk().platform()
    platform.login(code=code, redirect_uri=REDIRECT)
    assert platform.get("/account/~/extension/~").json_dict()["id"] == int(rc.login.extension_id)
    # a code is good once
    with pytest.raises(ApiException, match="OAU-106"):
        rc.login.sdk().platform().login(code=code, redirect_uri=REDIRECT)


def test_sdk_refresh_renews_the_session_after_the_clock_passes_expiry(
    rc: RingCentralRest, rc_platform: Any
) -> None:
    first = rc_platform.auth().data()
    rc.advance(3600)
    assert rc.get(extension_path(rc), first["access_token"]).json() == EXPIRED
    # The SDK judges expiry by the wall clock, so it still sends the old token...
    with pytest.raises(ApiException, match="OAU-128"):
        rc_platform.get("/account/~/extension/~")
    # ...until its own expiry passes: then it refreshes by itself before the request.
    rc_platform.auth().set_data({"expire_time": 0})
    assert rc_platform.get("/account/~/extension/~").json_dict() == expected_extension(rc)
    second = rc_platform.auth().data()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert rc.get(extension_path(rc), second["access_token"]).status_code == 200

    rc_platform.refresh()  # explicitly, too
    third = rc_platform.auth().data()
    assert rc.get(extension_path(rc), second["access_token"]).json() == RETIRED
    assert rc.get(extension_path(rc), third["access_token"]).status_code == 200
    stale = rc.token({"grant_type": "refresh_token", "refresh_token": second["refresh_token"]})
    assert_oauth_error(stale, 400, TOKEN_NOT_FOUND)


def test_sdk_logout_revokes_the_session(rc: RingCentralRest, rc_platform: Any) -> None:
    tokens = rc_platform.auth().data()
    rc_platform.logout()
    assert rc_platform.auth().data()["access_token"] == ""
    response = rc.get(extension_path(rc), tokens["access_token"])
    assert (response.status_code, response.json()) == (401, RETIRED)
    again = rc.token({"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]})
    assert_oauth_error(again, 400, TOKEN_NOT_FOUND)


# -- the token endpoint over raw HTTP ------------------------------------------------------


def test_token_reply_is_json_with_every_tokeninfo_field(rc: RingCentralRest) -> None:
    response = rc.token({"grant_type": JWT_GRANT, "assertion": rc.login.jwt})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == TOKEN_FIELDS
    assert len(body["access_token"]) == len(body["refresh_token"]) == 96
    assert len(body["endpoint_id"]) == 22
    assert body["session_id"].isdigit()
    assert {k: body[k] for k in ("token_type", "expires_in", "refresh_token_expires_in")} == {
        "token_type": "bearer",
        "expires_in": 3600,
        "refresh_token_expires_in": 604_800,
    }
    assert_matches("rc-public-openapi.yml", "TokenInfo", body)


@pytest.mark.parametrize(
    "username",
    [
        "{e164}",
        "{digits}",
        "{national}",
        "({area}) {exchange}-{line}",
        "+1 {area} {exchange} {line}",
    ],
)
def test_password_grant_accepts_the_main_number_in_any_formatting(
    rc: RingCentralRest, username: str
) -> None:
    e164 = rc.login.username
    parts = {
        "e164": e164,
        "digits": e164[1:],
        "national": e164[2:],
        "area": e164[2:5],
        "exchange": e164[5:8],
        "line": e164[8:],
    }
    form = {"grant_type": "password", "username": username.format(**parts)}
    form["password"] = rc.login.password
    with_extension = rc.token({**form, "extension": "101"})
    without_extension = rc.token(form)  # the main user
    starred = rc.token({**form, "username": form["username"] + "*101"})
    for response in (with_extension, without_extension, starred):
        assert response.status_code == 200, response.text
        assert response.json()["owner_id"] == rc.login.extension_id


def test_password_grant_ttls_are_bounded(rc: RingCentralRest) -> None:
    form = {"grant_type": "password", "username": rc.login.username}
    form["password"] = rc.login.password

    def ttls(access: str, refresh: str) -> tuple[int, int]:
        body = rc.token({**form, "access_token_ttl": access, "refresh_token_ttl": refresh}).json()
        return body["expires_in"], body["refresh_token_expires_in"]

    assert ttls("600", "1200") == (600, 1200)
    assert ttls("60", "99999999") == (600, 2_592_000)
    assert ttls("86400", "") == (3600, 604_800)
    bad = rc.token({**form, "access_token_ttl": "soon"})
    assert_oauth_error(
        bad,
        400,
        oauth_error(
            "invalid_request",
            "CMN-101",
            "Parameter [access_token_ttl] value is invalid.",
            "access_token_ttl",
        ),
    )


def test_access_tokens_expire_on_the_virtual_clock(rc: RingCentralRest) -> None:
    form = {"grant_type": "password", "username": rc.login.username}
    form.update(password=rc.login.password, access_token_ttl="600")
    token = rc.token(form).json()["access_token"]
    rc.advance(599)
    assert rc.get(extension_path(rc), token).json() == expected_extension(rc)
    rc.advance(1)
    response = rc.get(extension_path(rc), token)
    assert (response.status_code, response.json()) == (401, EXPIRED)
    assert_matches("rc-public-openapi.yml", "ApiErrorResponseModel", response.json())


def test_refresh_rotates_both_tokens_and_keeps_the_session(rc: RingCentralRest) -> None:
    first = rc.jwt_login()
    response = rc.token({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert response.status_code == 200
    second = response.json()
    assert set(second) == TOKEN_FIELDS
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert (second["session_id"], second["endpoint_id"]) == (
        first["session_id"],
        first["endpoint_id"],
    )
    assert rc.get(extension_path(rc), first["access_token"]).json() == RETIRED
    assert rc.get(extension_path(rc), second["access_token"]).status_code == 200
    reused = rc.token({"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert_oauth_error(reused, 400, TOKEN_NOT_FOUND)


def test_refresh_tokens_expire_on_the_virtual_clock(rc: RingCentralRest) -> None:
    form = {"grant_type": "password", "username": rc.login.username}
    form.update(password=rc.login.password, refresh_token_ttl="1200")
    refresh = rc.token(form).json()["refresh_token"]
    rc.advance(1200)
    expired = rc.token({"grant_type": "refresh_token", "refresh_token": refresh})
    assert_oauth_error(expired, 400, TOKEN_NOT_FOUND)


def test_a_refresh_refused_for_the_wrong_client_changes_nothing(rc: RingCentralRest) -> None:
    tokens = rc.jwt_login()
    other = rc.emu.control.create_account()["ringcentral"]
    other_auth = basic(other["client_id"], other["client_secret"])
    form = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    assert_oauth_error(rc.token(form, auth=other_auth), 400, TOKEN_NOT_FOUND)
    assert rc.get(extension_path(rc), tokens["access_token"]).status_code == 200
    assert rc.token(form).status_code == 200


def test_client_authentication_errors(rc: RingCentralRest) -> None:
    form = {"grant_type": JWT_GRANT, "assertion": rc.login.jwt}
    required = oauth_error("invalid_client", "OAU-123", "Client authentication is required")
    invalid = oauth_error("invalid_client", "OAU-146", "Invalid client credentials")
    for auth, body in (
        (None, required),
        ("Basic %%%", required),
        ("Bearer " + rc.login.client_secret, required),
        (basic(rc.login.client_id, "wrong"), invalid),
        (basic("nobody", rc.login.client_secret), invalid),
    ):
        assert_oauth_error(rc.token(form, auth=auth), 400, body)
        assert_oauth_error(rc.revoke({"token": "x"}, auth=auth), 400, body)


def test_grant_errors(rc: RingCentralRest) -> None:
    other = rc.emu.control.create_account()["ringcentral"]
    password = {"grant_type": "password", "username": rc.login.username}
    password["password"] = rc.login.password
    cases = [
        ({**password, "password": "wrong"}, BAD_CREDENTIALS),
        ({**password, "extension": "102"}, BAD_CREDENTIALS),
        ({**password, "username": rc.login.username + "*102"}, BAD_CREDENTIALS),
        ({**password, "username": "+15005550000"}, BAD_CREDENTIALS),
        # another account's user cannot log in through this account's app
        (
            {**password, "username": other["username"], "password": other["password"]},
            BAD_CREDENTIALS,
        ),
        ({"grant_type": JWT_GRANT, "assertion": "not-a-jwt"}, BAD_CREDENTIALS),
        ({"grant_type": JWT_GRANT, "assertion": other["jwt"]}, BAD_CREDENTIALS),
        ({"grant_type": "refresh_token", "refresh_token": "forged"}, TOKEN_NOT_FOUND),
        (
            {"grant_type": "authorization_code", "code": "forged", "redirect_uri": REDIRECT},
            oauth_error("invalid_grant", "OAU-106", "Invalid authorization code"),
        ),
        (
            {"grant_type": "client_credentials"},
            oauth_error("unauthorized_client", "OAU-251", "Unauthorized for this grant type"),
        ),
    ]
    for name in ("grant_type", "username", "password"):
        cases.append(
            (
                {k: v for k, v in password.items() if k != name},
                oauth_error(
                    "invalid_request", "CMN-101", f"Parameter [{name}] value is invalid.", name
                ),
            )
        )
    cases.append(
        (
            {"grant_type": JWT_GRANT},
            oauth_error(
                "invalid_request", "CMN-101", "Parameter [assertion] value is invalid.", "assertion"
            ),
        )
    )
    for form, body in cases:
        assert_oauth_error(rc.token(form), 400, body)


def test_jwt_grant_accepts_any_jwt_naming_the_user_until_its_exp(rc: RingCentralRest) -> None:
    now = float(rc.emu.clock()["time"])
    own = {"sub": rc.login.extension_id}
    for claims in (own, {**own, "exp": int(now) + 60}):
        response = rc.token({"grant_type": JWT_GRANT, "assertion": mint_jwt(claims)})
        assert response.status_code == 200, response.text
    for claims in ({**own, "exp": int(now)}, {"sub": "1"}, {}):
        response = rc.token({"grant_type": JWT_GRANT, "assertion": mint_jwt(claims)})
        assert_oauth_error(response, 400, BAD_CREDENTIALS)


def test_token_endpoint_wants_a_form(rc: RingCentralRest) -> None:
    response = rc.http.post(
        rc.url + "/restapi/oauth/token",
        json={"grant_type": JWT_GRANT, "assertion": rc.login.jwt},
        headers={"Authorization": rc.client_auth},
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["message"] == "Unsupported Media Type"


def test_a_malformed_multipart_form_is_an_invalid_request(rc: RingCentralRest) -> None:
    response = rc.http.post(
        rc.url + "/restapi/oauth/token",
        data=b"--x\r\nContent-Disposition: form-data\r\n\r\nabc",
        headers={
            "Authorization": rc.client_auth,
            "Content-Type": "multipart/form-data; boundary=x",
        },
    )
    message = "the request body is not a readable form"
    assert_oauth_error(response, 400, oauth_error("invalid_request", "CMN-101", message))


# -- authorization codes -------------------------------------------------------------------


def authorize(rc: RingCentralRest, **params: str) -> Any:
    query = {"response_type": "code", "client_id": rc.login.client_id, "redirect_uri": REDIRECT}
    query.update(params)
    return rc.http.get(rc.url + "/restapi/oauth/authorize", params=query, allow_redirects=False)


def code_grant(code: str, **extra: str) -> dict[str, str]:
    return {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, **extra}


def test_authorize_redirects_with_a_one_time_code_and_the_state(rc: RingCentralRest) -> None:
    response = authorize(rc, state="s 1", redirect_uri=REDIRECT + "?tab=2")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert (query["tab"], query["state"]) == (["2"], ["s 1"])
    code = query["code"][0]
    form = {**code_grant(code), "redirect_uri": REDIRECT + "?tab=2"}
    token = rc.token(form)
    assert token.status_code == 200
    assert token.json()["owner_id"] == rc.login.extension_id
    invalid = oauth_error("invalid_grant", "OAU-106", "Invalid authorization code")
    assert_oauth_error(rc.token(form), 400, invalid)


def test_authorization_code_errors(rc: RingCentralRest) -> None:
    expired_code = rc.login.authorization_code(REDIRECT)
    rc.advance(60)
    assert_oauth_error(
        rc.token(code_grant(expired_code)),
        400,
        oauth_error("invalid_grant", "OAU-108", "Authorization code is expired"),
    )
    moved = rc.login.authorization_code(REDIRECT)
    assert_oauth_error(
        rc.token(code_grant(moved, redirect_uri="https://elsewhere.example/")),
        400,
        oauth_error("invalid_grant", "OAU-109", "Redirect URIs do not match"),
    )
    other = rc.emu.control.create_account()["ringcentral"]
    theirs = rc.login.authorization_code(REDIRECT)
    assert_oauth_error(
        rc.token(code_grant(theirs), auth=basic(other["client_id"], other["client_secret"])),
        400,
        oauth_error("invalid_grant", "OAU-106", "Invalid authorization code"),
    )


def test_pkce_code_verifier(rc: RingCentralRest) -> None:
    verifier = "a-verifier-of-enough-length-0123456789-abcdefghijkl"
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    params = {"code_challenge": challenge, "code_challenge_method": "S256"}
    wrong = rc.login.authorization_code(REDIRECT, **params)
    assert_oauth_error(
        rc.token(code_grant(wrong, code_verifier="other")),
        400,
        oauth_error("invalid_grant", "OAU-106", "Invalid authorization code"),
    )
    right = rc.login.authorization_code(REDIRECT, **params)
    platform = rc.login.sdk().platform()
    platform.login(code=right, redirect_uri=REDIRECT, verifier=verifier)
    assert platform.auth().data()["owner_id"] == rc.login.extension_id


def test_authorize_errors(rc: RingCentralRest) -> None:
    def invalid(name: str, kind: str = "invalid_request") -> dict:
        return oauth_error(kind, "CMN-101", f"Parameter [{name}] value is invalid.", name)

    for params, body in (
        (
            {"client_id": "nobody"},
            oauth_error("invalid_client", "OAU-153", "Invalid client: nobody"),
        ),
        ({"client_id": ""}, invalid("client_id")),
        ({"response_type": "token"}, invalid("response_type", "unsupported_response_type")),
        ({"redirect_uri": ""}, invalid("redirect_uri")),
        ({"redirect_uri": "no-scheme"}, invalid("redirect_uri")),
        ({"code_challenge_method": "S512"}, invalid("code_challenge_method")),
    ):
        assert_oauth_error(authorize(rc, **params), 400, body)


# -- revoke --------------------------------------------------------------------------------


def test_revoke_by_refresh_token_or_query_and_unknown_tokens(rc: RingCentralRest) -> None:
    by_refresh = rc.jwt_login()
    response = rc.revoke({"token": by_refresh["refresh_token"]})
    assert (response.status_code, response.content) == (200, b"")
    assert rc.get(extension_path(rc), by_refresh["access_token"]).json() == RETIRED

    by_query = rc.jwt_login()
    response = rc.http.post(
        rc.url + "/restapi/oauth/revoke",
        params={"token": by_query["access_token"]},
        headers={"Authorization": rc.client_auth},
    )
    assert response.status_code == 200
    assert rc.get(extension_path(rc), by_query["access_token"]).json() == RETIRED

    assert rc.revoke({"token": "unknown"}).status_code == 200
    assert_oauth_error(
        rc.revoke({}),
        400,
        oauth_error("invalid_request", "CMN-101", "Parameter [token] value is invalid.", "token"),
    )


def test_another_app_cannot_revoke_a_session(rc: RingCentralRest) -> None:
    tokens = rc.jwt_login()
    other = rc.emu.control.create_account()["ringcentral"]
    auth = basic(other["client_id"], other["client_secret"])
    assert rc.revoke({"token": tokens["access_token"]}, auth=auth).status_code == 200
    assert rc.get(extension_path(rc), tokens["access_token"]).status_code == 200


# -- bearer tokens on API calls ------------------------------------------------------------


def test_missing_or_garbage_bearer_tokens(rc: RingCentralRest) -> None:
    missing = rc.get(extension_path(rc))
    assert (missing.status_code, missing.json()) == (
        401,
        api_error("OAU-123", "Authorization header is not specified"),
    )
    corrupted = api_error("OAU-129", "Access token corrupted.")
    for header in ("Bearer garbage", "Bearer", basic(rc.login.client_id, rc.login.client_secret)):
        response = rc.get(extension_path(rc), headers={"Authorization": header})
        assert (response.status_code, response.json()) == (401, corrupted)


def test_tilde_and_explicit_ids_and_other_tenants(rc: RingCentralRest) -> None:
    token = rc.jwt_login()["access_token"]
    account, extension = rc.login.account_id, rc.login.extension_id
    for path in (
        "/restapi/v1.0/account/~/extension/~",
        f"/restapi/v1.0/account/{account}/extension/~",
        f"/restapi/v1.0/account/~/extension/{extension}",
        f"/restapi/v1.0/account/{account}/extension/{extension}",
    ):
        assert rc.get(path, token).json() == expected_extension(rc)
    assert rc.get(f"/restapi/v1.0/account/{account}", token).json()["id"] == int(account)

    other = rc.emu.control.create_account()["ringcentral"]
    for path, parameter in (
        (f"/restapi/v1.0/account/{other['account_id']}", "accountId"),
        (f"/restapi/v1.0/account/{other['account_id']}/extension/~", "accountId"),
        (f"/restapi/v1.0/account/~/extension/{other['extension_id']}", "extensionId"),
    ):
        response = rc.get(path, token)
        assert (response.status_code, response.json()) == (
            404,
            api_error("CMN-102", f"Resource for parameter [{parameter}] is not found", parameter),
        )
