"""The client commands of ``telephony-emulator``: watch and drive a running emulator by hand."""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

DEFAULT_URL = "http://127.0.0.1:8080"
#: Real seconds a request may take (run-until-idle can be long on a busy server).
TIMEOUT = 120.0


class CommandError(Exception):
    """A failure to report in one line (the server's error message, or why it is unreachable)."""


# -- talking to the server ------------------------------------------------------------------


class Client:
    """The control API over stdlib HTTP: JSON in and out, and the event stream."""

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token  # the server's --control-token, sent as a bearer token

    def _open(self, method: str, path: str, body: Any, timeout: float | None) -> Any:
        data = None if method == "GET" else json.dumps(body or {}).encode()
        request = urllib.request.Request(self.url + "/_emulator" + path, data=data, method=method)
        if data is not None:  # writes are always JSON, as the control API asks of web pages too
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            return urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            raise CommandError(_error_message(error)) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CommandError(f"cannot reach the emulator at {self.url}: {reason}") from None

    def request(self, method: str, path: str, body: Any = None) -> Any:
        with self._open(method, path, body, TIMEOUT) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def get(self, path: str, **query: Any) -> Any:
        return self.request("GET", _with_query(path, query))

    def stream(self, ready: Callable[[], None], **query: Any) -> Iterator[dict[str, Any]]:
        """Items of ``GET /_emulator/events`` as they come, until the server ends the stream;
        ``ready`` runs once the server has subscribed the stream (nothing after it is missed)."""
        with self._open("GET", _with_query("/events", query), None, None) as response:
            ready()
            data: list[str] = []
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("data: "):
                    data.append(line[6:])
                elif not line and data:
                    yield json.loads("\n".join(data))
                    data = []


def _with_query(path: str, query: dict[str, Any]) -> str:
    given = {key: value for key, value in query.items() if value is not None}
    return path + ("?" + urllib.parse.urlencode(given) if given else "")


def _error_message(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read())["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return f"the emulator answered HTTP {error.code}"


# -- output ---------------------------------------------------------------------------------

_COLOURS = {"green": "32", "yellow": "33", "red": "31", "dim": "2", "bold": "1", "cyan": "36"}
_STATE_COLOURS = {
    "answered": "green",
    "initiated": "yellow",
    "queued": "yellow",
    "disconnected": "dim",
    "delivered": "green",
}


@dataclass
class Output:
    """Tables and lines for people (colour only on a terminal), or JSON with ``--json``."""

    as_json: bool
    colour: bool
    out: TextIO

    def paint(self, text: str, colour: str | None) -> str:
        if not self.colour or colour is None:
            return text
        return f"\x1b[{_COLOURS[colour]}m{text}\x1b[0m"

    def state(self, text: str) -> str:
        return self.paint(text, _STATE_COLOURS.get(text, "red"))

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def json(self, value: Any, *, compact: bool = False) -> None:
        self.line(
            json.dumps(value, separators=(",", ":")) if compact else json.dumps(value, indent=2)
        )

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[tuple[str, str | None]]]
    ) -> None:
        """Columns padded to their widest cell; each cell is (text, colour)."""
        widths = [len(h) for h in headers]
        for row in rows:
            widths = [max(w, len(text)) for w, (text, _) in zip(widths, row, strict=True)]
        self.line(
            "  ".join(
                self.paint(h.ljust(w), "bold") for h, w in zip(headers, widths, strict=True)
            ).rstrip()
        )
        for row in rows:
            cells = [
                self.paint(text.ljust(width), colour)
                for (text, colour), width in zip(row, widths, strict=True)
            ]
            self.line("  ".join(cells).rstrip())


def _time(value: str | float | None) -> str:
    if value is None:
        return "-"
    moment = (
        datetime.fromtimestamp(value, tz=UTC)
        if isinstance(value, int | float)
        else datetime.fromisoformat(value.replace("Z", "+00:00"))
    )
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def _activity(call: dict[str, Any]) -> str:
    activity = call.get("activity")
    if not activity:
        return f"ended: {call['cause']}" if call.get("cause") else "-"
    text = f"{activity['what']} {activity['seconds']:g}s"
    if activity.get("step"):
        text += f", <{activity['step']}> {activity['step_seconds']:g}s"
    if activity.get("doing"):
        text += f", {activity['doing']} {activity['doing_seconds']:g}s"
    elif activity.get("playing"):
        text += ", playing"
    return text


