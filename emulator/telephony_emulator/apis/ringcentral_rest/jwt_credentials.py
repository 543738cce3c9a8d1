"""JWT credentials for the ``jwt-bearer`` grant: the one each account's user gets, and parsing.

RingCentral issues a user a JWT in its developer console; the emulator shows one per account in
the control API. Signatures are not checked: any well-formed JWT whose ``sub`` is the user's
extension id (and whose ``exp``, if present, is still ahead on the virtual clock) logs that
user in, so tests may also mint their own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from telephony_emulator.core.accounts import Account

#: The ``iss``/``aud`` of RingCentral's production JWT credentials.
ISSUER = "https://platform.ringcentral.com"
AUDIENCE = ISSUER + "/restapi/oauth/token"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt_credential(account: Account) -> str:
    """The account user's JWT credential (deterministic: derived from the account)."""
    rc = account.ringcentral
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"aud": AUDIENCE, "sub": rc.extension_id, "iss": ISSUER}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    signature = hmac.new(rc.client_secret.encode(), signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{_b64url(signature.digest())}"


def jwt_claims(assertion: str) -> dict[str, Any] | None:
    """The claims of a well-formed JWT (three base64url parts, JSON header and payload)."""
    parts = assertion.split(".")
    if len(parts) != 3:
        return None
    try:
        decoded = [json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in parts[:2]]
    except (ValueError, binascii.Error):
        return None
    header, claims = decoded
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    return claims


def jwt_user_matches(assertion: str, account: Account, now: float) -> bool:
    """Whether ``assertion`` names the account's user and has not expired."""
    claims = jwt_claims(assertion)
    if claims is None or str(claims.get("sub", "")) != account.ringcentral.extension_id:
        return False
    expiry = claims.get("exp")
    if expiry is None:
        return True
    return isinstance(expiry, int | float) and not isinstance(expiry, bool) and expiry > now
