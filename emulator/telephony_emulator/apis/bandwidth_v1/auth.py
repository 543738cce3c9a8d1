"""Catapult auth: HTTP Basic with the API token and secret; the path names the user id."""

from __future__ import annotations

import re

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.basic_auth import basic_owner
from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.errors import Unauthenticated
from telephony_emulator.keys import STATE

_CREATES = re.compile(r"^/v1/users/[^/]+/(calls|messages)/?$")


def check_token(authorization: str | None, path_user_id: str, registry: AccountRegistry) -> Account:
    """The account of the token; 401 ``user-access-denied`` when the path is another user's."""
    account = basic_owner(
        authorization, registry.by_catapult_token, lambda found: found.catapult.api_secret
    )
    if account is None:
        raise Unauthenticated("Invalid credentials were provided", code="unauthorized")
    if account.catapult.user_id != path_user_id:
        raise Unauthenticated(
            f"User {account.catapult.user_id} does not have permission to access user "
            f"{path_user_id}",
            code="user-access-denied",
        )
    return account


def user_account(request: web.Request) -> Account:
    """The caller's account, for a handler under ``/v1/users/{userId}``, once the request is
    within the account's rate limit."""
    account = check_token(
        request.headers.get("Authorization"),
        request.match_info["userId"],
        request.app[STATE].accounts,
    )
    _admit(request, account)
    return account


def token_account(request: web.Request) -> Account:
    """The caller's account, for the few paths outside the user (§1: available numbers and
    number info), by the token alone."""
    account = basic_owner(
        request.headers.get("Authorization"),
        request.app[STATE].accounts.by_catapult_token,
        lambda found: found.catapult.api_secret,
    )
    if account is None:
        raise Unauthenticated("Invalid credentials were provided", code="unauthorized")
    _admit(request, account)
    return account


def _admit(request: web.Request, account: Account) -> None:
    # Creating calls and messages has limits of its own, answered 403 (§1 "Rate limits").
    creating = request.method == "POST" and _CREATES.search(request.path) is not None
    if not creating:
        request.app[CATAPULT_SERVICES].rate_limits.admit_request(account)
