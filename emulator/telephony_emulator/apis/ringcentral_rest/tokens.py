"""OAuth sessions of the REST API: access/refresh tokens and authorization codes, on the virtual
clock."""

from __future__ import annotations

from dataclasses import dataclass

from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.ids import IdFactory

_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_ENDPOINT_ALPHABET = _TOKEN_ALPHABET + "-_"
DEFAULT_ACCESS_TTL = 3600
DEFAULT_REFRESH_TTL = 604_800
#: How long an authorization code from ``/restapi/oauth/authorize`` can be exchanged.
CODE_TTL = 60


@dataclass(frozen=True)
class TokenGrant:
    """One login session: an access token and the refresh token that can renew it."""

    access_token: str
    refresh_token: str
    account_id: str  # the emulator account (its Bandwidth id)
    session_id: str
    expires_at: float
    refresh_expires_at: float
    scope: str
    endpoint_id: str = ""


@dataclass(frozen=True)
class AuthorizationCode:
    """A one-time code the authorization endpoint gave a client for the account's user."""

    code: str
    account_id: str
    client_id: str
    redirect_uri: str
    expires_at: float
    challenge: str = ""  # PKCE code_challenge, if the client sent one
    challenge_method: str = "plain"


class TokenStore:
    """Issued grants by access and by refresh token, retired access tokens, pending codes."""

    def __init__(self, clock: VirtualClock, ids: IdFactory) -> None:
        self._clock = clock
        self._ids = ids
        self._by_access: dict[str, TokenGrant] = {}
        self._by_refresh: dict[str, TokenGrant] = {}
        self._retired: set[str] = set()
        self._codes: dict[str, AuthorizationCode] = {}

    def clear(self) -> None:
        self._by_access.clear()
        self._by_refresh.clear()
        self._retired.clear()
        self._codes.clear()

    def issue(
        self,
        account_id: str,
        *,
        scope: str,
        access_ttl: int = DEFAULT_ACCESS_TTL,
        refresh_ttl: int = DEFAULT_REFRESH_TTL,
        endpoint_id: str = "",
    ) -> TokenGrant:
        """A new session for ``account_id``."""
        return self._store(
            account_id,
            scope=scope,
            session_id=self._ids.digits(19),
            endpoint_id=endpoint_id or self._ids.token(22, _ENDPOINT_ALPHABET),
            access_ttl=access_ttl,
            refresh_ttl=refresh_ttl,
        )

    def rotate(self, grant: TokenGrant, *, access_ttl: int, refresh_ttl: int) -> TokenGrant:
        """Renew a session: a new access and refresh token; the old pair stops working."""
        self._retire(grant)
        return self._store(
            grant.account_id,
            scope=grant.scope,
            session_id=grant.session_id,
            endpoint_id=grant.endpoint_id,
            access_ttl=access_ttl,
            refresh_ttl=refresh_ttl,
        )

    def _store(
        self,
        account_id: str,
        *,
        scope: str,
        session_id: str,
        endpoint_id: str,
        access_ttl: int,
        refresh_ttl: int,
    ) -> TokenGrant:
        now = self._clock.time()
        grant = TokenGrant(
            access_token=self._ids.token(96, _TOKEN_ALPHABET),
            refresh_token=self._ids.token(96, _TOKEN_ALPHABET),
            account_id=account_id,
            session_id=session_id,
            expires_at=now + access_ttl,
            refresh_expires_at=now + refresh_ttl,
            scope=scope,
            endpoint_id=endpoint_id,
        )
        self._by_access[grant.access_token] = grant
        self._by_refresh[grant.refresh_token] = grant
        return grant

    def by_access_token(self, token: str) -> TokenGrant | None:
        return self._by_access.get(token)

    def by_refresh_token(self, token: str) -> TokenGrant | None:
        grant = self._by_refresh.get(token)
        if grant is None or grant.refresh_expires_at <= self._clock.time():
            return None
        return grant

    def is_retired(self, token: str) -> bool:
        """Whether ``token`` was an access token of a session since revoked or refreshed."""
        return token in self._retired

    def revoke(self, token: str, account_id: str | None = None) -> bool:
        """Revoke the grant holding ``token`` (an access or a refresh token), if it is
        ``account_id``'s when that is given."""
        grant = self._by_access.get(token) or self._by_refresh.get(token)
        if grant is None or account_id not in (None, grant.account_id):
            return False
        self._retire(grant)
        return True

    def _retire(self, grant: TokenGrant) -> None:
        self._by_access.pop(grant.access_token, None)
        self._by_refresh.pop(grant.refresh_token, None)
        self._retired.add(grant.access_token)

    def is_expired(self, grant: TokenGrant) -> bool:
        return grant.expires_at <= self._clock.time()

    def expires_in(self, grant: TokenGrant) -> tuple[int, int]:
        """Seconds left on the access and on the refresh token."""
        now = self._clock.time()
        return round(grant.expires_at - now), round(grant.refresh_expires_at - now)

    # -- authorization codes ------------------------------------------------------------

    def issue_code(
        self,
        account_id: str,
        client_id: str,
        redirect_uri: str,
        *,
        challenge: str = "",
        challenge_method: str = "plain",
    ) -> AuthorizationCode:
        code = AuthorizationCode(
            code=self._ids.token(64, _TOKEN_ALPHABET),
            account_id=account_id,
            client_id=client_id,
            redirect_uri=redirect_uri,
            expires_at=self._clock.time() + CODE_TTL,
            challenge=challenge,
            challenge_method=challenge_method,
        )
        self._codes[code.code] = code
        return code

    def take_code(self, code: str) -> AuthorizationCode | None:
        """The pending code, removed: a code is good for one exchange attempt."""
        return self._codes.pop(code, None)

    def code_expired(self, code: AuthorizationCode) -> bool:
        return code.expires_at <= self._clock.time()
