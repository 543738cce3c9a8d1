"""The pytest plugin, run the way users run it: inner pytest sessions under pytester."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_telephony_emulator.control import ControlClient
from pytest_telephony_emulator.server import EmulatorThread
from telephony_emulator.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def external_emulator() -> Iterator[str]:
    server = EmulatorThread(Settings(port=0, in_memory=True, clock_rate=0.0, access_log=False))
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


def test_fixtures_need_no_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import json
        import urllib.request

        import pytest
        from pytest_telephony_emulator.control import ControlError


        def post(url, body):
            request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
            request.add_header("Content-Type", "application/json")
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()


        def test_account_controls(telephony_emulator):
            emu = telephony_emulator
            assert emu.url.startswith("http://127.0.0.1:")
            assert emu.bandwidth.voice_url == emu.url + "/api/v2"
            assert emu.bandwidth.account_id == emu.account_id
            assert emu.catapult.user_id.startswith("u-")
            assert emu.ringcentral.legacy_ringout_url == emu.url + "/ringout.asp"
            assert len(emu.numbers) == 2

            emu.set_scenario("+15551230000", "busy", answer_after=3)
            assert emu.scenarios() == [{"number": "+15551230000", "rule": {
                "action": "busy", "answer_after": 3.0, "hangup_after": None, "digits": [],
                "machine_detection": None, "detection_seconds": None,
                "transcript": None, "speech_seconds": None}}]
            emu.clear_scenario("+15551230000")
            assert emu.scenarios() == []

            before = emu.clock()["time"]
            report = emu.advance(90)
            assert report["virtual_seconds"] == 90
            assert emu.clock()["time"] == before + 90
            assert emu.run_until_idle()["idle"] is True
            assert emu.ledger() == []

            app = emu.update_application(call_status_callback_url="https://example.test/s")
            assert app["settings"] == {"call_status_callback_url": "https://example.test/s"}

            with pytest.raises(ControlError, match="answered 400: action: Input should be"):
                emu.set_scenario("+15551230000", "explode")


        def test_clock_is_manual_by_default(telephony_emulator):
            assert telephony_emulator.clock()["rate"] == 0


        def test_inbox_records_and_replies(telephony_webhooks):
            hooks = telephony_webhooks
            hooks.reply("<Response><Hangup/></Response>", event_type="answer")
            status, body = post(hooks.url_for("/answer"), {"eventType": "answer", "callId": "c-1"})
            assert (status, body) == (200, "<Response><Hangup/></Response>")
            status, body = post(hooks.url_for("/status"), {"eventType": "disconnect"})
            assert (status, body) == (204, "")

            (answer,) = hooks.wait_for("answer", timeout=5)
            assert answer.path == "/answer"
            assert answer.payload == {"eventType": "answer", "callId": "c-1"}
            assert hooks.event_types() == ["answer", "disconnect"]

            with pytest.raises(AssertionError) as failure:
                hooks.wait_for("gather", timeout=0.05)
            message = str(failure.value)
            assert "waited 0.05 s for 1 webhook(s) of type gather, got 0" in message
            assert "POST /answer event=answer" in message
            assert "POST /status event=disconnect" in message
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_xdist_workers_do_not_collide(pytester: pytest.Pytester, tmp_path: Path) -> None:
    out = tmp_path / "seen"
    out.mkdir()
    pytester.makepyfile(
        f"""
        import json
        import os
        import pathlib

        import pytest


        @pytest.mark.parametrize("n", range(8))
        def test_isolated(telephony_emulator, n):
            emu = telephony_emulator
            number = "+1555000000" + str(n)
            emu.set_scenario(number, "reject")
            assert [s["number"] for s in emu.scenarios()] == [number]
            record = {{"worker": os.environ.get("PYTEST_XDIST_WORKER"), "url": emu.url,
                      "account": emu.account_id}}
            pathlib.Path({str(out)!r}, f"{{n}}.json").write_text(json.dumps(record))
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8)
    records = [json.loads(path.read_text()) for path in out.iterdir()]
    assert len(records) == 8
    assert {r["worker"] for r in records} == {"gw0", "gw1"}
    by_worker = {
        r["worker"]: {x["url"] for x in records if x["worker"] == r["worker"]} for r in records
    }
    assert all(len(urls) == 1 for urls in by_worker.values()), "one server per worker"
    assert by_worker["gw0"] != by_worker["gw1"], "workers never share a server"
    assert len({(r["url"], r["account"]) for r in records}) == 8, "a fresh account per test"


