"""The token endpoint's grants (reference ringcentral.md §2.1): who logs in, for how long."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from telephony_emulator.apis.ringcentral_rest.errors import oauth_error
from telephony_emulator.apis.ringcentral_rest.jwt_credentials import jwt_user_matches
from telephony_emulator.apis.ringcentral_rest.tokens import (
    DEFAULT_ACCESS_TTL,
    DEFAULT_REFRESH_TTL,
    AuthorizationCode,
    TokenGrant,
    TokenStore,
)
from telephony_emulator.core.accounts import Account, national_number
from telephony_emulator.errors import InvalidRequest

PASSWORD = "password"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
AUTHORIZATION_CODE = "authorization_code"
REFRESH_TOKEN = "refresh_token"
#: The app permissions every emulated app has (RingCentral's permission names).
SCOPE = "ReadAccounts ReadCallLog ReadMessages EditMessages Faxes RingOut"
#: access_token_ttl is bounded to 600..3600 s, refresh_token_ttl to at most 30 days (§2.1).
ACCESS_TTL_RANGE = (600, 3600)
MAX_REFRESH_TTL = 2_592_000


def grant_tokens(
    form: Mapping[str, str], client: Account, tokens: TokenStore, now: float
) -> TokenGrant:
    """Check one token request of ``client``'s app and issue (or rotate) its tokens."""
    grant_type = required(form, "grant_type")
    access_ttl = _ttl(form, "access_token_ttl", DEFAULT_ACCESS_TTL, *ACCESS_TTL_RANGE)
    refresh_ttl = _ttl(form, "refresh_token_ttl", DEFAULT_REFRESH_TTL, 1, MAX_REFRESH_TTL)
    if grant_type == REFRESH_TOKEN:
        old = tokens.by_refresh_token(required(form, "refresh_token"))
        if old is None or old.account_id != client.id:
            raise oauth_error("invalid_grant", "OAU-213", "Token not found")
        return tokens.rotate(old, access_ttl=access_ttl, refresh_ttl=refresh_ttl)
    if grant_type == PASSWORD:
        _check_password(form, client)
    elif grant_type == JWT_BEARER:
        if not jwt_user_matches(required(form, "assertion"), client, now):
            raise _bad_credentials()
    elif grant_type == AUTHORIZATION_CODE:
        _check_code(form, client, tokens)
    else:
        raise oauth_error("unauthorized_client", "OAU-251", "Unauthorized for this grant type")
    return tokens.issue(
        client.id,
        scope=SCOPE,
        access_ttl=access_ttl,
        refresh_ttl=refresh_ttl,
        endpoint_id=form.get("endpoint_id", ""),
    )


def token_info(grant: TokenGrant, owner: Account, tokens: TokenStore) -> dict[str, Any]:
    """The spec's ``TokenInfo`` reply."""
    expires_in, refresh_expires_in = tokens.expires_in(grant)
    return {
        "access_token": grant.access_token,
        "token_type": "bearer",
        "expires_in": expires_in,
        "refresh_token": grant.refresh_token,
        "refresh_token_expires_in": refresh_expires_in,
        "scope": grant.scope,
        "owner_id": owner.ringcentral.extension_id,
        "endpoint_id": grant.endpoint_id,
        "session_id": grant.session_id,
    }


def required(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "")
    if not value:
        raise missing_parameter(name)
    return value


def missing_parameter(name: str) -> InvalidRequest:
    error = oauth_error("invalid_request", "CMN-101", f"Parameter [{name}] value is invalid.")
    error.details["parameter_name"] = name
    return error


def _ttl(form: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = form.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise missing_parameter(name) from None
    if value < 1:
        raise missing_parameter(name)
    return max(low, min(high, value))


def _bad_credentials() -> InvalidRequest:
    return oauth_error("invalid_grant", "OAU-140", "Invalid resource owner credentials")


def _check_password(form: Mapping[str, str], client: Account) -> None:
    """``username`` is the main number in any formatting, optionally ``number*extension``;
    without an extension the login is the main user (the account's one user)."""
    rc = client.ringcentral
    number, _, star_extension = required(form, "username").partition("*")
    password = required(form, "password")
    extension = form.get("extension") or star_extension or rc.extension
    if not (
        national_number(number) == national_number(rc.username)
        and extension == rc.extension
        and hmac.compare_digest(password.encode(), rc.password.encode())
    ):
        raise _bad_credentials()


def _check_code(form: Mapping[str, str], client: Account, tokens: TokenStore) -> None:
    code = tokens.take_code(required(form, "code"))
    if code is None or code.account_id != client.id:
        raise oauth_error("invalid_grant", "OAU-106", "Invalid authorization code")
    if tokens.code_expired(code):
        raise oauth_error("invalid_grant", "OAU-108", "Authorization code is expired")
    if form.get("redirect_uri", "") != code.redirect_uri:
        raise oauth_error("invalid_grant", "OAU-109", "Redirect URIs do not match")
    if code.challenge and not _verifier_matches(code, form.get("code_verifier", "")):
        raise oauth_error("invalid_grant", "OAU-106", "Invalid authorization code")


def _verifier_matches(code: AuthorizationCode, verifier: str) -> bool:
    if code.challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode()).digest()
        verifier = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(verifier.encode(), code.challenge.encode())
