"""Voice benchmark: createCall/getCallState as ratios to a bare aiohttp app, and a simulated IVR."""

from __future__ import annotations

import argparse
import asyncio
import base64
import dataclasses
import json
import math
import signal
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import FrameType
from typing import Any

import aiohttp
import bench_foundation as bf
from aiohttp import web
from yarl import URL

ACCOUNT = "9900000"
APPLICATION_ID = "a0000000-0000-4000-8000-000000000001"
OWNED_NUMBER = "+19195550100"
CALLEE = "+15551230000"
CALLS_PATH = f"/api/v2/accounts/{ACCOUNT}/calls"
_CREDENTIALS = base64.b64encode(b"emulator-user:emulator-pass").decode()
AUTH = (("Authorization", f"Basic {_CREDENTIALS}"),)
#: What the load rounds let an account queue: the clock is manual, so every call stays queued.
LOAD_QUEUE_SIZE = 10_000_000
#: Targets from DESIGN.md ("Performance"), as emulator req/s / bare req/s.
TARGETS = {"get_call_state": 0.60, "create_call": 0.35}
IVR_TIMEOUT = 300.0
#: The fixture account's default max_active_calls; also keeps the ledger within one page.
MAX_IVR_CALLS = 100


def create_call_body(answer_url: str, disconnect_url: str, tag: str) -> bytes:
    """A createCall body shaped like the SDK's (camelCase, explicit defaults): about 300 B."""
    body = {
        "to": CALLEE,
        "from": OWNED_NUMBER,
        "applicationId": APPLICATION_ID,
        "answerUrl": answer_url,
        "answerMethod": "POST",
        "disconnectUrl": disconnect_url,
        "disconnectMethod": "POST",
        "callTimeout": 30,
        "callbackTimeout": 15,
        "priority": 5,
        "tag": tag,
    }
    return json.dumps(body, separators=(",", ":")).encode()


LOAD_BODY = create_call_body(
    "http://127.0.0.1:9/answer", "http://127.0.0.1:9/disconnect", "benchmark call 0001"
)
CREATE_CALL = bf.Endpoint(
    "create_call", "POST", CALLS_PATH, LOAD_BODY, 201, AUTH, "createCall (POST)"
)
#: Its path gets the id of a call created before each round (see :func:`prepare_round`).
GET_CALL_STATE = bf.Endpoint(
    "get_call_state", "GET", CALLS_PATH + "/{callId}", None, 200, AUTH, "getCallState (GET)"
)
ENDPOINTS = (CREATE_CALL, GET_CALL_STATE)


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise bf.Terminated


# -- emulator control ---------------------------------------------------------------------


def base_url(server: bf.Server) -> str:
    return f"http://{bf.HOST}:{server.port}"


async def call_api(
    session: aiohttp.ClientSession,
    server: bf.Server,
    method: str,
    path: str,
    expect: int,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """One request to ``server`` (``path`` already URL-encoded); its JSON reply, or ServerFailed."""
    url = URL(base_url(server) + path, encoded=True)
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    async with session.request(method, url, data=data, headers=all_headers) as response:
        text = await response.text()
    if response.status != expect:
        raise bf.ServerFailed(
            f"{server.target.label}: {method} {path} answered {response.status}, "
            f"expected {expect}: {text[:500]}"
        )
    return json.loads(text) if text else None


def control_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=bf.REQUEST_TIMEOUT))


async def create_call(session: aiohttp.ClientSession, server: bf.Server, body: bytes) -> str:
    reply = await call_api(session, server, "POST", CALLS_PATH, 201, body, dict(AUTH))
    return str(reply["callId"])


async def call_state(session: aiohttp.ClientSession, server: bf.Server, call_id: str) -> Any:
    return await call_api(session, server, "GET", f"{CALLS_PATH}/{call_id}", 200, None, dict(AUTH))


# -- (1) createCall and getCallState under load ------------------------------------------


async def prepare_round(server: bf.Server, endpoint: bf.Endpoint) -> bf.Endpoint:
    """Reset the emulator and lift its queue limit; for getCallState, create the call to read.

    The bare app gets the same createCall before a getCallState round, so both servers are
    driven with a path their own createCall returned.
    """
    async with control_session() as session:
        if server.target.key != bf.BARE.key:
            await bf.reset_emulator(server)
            limits = {"max_queue_size": LOAD_QUEUE_SIZE}
            await call_api(
                session, server, "PATCH", f"/_emulator/accounts/{ACCOUNT}/limits", 200, limits
            )
        if endpoint.key != GET_CALL_STATE.key:
            return endpoint
        call_id = await create_call(session, server, LOAD_BODY)
    return dataclasses.replace(endpoint, path=f"{CALLS_PATH}/{call_id}")


