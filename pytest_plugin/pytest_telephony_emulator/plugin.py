"""The pytest11 entry point: options and ``telephony_*`` fixtures (heavy imports stay lazy)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from telephony_emulator.settings import Settings

    from pytest_telephony_emulator.aio import AsyncTelephonyEmulator
    from pytest_telephony_emulator.control import ControlClient, TelephonyEmulator
    from pytest_telephony_emulator.hosting import HostedApp
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
    request: pytest.FixtureRequest, telephony_emulator_url: str, telephony_control: ControlClient
) -> TelephonyEmulator:
    """A fresh, isolated account on the session's emulator, with clock, scenarios and ledger.

    On an external server the account has a clock of its own (its advance, rate and
    run-until-idle move only it); in-process, each xdist worker has its own server and clock.

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

    # A shared external server (several xdist workers, several pipelines) gives each test's
    # account its own clock, so no other test's run-until-idle fires its timers.
    # In-process, accounts are made 16 at a time (the server is this session's alone); an
    # external server is shared, so it gets no accounts nobody uses.
    own_clock = _external_url(request.config) is not None
    account = telephony_control.take_account(own_clock=own_clock, batch=1 if own_clock else 16)
    return TelephonyEmulator(telephony_emulator_url, telephony_control, account, own_clock)


@pytest.fixture
def telephony_async(telephony_emulator: TelephonyEmulator) -> AsyncTelephonyEmulator:
    """``telephony_emulator`` for ``async def`` tests: every method awaitable, run off the
    test's event loop so an app served on that loop keeps answering webhooks meanwhile.

    Example::

        async def test_ivr(telephony_async, telephony_webhooks, aiohttp_server):
            emu = telephony_async
            await emu.place_inbound_call(emu.numbers[0])
            await emu.run_until_idle()
            await telephony_webhooks.wait_for_async("disconnect")
    """
    from pytest_telephony_emulator.aio import AsyncTelephonyEmulator

    return AsyncTelephonyEmulator(telephony_emulator)


@pytest.fixture
def telephony_host_app(request: pytest.FixtureRequest) -> Iterator[Callable[[Any], HostedApp]]:
    """Serves the app under test for this test: ``telephony_host_app(app)`` takes an aiohttp
    ``web.Application``, an ASGI app (FastAPI, Starlette) or a WSGI app (Flask), serves it on a
    free port in a thread of its own and returns it; point callback URLs at ``.url_for(path)``.

    Example::

        def test_ivr(telephony_emulator, telephony_host_app):
            app = telephony_host_app(create_flask_app())
            telephony_emulator.update_application(
                call_initiated_callback_url=app.url_for("/voice/initiate"))
    """
    from pytest_telephony_emulator.hosting import HostedApp

    advertised = _webhook_host(request.config)
    hosted: list[HostedApp] = []

    def host(app: Any) -> HostedApp:
        served = HostedApp(app, "0.0.0.0" if advertised else "127.0.0.1", advertised)
        hosted.append(served)
        return served

    try:
        yield host
    finally:
        for served in hosted:
            served.close()


def _webhook_host(config: pytest.Config) -> str | None:
    return config.getoption("telephony_webhook_host") or os.environ.get(WEBHOOK_HOST_ENV)


@pytest.fixture(scope="session")
def telephony_webhook_receiver(request: pytest.FixtureRequest) -> Iterator[WebhookReceiver]:
    """The session's webhook HTTP server; tests use ``telephony_webhooks`` instead."""
    from pytest_telephony_emulator.webhooks import WebhookReceiver

    advertised = _webhook_host(request.config)
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
    unmatched = inbox.unmatched() if inbox.check_unmatched else []
    if unmatched:
        pytest.fail(
            "webhooks reached the receiver outside this test's inbox (set "
            "telephony_webhooks.check_unmatched = False if that is intended):\n  "
            + "\n  ".join(unmatched),
            pytrace=False,
        )
