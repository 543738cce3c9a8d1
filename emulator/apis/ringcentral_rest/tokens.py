"""OAuth access and refresh tokens for the REST API, expiring on the virtual clock."""

from __future__ import annotations

from dataclasses import dataclass

from emulator.core.clock import VirtualClock
from emulator.ids import IdFactory

_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
DEFAULT_ACCESS_TTL = 3600
DEFAULT_REFRESH_TTL = 604_800


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


class TokenStore:
    """Issued grants by access and by refresh token."""

    def __init__(self, clock: VirtualClock, ids: IdFactory) -> None:
        self._clock = clock
        self._ids = ids
        self._by_access: dict[str, TokenGrant] = {}
        self._by_refresh: dict[str, TokenGrant] = {}

    def clear(self) -> None:
        self._by_access.clear()
        self._by_refresh.clear()

    def issue(
        self,
        account_id: str,
        *,
        scope: str,
        access_ttl: int = DEFAULT_ACCESS_TTL,
        refresh_ttl: int = DEFAULT_REFRESH_TTL,
    ) -> TokenGrant:
        now = self._clock.time()
        grant = TokenGrant(
            access_token=self._ids.token(96, _TOKEN_ALPHABET),
            refresh_token=self._ids.token(96, _TOKEN_ALPHABET),
            account_id=account_id,
            session_id=self._ids.digits(19),
            expires_at=now + access_ttl,
            refresh_expires_at=now + refresh_ttl,
            scope=scope,
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

    def revoke(self, token: str) -> bool:
        """Revoke the grant holding ``token`` (an access or a refresh token)."""
        grant = self._by_access.get(token) or self._by_refresh.get(token)
        if grant is None:
            return False
        self._by_access.pop(grant.access_token, None)
        self._by_refresh.pop(grant.refresh_token, None)
        return True

    def is_expired(self, grant: TokenGrant) -> bool:
        return grant.expires_at <= self._clock.time()
