"""The ``telephony-emulator`` command: serve (options with ``EMULATOR_*`` twins, banner), or a
client command (``remote_cli``) against a running server."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telephony_emulator import __version__
from telephony_emulator.log_format import configure as configure_logging
from telephony_emulator.remote_cli import COMMANDS, run_command
from telephony_emulator.settings import Settings, default_data_dir, default_fixtures_dir

if TYPE_CHECKING:  # the server's modules load only to serve: client commands start fast
    from aiohttp import web

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    raise SystemExit(f"telephony-emulator: {name} must be true or false, got {raw!r}")


def _iso_to_posix(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give the time zone, e.g. 2026-01-01T00:00:00Z")
    return moment.timestamp()


def _non_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="telephony-emulator",
        usage="%(prog)s [serve] [options] | %(prog)s COMMAND [--url URL] [--json] ...",
        description="Run a local emulator of Bandwidth (Voice v2, Messaging v2, Catapult v1) and "
        "RingCentral (RingOut, FaxOut) APIs, with calls simulated on a virtual clock. Every "
        "option can also be set by the environment variable shown.",
        epilog="Commands against a running emulator (each has --help, --url and --json): "
        + ", ".join(COMMANDS)
        + ". With no command (or `serve`), the emulator runs.",
    )
    add = parser.add_argument
    add(
        "--host",
        default=env("EMULATOR_HOST", "127.0.0.1"),
        help="address to listen on [EMULATOR_HOST, default 127.0.0.1]",
    )
    add(
        "--port",
        type=int,
        default=int(env("EMULATOR_PORT", "8080")),
        help="port to listen on; 0 picks a free one [EMULATOR_PORT, default 8080]",
    )
    add(
        "--data-dir",
        type=Path,
        default=Path(env("EMULATOR_DATA_DIR", str(default_data_dir()))),
        help="folder of the SQLite state file emulator.sqlite3 [EMULATOR_DATA_DIR, default "
        "$XDG_DATA_HOME/telephony-emulator]",
    )
    add(
        "--db",
        default=env("EMULATOR_DB"),
        help="SQLAlchemy URL of another database, e.g. sqlite+aiosqlite:///state.db [EMULATOR_DB]",
    )
    add(
        "--in-memory",
        action=argparse.BooleanOptionalAction,
        default=_env_bool("EMULATOR_IN_MEMORY", False),
        help="keep state in memory only, lost on exit [EMULATOR_IN_MEMORY]",
    )
    add(
        "--fixtures",
        type=Path,
        default=Path(env("EMULATOR_FIXTURES", str(default_fixtures_dir()))),
        help="folder with accounts.json and inventory.json loaded into a new database "
        "[EMULATOR_FIXTURES, default: the shipped fixtures]",
    )
    add(
        "--clock-rate",
        type=_non_negative,
        default=float(env("EMULATOR_CLOCK_RATE", "1")),
        help="virtual seconds per real second: 1 real time, N faster, 0 manual (time moves only "
        "through the control API) [EMULATOR_CLOCK_RATE, default 1]",
    )
    add(
        "--clock-start",
        type=_iso_to_posix,
        default=env("EMULATOR_CLOCK_START"),
        help="virtual time at start, ISO 8601 with zone [EMULATOR_CLOCK_START, default now]",
    )
    add(
        "--seed",
        type=int,
        default=int(env("EMULATOR_SEED", "0")),
        help="seed of every generated id and secret [EMULATOR_SEED, default 0]",
    )
    add(
        "--public-url",
        default=env("EMULATOR_PUBLIC_URL"),
        help="base URL clients use to reach the emulator, for Location headers and links, e.g. "
        "behind a container port mapping [EMULATOR_PUBLIC_URL, default: as requested]",
    )
    add(
        "--audio-seconds",
        type=_positive,
        default=float(env("EMULATOR_AUDIO_SECONDS", "5")),
        help="how long audio files play when their URL gives no #duration=N "
        "[EMULATOR_AUDIO_SECONDS, default 5]",
    )
    add(
        "--ringout-grace-seconds",
        type=_positive,
        default=float(env("EMULATOR_RINGOUT_GRACE_SECONDS", "5")),
        help="how long an ended RingOut still reports its legs' statuses before it is gone "
        "[EMULATOR_RINGOUT_GRACE_SECONDS, default 5]",
    )
    add(
        "--calls-in-memory",
        type=_non_negative_int,
        default=_non_negative_int(env("EMULATOR_CALLS_IN_MEMORY", "10000")),
        help="ended calls kept in memory; older ones are read from the database until their "
        "7 days of retention are over [EMULATOR_CALLS_IN_MEMORY, default 10000]",
    )
    add(
        "--log-level",
        default=env("EMULATOR_LOG_LEVEL", "INFO"),
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        type=str.upper,
        help="log level [EMULATOR_LOG_LEVEL, default INFO]",
    )
    add(
        "--log-format",
        default=env("EMULATOR_LOG_FORMAT", "text"),
        choices=["text", "json"],
        help="server log lines as readable text or one JSON object each; call events and "
        "webhooks are logged at INFO [EMULATOR_LOG_FORMAT, default text]",
    )
    add(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=_env_bool("EMULATOR_ACCESS_LOG", True),
        help="log every request [EMULATOR_ACCESS_LOG, default on]",
    )
    add(
        "--keepalive-timeout",
        type=_positive,
        default=float(env("EMULATOR_KEEPALIVE_TIMEOUT", "75")),
        help="real seconds after which a connection that is idle, or has not sent a whole "
        "request head, is closed [EMULATOR_KEEPALIVE_TIMEOUT, default 75]",
    )
    add(
        "--loop-guard-steps",
        type=_non_negative_int,
        default=int(env("EMULATOR_LOOP_GUARD_STEPS", "100")),
        help="BXML documents (or commands) one call may run within one virtual second before "
        "the loop guard ends it with cause error; 0 turns it off [EMULATOR_LOOP_GUARD_STEPS, "
        "default 100]",
    )
    add(
        "--ledger-retention",
        type=_positive_int,
        default=int(env("EMULATOR_LEDGER_RETENTION", "10000")),
        help="how many of the newest webhook attempts the ledger keeps "
        "[EMULATOR_LEDGER_RETENTION, default 10000]",
    )
    add(
        "--allowed-hosts",
        default=env("EMULATOR_ALLOWED_HOSTS", ""),
        help="comma-separated host names the control API answers besides loopback names, IP "
        "addresses and --public-url's host; * allows any [EMULATOR_ALLOWED_HOSTS]",
    )
    add(
        "--control-token",
        default=env("EMULATOR_CONTROL_TOKEN"),
        help="a secret every control API request (but /_emulator/health) must carry, as "
        "Authorization: Bearer <token> [EMULATOR_CONTROL_TOKEN]",
    )
    add(
        "--insecure-open-control",
        action=argparse.BooleanOptionalAction,
        default=_env_bool("EMULATOR_INSECURE_OPEN_CONTROL", False),
        help="allow listening on a non-loopback address without a control token "
        "[EMULATOR_INSECURE_OPEN_CONTROL]",
    )
    add("--version", action="version", version=f"telephony-emulator {__version__}")
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    clock_start: Any = args.clock_start
    if isinstance(clock_start, str):  # the environment default is not parsed by argparse
        clock_start = _iso_to_posix(clock_start)
    return Settings(
        host=args.host,
        port=args.port,
        data_dir=args.data_dir,
        db_url=args.db,
        in_memory=args.in_memory,
        fixtures_dir=args.fixtures,
        clock_rate=args.clock_rate,
        clock_start=clock_start,
        seed=args.seed,
        public_url=args.public_url,
        audio_seconds=args.audio_seconds,
        ringout_grace_seconds=args.ringout_grace_seconds,
        calls_in_memory=args.calls_in_memory,
        log_level=args.log_level,
        access_log=args.access_log,
        keepalive_timeout=args.keepalive_timeout,
        loop_guard_steps=args.loop_guard_steps,
        ledger_retention=args.ledger_retention,
        allowed_hosts=tuple(host.strip() for host in args.allowed_hosts.split(",") if host.strip()),
        control_token=args.control_token or None,
        insecure_open_control=args.insecure_open_control,
    )


def banner(app: web.Application, url: str) -> str:
    """A few readable lines: where it listens, where state lives, the default logins."""
    from telephony_emulator.control_guard import exposure_warning
    from telephony_emulator.keys import SCHEDULER, STATE

    settings = app[STATE].settings
    rate = app[SCHEDULER].clock.rate
    pace = "manual (rate 0)" if rate == 0 else "real time" if rate == 1 else f"{rate:g}x"
    lines = [
        f"telephony-emulator {__version__} listening on {url}",
        f"  state:  {settings.storage_description}",
        f"  clock:  {pace}; control API {url}/_emulator/ (docs: /_emulator/openapi.json)",
        f"  dashboard: {url}/_emulator/ui/   (or: telephony-emulator calls --live --url {url})",
    ]
    if settings.control_token:
        lines.append("  control API token required (Authorization: Bearer <token>)")
    warning = exposure_warning(settings)
    if warning:
        lines.append(warning)
    for account in app[STATE].accounts.all()[:3]:
        bw, cat, rc = account.bandwidth, account.catapult, account.ringcentral
        lines += [
            f"  account {account.id} ({account.name}):",
            f"    Bandwidth v2    host {url}/api/v2  account {bw.account_id}  "
            f"user {bw.username}  password {bw.password}",
            f"    Catapult v1     endpoint {url}  user {cat.user_id}  "
            f"token {cat.api_token}  secret {cat.api_secret}",
            f"    RingCentral     server {url}  login {rc.username} ext {rc.extension} "
            f"password {rc.password}  client {rc.client_id} / {rc.client_secret}",
        ]
    return "\n".join(lines)


async def serve(settings: Settings) -> None:
    from aiohttp import web

    from telephony_emulator.app import create_app, make_runner

    app = create_app(settings)
    runner = make_runner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        # Modules, fixtures and the loaded state live as long as the process: out of every
        # full collection they are not scanned again (those scans were createCall's p99 tail).
        # No collection first: it would delay the first answer by more than it frees.
        gc.freeze()
        port = runner.addresses[0][1]
        url = settings.public_url or f"http://{settings.host}:{port}"
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):  # before the banner: it says we are ready
            loop.add_signal_handler(signum, stop.set)
        print(banner(app, url), flush=True)
        await stop.wait()
        print("telephony-emulator: shutting down", flush=True)
    finally:
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return run_command(argv)
    if argv and argv[0] == "serve":
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    settings = settings_from_args(args)
    from telephony_emulator.control_guard import exposure_problem

    problem = exposure_problem(settings)
    if problem:
        print(f"telephony-emulator: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, args.log_format)
    logging.getLogger("emulator.access").setLevel(
        settings.log_level if settings.access_log else logging.WARNING
    )
    from telephony_emulator.storage.db import SchemaMismatch

    try:
        asyncio.run(serve(settings))
    except SchemaMismatch as error:
        print(f"telephony-emulator: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"telephony-emulator: cannot start: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C while still starting up
        print("telephony-emulator: interrupted while starting", file=sys.stderr)
    return 0