def target_lines(summary: dict[str, dict[str, Any]]) -> str:
    """Each endpoint's req/s ratio next to its DESIGN target (informational only)."""
    lines = ["Targets (DESIGN.md; informational, the exit status does not depend on them):"]
    for endpoint in ENDPOINTS:
        row = summary[endpoint.key]
        measured = row["ratio_emulator_to_bare"]["rps"]
        target = TARGETS[endpoint.key]
        verdict = "n/a" if measured is None else ("met" if measured >= target else "NOT met")
        lines.append(
            f"  {endpoint.label:<20} req/s {bf.fmt(measured, '.2f', 'x')} of bare "
            f"(target >= {target:.2f}x): {verdict}"
        )
    return "\n".join(lines)


# -- (2) the simulated IVR ----------------------------------------------------------------


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def bxml(*verbs: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<Response>' + "".join(verbs) + "</Response>"


class IvrHooks:
    """The customer's webhook server: a looping IVR menu in BXML, counting what it receives.

    answer: greeting + a one-digit ``<Gather>``; gather: ``<Pause duration="60"/>`` then
    ``<Redirect>``; redirect: the menu again, or ``<Hangup/>`` once the call has lasted
    ``min_seconds`` (virtual, from the webhook's startTime and eventTime); disconnect: 204.
    """

    def __init__(self, min_seconds: float) -> None:
        self.min_seconds = min_seconds
        self.received: list[tuple[str, str]] = []  # (callId, eventType)
        self.url = ""
        self._runner: web.AppRunner | None = None

    def menu(self, greeting: bool) -> str:
        hello = (
            "<SpeakSentence>Thank you for calling the benchmark line. "
            "Your call is important to us.</SpeakSentence>"
            if greeting
            else ""
        )
        return bxml(
            hello,
            f'<Gather gatherUrl="{self.url}/gather" maxDigits="1" firstDigitTimeout="10">'
            "<SpeakSentence>Press 1 for sales or 2 for support.</SpeakSentence></Gather>",
        )

    async def handle(self, request: web.Request) -> web.Response:
        payload = await request.json()
        event = str(payload.get("eventType"))
        self.received.append((str(payload.get("callId")), event))
        if event == "answer":
            return self.reply(self.menu(greeting=True))
        if event == "gather":
            return self.reply(
                bxml('<Pause duration="60"/>', f'<Redirect redirectUrl="{self.url}/redirect"/>')
            )
        if event == "redirect":
            elapsed = parse_time(payload["eventTime"]) - parse_time(payload["startTime"])
            if elapsed.total_seconds() >= self.min_seconds:
                return self.reply(bxml("<SpeakSentence>Goodbye.</SpeakSentence><Hangup/>"))
            return self.reply(self.menu(greeting=False))
        return web.Response(status=204)

    @staticmethod
    def reply(document: str) -> web.Response:
        return web.Response(text=document, content_type="application/xml")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{event}", self.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, bf.HOST, 0)
        await site.start()
        self.url = f"http://{bf.HOST}:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@dataclass
class IvrRun:
    """One run-until-idle over ``calls`` IVR calls placed at once."""

    calls: int
    run: int
    wall_s: float
    virtual_s: float
    timers_fired: int
    min_call_s: float
    total_call_s: float
    webhooks: int
    webhooks_by_event: dict[str, int]
    server_cpu_s: float | None
    hooks_cpu_s: float

    @property
    def speedup(self) -> float:
        return self.virtual_s / self.wall_s

    @property
    def call_s_per_wall_s(self) -> float:
        return self.total_call_s / self.wall_s

    @property
    def wall_ms_per_webhook(self) -> float:
        return 1000 * self.wall_s / self.webhooks

    @property
    def server_cpu_ms_per_webhook(self) -> float | None:
        return None if self.server_cpu_s is None else 1000 * self.server_cpu_s / self.webhooks

    @property
    def hooks_cpu_ms_per_webhook(self) -> float:
        return 1000 * self.hooks_cpu_s / self.webhooks


async def setup_ivr(session: aiohttp.ClientSession, emulator: bf.Server, presses: int) -> None:
    """Reset, then make the callee press 1 one second into each of its first Gathers."""
    await bf.reset_emulator(emulator)
    rule = {
        "action": "answer",
        "digits": [{"at": 1, "digits": "1", "after": "gather"}] * presses,
    }
    number = CALLEE.replace("+", "%2B")
    path = f"/_emulator/accounts/{ACCOUNT}/scenarios/{number}"
    await call_api(session, emulator, "PUT", path, 200, rule)


def check_call(state: dict[str, Any], events: Counter[str], min_seconds: float) -> float:
    """The call's length (endTime - startTime, s) after checking it ran the whole IVR."""
    problem = ""
    if state.get("state") != "disconnected" or not state.get("endTime"):
        problem = f"is {state.get('state')!r}, not disconnected"
    elif state.get("disconnectCause") != "hangup":
        problem = f"ended with {state.get('disconnectCause')!r}: {state.get('errorMessage')}"
    length = 0.0
    if not problem:
        length = (parse_time(state["endTime"]) - parse_time(state["startTime"])).total_seconds()
        if length < min_seconds:
            problem = f"lasted {length:g} s, less than {min_seconds:g}"
        elif events["answer"] != 1 or events["disconnect"] != 1 or sum(events.values()) < 8:
            problem = f"sent the webhooks {dict(events)}"
    if problem:
        raise bf.ServerFailed(f"IVR call {state.get('callId')} {problem}")
    return length


async def check_ledger(session: aiohttp.ClientSession, emulator: bf.Server, received: int) -> None:
    """The emulator's webhook ledger agrees: as many attempts as received, all delivered."""
    path = f"/_emulator/webhooks?account_id={ACCOUNT}&limit=10000"
    deliveries = (await call_api(session, emulator, "GET", path, 200))["deliveries"]
    outcomes = Counter(d["outcome"] for d in deliveries)
    if outcomes != Counter(delivered=received):
        raise bf.ServerFailed(
            f"the ledger shows {dict(outcomes)}, but {received} webhooks were received"
        )


async def ivr_once(
    session: aiohttp.ClientSession,
    emulator: bf.Server,
    hooks: IvrHooks,
    calls: int,
    run: int,
    min_seconds: float,
) -> IvrRun:
    """Place ``calls`` IVR calls, then time one run-until-idle that plays them all out."""
    await setup_ivr(session, emulator, presses=min(100, max(20, math.ceil(min_seconds / 30))))
    body = create_call_body(f"{hooks.url}/answer", f"{hooks.url}/disconnect", "ivr")
    call_ids = [await create_call(session, emulator, body) for _ in range(calls)]
    hooks.received.clear()
    url = URL(base_url(emulator) + "/_emulator/clock/run-until-idle")
    timeout = aiohttp.ClientTimeout(total=IVR_TIMEOUT)
    cpu0, gen0 = bf.process_cpu_seconds(emulator.pid), time.process_time()
    started = time.perf_counter()
    limit = {"max_seconds": 2 * min_seconds + 3600}  # far beyond the calls' length
    async with session.post(url, json=limit, timeout=timeout) as response:
        text = await response.text()
    wall = time.perf_counter() - started
    cpu1, gen1 = bf.process_cpu_seconds(emulator.pid), time.process_time()
    if response.status != 200:
        raise bf.ServerFailed(f"run-until-idle answered {response.status}: {text[:500]}")
    report = json.loads(text)
    if not report["idle"]:
        raise bf.ServerFailed(f"run-until-idle stopped before idle: {text[:500]}")
    per_call: dict[str, Counter[str]] = {call_id: Counter() for call_id in call_ids}
    for call_id, event in hooks.received:
        per_call.setdefault(call_id, Counter())[event] += 1
    by_event: Counter[str] = Counter(event for _, event in hooks.received)
    lengths = [
        check_call(await call_state(session, emulator, call_id), per_call[call_id], min_seconds)
        for call_id in call_ids
    ]
    await check_ledger(session, emulator, len(hooks.received))
    return IvrRun(
        calls=calls,
        run=run,
        wall_s=wall,
        virtual_s=float(report["virtual_seconds"]),
        timers_fired=int(report["timers_fired"]),
        min_call_s=min(lengths),
        total_call_s=sum(lengths),
        webhooks=len(hooks.received),
        webhooks_by_event=dict(by_event),
        server_cpu_s=None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
        hooks_cpu_s=gen1 - gen0,
    )


async def ivr_runs(
    emulator: bf.Server, call_counts: Sequence[int], runs: int, min_seconds: float
) -> list[IvrRun]:
    hooks = IvrHooks(min_seconds)
    await hooks.start()
    results: list[IvrRun] = []
    try:
        async with control_session() as session:
            for run in range(runs):
                for calls in call_counts:
                    result = await ivr_once(session, emulator, hooks, calls, run, min_seconds)
                    results.append(result)
                    bf.progress(
                        f"ivr run {run + 1}/{runs} {calls:>3} call(s): {result.virtual_s:.0f} "
                        f"virtual s in {result.wall_s:.3f} s ({result.speedup:.0f}x), "
                        f"{result.webhooks} webhooks"
                    )
    finally:
        await hooks.stop()
    return results


def measure_ivr(
    call_counts: Sequence[int], runs: int, min_seconds: float, timeout: float, interval: float
) -> list[IvrRun]:
    with bf.running(bf.EMULATOR_MEMORY) as emulator:
        bf.wait_ready(emulator, timeout, interval)
        return asyncio.run(ivr_runs(emulator, call_counts, runs, min_seconds))


IVR_METRICS = (
    "wall_s",
    "virtual_s",
    "min_call_s",
    "total_call_s",
    "webhooks",
    "timers_fired",
    "speedup",
    "call_s_per_wall_s",
    "wall_ms_per_webhook",
    "server_cpu_ms_per_webhook",
    "hooks_cpu_ms_per_webhook",
)


def summarize_ivr(results: Sequence[IvrRun]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for calls in sorted({r.calls for r in results}):
        mine = [r for r in results if r.calls == calls]
        stats: dict[str, Any] = {
            m: bf.median_or_none([getattr(r, m) for r in mine]) for m in IVR_METRICS
        }
        stats["runs"] = len(mine)
        stats["webhooks_by_event"] = mine[-1].webhooks_by_event
        summary[str(calls)] = stats
    return summary


IVR_WIDTHS = (-7, 9, 10, 9, 10, 10, 10, 14, 17, 19)


def render_ivr(summary: dict[str, dict[str, Any]], runs: int, min_seconds: float) -> str:
    header = (
        "calls",
        "virtual",
        "min call",
        "wall",
        "speed-up",
        "call s/s",
        "webhooks",
        "wall/webhook",
        "emu CPU/webhook",
        "hooks CPU/webhook",
    )
    lines = [
        f"Simulated IVR: one POST /_emulator/clock/run-until-idle plays every call out (median of "
        f"{runs} run(s));\n  answer -> greeting + Gather, gather -> Pause 60 s + Redirect, "
        f"redirect -> Gather again, or Hangup once the call is >= {min_seconds:g} s old",
        bf.table_row(header, IVR_WIDTHS),
    ]
    for calls, s in summary.items():
        cells = (
            calls,
            bf.fmt(s["virtual_s"], ".0f", " s"),
            bf.fmt(s["min_call_s"], ".1f", " s"),
            bf.fmt(s["wall_s"] * 1000, ".0f", " ms"),
            bf.fmt(s["speedup"], ".0f", "x"),
            bf.fmt(s["call_s_per_wall_s"], ".0f"),
            bf.fmt(s["webhooks"], ".0f"),
            bf.fmt(s["wall_ms_per_webhook"], ".2f", " ms"),
            bf.fmt(s["server_cpu_ms_per_webhook"], ".2f", " ms"),
            bf.fmt(s["hooks_cpu_ms_per_webhook"], ".2f", " ms"),
        )
        lines.append(bf.table_row(cells, IVR_WIDTHS))
    last = summary[max(summary, key=int)]
    lines.append(
        f"  webhooks of one {max(summary, key=int)}-call run by event: "
        + ", ".join(f"{k} {v}" for k, v in sorted(last["webhooks_by_event"].items()))
        + "; every one delivered (webhook ledger)"
    )
    return "\n".join(lines)


# -- command line -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="Progress goes to stderr; the tables (and with --json, one JSON line) to stdout.",
    )
    add = parser.add_argument
    add("--quick", action="store_true", help="smoke run: 1 round of 1 s after 0.5 s, 1 IVR run")
    add("--json", action="store_true", help="also print the results as one line of JSON, last")
    add("--only", choices=["load", "ivr"], help="run only the load or only the IVR part")
    add("--rounds", type=int, help="load rounds per endpoint and server (default 3, quick 1)")
    add("--duration", type=float, help="measured seconds per round (default 3, quick 1)")
    add("--warmup", type=float, help="warm-up seconds before each round (default 1, quick 0.5)")
    add("--workers", type=int, default=16, help="concurrent load workers (default 16)")
    add("--ivr-runs", type=int, help="IVR runs per call count (default 3, quick 1)")
    add(
        "--ivr-calls",
        type=int,
        help="concurrent IVR calls in the second run, at most 100 (default 20, quick 5)",
    )
    add("--ivr-seconds", type=float, default=600.0, help="minimum IVR call length, virtual s")
    add("--poll-interval", type=float, default=0.005, help="readiness poll interval, s")
    add("--start-timeout", type=float, default=60.0, help="max seconds for a server to start")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    quick = args.quick
    rounds = args.rounds or (1 if quick else 3)
    duration = args.duration or (1.0 if quick else 3.0)
    warmup = args.warmup if args.warmup is not None else (0.5 if quick else 1.0)
    ivr_runs_n = args.ivr_runs or (1 if quick else 3)
    ivr_calls = args.ivr_calls or (5 if quick else 20)
    if min(rounds, args.workers, ivr_runs_n, ivr_calls) < 1 or duration <= 0 or warmup < 0:
        build_parser().error("counts must be >= 1, duration > 0, warmup >= 0")
    if not 60 <= args.ivr_seconds <= 86_400:
        build_parser().error("--ivr-seconds must be between 60 and 86400")
    if ivr_calls > MAX_IVR_CALLS:
        build_parser().error(f"--ivr-calls must be at most {MAX_IVR_CALLS}")
    signal.signal(signal.SIGTERM, _raise_on_sigterm)

    env = bf.environment()
    bf.progress(
        f"bench_voice: python {env['python']}, aiohttp {env['aiohttp']}, "
        f"{env['cpus']} CPUs, commit {env['commit']}"
    )
    call_counts = sorted({1, ivr_calls})
    report: dict[str, Any] = {
        "environment": env,
        "settings": {
            "rounds": rounds,
            "duration_s": duration,
            "warmup_s": warmup,
            "workers": args.workers,
            "create_call_body_bytes": len(LOAD_BODY),
            "emulator_max_queue_size": LOAD_QUEUE_SIZE,
            "ivr_runs": ivr_runs_n,
            "ivr_calls": call_counts,
            "ivr_min_call_s": args.ivr_seconds,
        },
    }
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
                prepare_round,
            )
            report["load"] = bf.summarize_load(results, ENDPOINTS)
            report["load_rounds"] = [vars(r) for r in results]
            report["targets"] = TARGETS
            sections.append(
                bf.render_load(report["load"], rounds, args.workers, warmup, duration, ENDPOINTS)
                + "\n"
                + target_lines(report["load"])
            )
        if args.only in (None, "ivr"):
            runs = measure_ivr(
                call_counts, ivr_runs_n, args.ivr_seconds, args.start_timeout, args.poll_interval
            )
            report["ivr"] = summarize_ivr(runs)
            report["ivr_runs"] = [vars(r) for r in runs]
            sections.append(render_ivr(report["ivr"], ivr_runs_n, args.ivr_seconds))
    except bf.ServerFailed as error:
        bf.progress(f"bench_voice: {error}")
        return 1
    except (KeyboardInterrupt, bf.Terminated):
        bf.progress("bench_voice: interrupted; the servers it started are stopped")
        return 130

    print(
        f"telephony-emulator voice benchmark (python {env['python']}, aiohttp "
        f"{env['aiohttp']}, {env['cpus']} CPUs, commit {env['commit']})"
    )
    print("Ratios are emulator / bare aiohttp app, measured in this run: req/s below 1x = slower;")
    print("times and CPU/request above 1x = slower. Absolute numbers depend on the machine.\n")
    print("\n\n".join(sections))
    if args.json:
        print(json.dumps(bf.without_nan(report), allow_nan=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
