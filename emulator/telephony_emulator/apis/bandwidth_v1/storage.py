"""How Catapult's records are stored: one codec per record on the generic repository."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from types import UnionType
from typing import Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from telephony_emulator.apis.bandwidth_v1.model import (
    Domain,
    Endpoint,
    MessageOptions,
    NumberRecord,
    Transaction,
    UserError,
)
from telephony_emulator.core.memory_store import MemoryStore, Stored
from telephony_emulator.core.repositories import Durability
from telephony_emulator.iso_time import from_stored, to_stored
from telephony_emulator.storage import tables
from telephony_emulator.storage.codecs import Row
from telephony_emulator.storage.db import Database
from telephony_emulator.storage.repository import Repository
from telephony_emulator.storage.tables import Table

S = TypeVar("S", bound=Stored)
_COLUMNS = ("id", "account_id", "created_at")


class RecordCodec(Generic[S]):
    """A flat dataclass as ``{id, account_id, created_at, data}``: the other fields go in
    ``data``, times as ISO text, amounts as decimal strings, pairs as lists."""

    def __init__(self, cls: type[S]) -> None:
        self._cls = cls
        hints = get_type_hints(cls)
        self._fields = [
            (item.name, hints[item.name])
            for item in dataclasses.fields(cls)  # type: ignore[arg-type]
            if item.name not in _COLUMNS
        ]

    def key(self, item: S) -> str:
        return item.id

    def to_row(self, item: S) -> Row:
        data = {name: _encode(getattr(item, name)) for name, _ in self._fields}
        row: Row = {name: getattr(item, name) for name in _COLUMNS}
        return row | {"data": data}

    def from_row(self, row: Row) -> S:
        values: dict[str, Any] = {name: row[name] for name in _COLUMNS}
        data = row["data"]
        for name, hint in self._fields:
            if name in data:
                values[name] = _decode(data[name], hint)
        return self._cls(**values)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_stored(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any, hint: Any) -> Any:
    """``value`` as :func:`_encode` wrote it, back to the field's type (``X | None`` too)."""
    if value is None:
        return None
    if get_origin(hint) in (Union, UnionType):
        hint = next(arg for arg in get_args(hint) if arg is not type(None))
    origin, args = get_origin(hint), get_args(hint)
    if hint is datetime:
        return from_stored(value)
    if hint is Decimal:
        return Decimal(value)
    if origin is dict and args[1:] == (datetime,):
        return {key: from_stored(item) for key, item in value.items()}
    if origin is list and args and get_origin(args[0]) is tuple:
        return [tuple(item) for item in value]
    return value


class RecordStore(MemoryStore[S]):
    """Records served from memory, each change handed to the repository; ``save`` waits for
    the commit (for resources answered after commit), ``changed`` writes behind."""

    async def load(self) -> None:
        await self.load_items()

    def all(self) -> list[S]:
        return list(self._by_id.values())

    def add(self, item: S) -> None:
        self._number(item)

    async def save(self, item: S) -> None:
        await self._write(item, awaited=True)

    def changed(self, item: S) -> None:
        self._write(item)


def store(db: Database, table: Table, cls: type[S], durability: Durability) -> RecordStore[S]:
    return RecordStore(Repository(db, table, RecordCodec(cls), durability))


def number_store(db: Database) -> RecordStore[NumberRecord]:
    return store(db, tables.CATAPULT_NUMBERS, NumberRecord, Durability.COMMITTED)


def domain_store(db: Database) -> RecordStore[Domain]:
    return store(db, tables.CATAPULT_DOMAINS, Domain, Durability.COMMITTED)


def endpoint_store(db: Database) -> RecordStore[Endpoint]:
    return store(db, tables.CATAPULT_ENDPOINTS, Endpoint, Durability.COMMITTED)


def transaction_store(db: Database) -> RecordStore[Transaction]:
    return store(db, tables.CATAPULT_TRANSACTIONS, Transaction, Durability.WRITTEN_BEHIND)


def error_store(db: Database) -> RecordStore[UserError]:
    return store(db, tables.CATAPULT_ERRORS, UserError, Durability.WRITTEN_BEHIND)


def message_store(db: Database) -> RecordStore[MessageOptions]:
    return store(db, tables.CATAPULT_MESSAGES, MessageOptions, Durability.COMMITTED)