def _event_line(output: Output, item: dict[str, Any]) -> str:
    """One feed item as a line: time, call, what happened."""
    data = item["data"]
    when = output.paint(_time(item["at"]), "dim")
    call = item.get("call_id") or "-"
    if item["kind"] == "webhook":
        status = data["status"] if data["status"] is not None else "-"
        colour = "green" if data["outcome"] == "delivered" else "red"
        result = output.paint(f"{status} {data['outcome']}", colour)
        error = f" ({data['error']})" if data.get("error") else ""
        return (
            f"{when}  {call}  webhook {data['event_type']} {data['method']} {data['url']} "
            f"-> {result} {data['latency_ms']:.1f}ms{error}"
        )
    details = " ".join(f"{key}={value}" for key, value in data.items() if value is not None)
    return f"{when}  {call}  {output.paint(item['type'], 'cyan')} {details}".rstrip()


def _heading(output: Output, text: str) -> Callable[[], None]:
    """What to print once a stream is open (nothing in JSON mode: its lines are all items)."""

    def ready() -> None:
        if not output.as_json:
            output.line(output.paint(text, "dim"))

    return ready


def _follow(
    output: Output, items: Iterator[dict[str, Any]], keep: Callable[[dict[str, Any]], bool]
) -> None:
    for item in items:
        if item["kind"] == "reset":
            output.line(output.paint("-- the emulator was reset --", "yellow"))
        elif keep(item):
            if output.as_json:
                output.json(item, compact=True)
            else:
                output.line(_event_line(output, item))
    print("telephony-emulator: the emulator closed the stream", file=sys.stderr)


# -- commands -------------------------------------------------------------------------------


def _calls_table(output: Output, calls: list[dict[str, Any]]) -> None:
    output.table(
        ["CALL", "ACCOUNT", "SURFACE", "DIR", "FROM", "TO", "STATE", "ACTIVITY", "CREATED"],
        [
            [
                (c["call_id"], None),
                (c["account_id"], None),
                (c["surface"], None),
                (c["direction"][:3], None),
                (c["from"], None),
                (c["to"], None),
                (
                    c["state"] + (" (ringing)" if c["ringing"] else ""),
                    _STATE_COLOURS.get(c["state"]),
                ),
                (_activity(c), None),
                (_time(c["created_at"]), None),
            ]
            for c in calls
        ],
    )


def cmd_calls(client: Client, output: Output, args: argparse.Namespace) -> None:
    query = {"account_id": args.account, "state": args.state, "surface": args.surface}
    page = client.get("/calls", limit=args.limit, **query)
    if output.as_json and not args.live:
        output.json(page)
    elif not output.as_json:
        if page["calls"]:
            _calls_table(output, page["calls"])
        else:
            output.line("no calls")
        if page["has_more"]:
            output.line(output.paint(f"... more: --limit {args.limit * 2}", "dim"))
    if args.live:
        ready = _heading(output, "-- live: call events as they happen (Ctrl-C to stop) --")
        items = client.stream(ready, kind="call", account_id=args.account)
        _follow(output, items, lambda _: True)


def cmd_call(client: Client, output: Output, args: argparse.Namespace) -> None:
    call = client.get(f"/calls/{args.call_id}")
    timeline = client.get(f"/calls/{args.call_id}/events")
    if output.as_json:
        output.json({"call": call, "timeline": timeline["events"]})
        return
    for key in ("call_id", "account_id", "surface", "direction", "from", "to"):
        output.line(f"{key + ':':<12} {call[key]}")
    output.line(
        f"{'state:':<12} {output.state(call['state'])}" + (" (ringing)" if call["ringing"] else "")
    )
    output.line(f"{'activity:':<12} {_activity(call)}")
    for key in ("created_at", "answered_at", "ended_at"):
        output.line(f"{key + ':':<12} {_time(call[key])}")
    if call.get("error_message"):
        output.line(f"{'error:':<12} {output.paint(call['error_message'], 'red')}")
    output.line()
    output.line(output.paint("timeline", "bold"))
    for item in timeline["events"]:
        output.line(_event_line(output, item))
        if item["kind"] == "webhook":
            for label, body in (("sent", "request"), ("reply", "response")):
                value = item["data"].get(f"{body}_json")
                text = (
                    json.dumps(value, indent=2)
                    if value is not None
                    else item["data"][f"{body}_body"]
                )
                if text:
                    output.line(output.paint(f"    {label}:", "dim"))
                    for body_line in text.splitlines():
                        output.line(f"      {body_line}")


def cmd_accounts(client: Client, output: Output, args: argparse.Namespace) -> None:
    accounts = [
        client.get(f"/accounts/{a['account_id']}") for a in client.get("/accounts")["accounts"]
    ]
    if output.as_json:
        output.json({"accounts": accounts})
        return
    output.table(
        ["ACCOUNT", "NAME", "NUMBERS", "BANDWIDTH LOGIN"],
        [
            [
                (a["account_id"], None),
                (a["name"], None),
                (" ".join(n["number"] for n in a["numbers"]) or "-", None),
                (f"{a['bandwidth']['username']} / {a['bandwidth']['password']}", None),
            ]
            for a in accounts
        ],
    )


