"""Scale benchmark: many calls run to idle (time, memory), and 1,000 live calls in real time."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import aiohttp
import bench_foundation as bf
import bench_voice as bv
from aiohttp import web
from yarl import URL

#: Targets from issue 18: seconds to idle per 10,000 calls; live-call lateness and memory.
IDLE_SECONDS_PER_10K = 10.0
LATENESS_P99_MS = 20.0
LIVE_RSS_MB = 250.0
WEBHOOK_CPU_MS = 0.5
#: Calls created per createCall burst (concurrent requests).
CREATE_CONCURRENCY = 32


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise bf.Terminated


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def emulator_target(clock_rate: float, extra: Sequence[str]) -> bf.Target:
    flags = ["--no-access-log", "--log-level", "WARNING"]
    return bf.Target(
        "emulator_file",
        "emulator file db",
        lambda port, scratch: [
            sys.executable,
            "-m",
            "telephony_emulator",
            "--port",
            str(port),
            "--no-in-memory",
            "--data-dir",
            str(scratch),
            *flags,
            "--clock-rate",
            str(clock_rate),
            *extra,
        ],
    )


class Hooks:
    """The customer's webhook server: ``answer`` gets ``reply``; every event is timed on arrival."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.url = ""
        self.arrivals: dict[str, dict[str, float]] = {}
        self.count = 0
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        now = time.perf_counter()
        payload = await request.json()
        self.count += 1
        self.arrivals.setdefault(str(payload.get("callId")), {})[str(payload.get("eventType"))] = (
            now
        )
        if request.match_info["event"] == "answer":
            return web.Response(text=self.reply, content_type="application/xml")
        return web.Response(status=204)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{event}", self.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, bf.HOST, 0, backlog=4096)
        await site.start()
        self.url = f"http://{bf.HOST}:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def open_limits(session: aiohttp.ClientSession, emulator: bf.Server, active: int) -> None:
    path = f"/_emulator/accounts/{bv.ACCOUNT}/limits"
    limits = {"max_queue_size": 10_000_000, "max_active_calls": active, "calls_per_second": 10_000}
    await bv.call_api(session, emulator, "PATCH", path, 200, limits)


async def create_many(
    session: aiohttp.ClientSession, emulator: bf.Server, body: bytes, count: int
) -> list[str]:
    ids: list[str] = []
    remaining = iter(range(count))

    async def worker() -> None:
        for _ in remaining:
            ids.append(await bv.create_call(session, emulator, body))

    await asyncio.gather(*(worker() for _ in range(CREATE_CONCURRENCY)))
    return ids


async def idle_run(emulator: bf.Server, total: int, batch: int) -> dict[str, Any]:
    """``total`` calls of answer + SpeakSentence + Hangup, ``batch`` at a time, each batch run to
    idle on the manual clock; RSS after each batch shows whether memory stays flat."""
    hooks = Hooks(bv.bxml("<SpeakSentence>Hello.</SpeakSentence>", "<Hangup/>"))
    await hooks.start()
    batches: list[dict[str, Any]] = []
    try:
        async with bv.control_session() as session:
            await bf.reset_emulator(emulator)
            await open_limits(session, emulator, active=10_000_000)
            body = bv.create_call_body(f"{hooks.url}/answer", f"{hooks.url}/disconnect", "idle")
            url = URL(bv.base_url(emulator) + "/_emulator/clock/run-until-idle")
            timeout = aiohttp.ClientTimeout(total=3600)
            gen0 = time.process_time()
            done = 0
            while done < total:
                n = min(batch, total - done)
                cpu0 = bf.process_cpu_seconds(emulator.pid)
                hooks0 = hooks.count
                started = time.perf_counter()
                await create_many(session, emulator, body, n)
                created = time.perf_counter()
                async with session.post(url, json={"max_seconds": 86_400}, timeout=timeout) as r:
                    report = json.loads(await r.text())
                ended = time.perf_counter()
                cpu1 = bf.process_cpu_seconds(emulator.pid)
                if not report.get("idle"):
                    raise bf.ServerFailed(f"run-until-idle stopped before idle: {report}")
                done += n
                webhooks = hooks.count - hooks0
                entry = {
                    "calls": done,
                    "create_s": created - started,
                    "idle_s": ended - created,
                    "webhooks": webhooks,
                    "server_cpu_ms_per_webhook": None
                    if cpu0 is None or cpu1 is None
                    else 1000 * (cpu1 - cpu0) / max(webhooks, 1),
                    "rss_mb": rss_mb(emulator.pid),
                }
                batches.append(entry)
                bf.progress(
                    f"idle: {done} calls, batch created in {entry['create_s']:.2f} s, "
                    f"idle in {entry['idle_s']:.2f} s, {webhooks} webhooks, "
                    f"RSS {entry['rss_mb']:.0f} MB"
                )
            generator_cpu = time.process_time() - gen0
    finally:
        await hooks.stop()
    create_s = sum(b["create_s"] for b in batches)
    idle_s = sum(b["idle_s"] for b in batches)
    return {
        "calls": total,
        "batch": batch,
        "create_s": create_s,
        "idle_s": idle_s,
        "total_s": create_s + idle_s,
        "generator_cpu_share": generator_cpu / (create_s + idle_s),
        "batches": batches,
    }


