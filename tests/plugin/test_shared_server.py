"""One external server for many xdist workers: each test's account runs on its own clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_telephony_emulator.server import EmulatorThread
from telephony_emulator.settings import Settings

pytestmark = pytest.mark.slow

#: Each test places a call and drives its own clock; on a shared clock another worker's
#: run-until-idle would fire its timers (its own run would then find nothing left to do).
SUITE = """
import bandwidth
import pytest

PAUSE = '<Response><Pause duration="30"/></Response>'


@pytest.mark.parametrize("n", range(8))
def test_call_runs_on_this_tests_clock(telephony_emulator, telephony_webhooks, n):
    emu, hooks = telephony_emulator, telephony_webhooks
    assert emu.own_clock
    hooks.reply(PAUSE, event_type="answer")
    assert emu.run_until_idle()["virtual_seconds"] == 0
    start = emu.clock()["time"]
    body = bandwidth.CreateCall(
        to="+15551230000", var_from=emu.numbers[0], application_id=emu.application_id(),
        answer_url=hooks.url_for("/answer"), disconnect_url=hooks.url_for("/disconnect"),
    )
    with bandwidth.ApiClient(emu.bandwidth.sdk_configuration()) as client:
        call_id = bandwidth.CallsApi(client).create_call(emu.account_id, body).call_id
    assert emu.advance(0.5)["virtual_seconds"] == 0.5
    assert emu.call(call_id)["state"] != "disconnected"
    report = emu.run_until_idle()
    assert (report["virtual_seconds"], report["idle"], report["stopped_by"]) == (30.5, True, None)
    assert emu.clock()["time"] == pytest.approx(start + 31.0, abs=1e-6)
    assert emu.call(call_id)["state"] == "disconnected"
    assert [d["event_type"] for d in emu.ledger()] == ["answer", "disconnect"]
    assert [w.event_type for w in hooks.received] == ["answer", "disconnect"]
"""


@pytest.fixture
def shared_server() -> Iterator[str]:
    server = EmulatorThread(Settings(port=0, in_memory=True, clock_rate=0.0, access_log=False))
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@pytest.mark.timeout(400)
def test_four_workers_on_one_server_pass_ten_runs_in_a_row(
    pytester: pytest.Pytester, shared_server: str
) -> None:
    pytester.makepyfile(SUITE)
    for run in range(10):
        result = pytester.runpytest_subprocess(
            "-n", "4", "-p", "no:cacheprovider", "--telephony-emulator-url", shared_server
        )
        assert result.ret == 0, f"run {run + 1}:\n" + "\n".join(result.outlines[-40:])
        result.assert_outcomes(passed=8)


def test_the_ci_recipes_settings_deliver_webhooks(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recipes' settings in-process: the server on all interfaces with the control API
    open, the tests told its URL and the host name it reaches them by (here loopback)."""
    server = EmulatorThread(
        Settings(
            host="0.0.0.0",
            port=0,
            in_memory=True,
            clock_rate=0.0,
            access_log=False,
            insecure_open_control=True,
        )
    )
    url = server.start().replace("0.0.0.0", "127.0.0.1")
    try:
        pytester.makepyfile(SUITE)
        monkeypatch.setenv("TELEPHONY_EMULATOR_URL", url)
        monkeypatch.setenv("TELEPHONY_WEBHOOK_HOST", "127.0.0.1")
        result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=8)
    finally:
        server.stop()
