"""kill -9 under load, then a restart: every call the crash cut off sends its disconnect webhook
(cause error), and a disconnect still in flight at the crash is delivered again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytest_telephony_emulator.webhooks import WebhookInbox
from telephony_emulator.core.engine import INTERRUPTED

from tests.ringcentral_rest.conftest import basic

pytestmark = pytest.mark.slow
AUTH = basic("emulator-user", "emulator-pass")
LIVE_CALLS = 10
ENDING_CALLS = 3


@contextmanager
def server(data: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The CLI on a free loopback port over ``data``; stopped with Ctrl-C at the end if still up
    (a test kills it with SIGKILL itself)."""
    command = ["--port", "0", "--no-access-log", "--data-dir", str(data), "--clock-rate", "0"]
    process = subprocess.Popen(
        [sys.executable, "-m", "telephony_emulator", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "EMULATOR_LOG_LEVEL": "WARNING"},
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert "listening on " in first, first + process.stdout.read()
    try:
        yield first.split("listening on ")[1].strip(), process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def send(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": AUTH} if "/api/v2/" in url else {}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def create_call(url: str, hooks: WebhookInbox, disconnect: str) -> str:
    account = send(f"{url}/_emulator/accounts/9900000")
    body = {
        "from": "+19195550100",
        "to": "+15551230000",
        "applicationId": account["applications"][0]["id"],
        "answerUrl": hooks.url_for("/answer"),
        "disconnectUrl": hooks.url_for(disconnect),
    }
    return str(send(f"{url}/api/v2/accounts/9900000/calls", "POST", body)["callId"])


def delivered_disconnects(url: str) -> int:
    """How many disconnect deliveries the ledger records as answered with 204."""
    rows = send(f"{url}/_emulator/webhooks?limit=1000")["deliveries"]
    return sum(row["event_type"] == "disconnect" and row["response_status"] == 204 for row in rows)


def ended_rows_committed(database: Path, call_ids: list[str]) -> bool:
    """Whether the ended calls' rows (still waiting for their disconnect) are on disk."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = dict(connection.execute("SELECT id, data FROM call").fetchall())
    return all('"end_reported":false' in rows.get(call_id, "") for call_id in call_ids)


def test_kill_9_then_restart_sends_the_lost_disconnects(
    tmp_path: Path, telephony_webhooks: WebhookInbox
) -> None:
    hooks = telephony_webhooks
    hooks.reply('<Response><Pause duration="600"/></Response>', path="/answer")
    hooks.reply(status=200, delay=60, path="/slow")  # in flight when the server dies
    data = tmp_path / "state"
    with server(data) as (url, process):
        live = [create_call(url, hooks, "/disconnect") for _ in range(LIVE_CALLS)]
        ending = [create_call(url, hooks, "/slow") for _ in range(ENDING_CALLS)]
        send(f"{url}/_emulator/clock/advance", "POST", {"seconds": 5})  # 5 calls a second
        hooks.wait_for("answer", count=LIVE_CALLS + ENDING_CALLS, timeout=30)
        for call_id in ending:
            send(f"{url}/api/v2/accounts/9900000/calls/{call_id}", "POST", {"state": "completed"})
        hooks.wait_for("disconnect", path="/slow", count=ENDING_CALLS, timeout=30)
        deadline = time.monotonic() + 10  # bounded: rows are written behind within milliseconds
        while not ended_rows_committed(data / "emulator.sqlite3", ending):
            assert time.monotonic() < deadline, "the ended calls were never written"
        process.kill()
        process.wait(timeout=30)
        assert not [item for item in hooks.received if item.path == "/disconnect"]

    hooks.reply(status=204, path="/slow")  # the receiver answers at once now
    with server(data) as (url, _):
        cut_off = hooks.wait_for("disconnect", path="/disconnect", count=LIVE_CALLS, timeout=30)
        again = hooks.wait_for("disconnect", path="/slow", count=2 * ENDING_CALLS, timeout=30)
        assert sorted(item.payload["callId"] for item in cut_off) == sorted(live)
        for item in cut_off:
            assert (item.payload["cause"], item.payload["errorMessage"]) == ("error", INTERRUPTED)
        resent = again[ENDING_CALLS:]
        assert sorted(item.payload["callId"] for item in resent) == sorted(ending)
        assert {item.payload["cause"] for item in resent} == {"hangup"}
        state = send(f"{url}/api/v2/accounts/9900000/calls/{live[0]}")
        assert (state["state"], state["disconnectCause"]) == ("disconnected", "error")
        # The receiver has the webhooks before the emulator has read their replies: stop only
        # once the ledger shows every delivery done, or a stop cutting one short resends it.
        deadline = time.monotonic() + 10
        while delivered_disconnects(url) < LIVE_CALLS + ENDING_CALLS:
            assert time.monotonic() < deadline, "the disconnects were never answered"

    # A clean restart sends nothing more: every end has been reported.
    before = len(hooks.received)
    with server(data) as (url, _):
        send(f"{url}/_emulator/health")
        ledger = send(f"{url}/_emulator/webhooks", "GET")
    assert len(hooks.received) == before
    assert any(row["event_type"] == "disconnect" for row in ledger["deliveries"])
