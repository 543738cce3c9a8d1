"""The dashboard's files: served from the package, self-contained (no CDN, works offline)."""

from __future__ import annotations

import re

import pytest
from telephony_emulator.apis.control.dashboard import FILES

from tests.conftest import AppClient


async def test_the_page_and_its_files_are_served_with_their_types(client: AppClient) -> None:
    page = await client.get("/_emulator/ui/")
    assert page.status == 200
    assert page.content_type == "text/html"
    html = await page.text()
    assert '<script src="dashboard.js"></script>' in html
    for name, content_type in FILES.items():
        response = await client.get(f"/_emulator/ui/{name}")
        assert (response.status, response.content_type) == (200, content_type)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("name", list(FILES))
async def test_no_file_loads_anything_from_elsewhere(client: AppClient, name: str) -> None:
    text = await (await client.get(f"/_emulator/ui/{name}")).text()
    assert re.findall(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text) == []
    assert "@import" not in text


async def test_only_the_dashboard_files_are_served(client: AppClient) -> None:
    for name in ("..%2Fschemas.py", "feed.py", "dashboard"):
        response = await client.get(f"/_emulator/ui/{name}")
        assert response.status == 404
        assert (await response.json())["error"]["code"] == "not_found"