def _print_call(output: Output, call: dict[str, Any], verb: str) -> None:
    if output.as_json:
        output.json(call)
    else:
        ringing = " (ringing)" if call["ringing"] else ""
        output.line(f"{call['call_id']}: {verb}; now {output.state(call['state'])}{ringing}")


def cmd_inbound(client: Client, output: Output, args: argparse.Namespace) -> None:
    body: dict[str, Any] = {"from": args.from_, "to": args.to}
    if args.hangup_after is not None:
        body["hangup_after"] = args.hangup_after
    call = client.request("POST", "/inbound-calls", body)
    _print_call(output, call, f"placed from {args.from_} to {args.to}")


def _far_end(action: str) -> Callable[[Client, Output, argparse.Namespace], None]:
    def command(client: Client, output: Output, args: argparse.Namespace) -> None:
        call = client.request("POST", f"/calls/{args.call_id}/{action}")
        _print_call(output, call, f"{action} sent")

    return command


def cmd_digits(client: Client, output: Output, args: argparse.Namespace) -> None:
    call = client.request("POST", f"/calls/{args.call_id}/digits", {"digits": args.digits})
    _print_call(output, call, f"pressed {args.digits}")


def cmd_sms(client: Client, output: Output, args: argparse.Namespace) -> None:
    body = {"from": args.from_, "to": [args.to], "text": args.text}
    result = client.request("POST", "/inbound-messages", body)
    if output.as_json:
        output.json(result)
        return
    for message in result["messages"]:
        output.line(f"{message['message_id']}: {args.from_} -> {args.to}: received")


def _clock_text(output: Output, clock: dict[str, Any]) -> str:
    rate = clock["rate"]
    pace = "manual (rate 0)" if rate == 0 else "real time" if rate == 1 else f"{rate:g}x"
    due = f", next due {_time(clock['next_due'])}" if clock.get("next_due") else ""
    return f"now {_time(clock['now'])}  {pace}  {clock['pending_timers']} pending timer(s){due}"


def cmd_clock(client: Client, output: Output, args: argparse.Namespace) -> None:
    if args.action is None:
        result = client.get("/clock")
    elif args.action == "advance":
        result = client.request("POST", "/clock/advance", {"seconds": _number(args, "seconds")})
    elif args.action == "idle":
        result = client.request("POST", "/clock/run-until-idle", {})
    else:
        result = client.request("PUT", "/clock/rate", {"rate": _number(args, "a rate")})
    if output.as_json:
        output.json(result)
    elif "clock" in result:
        stopped = f", stopped by {result['stopped_by']}" if result["stopped_by"] else ""
        output.line(
            f"fired {result['timers_fired']} timer(s) over {result['virtual_seconds']:g} virtual "
            f"second(s){stopped}"
        )
        output.line(_clock_text(output, result["clock"]))
    else:
        output.line(_clock_text(output, result))


def _number(args: argparse.Namespace, what: str) -> float:
    if args.value is None:
        raise CommandError(f"clock {args.action} needs {what}")
    try:
        return float(args.value)
    except ValueError:
        raise CommandError(f"clock {args.action}: not a number: {args.value!r}") from None


def cmd_ledger(client: Client, output: Output, args: argparse.Namespace) -> None:
    query = {"account_id": args.account, "call_id": args.call, "event_type": args.event_type}
    page = client.get("/webhooks", limit=args.limit, after_id=args.after, **query)
    rows = page["deliveries"]
    if output.as_json and not args.follow:
        output.json(page)
    elif not output.as_json:
        output.table(
            ["ID", "SENT", "CALL", "EVENT", "METHOD", "URL", "STATUS", "OUTCOME", "MS"],
            [
                [
                    (str(d["id"]), None),
                    (_time(d["sent_at"]), None),
                    (d["call_id"] or "-", None),
                    (d["event_type"], None),
                    (d["method"], None),
                    (d["url"], None),
                    (str(d["response_status"] or "-"), None),
                    (d["outcome"], _STATE_COLOURS.get(d["outcome"], "red")),
                    (f"{d['latency_ms']:.1f}", None),
                ]
                for d in rows
            ],
        )
        if page["has_more"]:
            output.line(output.paint(f"... more: --after {page['next_cursor']}", "dim"))
    if args.follow:
        ready = _heading(output, "-- following new attempts (Ctrl-C to stop) --")

        def keep(item: dict[str, Any]) -> bool:
            return args.event_type is None or item["data"]["event_type"] == args.event_type

        items = client.stream(ready, kind="webhook", account_id=args.account, call_id=args.call)
        _follow(output, items, keep)


