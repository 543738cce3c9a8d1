"""The client commands against an emulator running in its own process on a free port."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_telephony_emulator.webhooks import WebhookInbox
from telephony_emulator import cli

from tests.dashboard.conftest import ACCOUNT, CALLER, NUMBER, gather_menu

pytestmark = pytest.mark.slow


class Server:
    """``telephony-emulator serve`` on a free port; after :meth:`stop`, its log lines."""

    def __init__(self, *args: str) -> None:
        command = [sys.executable, "-m", "telephony_emulator", "serve", "--port", "0"]
        self.process = subprocess.Popen(
            [*command, "--in-memory", "--clock-rate", "0", "--no-access-log", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        assert "listening on " in first, first + self.process.communicate(timeout=30)[0]
        self.url = first.split("listening on ")[1].strip()
        self.log: list[str] = []

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        rest, _ = self.process.communicate(timeout=30)
        assert self.process.returncode == 0, rest
        self.log = rest.splitlines()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    running = Server()
    try:
        yield running.url
    finally:
        running.stop()


def route(url: str, inbox: WebhookInbox) -> None:
    """The default account's voice webhooks go to ``inbox``."""
    account = control(url, "GET", f"/_emulator/accounts/{ACCOUNT}")
    app_id = next(a["id"] for a in account["applications"] if a["service_type"] == "voice")
    settings = {
        "call_initiated_callback_url": inbox.url_for("/initiate"),
        "call_status_callback_url": inbox.url_for("/status"),
    }
    path = f"/_emulator/accounts/{ACCOUNT}/applications/{app_id}"
    control(url, "PATCH", path, {"settings": settings})


def control(url: str, method: str, path: str, body: Any = None, auth: bool = False) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if auth:
        token = base64.b64encode(b"emulator-user:emulator-pass").decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


@pytest.fixture
def hooks(server: str, telephony_webhooks: WebhookInbox) -> WebhookInbox:
    """A fresh server state, with the default account's webhooks going to this test's inbox."""
    control(server, "POST", "/_emulator/reset")
    route(server, telephony_webhooks)
    return telephony_webhooks


class Cli:
    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = url
        self.capsys = capsys

    def __call__(self, *args: str, status: int = 0) -> str:
        """Run one command in this process; returns its stdout (stderr when it fails)."""
        self.capsys.readouterr()
        code = cli.main([*args, "--url", self.url])
        out, err = self.capsys.readouterr()
        assert code == status, out + err
        return out if status == 0 else err

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json"))