async def live_run(emulator: bf.Server, calls: int, pause: float) -> dict[str, Any]:
    """``calls`` calls at once on the real-time clock, each answered, ``pause`` s of Pause, then
    hung up; lateness = disconnect's arrival - (answer's arrival + pause)."""
    hooks = Hooks(bv.bxml(f'<Pause duration="{pause:g}"/>', "<Hangup/>"))
    await hooks.start()
    peak_rss = 0.0
    try:
        async with bv.control_session() as session:
            await bf.reset_emulator(emulator)
            await open_limits(session, emulator, active=calls + 10)
            body = bv.create_call_body(f"{hooks.url}/answer", f"{hooks.url}/disconnect", "live")
            gen0, started = time.process_time(), time.perf_counter()
            cpu0 = bf.process_cpu_seconds(emulator.pid)
            ids = await create_many(session, emulator, body, calls)
            deadline = time.perf_counter() + pause + 120
            while time.perf_counter() < deadline:
                peak_rss = max(peak_rss, rss_mb(emulator.pid) or 0.0)
                finished = sum("disconnect" in hooks.arrivals.get(i, {}) for i in ids)
                if finished == len(ids):
                    break
                await asyncio.sleep(0.5)
            wall = time.perf_counter() - started
            cpu1 = bf.process_cpu_seconds(emulator.pid)
            generator_cpu = time.process_time() - gen0
    finally:
        await hooks.stop()
    lateness = sorted(
        1000 * (seen["disconnect"] - seen["answer"] - pause)
        for seen in (hooks.arrivals.get(i, {}) for i in ids)
        if "disconnect" in seen and "answer" in seen
    )
    if len(lateness) != len(ids):
        raise bf.ServerFailed(f"only {len(lateness)} of {len(ids)} live calls ended")
    return {
        "calls": calls,
        "pause_s": pause,
        "lateness_p50_ms": bf.percentile(lateness, 50),
        "lateness_p99_ms": bf.percentile(lateness, 99),
        "lateness_max_ms": lateness[-1],
        "peak_rss_mb": peak_rss,
        "server_cpu_s": None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
        "generator_cpu_share": generator_cpu / wall,
    }


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value <= target else "NOT met"


def render_idle(result: dict[str, Any]) -> str:
    per_10k = result["idle_s"] * 10_000 / result["calls"]
    first, last = result["batches"][0], result["batches"][-1]
    cpu = [
        b["server_cpu_ms_per_webhook"] for b in result["batches"] if b["server_cpu_ms_per_webhook"]
    ]
    cpu_ms = sorted(cpu)[len(cpu) // 2] if cpu else None
    lines = [
        f"## {result['calls']:,} calls to idle (answer + SpeakSentence + Hangup), "
        f"{result['batch']:,} per batch",
        "",
        f"run to idle: {result['idle_s']:.1f} s = {per_10k:.1f} s per 10k calls "
        f"(target <= {IDLE_SECONDS_PER_10K:g}: {verdict(per_10k, IDLE_SECONDS_PER_10K)}); "
        f"createCall: {result['create_s']:.1f} s",
        f"server CPU per webhook (median batch, createCall included): "
        f"{bf.fmt(cpu_ms, '.2f', ' ms')} (target <= {WEBHOOK_CPU_MS}: "
        f"{verdict(cpu_ms, WEBHOOK_CPU_MS)})",
        f"RSS after the first batch {first['rss_mb']:.0f} MB, after the last "
        f"{last['rss_mb']:.0f} MB ({last['rss_mb'] / first['rss_mb']:.2f}x)",
        f"load generator CPU: {100 * result['generator_cpu_share']:.0f}% of one core "
        f"({'not saturated' if result['generator_cpu_share'] < 0.8 else 'SATURATED'})",
    ]
    return "\n".join(lines)


def render_live(result: dict[str, Any]) -> str:
    p99 = result["lateness_p99_ms"]
    lines = [
        f"## {result['calls']:,} live calls in real time ({result['pause_s']:g} s of Pause each)",
        "",
        f"webhook lateness p50 {result['lateness_p50_ms']:.1f} ms, p99 {p99:.1f} ms "
        f"(target <= {LATENESS_P99_MS:g}: {verdict(p99, LATENESS_P99_MS)}), "
        f"max {result['lateness_max_ms']:.1f} ms",
        f"peak RSS {result['peak_rss_mb']:.0f} MB (target <= {LIVE_RSS_MB:g}: "
        f"{verdict(result['peak_rss_mb'], LIVE_RSS_MB)})",
        f"load generator CPU: {100 * result['generator_cpu_share']:.0f}% of one core "
        f"({'not saturated' if result['generator_cpu_share'] < 0.8 else 'SATURATED'})",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=("idle", "live"))
    parser.add_argument("--calls", type=int, default=10_000, help="calls run to idle")
    parser.add_argument("--batch", type=int, default=10_000, help="calls per run-until-idle")
    parser.add_argument("--live-calls", type=int, default=1000)
    parser.add_argument("--pause", type=float, default=30.0, help="Pause of each live call, s")
    parser.add_argument("--json", action="store_true", help="also print one JSON line, last")
    parser.add_argument(
        "--server-arg", action="append", default=[], help="extra emulator flag (repeatable)"
    )
    parser.add_argument("--start-timeout", type=float, default=60.0)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    results: dict[str, Any] = {"environment": bf.environment()}
    try:
        if args.only in (None, "idle"):
            with bf.running(emulator_target(0, args.server_arg)) as emulator:
                bf.wait_ready(emulator, args.start_timeout, 0.005)
                results["idle"] = asyncio.run(idle_run(emulator, args.calls, args.batch))
            print(render_idle(results["idle"]), flush=True)
        if args.only in (None, "live"):
            with bf.running(emulator_target(1, args.server_arg)) as emulator:
                bf.wait_ready(emulator, args.start_timeout, 0.005)
                results["live"] = asyncio.run(live_run(emulator, args.live_calls, args.pause))
            print(render_live(results["live"]), flush=True)
    except bf.ServerFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, bf.Terminated):
        return 130
    if args.json:
        print(json.dumps(bf.without_nan(results)))
    return 0


if __name__ == "__main__":
    os.chdir(bf.ROOT)
    sys.exit(main())
