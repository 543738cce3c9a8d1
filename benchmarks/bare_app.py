"""Minimal aiohttp baseline server serving the benchmarked paths, for the bench_* scripts."""

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


#: A fixed call id: the floor does no bookkeeping, so every created call is "the same" one.
CALL_ID = "c-15ac29a2-1c6f3c3e-5a0b-4c1f-9d2e-8f1a2b3c4d5e"


@routes.post("/api/v2/accounts/{accountId}/calls")
async def create_call(request: web.Request) -> web.Response:
    """Parse the JSON body and answer a small 201 with a Location, without any validation."""
    body = await request.json()
    account_id = request.match_info["accountId"]
    location = f"http://{request.host}/api/v2/accounts/{account_id}/calls/{CALL_ID}"
    reply = {
        "accountId": account_id,
        "callId": CALL_ID,
        "applicationId": body.get("applicationId"),
        "to": body.get("to"),
        "from": body.get("from"),
        "callUrl": location,
        "tag": body.get("tag"),
    }
    return web.json_response(reply, status=201, headers={"Location": location})


@routes.get("/api/v2/accounts/{accountId}/calls/{callId}")
async def get_call_state(request: web.Request) -> web.Response:
    """A CallState of a finished call (about 600 bytes), built per request, nothing looked up."""
    return web.json_response(
        {
            "applicationId": "a0000000-0000-4000-8000-000000000001",
            "accountId": request.match_info["accountId"],
            "callId": request.match_info["callId"],
            "parentCallId": None,
            "to": "+15551230000",
            "from": "+19195550100",
            "direction": "outbound",
            "state": "disconnected",
            "stirShaken": None,
            "identity": None,
            "enqueuedTime": "2026-01-01T12:00:00.000Z",
            "startTime": "2026-01-01T12:00:00.000Z",
            "answerTime": "2026-01-01T12:00:01.000Z",
            "endTime": "2026-01-01T12:10:15.400Z",
            "disconnectCause": "hangup",
            "errorMessage": None,
            "errorId": None,
            "lastUpdate": "2026-01-01T12:10:15.400Z",
        }
    )


@routes.post("/api/v2/users/{accountId}/messages")
async def create_message(request: web.Request) -> web.Response:
    """Parse the JSON body and answer a 202 echoing it, without any validation (bench_messaging)."""
    body = await request.json()
    reply = {
        "id": "1589228074636lm4k2je7j7jklbn2",
        "owner": body.get("from"),
        "applicationId": body.get("applicationId"),
        "time": "2026-01-01T12:00:00.000Z",
        "segmentCount": 1,
        "direction": "out",
        "to": body.get("to"),
        "from": body.get("from"),
        "text": body.get("text"),
        "priority": "default",
    }
    return web.json_response(reply, status=202)


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
