"""Fixtures for RingCentral REST tests: a fresh account on the session's emulator (virtual clock
in manual mode, driven by the test), raw HTTP helpers, and a logged-in official SDK platform."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from pytest_telephony_emulator.control import RingCentralLogin, TelephonyEmulator

FORM = "application/x-www-form-urlencoded"


def basic(username: str, password: str) -> str:
    """A Basic ``Authorization`` value, computed independently of the emulator's code."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@dataclass
class RingCentralRest:
    """One test's RingCentral user: its login, the clock, and raw HTTP to the REST API."""

    emu: TelephonyEmulator
    http: requests.Session

    @property
    def login(self) -> RingCentralLogin:
        return self.emu.ringcentral

    @property
    def url(self) -> str:
        return self.login.server_url

    @property
    def client_auth(self) -> str:
        return basic(self.login.client_id, self.login.client_secret)

    def advance(self, seconds: float) -> None:
        """Move the (shared) virtual clock forward."""
        self.emu.advance(seconds)

    def token(self, form: dict[str, Any], auth: str | None = "default") -> requests.Response:
        """``POST /restapi/oauth/token`` with a form body and (by default) the app's Basic auth."""
        return self._oauth("/restapi/oauth/token", form, auth)

    def revoke(self, form: dict[str, Any], auth: str | None = "default") -> requests.Response:
        return self._oauth("/restapi/oauth/revoke", form, auth)

    def _oauth(self, path: str, form: dict[str, Any], auth: str | None) -> requests.Response:
        headers = {"Content-Type": FORM, "Accept": "application/json"}
        if auth is not None:
            headers["Authorization"] = self.client_auth if auth == "default" else auth
        return self.http.post(self.url + path, data=form, headers=headers, allow_redirects=False)

    def jwt_login(self) -> dict[str, Any]:
        """A fresh session of the user through the JWT grant; the ``TokenInfo`` reply."""
        response = self.token(
            {
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": self.login.jwt,
            }
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def get(self, path: str, access_token: str | None = None, **kwargs: Any) -> requests.Response:
        """GET a REST path (``/restapi/v1.0/...``) with ``Bearer access_token`` when given."""
        headers = dict(kwargs.pop("headers", {}))
        if access_token is not None:
            headers["Authorization"] = f"Bearer {access_token}"
        return self.http.get(self.url + path, headers=headers, **kwargs)


@pytest.fixture
def rc(telephony_emulator: TelephonyEmulator) -> Iterator[RingCentralRest]:
    """A fresh account's RingCentral user with raw HTTP helpers (``rc.token``, ``rc.get``)."""
    with requests.Session() as http:
        yield RingCentralRest(telephony_emulator, http)


@pytest.fixture
def rc_platform(rc: RingCentralRest) -> Any:
    """The official SDK's ``platform``, logged in as ``rc``'s user with its JWT credential."""
    platform = rc.login.sdk().platform()
    platform.login(jwt=rc.login.jwt)
    return platform
