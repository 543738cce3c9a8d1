"""Minimal aiohttp baseline server serving the benchmarked paths, for bench_foundation.py."""

from __future__ import annotations

import argparse
import asyncio
import signal
import time

from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/_emulator/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "version": "0.0.0"})


@routes.get("/_emulator/clock")
async def clock(request: web.Request) -> web.Response:
    now = time.time()
    return web.json_response({"time": now, "rate": 0.0, "pending_timers": 0, "next_due": None})


@routes.post("/_emulator/accounts")
async def create_account(request: web.Request) -> web.Response:
    body = await request.json()
    if not isinstance(body, dict):
        return web.json_response({"error": "expected a JSON object"}, status=400)
    name = str(body.get("name", "Test account"))
    numbers = int(body.get("numbers", 2))
    return web.json_response({"account_id": "1", "name": name, "numbers": numbers}, status=201)


async def serve(host: str, port: int) -> None:
    """Serve like the emulator does: an AppRunner without access log, stopped by SIGTERM/SIGINT."""
    app = web.Application()
    app.router.add_routes(routes)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        print(f"bare-app listening on http://{host}:{runner.addresses[0][1]}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
