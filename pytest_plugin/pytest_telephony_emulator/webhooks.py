"""A local webhook receiver: records every request and answers with replies the test programs.

One HTTP server runs per test session; each test gets an :class:`WebhookInbox` with a URL prefix
of its own, so tests never see each other's webhooks.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class ReceivedWebhook:
    """One request the receiver got."""

    method: str
    path: str  # below the inbox's URL, e.g. "/answer"
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    @property
    def json(self) -> Any:
        """The JSON body, or None when the body is not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    @property
    def payload(self) -> dict[str, Any]:
        """The event's fields: the JSON object of a POST, or the query of a GET."""
        body = self.json
        if isinstance(body, dict):
            return body
        if isinstance(body, list) and body and isinstance(body[0], dict):
            return body[0]
        return dict(self.query)

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every event object of the body: Messaging sends a JSON array of them."""
        body = self.json
        if isinstance(body, list):
            return [item for item in body if isinstance(item, dict)]
        return [self.payload]

    @property
    def event_type(self) -> str | None:
        """Bandwidth v2 ``eventType``, Catapult ``eventType`` or Messaging ``type``."""
        payload = self.payload
        value = payload.get("eventType", payload.get("type"))
        return None if value is None else str(value)

    def describe(self) -> str:
        return f"{self.method} {self.path} event={self.event_type}"


@dataclass(frozen=True)
class Reply:
    """What the receiver answers; ``delay`` (real seconds) is for callback-timeout tests."""

    body: str | bytes = ""  # bytes are sent as they are (e.g. to test an undecodable reply)
    status: int = 204
    content_type: str = "application/xml"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


ReplyRule = Callable[[ReceivedWebhook], Reply | None]


class WebhookInbox:
    """The webhooks of one test. Point callback URLs at :attr:`url` (or :meth:`url_for`)."""

    def __init__(self, receiver: WebhookReceiver, name: str) -> None:
        self._receiver = receiver
        self.name = name
        self.url = f"{receiver.base_url}/{name}"
        self._received: list[ReceivedWebhook] = []
        self._rules: list[ReplyRule] = []
        self._changed = threading.Condition()

    def url_for(self, path: str = "") -> str:
        """An absolute URL below this inbox, e.g. ``url_for("/answer")``."""
        return self.url + ("/" + path.lstrip("/") if path else "")

    @property
    def received(self) -> list[ReceivedWebhook]:
        with self._changed:
            return list(self._received)

    def reply(
        self,
        body: str | bytes = "",
        *,
        status: int | None = None,
        content_type: str = "application/xml",
        event_type: str | None = None,
        path: str | None = None,
        delay: float = 0.0,
        times: int | None = None,
    ) -> None:
        """Answer matching requests (by event type and/or path) with ``body``.

        Rules added later win. ``times`` limits how often the rule answers. Unmatched requests
        get an empty 204.
        """
        answer = Reply(body, status or (200 if body else 204), content_type, {}, delay)
        remaining = [times]

        def rule(request: ReceivedWebhook) -> Reply | None:
            if event_type is not None and request.event_type != event_type:
                return None
            if path is not None and request.path != "/" + path.lstrip("/"):
                return None
            if remaining[0] is not None:
                if remaining[0] <= 0:
                    return None
                remaining[0] -= 1
            return answer

        self.reply_with(rule)

    def reply_with(self, rule: ReplyRule) -> None:
        """Answer with whatever ``rule(request)`` returns (None passes to older rules)."""
        with self._changed:
            self._rules.insert(0, rule)

    def wait_for(
        self,
        event_type: str | None = None,
        *,
        count: int = 1,
        path: str | None = None,
        predicate: Callable[[ReceivedWebhook], bool] | None = None,
        timeout: float = 10.0,
    ) -> list[ReceivedWebhook]:
        """Wait (real time, at most ``timeout`` s) until ``count`` matching webhooks arrived.

        Returns the matches; fails the test listing everything that did arrive.
        """

        def matches() -> list[ReceivedWebhook]:
            return [
                item
                for item in self._received
                if (event_type is None or item.event_type == event_type)
                and (path is None or item.path == "/" + path.lstrip("/"))
                and (predicate is None or predicate(item))
            ]

        deadline = time.monotonic() + timeout
        with self._changed:
            found = matches()
            while len(found) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    arrived = "\n  ".join(item.describe() for item in self._received) or "nothing"
                    wanted = f"{count} webhook(s)" + (
                        f" of type {event_type}" if event_type else ""
                    )
                    raise AssertionError(
                        f"waited {timeout:g} s for {wanted}"
                        + (f" at {path}" if path else "")
                        + f", got {len(found)}; the inbox received:\n  {arrived}"
                    )
                self._changed.wait(remaining)
                found = matches()
            return found

    def event_types(self) -> list[str | None]:
        """The event types received so far, in arrival order."""
        return [item.event_type for item in self.received]

    def clear(self) -> None:
        with self._changed:
            self._received.clear()

    def close(self) -> None:
        self._receiver.remove(self.name)

    def _record(self, request: ReceivedWebhook) -> Reply:
        with self._changed:
            self._received.append(request)
            rules = list(self._rules)
            self._changed.notify_all()
        for rule in rules:
            answer = rule(request)
            if answer is not None:
                return answer
        return Reply()


class WebhookReceiver:
    """The HTTP server behind every inbox of a session, on an ephemeral loopback port."""

    def __init__(self, host: str = "127.0.0.1", advertised_host: str | None = None) -> None:
        self._inboxes: dict[str, WebhookInbox] = {}
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, 0), _handler_for(self))
        self._server.daemon_threads = True
        port = self._server.server_address[1]
        self.base_url = f"http://{advertised_host or host}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="telephony-webhooks", daemon=True
        )
        self._thread.start()

    def inbox(self) -> WebhookInbox:
        with self._lock:
            inbox = WebhookInbox(self, f"hooks-{next(self._names)}")
            self._inboxes[inbox.name] = inbox
        return inbox

    def remove(self, name: str) -> None:
        with self._lock:
            self._inboxes.pop(name, None)

    def find(self, name: str) -> WebhookInbox | None:
        with self._lock:
            return self._inboxes.get(name)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_for(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Head and body go out in two writes; with Nagle on, a kept-alive connection then
        # waits for the client's delayed ACK (~40 ms) on every reply.
        disable_nagle_algorithm = True

        def _handle(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            name, _, rest = parsed.path.lstrip("/").partition("/")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            inbox = receiver.find(name)
            if inbox is None:
                self._send(Reply("unknown inbox", 404, "text/plain"))
                return
            request = ReceivedWebhook(
                method=self.command,
                path="/" + rest,
                query=dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)),
                headers=dict(self.headers.items()),
                body=body,
            )
            self._send(inbox._record(request))

        def _send(self, reply: Reply) -> None:
            if reply.delay:
                time.sleep(reply.delay)
            data = reply.body if isinstance(reply.body, bytes) else reply.body.encode()
            try:
                self.send_response(reply.status)
                if data:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the emulator gave up waiting (a timeout test); nothing to answer

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
