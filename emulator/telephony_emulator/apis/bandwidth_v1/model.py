"""Catapult's own records (numbers' extras, domains, endpoints, transactions, user errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass
class NumberRecord:
    """A number allocated through Catapult. Ownership, name and application are the core's
    ``OwnedNumber`` (one source for every surface); this keeps what only Catapult shows."""

    id: str
    account_id: str
    number: str
    created_at: datetime
    city: str
    state: str
    price: str
    fallback_number: str | None = None
    released: bool = False
    released_at: datetime | None = None
    seq: int = 0

    @property
    def number_state(self) -> str:
        return "released" if self.released else "enabled"


@dataclass
class Domain:
    id: str
    account_id: str
    name: str
    created_at: datetime
    description: str | None = None
    deleted: bool = False
    seq: int = 0


@dataclass
class Endpoint:
    id: str
    account_id: str
    domain_id: str
    name: str
    created_at: datetime
    password: str
    description: str | None = None
    application_id: str | None = None
    enabled: bool = True
    #: Auth tokens by value, with their expiry.
    tokens: dict[str, datetime] = field(default_factory=dict)
    deleted: bool = False
    seq: int = 0


@dataclass
class Transaction:
    """One line of the account's statement; ``amount`` is positive for charges."""

    id: str
    account_id: str
    created_at: datetime
    type: str  # charge, payment, credit, auto-recharge
    amount: Decimal
    units: int = 1
    product_type: str | None = None
    number: str | None = None
    resource_id: str | None = None
    seq: int = 0


@dataclass
class UserError:
    """An asynchronous failure shown by ``/errors``; ``details`` are ``(name, value)`` pairs."""

    id: str
    account_id: str
    created_at: datetime
    category: str
    code: str
    message: str
    details: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, value)
    seq: int = 0


@dataclass
class MessageOptions:
    """What a Catapult message has beyond the core's message (same id): where its events go
    and which delivery receipts were asked for."""

    id: str
    account_id: str
    created_at: datetime
    receipt_requested: str = "none"  # none, all, error
    callback_url: str | None = None
    callback_http_method: str = "POST"
    callback_timeout: int | None = None  # ms
    fallback_url: str | None = None
    seq: int = 0
