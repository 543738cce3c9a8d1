"""The control surface's own app keys."""

from __future__ import annotations

from aiohttp import web

from .feed import EventFeed

FEED = web.AppKey("event_feed", EventFeed)
