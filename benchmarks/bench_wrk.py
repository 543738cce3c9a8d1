"""createCall and getCallState driven by wrk (C, never the bottleneck) as ratios to bare aiohttp."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bench_foundation as bf
import bench_voice as bv

#: issue 18: emulator req/s over bare req/s; createCall's p99 at most 10x bare's.
TARGETS = {"create_call": 0.35, "get_call_state": 0.60}
P99_FACTOR = 10.0
_LATENCY = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def lua_script(endpoint: bf.Endpoint) -> str:
    headers = "".join(
        f'wrk.headers["{name}"] = "{value}"\n' for name, value in endpoint.request_headers().items()
    )
    body = "" if endpoint.body is None else f"wrk.body = {json.dumps(endpoint.body.decode())}\n"
    return f'wrk.method = "{endpoint.method}"\n{body}{headers}'


def run_wrk(
    server: bf.Server, endpoint: bf.Endpoint, seconds: float, connections: int, threads: int
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(endpoint))
    cpu0 = bf.process_cpu_seconds(server.pid)
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "--latency",
                "-s",
                script.name,
                f"http://{bf.HOST}:{server.port}{endpoint.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
    finally:
        Path(script.name).unlink()
    cpu1 = bf.process_cpu_seconds(server.pid)
    rate, p99 = _RATE.search(out), _LATENCY.search(out)
    if rate is None or p99 is None or "Non-2xx" in out:
        raise bf.ServerFailed(f"wrk against {endpoint.label}: {out[-800:]}")
    requests = float(rate.group(1)) * seconds
    return {
        "rps": float(rate.group(1)),
        "p99_ms": float(p99.group(1)) * _UNIT[p99.group(2)],
        "server_cpu_us_per_request": None
        if cpu0 is None or cpu1 is None
        else 1e6 * (cpu1 - cpu0) / requests,
    }


def measure(args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    results: dict[str, list[dict[str, Any]]] = {}
    targets = (bf.BARE, bf.EMULATOR_MEMORY, bf.EMULATOR_FILE)
    for endpoint in bv.ENDPOINTS:
        for target in targets:
            with bf.running(target) as server:
                bf.wait_ready(server, args.start_timeout, 0.005)
                for round_ in range(args.rounds):
                    ready = asyncio.run(bv.prepare_round(server, endpoint))
                    run_wrk(server, ready, args.warmup, args.connections, args.threads)
                    result = run_wrk(server, ready, args.duration, args.connections, args.threads)
                    results.setdefault(f"{endpoint.key}/{target.key}", []).append(result)
                    bf.progress(
                        f"{endpoint.key} {target.key} round {round_ + 1}: "
                        f"{result['rps']:.0f} req/s, p99 {result['p99_ms']:.1f} ms"
                    )
    return results


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def render(results: dict[str, list[dict[str, Any]]]) -> str:
    lines = [
        "| endpoint | server | req/s | x bare | target | p99 ms | p99 x bare | CPU us/req |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for endpoint in bv.ENDPOINTS:
        bare = results[f"{endpoint.key}/{bf.BARE.key}"]
        bare_rps = median([r["rps"] for r in bare])
        bare_p99 = median([r["p99_ms"] for r in bare])
        for target in (bf.BARE, bf.EMULATOR_MEMORY, bf.EMULATOR_FILE):
            mine = results[f"{endpoint.key}/{target.key}"]
            rps, p99 = median([r["rps"] for r in mine]), median([r["p99_ms"] for r in mine])
            cpu = [r["server_cpu_us_per_request"] for r in mine if r["server_cpu_us_per_request"]]
            ratio = rps / bare_rps
            goal = TARGETS[endpoint.key]
            verdict = "" if target is bf.BARE else ("met" if ratio >= goal else "NOT met")
            p99_ratio = p99 / bare_p99
            p99_note = ""
            if endpoint.key == "create_call" and target is not bf.BARE:
                p99_note = " (met)" if p99_ratio <= P99_FACTOR else " (NOT met)"
            lines.append(
                f"| {endpoint.label} | {target.label} | {rps:,.0f} | {ratio:.2f} | "
                f">= {goal:.2f} {verdict} | {p99:.1f} | {p99_ratio:.1f}{p99_note} | "
                f"{median(cpu) if cpu else float('nan'):.0f} |"
            )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="measured seconds per round")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (one is plenty)")
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="also print one JSON line, last")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if shutil.which("wrk") is None:
        print("error: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 1
    try:
        results = measure(args)
    except bf.ServerFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(render(results))
    if args.json:
        print(json.dumps({"environment": bf.environment(), "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
