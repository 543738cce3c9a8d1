"""Per-test overhead of the pytest plugin's fixtures: a fresh account and a webhook inbox."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / p) for p in ("emulator", "pytest_plugin")]

from pytest_telephony_emulator.control import ControlClient, TelephonyEmulator  # noqa: E402
from pytest_telephony_emulator.server import EmulatorThread  # noqa: E402
from pytest_telephony_emulator.webhooks import WebhookReceiver  # noqa: E402
from telephony_emulator.settings import Settings  # noqa: E402


def per_call_ms(action: Callable[[], object], count: int, rounds: int) -> list[float]:
    """Milliseconds per ``action``, one median-able figure per round."""
    figures = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(count):
            action()
        figures.append((time.perf_counter() - started) * 1000 / count)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=300, help="fixture set-ups per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON line at the end")
    args = parser.parse_args()

    server = EmulatorThread(Settings(port=0, in_memory=True, clock_rate=0.0, access_log=False))
    url = server.start()
    control = ControlClient(url)
    receiver = WebhookReceiver()

    def fixtures(own_clock: bool) -> Callable[[], object]:
        # What telephony_emulator + telephony_webhooks do in-process, and against an external
        # server (each account with its own clock, made one at a time).
        def setup_and_teardown() -> None:
            account = control.take_account(own_clock=own_clock, batch=1 if own_clock else 16)
            TelephonyEmulator(url, control, account, own_clock)
            receiver.inbox().close()

        return setup_and_teardown

    try:
        per_call_ms(fixtures(False), 50, 1)  # warm-up
        results = {
            "health_request": per_call_ms(control.health, args.count, args.rounds),
            "fixtures_in_process": per_call_ms(fixtures(False), args.count, args.rounds),
            "fixtures_external": per_call_ms(fixtures(True), args.count, args.rounds),
        }
    finally:
        receiver.close()
        server.stop()
    print(f"{'what':<22}{'median ms per test':>20}")
    for name, figures in results.items():
        print(f"{name:<22}{statistics.median(figures):>20.3f}")
    if args.json:
        print(json.dumps({name: statistics.median(f) for name, f in results.items()}))


if __name__ == "__main__":
    main()
