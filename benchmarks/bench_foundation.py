"""Foundation benchmark: emulator cold start and HTTP throughput as ratios to a bare aiohttp app."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import http.client
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

import aiohttp

HOST = "127.0.0.1"
HEALTH_PATH = "/_emulator/health"
ROOT = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().with_name("bare_app.py")
EMULATOR_FLAGS = ["--clock-rate", "0", "--no-access-log", "--log-level", "WARNING"]
#: The POST body: about 50 bytes of JSON, valid for both servers.
POST_BODY = b'{"name": "benchmark account 0001", "numbers": 1}'
#: Upper bound of requests one load worker sends in one round, so no loop is unbounded.
MAX_REQUESTS_PER_WORKER = 5_000_000
STOP_TIMEOUT = 10.0
REQUEST_TIMEOUT = 10.0


# -- servers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A server to start: a key, a label, and its command line given a port and a scratch dir."""

    key: str
    label: str
    argv: Callable[[int, Path], list[str]]


BARE = Target(
    "bare", "bare aiohttp app", lambda port, _: [sys.executable, str(BARE_APP), "--port", str(port)]
)
EMULATOR_MEMORY = Target(
    "emulator_memory",
    "emulator --in-memory",
    lambda port, _: [
        sys.executable,
        "-m",
        "telephony_emulator",
        "--port",
        str(port),
        "--in-memory",
        *EMULATOR_FLAGS,
    ],
)
EMULATOR_FILE = Target(
    "emulator_file",
    "emulator file db (fresh dir)",
    lambda port, scratch: [
        sys.executable,
        "-m",
        "telephony_emulator",
        "--port",
        str(port),
        "--no-in-memory",
        "--data-dir",
        str(scratch),
        *EMULATOR_FLAGS,
    ],
)


class ServerFailed(RuntimeError):
    """A server exited early, or did not answer in time."""


def free_port() -> int:
    """A port the kernel just handed out on loopback (free unless someone races us for it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def child_env() -> dict[str, str]:
    """Our environment without EMULATOR_* variables, so only the command line configures."""
    return {k: v for k, v in os.environ.items() if not k.startswith("EMULATOR_")}


def _load_libc() -> ctypes.CDLL | None:
    """The C library on Linux (loaded here, in the parent, so the forked child only calls it)."""
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Have the kernel send SIGTERM to the server if this script dies abruptly."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Server:
    """One started server process: stopped by its own PID, its stderr kept for error messages."""

    def __init__(self, target: Target, port: int, scratch: Path, stderr: IO[bytes]) -> None:
        self.target = target
        self.port = port
        self.scratch = scratch
        self.spawned_at = 0.0
        self._stderr = stderr
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> None:
        argv = self.target.argv(self.port, self.scratch)
        preexec = _die_with_parent if _LIBC is not None else None
        self.spawned_at = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            preexec_fn=preexec,
        )

    def exit_code(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def stderr_tail(self, limit: int = 1500) -> str:
        self._stderr.seek(0)
        text = self._stderr.read().decode(errors="replace").strip()
        return text[-limit:] or "(no stderr)"

    def stop(self) -> None:
        """SIGTERM (both servers shut down cleanly on it), then SIGKILL after a timeout."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def running(target: Target, port: int | None = None) -> Iterator[Server]:
    """Start ``target`` on ``port`` (a free one by default) with a fresh scratch dir; clean up."""
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{target.key}-"))
    try:
        with tempfile.TemporaryFile() as stderr:
            server = Server(target, port or free_port(), scratch, stderr)
            try:
                server.start()
                yield server
            finally:
                server.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def probe(port: int, timeout: float = 1.0) -> bool:
    """True when GET /_emulator/health answers 200 on ``port``."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", HEALTH_PATH)
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def wait_ready(server: Server, timeout: float, interval: float) -> float:
    """Poll until the first 200 from the health path; return that moment (perf_counter)."""
    deadline = server.spawned_at + timeout
    while True:
        if probe(server.port):
            return time.perf_counter()
        code = server.exit_code()
        if code is not None:
            raise ServerFailed(
                f"{server.target.label} exited with code {code}:\n{server.stderr_tail()}"
            )
        if time.perf_counter() > deadline:
            raise ServerFailed(
                f"{server.target.label} gave no 200 on {HEALTH_PATH} within {timeout:g} s:\n"
                f"{server.stderr_tail()}"
            )
        time.sleep(interval)


# -- cold start ---------------------------------------------------------------------------


def cold_start_once(target: Target, timeout: float, interval: float) -> float:
    """Seconds from spawning ``target`` to its first HTTP 200; retried if it lost a port race."""
    attempts = 3
    for attempt in range(attempts):
        with running(target) as server:
            try:
                return wait_ready(server, timeout, interval) - server.spawned_at
            except ServerFailed as error:
                lost_race = server.exit_code() is not None and "in use" in str(error)
                if not lost_race or attempt == attempts - 1:
                    raise
    raise AssertionError("unreachable")


def measure_cold_starts(
    targets: Sequence[Target], runs: int, timeout: float, interval: float
) -> dict[str, list[float]]:
    """``runs`` timed starts of each target, after one untimed start each to warm the caches.

    Targets take turns in a rotating order, so drift (page cache, CPU frequency, other load)
    hits all of them alike.
    """
    for target in targets:
        cold_start_once(target, timeout, interval)
    samples: dict[str, list[float]] = {t.key: [] for t in targets}
    for run in range(runs):
        shift = run % len(targets)
        order = [*targets[shift:], *targets[:shift]]
        for target in order:
            samples[target.key].append(cold_start_once(target, timeout, interval))
        progress(
            f"cold start run {run + 1}/{runs}: "
            + ", ".join(f"{t.key} {samples[t.key][-1] * 1000:.0f} ms" for t in targets)
        )
    return samples


# -- load ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One benchmarked request: method, path, body and the status that counts as success.

    ``headers`` are sent with every request (besides the JSON content type when there is a
    body); ``name``, when given, labels the endpoint instead of its method and path.
    """

    key: str
    method: str
    path: str
    body: bytes | None
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or f"{self.method} {self.path}"

    def request_headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"} if self.body is not None else {}
        headers.update(self.headers)
        return headers


