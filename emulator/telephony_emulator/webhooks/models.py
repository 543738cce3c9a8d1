"""What the webhook dispatcher is asked to send, and what it reports back."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal


class Failure(enum.StrEnum):
    """Why one attempt failed."""

    CONNECTION_ERROR = "connection_error"
    TIMEOUT = "timeout"
    HTTP_STATUS = "http_status"  # the receiver answered with a status outside 2xx
    INVALID_REPLY = "invalid_reply"  # 2xx, but the caller's validator refused the body


@dataclass(frozen=True)
class BasicAuth:
    username: str
    password: str


def basic_auth(username: str | None, password: str | None) -> BasicAuth | None:
    """Credentials to send, or None when neither part is configured."""
    if username is None and password is None:
        return None
    return BasicAuth(username or "", password or "")


@dataclass(frozen=True)
class Endpoint:
    """One place a webhook can go: the primary URL or its fallback."""

    url: str
    method: Literal["POST", "GET"] = "POST"
    auth: BasicAuth | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How many extra attempts each endpoint gets, and after which failures."""

    retries: int = 0
    retry_on: frozenset[Failure] = frozenset({Failure.CONNECTION_ERROR})
    #: Virtual seconds to wait before each retry (the n-th retry waits ``delays[n-1]``, the
    #: last one repeating); empty: retry at once.
    delays: tuple[float, ...] = ()

    def allows_retry(self, failure: Failure, attempts_made: int) -> bool:
        return failure in self.retry_on and attempts_made <= self.retries

    def delay_before(self, retry: int) -> float:
        """Virtual seconds before retry number ``retry`` (from 1)."""
        if not self.delays:
            return 0.0
        return self.delays[min(retry, len(self.delays)) - 1]


def backoff(first: float, cap: float, within: float) -> tuple[float, ...]:
    """Delays doubling from ``first`` up to ``cap`` each, as many as fit in ``within`` seconds."""
    delays: list[float] = []
    delay, total = first, 0.0
    while total + delay <= within:
        delays.append(delay)
        total += delay
        delay = min(delay * 2, cap)
    return tuple(delays)


NO_RETRY = RetryPolicy()
#: Bandwidth: "a webhook is retried once on a connection error" (reference bandwidth-v2.md §3).
RETRY_ONCE_ON_CONNECTION_ERROR = RetryPolicy(retries=1)


@dataclass(frozen=True)
class Reply:
    """The receiver's answer; ``url`` is where it came from (relative BXML URLs resolve on it).

    ``body`` holds at most the dispatcher's limit; ``truncated`` says the reply was longer.
    ``decode_error`` says why the bytes were not clean text in their charset (``body`` then has
    replacement characters).
    """

    status: int
    headers: Mapping[str, str]
    body: str
    url: str
    truncated: bool = False
    decode_error: str | None = None

    @property
    def size(self) -> int | None:
        """The size of a truncated body, when its Content-Length says."""
        if not self.truncated:
            return len(self.body.encode())
        length = next((v for k, v in self.headers.items() if k.lower() == "content-length"), "")
        return int(length) if length.isascii() and length.isdigit() else None


ReplyValidator = Callable[[Reply], str | None]


@dataclass(frozen=True)
class WebhookRequest:
    """One webhook to deliver. POST sends ``payload`` as JSON; GET sends it as query parameters."""

    event_type: str
    payload: Mapping[str, Any] | Sequence[Any]
    primary: Endpoint
    surface: str
    account_id: str | None = None
    call_id: str | None = None  # deliveries with the same call id go out one at a time, in order
    fallback: Endpoint | None = None
    timeout: float = 15.0  # real seconds: the receiver is a real process
    retry: RetryPolicy = NO_RETRY
    headers: Mapping[str, str] = field(default_factory=dict)
    validate_reply: ReplyValidator | None = None  # returns an error text to refuse a 2xx reply


@dataclass(frozen=True)
class DeliveryOutcome:
    """The end of a delivery: the accepted reply, or the last failure."""

    delivery_id: str
    reply: Reply | None
    failure: Failure | None
    error: str | None
    attempts: int
    used_fallback: bool

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt, as written to the ledger."""

    delivery_id: str
    account_id: str | None
    call_id: str | None
    surface: str
    event_type: str
    target: Literal["primary", "fallback"]
    attempt: int
    url: str
    method: str
    request_headers: dict[str, str]
    request_body: str
    response_status: int | None
    response_headers: dict[str, str] | None
    response_body: str | None
    latency_ms: float
    outcome: str  # "delivered" or a Failure value
    error: str | None
    sent_at: datetime
