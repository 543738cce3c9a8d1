"""One registry of everything with a stored lifecycle: load at startup, clear on reset, close.

Each store registers once, where it is built. Startup loads in registration order, reset
clears every store (forgetting what memory holds and writes not yet started), waits for writes
already under way, then reseeds; shutdown closes in reverse registration order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from telephony_emulator.core.repositories import Durability


@dataclass(frozen=True)
class Registration:
    """One store's hooks; any may be absent. ``drain`` waits for its pending writes."""

    name: str
    durability: Durability
    load: Callable[[], Awaitable[object]] | None = None
    clear: Callable[[], object] | None = None
    drain: Callable[[], Awaitable[object]] | None = None
    reseed: Callable[[], Awaitable[object]] | None = None
    close: Callable[[], Awaitable[object]] | None = None


class Store(Protocol):
    """A store kept in memory with a durable copy: loaded, cleared and closed (its writes
    drained) the same way by every owner."""

    async def load(self) -> None: ...

    def clear(self) -> None: ...

    async def close(self) -> None: ...


class Lifecycle:
    """The registered stores, in registration order."""

    def __init__(self) -> None:
        self._stores: list[Registration] = []

    def register(
        self,
        name: str,
        durability: Durability,
        *,
        load: Callable[[], Awaitable[object]] | None = None,
        clear: Callable[[], object] | None = None,
        drain: Callable[[], Awaitable[object]] | None = None,
        reseed: Callable[[], Awaitable[object]] | None = None,
        close: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        if any(store.name == name for store in self._stores):
            raise ValueError(f"{name} is registered already")
        self._stores.append(Registration(name, durability, load, clear, drain, reseed, close))

    def register_store(self, name: str, durability: Durability, store: Store) -> None:
        """A :class:`Store`: its ``close`` drains on reset and closes on shutdown."""
        self.register(
            name,
            durability,
            load=store.load,
            clear=store.clear,
            drain=store.close,
            close=store.close,
        )

    @property
    def stores(self) -> list[Registration]:
        return list(self._stores)

    async def load(self) -> None:
        for store in self._stores:
            if store.load is not None:
                await store.load()

    async def reset(self) -> None:
        """Clear every store, wait out the writes under way, then reseed (in order)."""
        for store in self._stores:
            if store.clear is not None:
                store.clear()
        for store in self._stores:
            if store.drain is not None:
                await store.drain()
        for store in self._stores:
            if store.reseed is not None:
                await store.reseed()

    async def close(self) -> None:
        """Close in reverse order; every store is closed even if one fails."""
        errors: list[BaseException] = []
        for store in reversed(self._stores):
            if store.close is None:
                continue
            try:
                await store.close()
            except Exception as error:
                errors.append(error)
        if errors:
            raise errors[0]
