"""Fixtures for Catapult v1 tests: the v1 Python SDK aimed at the test's account."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_telephony_emulator.control import TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, SdkWorker, install_sdk


@pytest.fixture(scope="session")
def catapult_worker() -> Iterator[SdkWorker]:
    worker = SdkWorker(install_sdk())
    yield worker
    worker.close()


@pytest.fixture
def catapult(telephony_emulator: TelephonyEmulator, catapult_worker: SdkWorker) -> Catapult:
    """The v1 SDK's voice, account and messaging clients on the test's fresh account."""
    return Catapult.of(catapult_worker, telephony_emulator.catapult)
