"""Sends webhooks off the request path: method, credentials, timeout, retries, fallback, order.

API surfaces build a :class:`WebhookRequest` (their payload shapes live in their own
``callbacks.py``) and call :meth:`WebhookDispatcher.send`. Deliveries sharing a ``call_id``
go out strictly one after another, in the order they were sent. Every attempt is written to
the ledger before the delivery moves on.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import os
import time
from collections import deque
from collections.abc import Mapping
from typing import Any, Literal

import aiohttp
from yarl import URL

from telephony_emulator.basic_auth import encode_basic
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.scheduler import Scheduler
from telephony_emulator.ids import IdFactory
from telephony_emulator.webhooks.ledger import Ledger
from telephony_emulator.webhooks.models import (
    Attempt,
    DeliveryOutcome,
    Endpoint,
    Failure,
    Reply,
    WebhookRequest,
)

#: Reply bodies are kept (in the outcome and the ledger) up to this many bytes.
MAX_REPLY_BYTES = 64 * 1024
USER_AGENT = "telephony-emulator"

_Pending = tuple[WebhookRequest, "asyncio.Future[DeliveryOutcome]"]


class WebhookDispatcher:
    """Delivers webhooks with one shared HTTP client session (opened by :meth:`start`)."""

    def __init__(
        self, ledger: Ledger, scheduler: Scheduler, clock: VirtualClock, ids: IdFactory
    ) -> None:
        self._http: aiohttp.ClientSession | None = None
        self._ledger = ledger
        self._scheduler = scheduler
        self._clock = clock
        self._ids = ids
        self._queues: dict[str, deque[_Pending]] = {}

    async def start(self) -> None:
        """Open the HTTP client (it needs the running loop).

        TLS certificates of receivers are not verified: test receivers use self-signed ones.
        """
        self._http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=100, ssl=False),
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    def send(self, request: WebhookRequest) -> asyncio.Future[DeliveryOutcome]:
        """Queue a delivery; the future completes with its outcome (it never raises)."""
        future: asyncio.Future[DeliveryOutcome] = asyncio.get_running_loop().create_future()
        key = request.call_id
        if key is None:
            self._scheduler.spawn(self._complete(request, future), name="webhook")
            return future
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = deque()
            self._scheduler.spawn(self._drain(key, queue), name=f"webhooks {key}")
        queue.append((request, future))
        return future

    async def deliver(self, request: WebhookRequest) -> DeliveryOutcome:
        """Send and wait for the outcome."""
        return await self.send(request)

    async def _drain(self, key: str, queue: deque[_Pending]) -> None:
        try:
            while queue:
                request, future = queue[0]
                await self._complete(request, future)
                queue.popleft()
        finally:
            del self._queues[key]
            for _, future in queue:
                future.cancel()

    async def _complete(
        self, request: WebhookRequest, future: asyncio.Future[DeliveryOutcome]
    ) -> None:
        try:
            outcome = await self._deliver(request)
        except Exception as error:  # a bug must reach the caller, not leave it waiting forever
            if not future.done():
                future.set_exception(error)
            raise
        if not future.done():
            future.set_result(outcome)

    async def _deliver(self, request: WebhookRequest) -> DeliveryOutcome:
        delivery_id = self._ids.uuid()
        attempt = 0
        last: tuple[Failure, str] | None = None
        used_fallback = False
        targets: list[tuple[Literal["primary", "fallback"], Endpoint | None]] = [
            ("primary", request.primary),
            ("fallback", request.fallback),
        ]
        for target, endpoint in targets:
            if endpoint is None:
                continue
            used_fallback = target == "fallback"
            tries = 0
            while True:
                attempt += 1
                tries += 1
                reply, failure, error = await self._attempt(
                    request, endpoint, target, attempt, delivery_id
                )
                if failure is None:
                    return DeliveryOutcome(delivery_id, reply, None, None, attempt, used_fallback)
                last = (failure, error or failure.value)
                if not request.retry.allows_retry(failure, tries):
                    break
                delay = request.retry.delay_before(tries)
                if delay > 0:
                    await self._scheduler.sleep(delay)
        assert last is not None
        return DeliveryOutcome(delivery_id, None, last[0], last[1], attempt, used_fallback)

    async def _attempt(
        self,
        request: WebhookRequest,
        endpoint: Endpoint,
        target: Literal["primary", "fallback"],
        attempt: int,
        delivery_id: str,
    ) -> tuple[Reply | None, Failure | None, str | None]:
        headers = {"User-Agent": USER_AGENT, **request.headers}
        params: dict[str, str] | None = None
        body = ""
        if endpoint.method == "GET":
            params = _query_params(request.payload)
        else:
            body = json.dumps(request.payload, separators=(",", ":"))
            headers.setdefault("Content-Type", "application/json")
        if endpoint.auth is not None:
            headers["Authorization"] = encode_basic(endpoint.auth.username, endpoint.auth.password)
        url = str(URL(endpoint.url).update_query(params)) if params else endpoint.url
        sent_at = self._clock.now()
        started = time.perf_counter()
        reply: Reply | None = None
        failure: Failure | None = None
        error: str | None = None
        assert self._http is not None, "WebhookDispatcher.start() was not awaited"
        try:
            async with self._http.request(
                endpoint.method,
                url,
                data=body.encode() if body else None,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=request.timeout),
                allow_redirects=False,
            ) as response:
                raw, truncated = await _read_bounded(response)
                text, decode_error = _decode(raw, response.charset or "utf-8")
                reply = Reply(
                    response.status,
                    dict(response.headers),
                    text,
                    endpoint.url,
                    truncated=truncated,
                    decode_error=None if truncated else decode_error,
                )
        except TimeoutError:
            failure, error = Failure.TIMEOUT, f"no reply within {request.timeout:g} s"
        except aiohttp.ClientConnectorError as exc:
            code = exc.os_error.errno
            reason = os.strerror(code) if code else type(exc.os_error).__name__
            failure, error = (
                Failure.CONNECTION_ERROR,
                f"cannot connect to {exc.host}:{exc.port}: {reason}",
            )
        except aiohttp.ClientConnectionError as exc:
            failure, error = Failure.CONNECTION_ERROR, str(exc) or type(exc).__name__
        except (aiohttp.ClientError, ValueError) as exc:
            failure, error = Failure.CONNECTION_ERROR, f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - started) * 1000
        if reply is not None:
            if not 200 <= reply.status < 300:
                failure, error = Failure.HTTP_STATUS, f"the receiver answered {reply.status}"
            elif request.validate_reply is not None:
                refusal = request.validate_reply(reply)
                if refusal is not None:
                    failure, error = Failure.INVALID_REPLY, refusal
        self._ledger.record(
            Attempt(
                delivery_id=delivery_id,
                account_id=request.account_id,
                call_id=request.call_id,
                surface=request.surface,
                event_type=request.event_type,
                target=target,
                attempt=attempt,
                url=url,
                method=endpoint.method,
                request_headers=headers,
                request_body=body,
                response_status=reply.status if reply else None,
                response_headers=dict(reply.headers) if reply else None,
                response_body=reply.body if reply else None,
                latency_ms=round(latency_ms, 3),
                outcome=failure.value if failure else "delivered",
                error=error,
                sent_at=sent_at,
            )
        )
        return (reply if failure is None else None), failure, error


async def _read_bounded(response: aiohttp.ClientResponse) -> tuple[bytes, bool]:
    """At most MAX_REPLY_BYTES of the body, and whether there was more (left unread)."""
    body = bytearray()
    async for chunk in response.content.iter_chunked(16 * 1024):
        body += chunk[: MAX_REPLY_BYTES + 1 - len(body)]
        if len(body) > MAX_REPLY_BYTES:
            return bytes(body[:MAX_REPLY_BYTES]), True
    return bytes(body), False


def _decode(raw: bytes, charset: str) -> tuple[str, str | None]:
    """The text (undecodable bytes replaced, for the ledger) and why it is not clean text."""
    try:
        codecs.lookup(charset)
    except LookupError:
        return raw.decode("utf-8", errors="replace"), f"the reply's charset {charset} is unknown"
    try:
        return raw.decode(charset), None
    except UnicodeDecodeError as error:
        problem = (
            f"the reply is not valid {charset} text "
            f"(byte 0x{raw[error.start]:02x} at position {error.start})"
        )
        return raw.decode(charset, errors="replace"), problem


def _query_params(payload: Mapping[str, Any] | Any) -> dict[str, str]:
    if not isinstance(payload, Mapping):
        raise TypeError("GET webhooks need a flat mapping payload")
    params = {}
    for key, value in payload.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params[key] = "true" if value else "false"
        elif isinstance(value, Mapping | list):
            params[key] = json.dumps(value, separators=(",", ":"))  # nested objects stay JSON
        else:
            params[key] = str(value)
    return params
