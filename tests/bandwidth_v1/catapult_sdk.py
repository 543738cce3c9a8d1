"""The Catapult v1 Python SDK (PyPI ``bandwidth-sdk==3.1.0``) driven from the tests, unmodified.

The latest ``bandwidth-sdk`` (Voice v2) uses the same import name, so the v1 SDK is installed
into a folder of its own (``pip install --target``, once per machine, under a file lock so xdist
workers share it) and runs in one long-lived worker process per test process
(``sdk_worker.py``, started with ``python -S`` so it sees only that folder). Calls cross as JSON
lines; an SDK exception comes back as :class:`CatapultError` with the SDK's own fields.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pytest_telephony_emulator.control import CatapultLogin

from tests.bandwidth_v1.client_install import client_folder, install_once

SDK_REQUIREMENT = "bandwidth-sdk==3.1.0"
WORKER = Path(__file__).with_name("sdk_worker.py")


def install_sdk() -> Path:
    """Install the v1 SDK into its folder unless a previous run (or another worker) has."""
    folder = client_folder("TELEPHONY_V1_SDK_DIR", SDK_REQUIREMENT.replace("==", "-"))
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    return install_once(folder, [*pip, "--target", str(folder), "--upgrade", SDK_REQUIREMENT])


@dataclass
class CatapultError(Exception):
    """``BandwidthVoiceAPIException`` (or another SDK exception) as the SDK raised it."""

    type: str
    status_code: int | None
    code: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.type} {self.status_code} {self.code}: {self.message}"


class SdkWorker:
    """One worker process running the v1 SDK; requests are answered in order."""

    def __init__(self, folder: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-S", "-E", str(WORKER), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def call(
        self, login: CatapultLogin, client: str, method: str, *args: Any, **kwargs: Any
    ) -> Any:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        request = {
            "login": asdict(login),
            "client": client,
            "method": method,
            "args": list(args),
            "kwargs": kwargs,
        }
        self._process.stdin.write(json.dumps(request, default=_encode) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the v1 SDK worker exited ({self._process.poll()})")
        reply = json.loads(line, object_hook=_decode)
        if "error" in reply:
            raise CatapultError(**reply["error"])
        return reply["result"]

    def close(self) -> None:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait(timeout=10)
        self._process.stdout.close()


class SdkClient:
    """``bandwidth.client(name, user, token, secret, api_endpoint=...)``: attribute access
    calls the SDK method of that name in the worker."""

    def __init__(self, worker: SdkWorker, login: CatapultLogin, name: str) -> None:
        self._worker = worker
        self._login = login
        self._name = name

    def __getattr__(self, method: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._worker.call(self._login, self._name, method, *args, **kwargs)

        return call


@dataclass
class Catapult:
    """The three v1 SDK clients of one account."""

    login: CatapultLogin
    voice: SdkClient
    account: SdkClient
    messaging: SdkClient

    @classmethod
    def of(cls, worker: SdkWorker, login: CatapultLogin) -> Catapult:
        return cls(
            login, *(SdkClient(worker, login, name) for name in ("voice", "account", "messaging"))
        )


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    raise TypeError(f"cannot send {type(value).__name__} to the v1 SDK worker")


def _decode(value: dict[str, Any]) -> Any:
    if set(value) == {"__bytes__"}:
        return base64.b64decode(value["__bytes__"])
    if set(value) == {"__datetime__"}:
        from datetime import datetime

        return datetime.fromisoformat(value["__datetime__"])
    return value
