"""The web dashboard: static files shipped in the package, served under ``/_emulator/ui/``."""

from __future__ import annotations

from importlib import resources

from aiohttp import web

from telephony_emulator.errors import NotFound

from .schemas import PREFIX

routes = web.RouteTableDef()
#: Every file the page is made of, with its content type (nothing else is served).
FILES = {
    "index.html": "text/html",
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
}
_FOLDER = resources.files(__package__) / "dashboard"
#: The page runs only its own files, talks only to this server, and cannot be framed by another
#: site (which could otherwise click its buttons).
HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
}


@routes.get(PREFIX + "/ui/")
async def dashboard_page(request: web.Request) -> web.Response:
    return _file("index.html")


@routes.get(PREFIX + "/ui/{name}")
async def dashboard_file(request: web.Request) -> web.Response:
    return _file(request.match_info["name"])


def _file(name: str) -> web.Response:
    content_type = FILES.get(name)
    if content_type is None:
        raise NotFound(f"the dashboard has no file {name!r}")
    body = (_FOLDER / name).read_bytes()
    return web.Response(
        body=body,
        content_type=content_type,
        charset="utf-8",
        headers=HEADERS,
    )
