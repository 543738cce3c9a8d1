"""Fixtures for Catapult v1 tests: the v1 Python SDK and the npm node-bandwidth client aimed at
the test's account."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError, SdkWorker, install_sdk
from tests.bandwidth_v1.node_sdk import NodeClient, NodeWorker
from tests.bandwidth_v1.node_sdk import install_sdk as install_node_sdk


@pytest.fixture(scope="session")
def catapult_worker() -> Iterator[SdkWorker]:
    worker = SdkWorker(install_sdk())
    yield worker
    worker.close()


@pytest.fixture
def catapult(telephony_emulator: TelephonyEmulator, catapult_worker: SdkWorker) -> Catapult:
    """The v1 SDK's voice, account and messaging clients on the test's fresh account."""
    return Catapult.of(catapult_worker, telephony_emulator.catapult)


@pytest.fixture(scope="session")
def node_worker() -> Iterator[NodeWorker]:
    worker = NodeWorker(install_node_sdk())
    yield worker
    worker.close()


@pytest.fixture
def catapult_node(telephony_emulator: TelephonyEmulator, node_worker: NodeWorker) -> NodeClient:
    """The npm ``node-bandwidth`` client on the test's fresh account."""
    return NodeClient(node_worker, telephony_emulator.catapult)


@pytest.fixture
def catapult_hang_up(catapult: Catapult, telephony_emulator: TelephonyEmulator) -> Iterator[None]:
    """After the test, end every call of its account that is still up, so no ringing timeout
    or far-end timer of it moves a later test's run-until-idle (the server is shared)."""
    yield
    for call in catapult.voice.list_calls(size=1000):
        if call["state"] in ("started", "active", "transferring"):
            with contextlib.suppress(CatapultError):  # it ended meanwhile
                catapult.voice.hangup_call(call["id"])
    telephony_emulator.advance(0)
