"""The pytest11 entry point: options and ``telephony_*`` fixtures (heavy imports stay lazy)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from telephony_emulator.settings import Settings

    from pytest_telephony_emulator.control import ControlClient, TelephonyEmulator
    from pytest_telephony_emulator.webhooks import WebhookInbox, WebhookReceiver

URL_ENV = "TELEPHONY_EMULATOR_URL"
TOKEN_ENV = "TELEPHONY_EMULATOR_TOKEN"
WEBHOOK_HOST_ENV = "TELEPHONY_WEBHOOK_HOST"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("telephony-emulator")
    group.addoption(
        "--telephony-emulator-url",
        dest="telephony_emulator_url",
        default=None,
        help=f"use the emulator already running at this URL instead of starting one in-process "
        f"(also ${URL_ENV} or the ini option telephony_emulator_url)",
    )
    parser.addini(
        "telephony_emulator_url", "URL of an emulator already running (e.g. the Docker image)"
    )
    group.addoption(
        "--telephony-emulator-token",
        dest="telephony_emulator_token",
        default=None,
        help=f"control token of an external emulator started with --control-token "
        f"(also ${TOKEN_ENV})",
    )
    group.addoption(
        "--telephony-webhook-host",
        dest="telephony_webhook_host",
        default=None,
        help=f"host name the emulator should use to reach the webhook receiver, when it runs "
        f"elsewhere (e.g. host.docker.internal); the receiver then listens on all interfaces "
        f"(also ${WEBHOOK_HOST_ENV})",
    )


def _external_url(config: pytest.Config) -> str | None:
    option = config.getoption("telephony_emulator_url")
    ini = config.getini("telephony_emulator_url")
    return option or os.environ.get(URL_ENV) or (str(ini) if ini else None)


@pytest.fixture(scope="session")
def telephony_emulator_settings() -> Settings:
    """Settings of the in-process emulator; override this fixture (session scope) to change them.

    The default: loopback, an ephemeral port, in-memory SQLite, the clock in manual mode
    (rate 0: time moves only when a test advances it), the shipped fixtures.
    """
    from telephony_emulator.settings import Settings

    return Settings(host="127.0.0.1", port=0, in_memory=True, clock_rate=0.0, access_log=False)


@pytest.fixture(scope="session")
def telephony_emulator_url(
    request: pytest.FixtureRequest, telephony_emulator_settings: Settings
) -> Iterator[str]:
    """Base URL of the emulator of this session (each xdist worker has its own).

    An external server is used when ``--telephony-emulator-url``, ``$TELEPHONY_EMULATOR_URL``
    or the ini option ``telephony_emulator_url`` names one; otherwise one starts in a thread.
    """
    external = _external_url(request.config)
    if external:
        yield external.rstrip("/")
        return
    from pytest_telephony_emulator.server import EmulatorThread

    server = EmulatorThread(telephony_emulator_settings)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def telephony_control(
    request: pytest.FixtureRequest,
    telephony_emulator_url: str,
    telephony_emulator_settings: Settings,
) -> ControlClient:
    """A client of the control API (``/_emulator/``) of the session's emulator; it sends the
    control token of ``--telephony-emulator-token`` / ``$TELEPHONY_EMULATOR_TOKEN`` (external
    server) or of the in-process server's settings."""
    from pytest_telephony_emulator.control import ControlClient

    token = (
        request.config.getoption("telephony_emulator_token")
        or os.environ.get(TOKEN_ENV)
        or (None if _external_url(request.config) else telephony_emulator_settings.control_token)
    )
    return ControlClient(telephony_emulator_url, token=token)


@pytest.fixture
def telephony_emulator(
    telephony_emulator_url: str, telephony_control: ControlClient
) -> TelephonyEmulator:
    """A fresh, isolated account on the session's emulator, with clock, scenarios and ledger.

    Example::

        def test_busy(telephony_emulator, telephony_webhooks):
            emu = telephony_emulator
            emu.set_scenario("+15551230000", "busy")
            config = bandwidth.Configuration(host=emu.bandwidth.voice_url,
                ignore_operation_servers=True, username=emu.bandwidth.username,
                password=emu.bandwidth.password)
            ...
            emu.run_until_idle()
            assert [d["event_type"] for d in emu.ledger()] == ["disconnect"]
    """
    from pytest_telephony_emulator.control import TelephonyEmulator

    account = telephony_control.create_account(name="pytest account")
    return TelephonyEmulator(telephony_emulator_url, telephony_control, account)


@pytest.fixture(scope="session")
def telephony_webhook_receiver(request: pytest.FixtureRequest) -> Iterator[WebhookReceiver]:
    """The session's webhook HTTP server; tests use ``telephony_webhooks`` instead."""
    from pytest_telephony_emulator.webhooks import WebhookReceiver

    advertised = request.config.getoption("telephony_webhook_host") or os.environ.get(
        WEBHOOK_HOST_ENV
    )
    receiver = WebhookReceiver("0.0.0.0" if advertised else "127.0.0.1", advertised)
    try:
        yield receiver
    finally:
        receiver.close()


@pytest.fixture
def telephony_webhooks(telephony_webhook_receiver: WebhookReceiver) -> Iterator[WebhookInbox]:
    """A webhook inbox of this test: point callback URLs at ``.url`` / ``.url_for(path)``.

    Example::

        def test_answer(telephony_emulator, telephony_webhooks):
            hooks = telephony_webhooks
            hooks.reply("<Response><Hangup/></Response>", event_type="answer")
            ...  # create a call with answerUrl=hooks.url_for("/answer")
            telephony_emulator.run_until_idle()
            answer, = hooks.wait_for("answer", timeout=5)
            assert answer.payload["callId"] == call_id
    """
    inbox = telephony_webhook_receiver.inbox()
    try:
        yield inbox
    finally:
        inbox.close()
