"""Serves the app under test (aiohttp, ASGI or WSGI) on a free port in a thread of its own."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Awaitable, Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class HostedApp:
    """An app served at :attr:`url` until :meth:`close`; its own loop or threads, so neither
    the test nor the emulator waits on it."""

    def __init__(self, app: Any, host: str = "127.0.0.1", advertised_host: str | None = None):
        self._host = host
        self._advertised = advertised_host or host
        self._close: Callable[[], None]
        self.kind = _kind(app)
        port = self._serve_wsgi(app) if self.kind == "wsgi" else self._serve_async(app)
        self.url = f"http://{self._advertised}:{port}"

    def url_for(self, path: str) -> str:
        """An absolute URL of ``path`` on the app (for callback URL settings)."""
        return self.url + "/" + path.lstrip("/")

    def close(self) -> None:
        self._close()

    def __enter__(self) -> HostedApp:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- WSGI (Flask, Django...) ----------------------------------------------------------

    def _serve_wsgi(self, app: Any) -> int:
        server = make_server(
            self._host, 0, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        thread = threading.Thread(target=server.serve_forever, name="app-under-test", daemon=True)
        thread.start()

        def close() -> None:
            server.shutdown()
            server.server_close()
            thread.join(10)

        self._close = close
        return int(server.server_address[1])

    # -- aiohttp and ASGI (FastAPI, Starlette...) ---------------------------------------

    def _serve_async(self, app: Any) -> int:
        ready = threading.Event()
        state: dict[str, Any] = {}

        async def serve() -> None:
            from aiohttp import web

            application = app if self.kind == "aiohttp" else _asgi_app(app)
            runner = web.AppRunner(application, access_log=None, handle_signals=False)
            await runner.setup()
            try:
                site = web.TCPSite(runner, self._host, 0)
                await site.start()
                state["port"] = runner.addresses[0][1]
                state["loop"], state["stop"] = asyncio.get_running_loop(), asyncio.Event()
                ready.set()
                await state["stop"].wait()
            finally:
                await runner.cleanup()

        def run() -> None:
            try:
                asyncio.run(serve())
            except BaseException as error:  # reported below; the thread must not die silently
                state["error"] = error
                ready.set()

        thread = threading.Thread(target=run, name="app-under-test", daemon=True)
        thread.start()
        if not ready.wait(30) or "error" in state:
            raise RuntimeError(f"the app under test did not start: {state.get('error')}")

        def close() -> None:
            state["loop"].call_soon_threadsafe(state["stop"].set)
            thread.join(10)

        self._close = close
        return int(state["port"])


def _kind(app: Any) -> str:
    try:
        from aiohttp import web

        if isinstance(app, web.Application):
            return "aiohttp"
    except ImportError:  # pragma: no cover - aiohttp comes with the emulator
        pass
    call = app if inspect.isfunction(app) else getattr(app, "__call__", None)  # noqa: B004
    if inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(app):
        return "asgi"
    if callable(app):
        return "wsgi"
    raise TypeError(f"cannot serve {app!r}: not an aiohttp, ASGI or WSGI application")


def _asgi_app(app: Callable[..., Awaitable[None]]) -> Any:
    """An aiohttp application handing every request to the ASGI ``app`` (HTTP only)."""
    from aiohttp import web
    from multidict import CIMultiDict

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        host, port = (
            request.transport.get_extra_info("sockname")[:2] if request.transport else ("", 0)
        )
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": "http",
            "path": request.path,
            "raw_path": request.raw_path.split("?")[0].encode(),
            "query_string": request.query_string.encode(),
            "root_path": "",
            "headers": [(k.lower().encode(), v.encode()) for k, v in request.headers.items()],
            "server": (host, port),
            "client": None,
        }
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # never disconnects before the reply is sent
            return {"type": "http.disconnect"}

        status, headers, chunks = 500, CIMultiDict[str](), []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() != b"content-length":
                        headers.add(name.decode(), value.decode())
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await app(scope, receive, send)
        return web.Response(status=status, body=b"".join(chunks), headers=headers)

    application = web.Application()
    application.router.add_route("*", "/{tail:.*}", handle)
    return application


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
