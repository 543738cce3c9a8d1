"""Accounts with clocks of their own: their timers, time and idleness are theirs alone."""

from __future__ import annotations

from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import ControlClient, ControlError, TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

PAUSE_30 = '<Response><Pause duration="30"/></Response>'


def own_clock_account(url: str, control: ControlClient) -> TelephonyEmulator:
    return TelephonyEmulator(url, control, control.create_account(own_clock=True), True)


def create_call(emu: TelephonyEmulator, hooks: WebhookInbox, tag: str) -> str:
    body = bandwidth.CreateCall(
        to="+15551230000",
        var_from=emu.numbers[0],
        application_id=emu.application_id(),
        answer_url=hooks.url_for(f"/{tag}/answer"),
        disconnect_url=hooks.url_for(f"/{tag}/disconnect"),
    )
    with bandwidth.ApiClient(emu.bandwidth.sdk_configuration()) as client:
        return str(bandwidth.CallsApi(client).create_call(emu.account_id, body).call_id)


def state(emu: TelephonyEmulator, call_id: str) -> str:
    return str(emu.call(call_id)["state"])


@pytest.fixture
def pair(
    telephony_emulator_url: str, telephony_control: ControlClient
) -> tuple[TelephonyEmulator, TelephonyEmulator]:
    return (
        own_clock_account(telephony_emulator_url, telephony_control),
        own_clock_account(telephony_emulator_url, telephony_control),
    )


def test_run_until_idle_of_one_account_fires_none_of_anothers_timers(
    pair: tuple[TelephonyEmulator, TelephonyEmulator],
    telephony_control: ControlClient,
    telephony_webhooks: WebhookInbox,
) -> None:
    first, second = pair
    telephony_webhooks.reply(PAUSE_30, event_type="answer")
    shared_before = telephony_control.clock()
    second_before = second.clock()
    first_call = create_call(first, telephony_webhooks, "first")
    second_call = create_call(second, telephony_webhooks, "second")

    report = first.run_until_idle()

    assert (report["stopped_by"], report["idle"], report["pending_timers"]) == (None, True, 0)
    assert report["virtual_seconds"] >= 30  # ringing, answer, the 30 s pause
    assert state(first, first_call) == "disconnected"
    assert state(second, second_call) != "disconnected"
    assert second.clock()["time"] == second_before["time"]
    assert second.clock()["pending_timers"] >= 1
    assert telephony_control.clock()["time"] == shared_before["time"]
    assert [d["event_type"] for d in first.ledger()] == ["answer", "disconnect"]
    assert second.ledger() == []

    second.run_until_idle()
    assert state(second, second_call) == "disconnected"
    assert [d["event_type"] for d in second.ledger()] == ["answer", "disconnect"]
    # Both calls took the same virtual time, each on its own clock.
    assert second.clock()["time"] - second_before["time"] == pytest.approx(
        report["virtual_seconds"], abs=1e-3
    )


def test_the_shared_clock_does_not_move_an_accounts_own(
    pair: tuple[TelephonyEmulator, TelephonyEmulator],
    telephony_control: ControlClient,
    telephony_webhooks: WebhookInbox,
) -> None:
    first, _ = pair
    telephony_webhooks.reply(PAUSE_30, event_type="answer")
    call_id = create_call(first, telephony_webhooks, "first")
    telephony_control.advance(3600)
    telephony_control.run_until_idle()
    assert state(first, call_id) != "disconnected"
    assert first.advance(5)["virtual_seconds"] == 5


def test_an_inbound_call_runs_on_the_called_accounts_clock(
    pair: tuple[TelephonyEmulator, TelephonyEmulator], telephony_webhooks: WebhookInbox
) -> None:
    first, second = pair
    second.update_application(call_initiated_callback_url=telephony_webhooks.url_for("/in"))
    telephony_webhooks.reply(PAUSE_30, event_type="initiate")
    call = second.place_inbound_call(second.numbers[0])
    first.run_until_idle()
    assert state(second, call["call_id"]) != "disconnected"
    second.run_until_idle()
    assert state(second, call["call_id"]) == "disconnected"


def test_clock_routes_of_an_account_without_its_own_clock_refuse(
    telephony_emulator: TelephonyEmulator, telephony_control: ControlClient
) -> None:
    path = f"/accounts/{telephony_emulator.account_id}/clock"
    with pytest.raises(ControlError, match=r"answered 409: .*has no clock of its own"):
        telephony_control.request("POST", path + "/run-until-idle", {})
    with pytest.raises(ControlError, match="answered 404"):
        telephony_control.request("GET", "/accounts/1234567/clock")


def test_an_account_gets_its_own_clock_later_and_sets_its_rate(
    telephony_emulator: TelephonyEmulator, telephony_control: ControlClient
) -> None:
    path = f"/accounts/{telephony_emulator.account_id}/clock"
    shared: dict[str, Any] = telephony_control.clock()
    own = telephony_control.request("PUT", path, {})
    assert (own["time"], own["rate"]) == (shared["time"], shared["rate"])
    assert telephony_control.request("PUT", path + "/rate", {"rate": 0})["rate"] == 0
    report = telephony_control.request("POST", path + "/advance", {"seconds": 60})
    assert report["clock"]["time"] == shared["time"] + 60
    assert telephony_control.clock()["time"] == shared["time"]


def test_a_run_stopped_by_a_limit_fails_saying_why_and_which_calls_are_up(
    pair: tuple[TelephonyEmulator, TelephonyEmulator], telephony_webhooks: WebhookInbox
) -> None:
    first, _ = pair
    telephony_webhooks.reply(PAUSE_30, event_type="answer")
    call_id = create_call(first, telephony_webhooks, "first")
    report = first.run_until_idle(check=False, max_timers=1)
    assert (report["stopped_by"], report["live_calls"]) == ("max_timers", [call_id])
    assert report["reason"].startswith("stopped at max_timers (1 timers fired)")
    with pytest.raises(AssertionError, match=f"did not finish: stopped at max_timers.*{call_id}"):
        first.run_until_idle(max_timers=1)
    done = first.run_until_idle()
    assert (done["reason"], done["live_calls"]) == ("nothing is scheduled", [])


def test_the_plugins_ledger_reads_every_page(
    pair: tuple[TelephonyEmulator, TelephonyEmulator],
    telephony_control: ControlClient,
    telephony_webhooks: WebhookInbox,
) -> None:
    first, _ = pair
    telephony_webhooks.reply(PAUSE_30, event_type="answer")
    create_call(first, telephony_webhooks, "first")
    first.run_until_idle()
    paged = telephony_control.ledger(account_id=first.account_id, limit=1)
    assert [d["event_type"] for d in paged] == ["answer", "disconnect"]
