"""Compact JSON responses (no spaces after separators), as the Bandwidth APIs send them."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


def compact_json(
    body: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
    *,
    charset: str | None = None,
) -> web.Response:
    return web.Response(
        body=json.dumps(body, separators=(",", ":")).encode(),
        status=status,
        content_type="application/json",
        charset=charset,
        headers=headers,
    )
