"""Shared fixtures: an emulator app in the test's own loop, driven through aiohttp's test client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from telephony_emulator.app import create_app
from telephony_emulator.settings import Settings

CLOCK_START = 1_767_225_600.0  # 2026-01-01T00:00:00Z

AppClient = TestClient[web.Request, web.Application]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A file database in the test's temp folder, a manual clock at a fixed start."""
    return Settings(
        port=0,
        data_dir=tmp_path / "data",
        clock_rate=0.0,
        clock_start=CLOCK_START,
        access_log=False,
        busy_timeout=5.0,
    )


@pytest.fixture
async def client(
    aiohttp_client: Callable[[web.Application], Awaitable[AppClient]], settings: Settings
) -> AppClient:
    return await aiohttp_client(create_app(settings))


@pytest.fixture
async def new_account(client: AppClient) -> Callable[[], Awaitable[dict]]:
    async def create() -> dict:
        response = await client.post("/_emulator/accounts", json={"numbers": 2})
        assert response.status == 201
        return await response.json()

    return create
