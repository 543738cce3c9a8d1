"""Messaging benchmark: createMessage as a ratio to a bare aiohttp app; N messages to idle."""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from types import FrameType
from typing import Any

import aiohttp
import bench_foundation as bf
from aiohttp import web

ACCOUNT = "9900000"
APPLICATION_ID = "a0000000-0000-4000-8000-000000000002"  # the default messaging application
OWNED_NUMBER = "+19195550100"
MESSAGES_PATH = f"/api/v2/users/{ACCOUNT}/messages"
_CREDENTIALS = base64.b64encode(b"emulator-user:emulator-pass").decode()
AUTH = (("Authorization", f"Basic {_CREDENTIALS}"),)
BODY = json.dumps(
    {
        "applicationId": APPLICATION_ID,
        "to": ["+15551230000"],
        "from": OWNED_NUMBER,
        "text": "Your verification code is 123456. It expires in 10 minutes.",
        "tag": "benchmark",
        "priority": "default",
    },
    separators=(",", ":"),
).encode()
CREATE_MESSAGE = bf.Endpoint(
    "create_message", "POST", MESSAGES_PATH, BODY, 202, AUTH, "createMessage (POST)"
)
ENDPOINTS = (CREATE_MESSAGE,)
DELIVERY_TIMEOUT = 600.0


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise bf.Terminated


# -- (2) N messages delivered to idle -----------------------------------------------------


class Receiver:
    """The customer's webhook server: counts status callbacks by type, answers 204."""

    def __init__(self) -> None:
        self.types: Counter[str] = Counter()
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        for event in await request.json():
            self.types[str(event["type"])] += 1
        return web.Response(status=204)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/status", self.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, bf.HOST, 0).start()
        self.url = f"http://{bf.HOST}:{self._runner.addresses[0][1]}/status"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def _request(
    session: aiohttp.ClientSession, url: str, method: str, body: Any, expect: int, **kw: Any
) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
    async with session.request(method, url, data=data, headers=headers, **kw) as response:
        text = await response.text()
    if response.status != expect:
        raise bf.ServerFailed(f"{method} {url} answered {response.status}: {text[:500]}")
    return json.loads(text) if text else None


async def deliver_once(
    emulator: bf.Server, receiver: Receiver, messages: int, workers: int
) -> dict[str, Any]:
    base = f"http://{bf.HOST}:{emulator.port}"
    await bf.reset_emulator(emulator)
    receiver.types.clear()
    timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        settings = {"settings": {"outbound_callback_url": receiver.url}}
        path = f"/_emulator/accounts/{ACCOUNT}/applications/{APPLICATION_ID}"
        await _request(session, base + path, "PATCH", settings, 200)
        remaining = iter(range(messages))

        async def worker() -> None:
            for _ in remaining:
                await _request(session, base + MESSAGES_PATH, "POST", BODY, 202, headers=dict(AUTH))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        created = time.perf_counter() - started
        cpu0 = bf.process_cpu_seconds(emulator.pid)
        started = time.perf_counter()
        report = await _request(
            session, base + "/_emulator/clock/run-until-idle", "POST", {"max_timers": 10**7}, 200
        )
        wall = time.perf_counter() - started
        cpu1 = bf.process_cpu_seconds(emulator.pid)
        ledger = f"{base}/_emulator/webhooks?account_id={ACCOUNT}&limit=10000"
        async with session.get(ledger) as response:
            deliveries = (await response.json())["deliveries"]
    if not report["idle"] or receiver.types != Counter({"message-delivered": messages}):
        raise bf.ServerFailed(f"after run-until-idle {report}: received {dict(receiver.types)}")
    outcomes = Counter(d["outcome"] for d in deliveries)
    if outcomes != Counter(delivered=min(messages, 10_000)):
        raise bf.ServerFailed(f"the ledger shows {dict(outcomes)}")
    return {
        "messages": messages,
        "create_wall_s": created,
        "deliver_wall_s": wall,
        "virtual_s": float(report["virtual_seconds"]),
        "timers_fired": int(report["timers_fired"]),
        "callbacks": sum(receiver.types.values()),
        "server_cpu_s": None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
    }


