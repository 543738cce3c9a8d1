"""The lifecycle registry: load in order, reset as clear-drain-reseed, close in reverse."""

from __future__ import annotations

from pathlib import Path

import pytest
from telephony_emulator import keys
from telephony_emulator.app import create_app
from telephony_emulator.core.repositories import Durability
from telephony_emulator.lifecycle import Lifecycle
from telephony_emulator.settings import Settings


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


async def test_readme_declares_the_durability_of_every_registered_store() -> None:
    """README.md "## Durability" has a row per store, saying what its registration says."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme.split("\n## Durability\n", 1)[1].split("\n## ", 1)[0]
    rows = {
        cells[0]: cells[1]
        for line in section.splitlines()
        if line.startswith("| ")
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    app = create_app(Settings(in_memory=True, clock_rate=0.0))
    declared = {
        store.name: store.durability.value
        for store in app[keys.LIFECYCLE].stores
        if store.name != "database"
    }
    assert {name: rows.get(name) for name in declared} == declared
