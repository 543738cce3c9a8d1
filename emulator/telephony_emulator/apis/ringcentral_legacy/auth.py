"""Legacy auth: main number, extension and password as request parameters."""

from __future__ import annotations

import hmac

from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.errors import Unauthenticated

BAD_LOGIN = "invalid username, extension or password"


def check_login(
    username: str | None, extension: str | None, password: str | None, registry: AccountRegistry
) -> Account:
    """``username`` may carry the extension as ``<number>*<ext>`` (the FaxOut form)."""
    number, _, starred = (username or "").partition("*")
    account = registry.by_ringcentral_login(number, extension or starred or "101")
    if account is None or not hmac.compare_digest(
        (password or "").encode(), account.ringcentral.password.encode()
    ):
        raise Unauthenticated(BAD_LOGIN)
    return account
