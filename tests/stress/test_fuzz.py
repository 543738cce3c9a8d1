"""Schemathesis fuzzing: Bandwidth Voice and Messaging v2 against the vendor's spec, the control
API against its own OpenAPI document. No server errors, no response that breaks its schema."""

from __future__ import annotations

import base64
import dataclasses
import itertools
import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given
from pytest_telephony_emulator.server import EmulatorThread
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from telephony_emulator.settings import Settings

from tests.specs import SPECS

pytestmark = pytest.mark.slow
ACCOUNT = "9900000"
NUMBER = "+19195550100"
AUTH = "Basic " + base64.b64encode(b"emulator-user:emulator-pass").decode()
BANDWIDTH_PATHS = (
    r"^/accounts/\{accountId\}/(calls|conferences|recordings|statistics)"
    r"|^/users/\{accountId\}/(messages|media)"
)
MESSAGING_APPLICATION = "a0000000-0000-4000-8000-000000000002"
#: Cases per operation and generation mode (valid and invalid input).
VOICE_EXAMPLES = 50
CONTROL_EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A server of its own: fuzzed calls stay queued (manual clock) and never ring anywhere."""
    settings = Settings(host="127.0.0.1", port=0, in_memory=True, clock_rate=0.0)
    thread = EmulatorThread(dataclasses.replace(settings, access_log=False, busy_timeout=2.0))
    url = thread.start()
    try:
        yield url
    finally:
        thread.stop()


def fuzz(
    schema: Any, examples: int, call: Any, diverges: Any = lambda case, response: False
) -> tuple[int, list[str]]:
    """Run every operation's cases; the number run and the operations seen. A response that
    ``diverges(case, response)`` from the spec on purpose is only checked for server errors."""
    count = 0
    seen: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.append(operation.label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,  # the same cases every run: CI stays reproducible
                database=None,
                suppress_health_check=list(HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                nonlocal count
                count += 1
                response = call(case)
                on_purpose = diverges(case, response)
                case.validate_response(
                    response, checks=[not_a_server_error] if on_purpose else CHECKS
                )

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                if mode is GenerationMode.POSITIVE:
                    raise  # only an operation without inputs has no invalid ones
    return count, seen


def test_voice_and_messaging_against_the_vendor_spec(server: str) -> None:
    path = SPECS / "bandwidth.yml"
    if not path.is_file():
        pytest.skip(f"{path} is not available: this fuzz needs the vendor's spec")
    with path.open("rb") as handle:
        spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    spec = json.loads(json.dumps(spec, default=str))  # YAML dates in examples become text
    schema = schemathesis.openapi.from_dict(spec).include(path_regex=BANDWIDTH_PATHS)

    with urllib.request.urlopen(f"{server}/_emulator/accounts/{ACCOUNT}", timeout=30) as reply:
        account = json.loads(reply.read())
    application_id = account["applications"][0]["id"]
    calls: list[str] = []
    numbers = itertools.count()

    def call(case: Any) -> Any:
        number = next(numbers)
        parameters = case.path_parameters or {}
        if "accountId" in parameters:
            parameters["accountId"] = ACCOUNT  # past auth, into the handlers
        if "callId" in parameters and calls and number % 2:
            parameters["callId"] = calls[-1]  # half the cases reach a real (queued) call
        if isinstance(case.body, dict):
            if "applicationId" in case.body and number % 3 == 0:
                # A third of the create cases get past the checks the spec cannot express.
                if case.path.startswith("/users"):
                    fields = {"applicationId": MESSAGING_APPLICATION, "to": ["+15551230000"]}
                else:
                    fields = {"applicationId": application_id, "to": NUMBER}
                case.body.update(fields, **{"from": NUMBER})
            for key, value in case.body.items():
                if key.lower().endswith("url") and isinstance(value, str) and "://" in value:
                    # Webhooks of cancelled calls go nowhere: a loopback port nobody serves.
                    case.body[key] = "http://127.0.0.1:9/" + value.split("://", 1)[1]
        response = case.call(base_url=f"{server}/api/v2", headers={"Authorization": AUTH})
        if response.status_code == 201 and case.path.endswith("/calls"):
            calls.append(response.json()["callId"])
        return response

    def spring_404(case: Any, response: Any) -> bool:
        """Messaging answers 404 in Spring's shape, not the spec's (reference bandwidth-v2.md
        §1); that shape is checked here instead."""
        if not (case.path.startswith("/users") and response.status_code == 404):
            return False
        assert set(response.json()) == {"timestamp", "status", "error", "message", "path"}
        return True

    count, seen = fuzz(schema, VOICE_EXAMPLES, call, spring_404)
    assert len(seen) >= 25, seen
    assert count >= 2_000, count


def test_control_api_against_its_own_document(server: str) -> None:
    with urllib.request.urlopen(f"{server}/_emulator/openapi.json", timeout=30) as response:
        document = json.loads(response.read())
    # The live event stream never ends by design; the dashboard's tests cover it.
    schema = schemathesis.openapi.from_dict(document).exclude(path="/_emulator/events")
    count, seen = fuzz(schema, CONTROL_EXAMPLES, lambda case: case.call(base_url=server))
    assert len(seen) >= 30, seen
    assert count >= 300, count
