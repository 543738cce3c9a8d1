"""The npm ``node-bandwidth`` client (4.0.0) driven from the tests, unmodified.

It is installed with npm into a folder of its own (once per machine, under a file lock so xdist
workers share it) and runs in one long-lived ``node`` process per test process
(``node_worker.js``). Calls cross as JSON lines; a client error comes back as
:class:`NodeError` with the client's own fields (``RateLimitError`` carries ``limitReset``).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pytest_telephony_emulator.control import CatapultLogin

from tests.bandwidth_v1.client_install import client_folder, install_once

PACKAGE = "node-bandwidth@4.0.0"
WORKER = Path(__file__).with_name("node_worker.js")


def install_sdk() -> Path:
    """``npm install`` the client into its folder unless a previous run (or worker) has."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install node-bandwidth for the Node client tests")
    folder = client_folder("TELEPHONY_NODE_SDK_DIR", PACKAGE.replace("@", "-"))
    flags = ["--no-audit", "--no-fund", "--omit=dev", "--loglevel=error"]
    return install_once(folder, [npm, "install", "--prefix", str(folder), *flags, PACKAGE])


@dataclass
class NodeError(Exception):
    """``UnexpectedResponseError`` or ``RateLimitError`` as the client raised it."""

    name: str
    statusCode: int | None
    message: str
    limitReset: str | None

    def __str__(self) -> str:
        return f"{self.name} {self.statusCode}: {self.message}"


class NodeWorker:
    """One ``node`` process running the client; requests are answered in order."""

    def __init__(self, folder: Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is needed for the Node client tests")
        self._process = subprocess.Popen(
            [node, str(WORKER), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def call(self, login: CatapultLogin, method: str, *args: Any, pages: str | None = None) -> Any:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        request = {"login": asdict(login), "method": method, "args": list(args), "pages": pages}
        self._process.stdin.write(json.dumps(request, default=_encode) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the node-bandwidth worker exited ({self._process.poll()})")
        reply = json.loads(line, object_hook=_decode)
        if "error" in reply:
            raise NodeError(**reply["error"])
        return reply.get("result")  # a method resolving with undefined sends no result

    def close(self) -> None:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.close()
        self._process.wait(timeout=10)
        self._process.stdout.close()


@dataclass
class NodeClient:
    """``new Bandwidth({userId, apiToken, apiSecret, baseUrl})`` of one account:
    ``client("PhoneNumber.create", {...})`` calls that method; ``pages="phoneNumbers"``
    follows ``getNextPage`` and returns every item of that field."""

    worker: NodeWorker
    login: CatapultLogin

    def __call__(self, method: str, *args: Any, pages: str | None = None) -> Any:
        return self.worker.call(self.login, method, *args, pages=pages)


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    raise TypeError(f"cannot send {type(value).__name__} to the node-bandwidth worker")


def _decode(value: dict[str, Any]) -> Any:
    if set(value) == {"__bytes__"}:
        return base64.b64decode(value["__bytes__"])
    return value
