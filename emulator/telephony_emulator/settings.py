"""Settings of one emulator process, shared by the CLI, the app factory and the pytest plugin."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import telephony_emulator


def default_data_dir() -> Path:
    """Where the SQLite file lives by default: ``$XDG_DATA_HOME/telephony-emulator``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "telephony-emulator"


def default_fixtures_dir() -> Path:
    """The shipped fixtures: inside the wheel, or the repository's ``fixtures/`` in a checkout."""
    package_dir = Path(telephony_emulator.__file__).resolve().parent
    shipped = package_dir / "_fixtures"
    return shipped if shipped.is_dir() else package_dir.parents[1] / "fixtures"


@dataclass(frozen=True)
class Settings:
    """Everything configurable; each field has a CLI flag and an ``EMULATOR_*`` variable."""

    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = field(default_factory=default_data_dir)
    db_url: str | None = None
    in_memory: bool = False
    fixtures_dir: Path = field(default_factory=default_fixtures_dir)
    clock_rate: float = 1.0
    clock_start: float | None = None
    seed: int = 0
    public_url: str | None = None
    audio_seconds: float = 5.0  # length of audio whose URL does not say (#duration=N)
    ringout_grace_seconds: float = 5.0  # an ended RingOut's statuses stay readable this long
    calls_in_memory: int = 10_000  # ended calls kept in memory; older ones are read from SQLite
    log_level: str = "INFO"
    access_log: bool = True
    busy_timeout: float = 30.0
    #: Real seconds before a connection that is idle, or has not sent a whole request head, is
    #: closed (aiohttp times both from the connection's start or its last response).
    keepalive_timeout: float = 75.0
    #: Steps (BXML documents, commands) one call may take within one virtual second; 0 = off.
    loop_guard_steps: int = 100
    ledger_retention: int = 10_000  # the webhook ledger keeps this many newest attempts
    #: Host names (beyond loopback names, IP literals and the public URL's) the control API
    #: answers; "*" allows any. Other names are refused, against DNS rebinding.
    allowed_hosts: tuple[str, ...] = ()
    control_token: str | None = None  # when set, every control request but health must carry it
    insecure_open_control: bool = False  # allow a network bind without a control token

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL in use: in-memory, ``--db``, or a file in the data directory."""
        if self.in_memory:
            return "sqlite+aiosqlite://"
        if self.db_url:
            return self.db_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'emulator.sqlite3'}"

    @property
    def storage_description(self) -> str:
        if self.in_memory:
            return "in memory (lost on exit)"
        if self.db_url:
            return self.db_url
        return str(self.data_dir / "emulator.sqlite3")