# -- the parser -----------------------------------------------------------------------------

Command = Callable[[Client, Output, argparse.Namespace], None]


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--url",
        default=os.environ.get("EMULATOR_URL", DEFAULT_URL),
        help=f"the running emulator [EMULATOR_URL, default {DEFAULT_URL}]",
    )
    common.add_argument(
        "--token",
        default=os.environ.get("EMULATOR_CONTROL_TOKEN"),
        help="the server's control token, if it was started with one [EMULATOR_CONTROL_TOKEN]",
    )
    common.add_argument("--json", action="store_true", help="print the control API's JSON")
    parser = argparse.ArgumentParser(
        prog="telephony-emulator",
        description="Watch and drive a running telephony emulator (start one with "
        "`telephony-emulator serve`).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    handlers: dict[str, Command] = {}

    def command(name: str, handler: Command, help_: str) -> argparse.ArgumentParser:
        handlers[name] = handler
        return commands.add_parser(name, parents=[common], help=help_, description=help_)

    calls = command("calls", cmd_calls, "list calls, newest first; --live follows call events")
    calls.add_argument("--live", action="store_true", help="then print call events as they happen")
    calls.add_argument("--account", help="only this account's calls")
    calls.add_argument("--state", help="queued, initiated, answered, disconnected or live")
    calls.add_argument("--surface", help="only calls of this surface, e.g. bandwidth_voice_v2")
    calls.add_argument("--limit", type=int, default=50, help="how many (default 50)")

    call = command(
        "call", cmd_call, "one call: its state, activity and timeline of events and webhooks"
    )
    call.add_argument("call_id")

    command("accounts", cmd_accounts, "accounts with their numbers and Bandwidth login")

    inbound = command("inbound", cmd_inbound, "place a call from any number to an owned number")
    inbound.add_argument("from_", metavar="FROM")
    inbound.add_argument("to", metavar="TO")
    inbound.add_argument(
        "--hangup-after", type=float, help="the caller hangs up this long after answer"
    )

    for action, help_ in (
        ("answer", "the far end answers the ringing call"),
        ("reject", "the far end rejects the ringing call"),
        ("busy", "the far end is busy"),
        ("hangup", "the far end hangs up"),
    ):
        command(action, _far_end(action), help_).add_argument("call_id")

    digits = command("digits", cmd_digits, "the far end presses digits on an answered call")
    digits.add_argument("call_id")
    digits.add_argument("digits", help="0-9, *, #, A-D, e.g. 12#")

    sms = command("sms", cmd_sms, "send a text message from any number to an owned number")
    sms.add_argument("from_", metavar="FROM")
    sms.add_argument("to", metavar="TO")
    sms.add_argument("text")

    clock = command(
        "clock", cmd_clock, "show the virtual clock, or advance it, run it until idle, set its rate"
    )
    clock.add_argument("action", nargs="?", choices=["advance", "idle", "rate"])
    clock.add_argument("value", nargs="?", help="seconds to advance, or the rate")

    ledger = command(
        "ledger", cmd_ledger, "webhook delivery attempts, oldest first; --follow for new ones"
    )
    ledger.add_argument(
        "--follow", action="store_true", help="then print new attempts as they happen"
    )
    ledger.add_argument("--account", help="only this account's")
    ledger.add_argument("--call", help="only this call's")
    ledger.add_argument("--event-type", help="only this event type, e.g. answer")
    ledger.add_argument("--after", type=int, help="the next_cursor of the previous page")
    ledger.add_argument("--limit", type=int, default=100, help="how many (default 100)")
    return parser, handlers


#: The command names; ``cli.main`` hands argument lists starting with one of them here.
COMMANDS = (
    "calls",
    "call",
    "accounts",
    "inbound",
    "answer",
    "reject",
    "busy",
    "hangup",
    "digits",
    "sms",
    "clock",
    "ledger",
)


def run_command(argv: Sequence[str], out: TextIO | None = None) -> int:
    """Run one client command; every failure is one line on stderr and exit status 1."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    stream = out or sys.stdout
    colour = stream.isatty() and "NO_COLOR" not in os.environ and not args.json
    output = Output(as_json=args.json, colour=colour, out=stream)
    try:
        handlers[args.command](Client(args.url, args.token), output, args)
    except CommandError as error:
        print(f"telephony-emulator {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # how --live and --follow are stopped
        return 0
    except BrokenPipeError:  # piped into `head`
        return 0
    return 0
