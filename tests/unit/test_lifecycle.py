"""The lifecycle registry: load in order, reset as clear-drain-reseed, close in reverse."""

from __future__ import annotations

import pytest
from telephony_emulator.core.repositories import Durability
from telephony_emulator.lifecycle import Lifecycle


def recording_lifecycle(log: list[str]) -> Lifecycle:
    lifecycle = Lifecycle()
    for name in ("a", "b"):

        async def step(what: str, name: str = name) -> None:
            log.append(f"{what} {name}")

        lifecycle.register(
            name,
            Durability.WRITTEN_BEHIND,
            load=lambda step=step: step("load"),
            clear=lambda name=name: log.append(f"clear {name}"),
            drain=lambda step=step: step("drain"),
            reseed=lambda step=step: step("reseed"),
            close=lambda step=step: step("close"),
        )
    return lifecycle


async def test_startup_reset_and_shutdown_order() -> None:
    log: list[str] = []
    lifecycle = recording_lifecycle(log)
    await lifecycle.load()
    await lifecycle.reset()
    await lifecycle.close()
    assert log == [
        "load a",
        "load b",
        "clear a",
        "clear b",
        "drain a",
        "drain b",
        "reseed a",
        "reseed b",
        "close b",
        "close a",
    ]


async def test_every_store_is_closed_even_if_one_fails() -> None:
    closed: list[str] = []
    lifecycle = Lifecycle()

    async def fail() -> None:
        raise RuntimeError("boom")

    async def close() -> None:
        closed.append("first")

    lifecycle.register("first", Durability.COMMITTED, close=close)
    lifecycle.register("second", Durability.COMMITTED, close=fail)
    with pytest.raises(RuntimeError, match="boom"):
        await lifecycle.close()
    assert closed == ["first"]


def test_a_name_registers_once() -> None:
    lifecycle = Lifecycle()
    lifecycle.register("calls", Durability.MEMORY_ONLY)
    with pytest.raises(ValueError, match="calls"):
        lifecycle.register("calls", Durability.MEMORY_ONLY)