ENDPOINTS = (
    Endpoint("clock", "GET", "/_emulator/clock", None, 200),
    Endpoint("create_account", "POST", "/_emulator/accounts", POST_BODY, 201),
)


@dataclass
class Round:
    """What one load round against one server measured."""

    server: str
    endpoint: str
    round: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    mean_ms: float
    response_bytes: float
    server_cpu_pct: float | None
    server_cpu_us_per_req: float | None
    loadgen_cpu_pct: float


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` (all its threads), from /proc; None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of an ascending list (NaN when empty)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


async def drive(
    server: Server, endpoint: Endpoint, workers: int, warmup: float, duration: float, index: int
) -> Round:
    """``workers`` closed-loop clients on one keep-alive connection each, for warmup + duration.

    Only requests that start and end inside the measured window count.
    """
    url = f"http://{HOST}:{server.port}{endpoint.path}"
    headers = endpoint.request_headers()
    latencies: list[float] = []
    tally = {"errors": 0, "bytes": 0}
    begin = time.perf_counter()
    window_start = begin + warmup
    window_end = window_start + duration

    async def worker(session: aiohttp.ClientSession) -> None:
        for _ in range(MAX_REQUESTS_PER_WORKER):
            sent = time.perf_counter()
            if sent >= window_end:
                return
            size, ok = 0, False
            try:
                async with session.request(
                    endpoint.method, url, data=endpoint.body, headers=headers
                ) as response:
                    size = len(await response.read())
                    ok = response.status == endpoint.status
            except (aiohttp.ClientError, TimeoutError):
                await asyncio.sleep(0.01)  # do not spin against a dead server
            done = time.perf_counter()
            if sent >= window_start and done <= window_end:
                if ok:
                    latencies.append(done - sent)
                    tally["bytes"] += size
                else:
                    tally["errors"] += 1

    async def sample_at(moment: float) -> tuple[float, float | None, float]:
        await asyncio.sleep(max(0.0, moment - time.perf_counter()))
        return time.perf_counter(), process_cpu_seconds(server.pid), time.process_time()

    connector = aiohttp.TCPConnector(limit=workers)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    limit = warmup + duration + 2 * REQUEST_TIMEOUT + 5
    try:
        async with (
            aiohttp.ClientSession(connector=connector, timeout=timeout) as session,
            asyncio.timeout(limit),
            asyncio.TaskGroup() as group,
        ):
            first = group.create_task(sample_at(window_start))
            last = group.create_task(sample_at(window_end))
            for _ in range(workers):
                group.create_task(worker(session))
    except TimeoutError:
        raise ServerFailed(f"a round against {server.target.label} outlasted {limit:g} s") from None
    if server.exit_code() is not None:
        raise ServerFailed(f"{server.target.label} died under load:\n{server.stderr_tail()}")

    (wall0, cpu0, gen0), (wall1, cpu1, gen1) = first.result(), last.result()
    wall = max(wall1 - wall0, 1e-9)
    latencies.sort()
    count = len(latencies)
    server_cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    return Round(
        server=server.target.key,
        endpoint=endpoint.key,
        round=index,
        requests=count,
        errors=tally["errors"],
        seconds=duration,
        rps=count / duration,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        mean_ms=statistics.fmean(latencies) * 1000 if latencies else math.nan,
        response_bytes=tally["bytes"] / count if count else math.nan,
        server_cpu_pct=None if server_cpu is None else 100 * server_cpu / wall,
        server_cpu_us_per_req=None if server_cpu is None or not count else 1e6 * server_cpu / count,
        loadgen_cpu_pct=100 * (gen1 - gen0) / wall,
    )


async def check_endpoints(
    servers: Sequence[Server], endpoints: Sequence[Endpoint] = ENDPOINTS
) -> None:
    """One request per endpoint and server, so a broken setup fails fast and clearly."""
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for server in servers:
            for endpoint in endpoints:
                url = f"http://{HOST}:{server.port}{endpoint.path}"
                async with session.request(
                    endpoint.method, url, data=endpoint.body, headers=endpoint.request_headers()
                ) as response:
                    text = await response.text()
                if response.status != endpoint.status:
                    raise ServerFailed(
                        f"{server.target.label}: {endpoint.label} answered {response.status}, "
                        f"expected {endpoint.status}: {text[:500]}"
                    )


async def reset_emulator(server: Server) -> None:
    """POST /_emulator/reset, so every round starts from the same state (the fixtures)."""
    timeout = aiohttp.ClientTimeout(total=60)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(f"http://{HOST}:{server.port}/_emulator/reset") as response,
    ):
        text = await response.text()
    if response.status != 200:
        raise ServerFailed(f"reset answered {response.status}: {text[:500]}")


#: Runs before every round, given the server about to be loaded and the endpoint; returns the
#: endpoint to drive (the same one, or e.g. one whose path names a resource it just created).
PrepareRound = Callable[[Server, Endpoint], Awaitable[Endpoint]]


async def reset_emulator_round(server: Server, endpoint: Endpoint) -> Endpoint:
    """The default :data:`PrepareRound`: reset the emulator (not the bare app) before its round.

    Accounts created by earlier rounds would otherwise pile up and make later rounds measure a
    bigger database.
    """
    if server.target.key != BARE.key:
        await reset_emulator(server)
    return endpoint


async def load_rounds(
    bare: Server,
    emulator: Server,
    rounds: int,
    workers: int,
    warmup: float,
    duration: float,
    endpoints: Sequence[Endpoint] = ENDPOINTS,
    prepare: PrepareRound = reset_emulator_round,
) -> list[Round]:
    """Rounds interleaved bare/emulator, the order alternating so neither always goes first.

    ``prepare`` runs before each round (by default it resets the emulator). In the first
    round, one checked request per endpoint and server follows it, so a broken setup fails
    fast and clearly instead of counting errors.
    """
    results: list[Round] = []
    for index in range(rounds):
        for number, template in enumerate(endpoints):
            order = (bare, emulator) if (index + number) % 2 == 0 else (emulator, bare)
            for server in order:
                endpoint = await prepare(server, template)
                if index == 0:
                    await check_endpoints([server], [endpoint])
                result = await drive(server, endpoint, workers, warmup, duration, index)
                results.append(result)
                progress(
                    f"load round {index + 1}/{rounds} {endpoint.label:<26} "
                    f"{server.target.key:<16} {result.rps:8.0f} req/s  "
                    f"p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms"
                    + (f"  errors {result.errors}" if result.errors else "")
                )
    return results


def measure_load(
    rounds: int,
    workers: int,
    warmup: float,
    duration: float,
    timeout: float,
    interval: float,
    endpoints: Sequence[Endpoint] = ENDPOINTS,
    prepare: PrepareRound = reset_emulator_round,
) -> list[Round]:
    """Start the bare app and the in-memory emulator side by side and load both in turn."""
    with running(BARE) as bare, running(EMULATOR_MEMORY) as emulator:
        wait_ready(bare, timeout, interval)
        wait_ready(emulator, timeout, interval)
        return asyncio.run(
            load_rounds(bare, emulator, rounds, workers, warmup, duration, endpoints, prepare)
        )


# -- summary ------------------------------------------------------------------------------


def median_or_none(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(present) if present else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def summarize_cold(samples: dict[str, list[float]]) -> dict[str, dict[str, Any]]:
    base = statistics.median(samples[BARE.key]) if samples.get(BARE.key) else None
    summary: dict[str, dict[str, Any]] = {}
    for key, values in samples.items():
        median = statistics.median(values)
        summary[key] = {
            "runs_s": [round(v, 4) for v in values],
            "median_s": median,
            "min_s": min(values),
            "max_s": max(values),
            "ratio_to_bare": ratio(median, base),
        }
    return summary


METRICS = (
    "rps",
    "p50_ms",
    "p99_ms",
    "mean_ms",
    "server_cpu_us_per_req",
    "server_cpu_pct",
    "loadgen_cpu_pct",
    "response_bytes",
)


def summarize_load(
    results: Sequence[Round], endpoints: Sequence[Endpoint] = ENDPOINTS
) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        per_server: dict[str, dict[str, Any]] = {}
        for key in (BARE.key, EMULATOR_MEMORY.key):
            mine = [r for r in results if r.endpoint == endpoint.key and r.server == key]
            stats: dict[str, Any] = {
                m: median_or_none([getattr(r, m) for r in mine]) for m in METRICS
            }
            stats["errors"] = sum(r.errors for r in mine)
            stats["requests"] = sum(r.requests for r in mine)
            stats["rounds"] = len(mine)
            per_server[key] = stats
        bare, emu = per_server[BARE.key], per_server[EMULATOR_MEMORY.key]
        summary[endpoint.key] = {
            "label": endpoint.label,
            "bare": bare,
            "emulator": emu,
            "ratio_emulator_to_bare": {
                m: ratio(emu[m], bare[m])
                for m in ("rps", "p50_ms", "p99_ms", "server_cpu_us_per_req")
            },
        }
    return summary


def without_nan(value: Any) -> Any:
    """``value`` with every NaN replaced by None, so the JSON is strict."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nan(v) for v in value]
    return value


def fmt(value: float | None, spec: str, suffix: str = "") -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:{spec}}{suffix}"


def table_row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Cells padded to ``widths``: negative widths left-align, positive right-align."""
    return "  " + "".join(
        f"{cell:<{-width}}" if width < 0 else f"{cell:>{width}}"
        for cell, width in zip(cells, widths, strict=True)
    )


COLD_WIDTHS = (-30, 10, 10, 10, 10)
LOAD_WIDTHS = (-26, -10, 9, 10, 10, 13, 9, 9, 8, 8)


def render_cold(summary: dict[str, dict[str, Any]], runs: int, interval: float) -> str:
    lines = [
        f"Cold start: spawn -> first HTTP 200 on {HEALTH_PATH} "
        f"(median of {runs} runs after 1 untimed warm-up each; poll every {interval * 1000:g} ms)",
        table_row(("server", "median", "min", "max", "x bare"), COLD_WIDTHS),
    ]
    for target in (BARE, EMULATOR_MEMORY, EMULATOR_FILE):
        row = summary.get(target.key)
        if row is None:
            continue
        cells = (
            target.label,
            fmt(row["median_s"] * 1000, ".0f", " ms"),
            fmt(row["min_s"] * 1000, ".0f", " ms"),
            fmt(row["max_s"] * 1000, ".0f", " ms"),
            fmt(row["ratio_to_bare"], ".2f", "x"),
        )
        lines.append(table_row(cells, COLD_WIDTHS))
    return "\n".join(lines)


def render_load(
    summary: dict[str, dict[str, Any]],
    rounds: int,
    workers: int,
    warmup: float,
    duration: float,
    endpoints: Sequence[Endpoint] = ENDPOINTS,
) -> str:
    header = (
        "endpoint",
        "server",
        "req/s",
        "p50",
        "p99",
        "srv CPU/req",
        "srv CPU",
        "gen CPU",
        "resp B",
        "errors",
    )
    lines = [
        f"Throughput and latency: {workers} concurrent workers, {duration:g} s measured after "
        f"{warmup:g} s warm-up, median of {rounds} round(s), bare/emulator interleaved",
        table_row(header, LOAD_WIDTHS),
    ]
    for endpoint in endpoints:
        row = summary[endpoint.key]
        for name in ("bare", "emulator"):
            s = row[name]
            cells = (
                endpoint.label if name == "bare" else "",
                name,
                fmt(s["rps"], ".0f"),
                fmt(s["p50_ms"], ".2f", " ms"),
                fmt(s["p99_ms"], ".2f", " ms"),
                fmt(s["server_cpu_us_per_req"], ".0f", " us"),
                fmt(s["server_cpu_pct"], ".0f", "%"),
                fmt(s["loadgen_cpu_pct"], ".0f", "%"),
                fmt(s["response_bytes"], ".0f"),
                str(s["errors"]),
            )
            lines.append(table_row(cells, LOAD_WIDTHS))
        r = row["ratio_emulator_to_bare"]
        cells = (
            "",
            "emu/bare",
            fmt(r["rps"], ".2f", "x"),
            fmt(r["p50_ms"], ".2f", "x"),
            fmt(r["p99_ms"], ".2f", "x"),
            fmt(r["server_cpu_us_per_req"], ".2f", "x"),
            "",
            "",
            "",
            "",
        )
        lines.append(table_row(cells, LOAD_WIDTHS).rstrip())
    return "\n".join(lines)


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=5, check=True
    ).stdout.strip()


def environment() -> dict[str, Any]:
    commit = "unknown"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        dirty = _git("status", "--porcelain", "--untracked-files=no")
        commit = _git("rev-parse", "--short", "HEAD") + ("+uncommitted changes" if dirty else "")
    return {
        "python": platform.python_version(),
        "aiohttp": aiohttp.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit,
    }


# -- command line -------------------------------------------------------------------------


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Terminated(Exception):
    """SIGTERM arrived; raised so the finally blocks that stop the servers run."""


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="Progress goes to stderr; the tables (and with --json, one JSON line) to stdout.",
    )
    add = parser.add_argument
    add("--quick", action="store_true", help="smoke run: 2 starts, 1 round of 1 s after 0.5 s")
    add("--json", action="store_true", help="also print the results as one line of JSON, last")
    add("--only", choices=["cold", "load"], help="run only the cold-start or only the load part")
    add("--runs", type=int, help="timed cold starts per server (default 5, quick 2)")
    add("--rounds", type=int, help="load rounds per endpoint and server (default 3, quick 1)")
    add("--duration", type=float, help="measured seconds per round (default 3, quick 1)")
    add("--warmup", type=float, help="warm-up seconds before each round (default 1, quick 0.5)")
    add("--workers", type=int, default=16, help="concurrent load workers (default 16)")
    add("--poll-interval", type=float, default=0.005, help="readiness poll interval, s")
    add("--start-timeout", type=float, default=60.0, help="max seconds for a server to start")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    quick = args.quick
    runs = args.runs or (2 if quick else 5)
    rounds = args.rounds or (1 if quick else 3)
    duration = args.duration or (1.0 if quick else 3.0)
    warmup = args.warmup if args.warmup is not None else (0.5 if quick else 1.0)
    if min(runs, rounds, args.workers) < 1 or duration <= 0 or warmup < 0:
        build_parser().error("runs, rounds and workers must be >= 1, duration > 0, warmup >= 0")
    signal.signal(signal.SIGTERM, _raise_on_sigterm)

    env = environment()
    progress(
        f"bench_foundation: python {env['python']}, aiohttp {env['aiohttp']}, "
        f"{env['cpus']} CPUs, commit {env['commit']}"
    )
    report: dict[str, Any] = {
        "environment": env,
        "settings": {
            "runs": runs,
            "rounds": rounds,
            "duration_s": duration,
            "warmup_s": warmup,
            "workers": args.workers,
            "poll_interval_s": args.poll_interval,
            "post_body_bytes": len(POST_BODY),
            "emulator_reset_before_each_round": True,
        },
    }
    sections: list[str] = []
    try:
        if args.only in (None, "cold"):
            samples = measure_cold_starts(
                (BARE, EMULATOR_MEMORY, EMULATOR_FILE), runs, args.start_timeout, args.poll_interval
            )
            report["cold_start"] = summarize_cold(samples)
            sections.append(render_cold(report["cold_start"], runs, args.poll_interval))
        if args.only in (None, "load"):
            results = measure_load(
                rounds, args.workers, warmup, duration, args.start_timeout, args.poll_interval
            )
            report["load"] = summarize_load(results)
            report["load_rounds"] = [vars(r) for r in results]
            sections.append(render_load(report["load"], rounds, args.workers, warmup, duration))
    except ServerFailed as error:
        progress(f"bench_foundation: {error}")
        return 1
    except (KeyboardInterrupt, Terminated):
        progress("bench_foundation: interrupted; the servers it started are stopped")
        return 130

    print(
        f"telephony-emulator foundation benchmark (python {env['python']}, aiohttp "
        f"{env['aiohttp']}, {env['cpus']} CPUs, commit {env['commit']})"
    )
    print("Ratios are emulator / bare aiohttp app, measured in this run: req/s below 1x = slower;")
    print("times and CPU/request above 1x = slower. Absolute numbers depend on the machine.\n")
    print("\n\n".join(sections))
    if args.json:
        print(json.dumps(without_nan(report), allow_nan=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
