"""Fixtures for Messaging v2 tests: the SDK's MessagesApi and MediaApi on a fresh account."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.specs import assert_matches

#: The spec schema of each callback type's event object.
CALLBACK_SCHEMAS = {
    "message-sending": "statusCallback",
    "message-delivered": "statusCallback",
    "message-failed": "statusCallback",
    "message-received": "inboundCallback",
}


@dataclass
class Messaging:
    """The SDK's messaging APIs on the test's account, its webhook inbox, and shortcuts."""

    emu: TelephonyEmulator
    hooks: WebhookInbox
    messages: bandwidth.MessagesApi
    media: bandwidth.MediaApi

    @property
    def account_id(self) -> str:
        return self.emu.account_id

    @property
    def application_id(self) -> str:
        return self.emu.application_id("messaging")

    @property
    def number(self) -> str:
        return self.emu.numbers[0]

    def send(self, to: list[str], text: str = "Hello", **fields: Any) -> bandwidth.Message:
        body = bandwidth.MessageRequest(
            application_id=self.application_id, to=to, var_from=self.number, text=text, **fields
        )
        return self.messages.create_message(self.account_id, body)

    def send_raw(self, to: list[str], text: str = "Hello", **fields: Any) -> dict[str, Any]:
        """createMessage through the SDK, answered as the JSON the emulator sent."""
        body = bandwidth.MessageRequest(
            application_id=self.application_id, to=to, var_from=self.number, text=text, **fields
        )
        response = self.messages.create_message_with_http_info(self.account_id, body)
        assert response.status_code == 202
        raw: dict[str, Any] = json.loads(response.raw_data)
        assert_matches("bandwidth.yml", "message", raw)
        return raw

    def run(self) -> dict[str, Any]:
        report = self.emu.run_until_idle()
        assert report["stopped_by"] is None, report
        return report

    def callbacks(self, path: str = "/status") -> list[dict[str, Any]]:
        """The event objects posted to ``path``, in order; each body is a one-element array
        whose event matches its spec schema."""
        found = []
        for hook in self.hooks.received:
            if hook.path != path:
                continue
            assert hook.method == "POST"
            body = hook.json
            assert isinstance(body, list)
            assert len(body) == 1
            assert_matches("bandwidth.yml", CALLBACK_SCHEMAS[body[0]["type"]], body[0])
            found.append(body[0])
        return found


@pytest.fixture
def messaging(
    telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> Iterator[Messaging]:
    telephony_emulator.update_application(
        "messaging",
        outbound_callback_url=telephony_webhooks.url_for("/status"),
        inbound_callback_url=telephony_webhooks.url_for("/inbound"),
    )
    config = telephony_emulator.bandwidth.sdk_configuration()
    with bandwidth.ApiClient(config) as client:
        yield Messaging(
            telephony_emulator,
            telephony_webhooks,
            bandwidth.MessagesApi(client),
            bandwidth.MediaApi(client),
        )
    telephony_emulator.run_until_idle()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Wire:
    """Raw requests to one account's Messaging API (exact bytes, bad input, bad credentials)."""

    emu: TelephonyEmulator
    prefix: str = "/api/v2"

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content_type: str | None = "application/json",
        auth: tuple[str, str] | bool | None = True,
        account_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """``path`` is below ``/users/{id}``; dict/list bodies are sent as JSON."""
        url = f"{self.emu.url}{self.prefix}/users/{account_id or self.emu.account_id}{path}"
        sent = dict(headers or {})
        data = json.dumps(body).encode() if isinstance(body, dict | list) else body
        if data is not None and content_type:
            sent["Content-Type"] = content_type
        if auth is True:
            login = self.emu.bandwidth
            auth = (login.username, login.password)
        if isinstance(auth, tuple):
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            sent["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def message_body(self, **fields: Any) -> dict[str, Any]:
        body = {
            "applicationId": self.emu.application_id("messaging"),
            "to": ["+15551230000"],
            "from": self.emu.numbers[0],
            "text": "Hello",
        }
        body.update(fields)
        return {name: value for name, value in body.items() if value is not None}


@pytest.fixture
def wire(messaging: Messaging) -> Wire:
    return Wire(messaging.emu)
