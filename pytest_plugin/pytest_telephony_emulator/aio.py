"""Awaitable twins of the control client and the per-test handle, for ``async def`` tests."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from pytest_telephony_emulator.control import ControlClient, TelephonyEmulator

S = TypeVar("S")


class _Awaitable(Generic[S]):
    """Every method of the wrapped object, awaitable; its other attributes as they are.

    Each call runs in a worker thread, so the test's event loop keeps serving while the control
    API works: an app under test on that loop (pytest-aiohttp's ``aiohttp_server``, an anyio
    test) can answer the webhooks the call makes meanwhile. One implementation serves both
    flavours, so the two surfaces cannot drift apart.
    """

    def __init__(self, sync: S) -> None:
        self.sync = sync

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.sync, name)
        if name.startswith("_") or not callable(value):
            return value

        @functools.wraps(value)
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await asyncio.to_thread(value, *args, **kwargs)

        return call

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.sync!r})"


class AsyncControlClient(_Awaitable[ControlClient]):
    """:class:`ControlClient` with every method awaitable (``await control.health()``)."""


class AsyncTelephonyEmulator(_Awaitable[TelephonyEmulator]):
    """:class:`TelephonyEmulator` with every method awaitable (``await emu.run_until_idle()``);
    properties (``bandwidth``, ``numbers``, ``account_id``...) read as they are."""


def awaitable(function: Callable[..., S]) -> Callable[..., Coroutine[Any, Any, S]]:
    """Any blocking helper (an SDK call) made awaitable the same way."""

    @functools.wraps(function)
    async def call(*args: Any, **kwargs: Any) -> S:
        return await asyncio.to_thread(function, *args, **kwargs)

    return call
