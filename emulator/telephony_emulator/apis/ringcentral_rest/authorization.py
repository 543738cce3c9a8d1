"""The authorization endpoint: the emulator's user approves at once, the client gets a code.

There is no login page: ``GET /restapi/oauth/authorize?response_type=code&client_id=…&
redirect_uri=…`` redirects straight to ``redirect_uri?code=…[&state=…]`` for the user of the
account that owns the client id. The code is exchanged once, within ``CODE_TTL`` seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from telephony_emulator.apis.ringcentral_rest.errors import oauth_error
from telephony_emulator.apis.ringcentral_rest.grants import missing_parameter, required
from telephony_emulator.apis.ringcentral_rest.tokens import TokenStore
from telephony_emulator.core.accounts import AccountRegistry

#: The spec's CodeChallengeMethodEnum.
CHALLENGE_METHODS = ("plain", "S256")


def authorize(query: Mapping[str, str], registry: AccountRegistry, tokens: TokenStore) -> str:
    """The ``Location`` to redirect the user agent to, carrying a fresh code."""
    client_id = required(query, "client_id")
    account = registry.by_ringcentral_client(client_id)
    if account is None:
        raise oauth_error("invalid_client", "OAU-153", f"Invalid client: {client_id}")
    if required(query, "response_type") != "code":
        error = missing_parameter("response_type")
        error.details["oauth_error"] = "unsupported_response_type"
        raise error
    redirect_uri = required(query, "redirect_uri")
    if not urlsplit(redirect_uri).scheme:
        raise missing_parameter("redirect_uri")
    method = query.get("code_challenge_method") or "plain"
    if method not in CHALLENGE_METHODS:
        raise missing_parameter("code_challenge_method")
    code = tokens.issue_code(
        account.id,
        client_id,
        redirect_uri,
        challenge=query.get("code_challenge", ""),
        challenge_method=method,
    )
    reply = {"code": code.code}
    if query.get("state"):
        reply["state"] = query["state"]
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return f"{redirect_uri}{separator}{urlencode(reply)}"