def test_external_server_by_flag_and_by_environment(
    pytester: pytest.Pytester, external_emulator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        f"""
        def test_uses_it(telephony_emulator):
            assert telephony_emulator.url == {external_emulator!r}
            telephony_emulator.set_scenario("+15550001111", "no_answer")
        """
    )
    by_flag = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", f"--telephony-emulator-url={external_emulator}"
    )
    by_flag.assert_outcomes(passed=1)
    monkeypatch.setenv("TELEPHONY_EMULATOR_URL", external_emulator)
    by_env = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    by_env.assert_outcomes(passed=1)

    accounts = ControlClient(external_emulator).request("GET", "/accounts")["accounts"]
    assert [a["name"] for a in accounts] == ["Default account", "pytest account", "pytest account"]


def test_external_server_by_ini_option(pytester: pytest.Pytester, external_emulator: str) -> None:
    pytester.makeini(f"[pytest]\ntelephony_emulator_url = {external_emulator}\n")
    pytester.makepyfile(
        f"""
        def test_uses_it(telephony_emulator):
            assert telephony_emulator.url == {external_emulator!r}
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_fixtures_are_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--fixtures", "-v", "-p", "no:cacheprovider")
    text = result.stdout.str()
    for name in (
        "telephony_emulator ",
        "telephony_webhooks ",
        "telephony_emulator_url ",
        "telephony_emulator_settings ",
        "telephony_control ",
    ):
        assert name in text, name
    assert "A fresh, isolated account on the session's emulator" in text
    assert 'hooks.reply("<Response><Hangup/></Response>", event_type="answer")' in text


def test_settings_fixture_can_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from telephony_emulator.settings import Settings


        @pytest.fixture(scope="session")
        def telephony_emulator_settings():
            return Settings(port=0, in_memory=True, clock_rate=0.0, clock_start=0.0,
                            access_log=False)
        """
    )
    pytester.makepyfile(
        """
        def test_epoch(telephony_emulator):
            assert telephony_emulator.clock()["now"] == "1970-01-01T00:00:00Z"
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_project_with_its_own_emulator_package_and_pytest_plugin_module(
    pytester: pytest.Pytester,
) -> None:
    # Users often have an `emulator/` package or a `pytest_plugin.py` of their own; neither may
    # shadow ours, and ours may not shadow theirs.
    pytester.mkpydir("emulator")
    pytester.makepyfile(
        **{
            "emulator/__init__.py": "NAME = 'the user emulator'\n",
            "pytest_plugin.py": "MARKER = 'the user plugin'\n",
            "test_own_names.py": """
                import emulator
                import pytest_plugin
                import telephony_emulator
                from pytest_telephony_emulator import TelephonyEmulator


                def test_both_are_theirs_and_ours_still_runs():
                    assert emulator.NAME == 'the user emulator'
                    assert pytest_plugin.MARKER == 'the user plugin'
                    assert telephony_emulator.__name__ == 'telephony_emulator'


                def test_the_fixture_still_works(telephony_emulator: TelephonyEmulator):
                    assert isinstance(telephony_emulator, TelephonyEmulator)
                    assert telephony_emulator.url.startswith('http://127.0.0.1:')
                    assert len(telephony_emulator.numbers) == 2
            """,
        }
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--import-mode=prepend")
    result.assert_outcomes(passed=2)
