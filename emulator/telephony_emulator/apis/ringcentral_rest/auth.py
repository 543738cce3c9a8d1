"""RingCentral REST auth: a bearer token for API calls, Basic client credentials for OAuth."""

from __future__ import annotations

import hmac

from telephony_emulator.apis.ringcentral_rest.errors import oauth_error
from telephony_emulator.apis.ringcentral_rest.tokens import TokenGrant, TokenStore
from telephony_emulator.basic_auth import parse_basic
from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.errors import Unauthenticated


def check_bearer(authorization: str | None, tokens: TokenStore) -> TokenGrant:
    """The grant of a valid, unexpired access token; 401 with RingCentral's OAU code otherwise."""
    if not authorization:
        raise Unauthenticated("Authorization header is not specified", code="OAU-123")
    scheme, _, token = authorization.partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    grant = tokens.by_access_token(token)
    if grant is None and tokens.is_retired(token):
        # a revoked (logged-out) or refreshed-away token (RingCentral community answer on OAU-213)
        raise Unauthenticated("Token not found", code="OAU-213")
    if grant is None:
        raise Unauthenticated("Access token corrupted.", code="OAU-129")
    if tokens.is_expired(grant):
        raise Unauthenticated("Access token expired.", code="OAU-128")
    return grant


def check_client(authorization: str | None, registry: AccountRegistry) -> Account:
    """The account whose REST app the Basic client id/secret belong to (OAuth endpoints)."""
    login = parse_basic(authorization)
    if login is None:
        raise oauth_error("invalid_client", "OAU-123", "Client authentication is required")
    account = registry.by_ringcentral_client(login[0])
    if account is None or not hmac.compare_digest(
        login[1].encode(), account.ringcentral.client_secret.encode()
    ):
        raise oauth_error("invalid_client", "OAU-146", "Invalid client credentials")
    return account
