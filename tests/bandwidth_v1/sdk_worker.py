"""Runs the Catapult v1 Python SDK (bandwidth-sdk 3.1.0) for the tests, one JSON line per call.

Started by ``tests/bandwidth_v1/catapult_sdk.py`` with ``python -S`` and the SDK's own folder
first on ``sys.path``, so the latest ``bandwidth-sdk`` (same import name) stays invisible.
"""

from __future__ import annotations

import base64
import inspect
import json
import sys
from datetime import datetime
from typing import Any

sys.path.insert(0, sys.argv[1])

import bandwidth  # the v1 SDK, from the folder named on the command line


def plain(value: Any) -> Any:
    """The SDK's results as JSON: generators, maps (list_recordings) and tuples as lists, bytes
    as base64."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, map)) or inspect.isgenerator(value):
        return [plain(item) for item in value]
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode()}
    if hasattr(value, "read"):  # a download's raw response stream
        return plain(value.read())
    if hasattr(value, "status_code"):  # a requests.Response some methods return
        return {"status_code": value.status_code}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    return value


def arguments(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__bytes__"}:
        return base64.b64decode(value["__bytes__"])
    if isinstance(value, dict):
        return {key: arguments(item) for key, item in value.items()}
    if isinstance(value, list):
        return [arguments(item) for item in value]
    return value


def main() -> None:
    clients: dict[tuple[str, str, str, str, str], Any] = {}
    for line in sys.stdin:
        request = json.loads(line)
        login = request["login"]
        key = (
            request["client"],
            login["user_id"],
            login["api_token"],
            login["api_secret"],
            login["base_url"],
        )
        try:
            client = clients.get(key)
            if client is None:
                client = clients[key] = bandwidth.client(
                    request["client"],
                    login["user_id"],
                    login["api_token"],
                    login["api_secret"],
                    api_endpoint=login["base_url"],
                )
            method = getattr(client, request["method"])
            result = method(*arguments(request["args"]), **arguments(request["kwargs"]))
            reply: dict[str, Any] = {"result": plain(result)}
        except Exception as error:  # reported to the test, which raises it there
            reply = {
                "error": {
                    "type": type(error).__name__,
                    "status_code": getattr(error, "status_code", None),
                    "code": getattr(error, "code", None),
                    "message": getattr(error, "message", str(error)),
                }
            }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


main()
