"""Small helpers for Catapult tests: raw HTTP in the clients' exact wire form, virtual times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import requests
from pytest_telephony_emulator.control import CatapultLogin, TelephonyEmulator


def now(emu: TelephonyEmulator, plus: float = 0.0) -> str:
    """The virtual time as Catapult shows it, ``2026-01-01T00:00:00.000Z``."""
    moment = datetime.fromtimestamp(round((emu.clock()["time"] + plus) * 1000) / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds")[:23] + "Z"


def user_url(login: CatapultLogin, *parts: str) -> str:
    return "/".join((login.base_url, "v1", "users", login.user_id, *parts))


def call(login: CatapultLogin, method: str, url: str, **kwargs: Any) -> requests.Response:
    """A request with the login's token and secret (``url`` may be relative to ``/v1``)."""
    if url.startswith("/"):
        url = f"{login.base_url}/v1{url}"
    return requests.request(method, url, auth=(login.api_token, login.api_secret), **kwargs)