async def delivery_runs(emulator: bf.Server, messages: int, runs: int, workers: int) -> list[Any]:
    receiver = Receiver()
    await receiver.start()
    results = []
    try:
        for run in range(runs):
            result = await deliver_once(emulator, receiver, messages, workers)
            results.append(result)
            bf.progress(
                f"delivery run {run + 1}/{runs}: {messages} created in "
                f"{result['create_wall_s']:.2f} s, delivered in {result['deliver_wall_s']:.2f} s"
            )
    finally:
        await receiver.stop()
    return results


def render_delivery(results: Sequence[dict[str, Any]]) -> str:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    messages = results[0]["messages"]
    deliver = median("deliver_wall_s")
    cpu = [r["server_cpu_s"] for r in results if r["server_cpu_s"] is not None]
    cpu_text = f", emulator CPU {statistics.median(cpu):.2f} s" if cpu else ""
    return (
        f"{messages} SMS (one recipient each, a status callback each), median of "
        f"{len(results)} run(s):\n"
        f"  created by createMessage in {median('create_wall_s'):.2f} s "
        f"({messages / median('create_wall_s'):.0f} msg/s)\n"
        f"  delivered to idle by one run-until-idle in {deliver:.2f} s wall "
        f"({messages / deliver:.0f} callbacks/s{cpu_text}); every callback received and in "
        "the ledger as delivered"
    )


# -- command line -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    add = parser.add_argument
    add("--quick", action="store_true", help="smoke run: 1 round of 1 s, 1000 messages once")
    add("--json", action="store_true", help="also print the results as one line of JSON, last")
    add("--only", choices=["load", "delivery"], help="run only one part")
    add("--rounds", type=int, help="load rounds per server (default 3, quick 1)")
    add("--duration", type=float, help="measured seconds per round (default 3, quick 1)")
    add("--warmup", type=float, help="warm-up seconds before each round (default 1, quick 0.5)")
    add("--workers", type=int, default=16, help="concurrent clients (default 16)")
    add("--messages", type=int, help="messages delivered to idle (default 10000, quick 1000)")
    add("--delivery-runs", type=int, help="delivery runs (default 3, quick 1)")
    add("--poll-interval", type=float, default=0.005, help="readiness poll interval, s")
    add("--start-timeout", type=float, default=60.0, help="max seconds for a server to start")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    quick = args.quick
    rounds = args.rounds or (1 if quick else 3)
    duration = args.duration or (1.0 if quick else 3.0)
    warmup = args.warmup if args.warmup is not None else (0.5 if quick else 1.0)
    messages = args.messages or (1000 if quick else 10_000)
    runs = args.delivery_runs or (1 if quick else 3)
    if min(rounds, args.workers, messages, runs) < 1 or duration <= 0 or warmup < 0:
        build_parser().error("counts must be >= 1, duration > 0, warmup >= 0")
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    env = bf.environment()
    bf.progress(f"bench_messaging: python {env['python']}, {env['cpus']} CPUs, {env['commit']}")
    report: dict[str, Any] = {"environment": env}
    sections: list[str] = []
    try:
        if args.only in (None, "load"):
            results = bf.measure_load(
                rounds,
                args.workers,
                warmup,
                duration,
                args.start_timeout,
                args.poll_interval,
                ENDPOINTS,
            )
            report["load"] = bf.summarize_load(results, ENDPOINTS)
            report["load_rounds"] = [vars(r) for r in results]
            sections.append(
                bf.render_load(report["load"], rounds, args.workers, warmup, duration, ENDPOINTS)
            )
        if args.only in (None, "delivery"):
            with bf.running(bf.EMULATOR_MEMORY) as emulator:
                bf.wait_ready(emulator, args.start_timeout, args.poll_interval)
                delivered = asyncio.run(delivery_runs(emulator, messages, runs, args.workers))
            report["delivery"] = delivered
            sections.append(render_delivery(delivered))
    except bf.ServerFailed as error:
        bf.progress(f"bench_messaging: {error}")
        return 1
    except (KeyboardInterrupt, bf.Terminated):
        bf.progress("bench_messaging: interrupted; the servers it started are stopped")
        return 130
    print(f"telephony-emulator messaging benchmark (python {env['python']}, {env['cpus']} CPUs)")
    print("Ratios are emulator / bare aiohttp app, measured in this run.\n")
    print("\n\n".join(sections))
    if args.json:
        print(json.dumps(bf.without_nan(report), allow_nan=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