@pytest.fixture
def run(server: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(server, capsys)


def test_accounts_and_the_clock(run: Cli, hooks: WebhookInbox) -> None:
    table = run("accounts").splitlines()
    assert table[0].split() == ["ACCOUNT", "NAME", "NUMBERS", "BANDWIDTH", "LOGIN"]
    assert table[1].split()[:5] == [ACCOUNT, "Default", "account", NUMBER, "+19195550101"]
    accounts = run.json("accounts")["accounts"]
    assert [a["account_id"] for a in accounts] == [ACCOUNT]

    before = run.json("clock")
    assert before["rate"] == 0
    assert "manual (rate 0)  0 pending timer(s)" in run("clock")
    advanced = run.json("clock", "advance", "5")
    assert advanced["clock"]["time"] == before["time"] + 5
    assert run("clock", "advance", "2").startswith("fired 0 timer(s) over 2 virtual second(s)")
    assert run.json("clock", "rate", "4")["rate"] == 4
    assert "manual (rate 0)" in run("clock", "rate", "0")
    assert run.json("clock")["rate"] == 0
    assert run.json("clock", "idle")["idle"] is True


def test_an_inbound_call_driven_by_hand(run: Cli, hooks: WebhookInbox) -> None:
    gather_menu(hooks)
    placed = run.json("inbound", CALLER, NUMBER)
    call_id = placed["call_id"]
    assert placed["state"] == "answered"

    table = run("calls").splitlines()
    assert table[0].split()[:4] == ["CALL", "ACCOUNT", "SURFACE", "DIR"]
    row = table[1].split()
    assert row[:7] == [call_id, ACCOUNT, "bandwidth_voice_v2", "inb", CALLER, NUMBER, "answered"]
    assert "answered 0s, <Gather> 0s, playing" in table[1]
    live = run.json("calls", "--state", "live")
    assert [c["call_id"] for c in live["calls"]] == [call_id]

    assert run("digits", call_id, "12").startswith(f"{call_id}: pressed 12; now ")
    timeline = run("call", call_id)
    assert "state:       disconnected" in timeline
    assert "webhook gather POST" in timeline
    assert '"digits": "12"' in timeline  # the gather webhook's body, pretty-printed
    assert "<Response><Gather" in timeline  # the initiate reply
    detail = run.json("call", call_id)
    assert [item["type"] for item in detail["timeline"]][:4] == [
        "CallPlaced",
        "WebhookAttempted",
        "StepStarted",
        "CallAnswered",
    ]
    assert detail["call"]["cause"] == "hangup"
    assert run("hangup", call_id, status=1) == (
        f"telephony-emulator hangup: call {call_id} is not in progress\n"
    )


def test_the_far_end_answers_rejects_or_is_busy(run: Cli, server: str, hooks: WebhookInbox) -> None:
    hooks.reply("<Response><Pause duration='30'/></Response>", event_type="answer")
    account = control(server, "GET", f"/_emulator/accounts/{ACCOUNT}")
    app_id = next(a["id"] for a in account["applications"] if a["service_type"] == "voice")
    body = {"from": NUMBER, "applicationId": app_id, "answerUrl": hooks.url_for("/answer")}
    ids = [
        control(server, "POST", f"/api/v2/accounts/{ACCOUNT}/calls", {**body, "to": to}, auth=True)[
            "callId"
        ]
        for to in ("+15550001111", "+15550002222", "+15550003333")
    ]
    run("clock", "advance", "0.5")  # dequeued 0.2 s apart, ringing; answered after 1 s
    assert all(c["ringing"] for c in run.json("calls")["calls"])
    assert run("answer", ids[0]) == f"{ids[0]}: answer sent; now answered\n"
    assert run.json("reject", ids[1])["cause"] == "rejected"
    assert run.json("busy", ids[2])["cause"] == "busy"
    assert run("hangup", ids[0]).startswith(f"{ids[0]}: hangup sent; now disconnected")


def test_an_inbound_text_message(run: Cli, hooks: WebhookInbox) -> None:
    (line,) = run("sms", CALLER, NUMBER, "hello there").splitlines()
    assert line.endswith(f": {CALLER} -> {NUMBER}: received")
    (message,) = run.json("sms", CALLER, NUMBER, "again")["messages"]
    assert (message["text"], message["direction"], message["to"]) == ("again", "in", [NUMBER])


def test_the_ledger_lists_and_pages(run: Cli, hooks: WebhookInbox) -> None:
    hooks.reply("<Response><Hangup/></Response>", event_type="initiate")
    call_id = run.json("inbound", CALLER, NUMBER)["call_id"]
    run("clock", "idle")
    table = run("ledger", "--call", call_id).splitlines()
    assert table[0].split() == [
        "ID", "SENT", "CALL", "EVENT", "METHOD", "URL", "STATUS", "OUTCOME", "MS"
    ]  # fmt: skip
    assert [line.split()[4] for line in table[1:]] == ["initiate", "disconnect"]
    first = run.json("ledger", "--limit", "1")
    assert (first["has_more"], first["deliveries"][0]["event_type"]) == (True, "initiate")
    assert first["deliveries"][0]["request_json"]["callId"] == call_id
    rest = run.json("ledger", "--after", first["next_cursor"])
    assert [d["event_type"] for d in rest["deliveries"]] == ["disconnect"]
    only = run.json("ledger", "--event-type", "disconnect")
    assert [d["event_type"] for d in only["deliveries"]] == ["disconnect"]


def test_failures_are_one_line_each(run: Cli, hooks: WebhookInbox) -> None:
    assert (
        run("call", "c-missing", status=1) == "telephony-emulator call: call c-missing not found\n"
    )
    assert run("sms", "12345", NUMBER, "hello", status=1).startswith("telephony-emulator sms: ")
    assert (
        run("clock", "advance", status=1)
        == "telephony-emulator clock: clock advance needs seconds\n"
    )
    assert "digits" in run("digits", "c-missing", "x!", status=1)
    unreachable = cli.main(["accounts", "--url", "http://127.0.0.1:9"])
    assert unreachable == 1
    assert "cannot reach the emulator at http://127.0.0.1:9" in run.capsys.readouterr().err


def follow(server: str, *args: str) -> subprocess.Popen[str]:
    """A following command in its own process, once it says it is following."""
    process = subprocess.Popen(
        [sys.executable, "-m", "telephony_emulator", *args, "--url", server],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("-- "):
            return process
    raise AssertionError(process.communicate(timeout=30))


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Ctrl-C: it must end at once, with status 0 and no traceback."""
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return out, err


def test_ledger_follow_and_calls_live_print_as_it_happens_and_stop_on_ctrl_c(
    server: str, hooks: WebhookInbox
) -> None:
    hooks.reply("<Response><Hangup/></Response>", event_type="initiate")
    ledger = follow(server, "ledger", "--follow")
    calls = follow(server, "calls", "--live")
    call_id = control(server, "POST", "/_emulator/inbound-calls", {"from": CALLER, "to": NUMBER})[
        "call_id"
    ]
    control(server, "POST", "/_emulator/clock/run-until-idle", {})
    assert ledger.stdout is not None
    assert calls.stdout is not None
    initiate = ledger.stdout.readline()
    assert (
        f"  {call_id}  webhook initiate POST {hooks.url_for('/initiate')} -> 200 delivered"
        in initiate
    )
    assert "webhook disconnect POST" in ledger.stdout.readline()
    assert f"{call_id}  CallPlaced from_number={CALLER}" in calls.stdout.readline()
    assert f"{call_id}  StepStarted step=Hangup" in calls.stdout.readline()
    assert f"{call_id}  CallEnded cause=rejected" in calls.stdout.readline()
    stop(ledger)
    stop(calls)


def test_the_server_logs_call_events_and_webhooks_as_json(telephony_webhooks: WebhookInbox) -> None:
    telephony_webhooks.reply("<Response><Hangup/></Response>", event_type="initiate")
    server = Server("--log-format", "json")
    try:
        route(server.url, telephony_webhooks)
        body = {"from": CALLER, "to": NUMBER}
        call_id = control(server.url, "POST", "/_emulator/inbound-calls", body)["call_id"]
        control(server.url, "POST", "/_emulator/clock/run-until-idle", {})
    finally:
        server.stop()
    logged = [json.loads(line) for line in server.log if line.startswith("{")]
    events = [line for line in logged if line["logger"] == "emulator.events"]
    assert [e["event"]["type"] for e in events] == [
        "CallPlaced",
        "WebhookAttempted",
        "StepStarted",
        "CallEnded",
        "WebhookAttempted",
    ]
    assert events[0]["level"] == "INFO"
    assert events[0]["message"].startswith(f"call {call_id} CallPlaced")
    assert events[1]["event"]["data"]["event_type"] == "initiate"
    assert events[4]["event"]["data"]["event_type"] == "disconnect"


def test_stopping_the_server_ends_open_streams_and_their_followers(
    telephony_webhooks: WebhookInbox,
) -> None:
    server = Server()
    try:
        live = follow(server.url, "calls", "--live")
        ledger = follow(server.url, "ledger", "--follow")
    finally:
        server.stop()  # would wait for open streams if shutdown did not end them
    for process in (live, ledger):
        _, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert err == "telephony-emulator: the emulator closed the stream\n"
