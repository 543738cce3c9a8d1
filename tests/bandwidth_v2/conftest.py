"""Fixtures for Voice v2 tests: the official SDK aimed at a fresh account, and call helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import bandwidth
import pytest

from pytest_plugin.control import TelephonyEmulator
from pytest_plugin.webhooks import WebhookInbox
from tests.specs import assert_matches

#: The spec schema of each voice event's body.
CALLBACK_SCHEMAS = {
    "answer": "answerCallback",
    "disconnect": "disconnectCallback",
    "dtmf": "dtmfCallback",
    "gather": "gatherCallback",
    "initiate": "initiateCallback",
    "machineDetectionComplete": "machineDetectionCompleteCallback",
    "redirect": "redirectCallback",
}


def assert_callback(payload: dict[str, Any]) -> None:
    """Validate a webhook body against the official spec's schema for its event type."""
    assert_matches("bandwidth.yml", CALLBACK_SCHEMAS[payload["eventType"]], payload)


@dataclass
class Voice:
    """The SDK's CallsApi on a fresh account, plus shortcuts the tests share."""

    emu: TelephonyEmulator
    hooks: WebhookInbox
    api: bandwidth.CallsApi

    @property
    def account_id(self) -> str:
        return self.emu.account_id

    def create_call(self, to: str = "+15551230000", **fields: Any) -> bandwidth.CreateCallResponse:
        """createCall through the SDK; answer and disconnect go to the test's inbox."""
        fields.setdefault("answer_url", self.hooks.url_for("/answer"))
        fields.setdefault("disconnect_url", self.hooks.url_for("/disconnect"))
        body = bandwidth.CreateCall(
            to=to,
            var_from=self.emu.numbers[0],
            application_id=self.emu.application_id(),
            **fields,
        )
        return self.api.create_call(self.account_id, body)

    def state(self, call_id: str) -> bandwidth.CallState:
        return self.api.get_call_state(self.account_id, call_id)

    def run(self) -> dict[str, Any]:
        """Run the simulation until nothing is scheduled; fail if a limit stopped it."""
        report = self.emu.run_until_idle()
        assert report["stopped_by"] is None, report
        return report


@pytest.fixture
def voice(
    telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> Iterator[Voice]:
    config = telephony_emulator.bandwidth.sdk_configuration()
    with bandwidth.ApiClient(config) as client:
        yield Voice(telephony_emulator, telephony_webhooks, bandwidth.CallsApi(client))
