"""Bandwidth v2 auth: HTTP Basic with the API user; the account id in the path must be theirs."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.basic_auth import basic_owner
from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.errors import Forbidden, Unauthenticated
from telephony_emulator.keys import STATE


def check_basic(
    authorization: str | None, path_account_id: str, registry: AccountRegistry
) -> Account:
    """The account the credentials belong to; 401 for bad credentials, 403 for another account."""
    account = basic_owner(authorization, registry.by_bandwidth_user, _password)
    if account is None:
        raise Unauthenticated()
    if account.id != path_account_id:
        raise Forbidden()
    return account


def _password(account: Account) -> str:
    return account.bandwidth.password


def voice_account(request: web.Request) -> Account:
    """The caller's account, for a handler under ``/accounts/{accountId}``."""
    return check_basic(
        request.headers.get("Authorization"),
        request.match_info["accountId"],
        request.app[STATE].accounts,
    )
