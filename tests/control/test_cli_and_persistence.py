"""The command line, restarts that keep state, and refusing a database of another schema."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from telephony_emulator.cli import build_parser, settings_from_args
from telephony_emulator.storage.models import SCHEMA_VERSION

pytestmark = pytest.mark.slow


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """Start the CLI on a free port; yield its URL and banner; stop it with Ctrl-C (SIGINT)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "telephony_emulator", "--port", "0", "--no-access-log", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    banner: list[str] = []
    try:
        for line in process.stdout:  # the banner is printed once the port is bound
            banner.append(line.rstrip("\n"))
            if "RingCentral" in line:
                break
        first = banner[0] if banner else ""
        assert "listening on " in first, "\n".join(banner)
        yield first.split("listening on ")[1], banner
    finally:
        process.send_signal(signal.SIGINT)
        try:
            rest, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert process.returncode == 0, rest
        assert "shutting down" in rest


def call(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    headers = {} if data is None else {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def test_help_documents_every_option_with_its_environment_variable() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "telephony_emulator", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for option, variable in [
        ("--host", "EMULATOR_HOST"),
        ("--port", "EMULATOR_PORT"),
        ("--data-dir", "EMULATOR_DATA_DIR"),
        ("--db", "EMULATOR_DB"),
        ("--in-memory", "EMULATOR_IN_MEMORY"),
        ("--fixtures", "EMULATOR_FIXTURES"),
        ("--clock-rate", "EMULATOR_CLOCK_RATE"),
        ("--clock-start", "EMULATOR_CLOCK_START"),
        ("--seed", "EMULATOR_SEED"),
        ("--public-url", "EMULATOR_PUBLIC_URL"),
        ("--log-level", "EMULATOR_LOG_LEVEL"),
        ("--log-format", "EMULATOR_LOG_FORMAT"),
        ("--access-log", "EMULATOR_ACCESS_LOG"),
    ]:
        assert option in text, option
        assert variable in text, option
    for command in ("calls", "call", "inbound", "answer", "digits", "sms", "clock", "ledger"):
        assert command in text, command


def test_environment_variables_configure_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMULATOR_PORT", "9123")
    monkeypatch.setenv("EMULATOR_IN_MEMORY", "true")
    monkeypatch.setenv("EMULATOR_CLOCK_RATE", "0")
    monkeypatch.setenv("EMULATOR_CLOCK_START", "2026-01-01T00:00:00Z")
    monkeypatch.setenv("EMULATOR_SEED", "42")
    settings = settings_from_args(build_parser().parse_args([]))
    assert (settings.port, settings.in_memory, settings.clock_rate, settings.seed) == (
        9123,
        True,
        0.0,
        42,
    )
    assert settings.clock_start == 1_767_225_600.0
    flags = settings_from_args(build_parser().parse_args(["--port", "7000", "--no-in-memory"]))
    assert (flags.port, flags.in_memory) == (7000, False)


def test_bad_environment_value_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMULATOR_IN_MEMORY", "maybe")
    with pytest.raises(SystemExit, match="EMULATOR_IN_MEMORY must be true or false"):
        build_parser()


def test_banner_then_state_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "state"
    with running("--data-dir", str(data), "--clock-rate", "0") as (url, banner):
        assert banner[1] == f"  state:  {data / 'emulator.sqlite3'}"
        assert "manual (rate 0)" in banner[2]
        assert banner[3].startswith(f"  dashboard: {url}/_emulator/ui/")
        assert "user emulator-user  password emulator-pass" in banner[5]
        assert "token t-defaulttoken234567abcde  secret emulator-secret" in banner[6]
        assert "client emulator-client-id / emulator-client-secret" in banner[7]
        created = call(f"{url}/_emulator/accounts", "POST", {"name": "kept", "numbers": 1})
        number = "%2B15550009999"
        call(
            f"{url}/_emulator/accounts/{created['account_id']}/scenarios/{number}",
            "PUT",
            {"action": "reject", "answer_after": 7},
        )

    with sqlite3.connect(data / "emulator.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with running("--data-dir", str(data), "--clock-rate", "0") as (url, _):
        again = call(f"{url}/_emulator/accounts/{created['account_id']}")
        for key in ("bandwidth", "catapult", "ringcentral"):  # their URLs name the new port
            for field in (
                "voice_url",
                "messaging_url",
                "base_url",
                "server_url",
                "legacy_ringout_url",
                "legacy_fax_url",
            ):
                created[key].pop(field, None)
                again[key].pop(field, None)
        assert again == created
        rules = call(f"{url}/_emulator/accounts/{created['account_id']}/scenarios")
        assert rules["scenarios"] == [
            {
                "number": "+15550009999",
                "rule": {
                    "action": "reject",
                    "answer_after": 7.0,
                    "hangup_after": None,
                    "digits": [],
                    "machine_detection": None,
                    "detection_seconds": None,
                    "transcript": None,
                    "speech_seconds": None,
                },
            }
        ]
        listed = call(f"{url}/_emulator/accounts")
        assert [a["account_id"] for a in listed["accounts"]] == ["9900000", created["account_id"]]


def test_in_memory_state_starts_fresh(tmp_path: Path) -> None:
    with running("--in-memory", "--clock-rate", "0") as (url, banner):
        assert banner[1] == "  state:  in memory (lost on exit)"
        call(f"{url}/_emulator/accounts", "POST", {})
    with running("--in-memory") as (url, _):
        assert len(call(f"{url}/_emulator/accounts")["accounts"]) == 1


def test_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "state"
    with running("--data-dir", str(data)):
        pass
    database = data / "emulator.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
        before = connection.execute("SELECT count(*) FROM account").fetchone()
    result = subprocess.run(
        [sys.executable, "-m", "telephony_emulator", "--port", "0", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "this database has schema version 999" in result.stderr
    assert f"needs version {SCHEMA_VERSION}" in result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM account").fetchone() == before
