"""Voice v2 over raw HTTP: every refusal's status, envelope and content type, both path styles."""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_telephony_emulator.control import ControlClient, TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

ERROR_TYPE = "application/json;charset=UTF-8"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PREFIXES = ["/api/v2", ""]
MISSING = (
    "Missing at least one required field. Required fields are [from, to, answerUrl, applicationId]"
)
UNKNOWN_CALL = "c-11111111-22222222-3333-4444-5555-666666666666"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Wire:
    """Raw requests to one account's Voice API."""

    emu: TelephonyEmulator
    hooks: WebhookInbox
    prefix: str = "/api/v2"

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        content_type: str | None = None,
        auth: tuple[str, str] | bool | None = True,
        account_id: str | None = None,
    ) -> Answer:
        """``path`` is below ``/accounts/{id}``; dict/list bodies are sent as JSON."""
        url = f"{self.emu.url}{self.prefix}/accounts/{account_id or self.emu.account_id}{path}"
        headers = {}
        data: bytes | None = None
        if isinstance(body, (dict, list)):
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif isinstance(body, str):
            data = body.encode()
        elif isinstance(body, bytes):
            data = body
        if content_type is not None:
            headers["Content-Type"] = content_type
        if auth is True:
            auth = (self.emu.bandwidth.username, self.emu.bandwidth.password)
        if isinstance(auth, tuple):
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, dict(error.headers), error.read())

    def create_body(self, **fields: Any) -> dict[str, Any]:
        """A valid createCall body with ``fields`` changed (``...`` removes a field)."""
        body = {
            "to": "+15551230000",
            "from": self.emu.numbers[0],
            "applicationId": self.emu.application_id(),
            "answerUrl": self.hooks.url_for("/answer"),
            **fields,
        }
        return {key: value for key, value in body.items() if value is not ...}

    def create_call(self, **fields: Any) -> dict[str, Any]:
        answer = self.send("POST", "/calls", self.create_body(**fields))
        assert answer.status == 201, answer.body
        body: dict[str, Any] = answer.json
        return body

    def assert_untouched(self, calls: int = 0, queued: int = 0) -> None:
        """The account still has ``calls`` calls, ``queued`` of them queued, no webhooks."""
        listed = self.send("GET", "/calls")
        assert (listed.status, len(listed.json)) == (200, calls)
        stats = self.send("GET", "/statistics")
        assert stats.json == {"currentCallQueueSize": queued, "maxCallQueueSize": 1500}
        assert self.emu.ledger() == []


@pytest.fixture
def wire(telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox) -> Iterator[Wire]:
    yield Wire(telephony_emulator, telephony_webhooks)
    telephony_emulator.run_until_idle()  # finish the calls this test left queued


def assert_error(answer: Answer, status: int, kind: str, description: str) -> None:
    """The Voice error envelope, exactly, with its content type."""
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"] == ERROR_TYPE
    body = answer.json
    assert set(body) == {"type", "description", "id"}
    assert (body["type"], body["description"]) == (kind, description)
    if status in (409, 429):
        assert body["id"] == ""
    else:
        assert UUID.fullmatch(body["id"]), body["id"]


def assert_invalid(answer: Answer, description: str) -> None:
    assert_error(answer, 400, "validation", description)


# -- createCall ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "description"),
    [
        ({"to": ...}, MISSING),
        ({"from": ...}, MISSING),
        ({"applicationId": ...}, MISSING),
        ({"answerUrl": ...}, MISSING),
        ({"to": None}, MISSING),
        ({"from": "Bob"}, "Invalid from: must be an E164 telephone number"),
        ({"callTimeout": 0}, "callTimeout must be within the range [1, 300], but was 0"),
        ({"callTimeout": 301}, "callTimeout must be within the range [1, 300], but was 301"),
        ({"callbackTimeout": 0.5}, "callbackTimeout must be within the range [1, 25], but was 0.5"),
        ({"callbackTimeout": 26}, "callbackTimeout must be within the range [1, 25], but was 26"),
        ({"priority": 0}, "priority must be within the range [1, 5], but was 0"),
        ({"priority": 6}, "priority must be within the range [1, 5], but was 6"),
        ({"tag": "x" * 4097}, "Invalid tag: must be at most 4096 characters"),
        (
            {"answerUrl": "http://app.example/answer", "username": "u", "password": "p"},
            "Invalid answerUrl: https is required when username and password are specified",
        ),
        (
            {"answerUrl": "ftp://app.example/answer"},
            "Invalid answerUrl: only http and https are allowed",
        ),
        ({"answerMethod": "PUT"}, "Invalid answerUrl method. Supported methods: [POST, GET]"),
        (
            {"machineDetection": {"mode": "eventually"}},
            "Invalid machineDetection.mode: must be one of [sync, async]",
        ),
    ],
)
def test_create_call_validation(wire: Wire, fields: dict[str, Any], description: str) -> None:
    assert_invalid(wire.send("POST", "/calls", wire.create_body(**fields)), description)
    wire.assert_untouched()


def test_create_call_with_a_bad_to_uses_the_vendor_text(wire: Wire) -> None:
    answer = wire.send("POST", "/calls", wire.create_body(to="12345"))
    assert_invalid(answer, "Invalid to: must be an E164 telephone number")


def test_create_call_with_an_unknown_application(wire: Wire) -> None:
    answer = wire.send("POST", "/calls", wire.create_body(applicationId="no-such-app"))
    assert_invalid(answer, "Could not create call: Application id no-such-app not found")
    wire.assert_untouched()


def test_create_call_with_another_accounts_application(
    wire: Wire, telephony_control: ControlClient
) -> None:
    other = telephony_control.create_account(name="other account")
    foreign = next(app["id"] for app in other["applications"] if app["service_type"] == "voice")
    answer = wire.send("POST", "/calls", wire.create_body(applicationId=foreign))
    assert_invalid(answer, f"Could not create call: Application id {foreign} not found")
    wire.assert_untouched()


def test_create_call_with_the_messaging_application(wire: Wire) -> None:
    messaging = wire.emu.application_id("messaging")
    answer = wire.send("POST", "/calls", wire.create_body(applicationId=messaging))
    assert_invalid(answer, f"Could not create call: Application id {messaging} not found")


@pytest.mark.parametrize(
    ("raw", "description"),
    [
        (b'{"to": "+15551230000",', "Invalid request body: malformed JSON"),
        (b"", "Invalid request body: malformed JSON"),
        (b"[1, 2]", "Invalid request body: expected a JSON object"),
    ],
)
def test_create_call_with_a_body_that_is_not_an_object(
    wire: Wire, raw: bytes, description: str
) -> None:
    answer = wire.send("POST", "/calls", raw, content_type="application/json")
    assert_invalid(answer, description)
    wire.assert_untouched()


@pytest.mark.parametrize(
    "content_type",
    ["text/plain;charset=UTF-8", "application/xml", "application/x-www-form-urlencoded"],
)
def test_create_call_with_the_wrong_content_type_is_415(wire: Wire, content_type: str) -> None:
    body = json.dumps(wire.create_body())
    answer = wire.send("POST", "/calls", body, content_type=content_type)
    assert_error(answer, 415, "validation", f"Content type '{content_type}' not supported")
    wire.assert_untouched()


def test_full_queue_over_the_wire(wire: Wire) -> None:
    wire.emu.set_limits(max_queue_size=1)
    wire.create_call()
    answer = wire.send("POST", "/calls", wire.create_body())
    assert_error(answer, 429, "error", "Account call creation rate limit exceeded")
    assert answer.headers["Retry-After"] == "1"
    assert len(wire.send("GET", "/calls").json) == 1


# -- updateCall and updateCallBxml --------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "description"),
    [
        (
            {"state": "completed", "redirectUrl": "https://app.example/r"},
            "redirectUrl is not allowed when state is completed",
        ),
        ({"state": "completed", "tag": "t"}, "tag is not allowed when state is completed"),
        ({"state": "active"}, "redirectUrl is required when state is active"),
        ({}, "redirectUrl is required when state is active"),
        ({"state": "paused"}, "Invalid state: must be one of [active, completed]"),
    ],
)
def test_update_call_validation(wire: Wire, body: dict[str, Any], description: str) -> None:
    call_id = wire.create_call()["callId"]
    assert_invalid(wire.send("POST", f"/calls/{call_id}", body), description)
    assert wire.send("GET", f"/calls/{call_id}").json["state"] == "queued"
    wire.assert_untouched(calls=1, queued=1)


def test_update_call_with_the_wrong_content_type_is_415(wire: Wire) -> None:
    call_id = wire.create_call()["callId"]
    answer = wire.send(
        "POST", f"/calls/{call_id}", '{"state": "completed"}', content_type="text/plain"
    )
    assert_error(answer, 415, "validation", "Content type 'text/plain' not supported")
    wire.assert_untouched(calls=1, queued=1)


@pytest.mark.parametrize(
    ("document", "description"),
    [
        ("<Response><Bogus/></Response>", "unknown element <Bogus> in <Response>"),
        (
            "<Response><Pause",
            "the BXML document is not well-formed XML: unclosed token: line 1, column 10",
        ),
        ("<Speak/>", "the root element must be <Response> or <Bxml>, got <Speak>"),
    ],
)
def test_update_call_bxml_with_invalid_bxml(wire: Wire, document: str, description: str) -> None:
    call_id = wire.create_call()["callId"]
    answer = wire.send("PUT", f"/calls/{call_id}/bxml", document, content_type="application/xml")
    assert_invalid(answer, description)
    wire.assert_untouched(calls=1, queued=1)


def test_update_call_bxml_as_text_is_415(wire: Wire) -> None:
    call_id = wire.create_call()["callId"]
    answer = wire.send(
        "PUT", f"/calls/{call_id}/bxml", "<Bxml><Hangup/></Bxml>", content_type="text/plain"
    )
    assert_error(answer, 415, "validation", "Content type 'text/plain' not supported")
    wire.assert_untouched(calls=1, queued=1)


def test_update_call_conflict_and_not_found_over_the_wire(wire: Wire) -> None:
    call_id = wire.create_call()["callId"]
    redirect = {"state": "active", "redirectUrl": wire.hooks.url_for("/redirect")}
    conflict = f"Call [{call_id}] cannot be modified in its current state"
    assert_error(wire.send("POST", f"/calls/{call_id}", redirect), 409, "validation", conflict)
    bxml = wire.send(
        "PUT", f"/calls/{call_id}/bxml", "<Bxml><Hangup/></Bxml>", content_type="application/xml"
    )
    assert_error(bxml, 409, "validation", conflict)
    missing = f"Call [{UNKNOWN_CALL}] not found"
    assert_error(wire.send("GET", f"/calls/{UNKNOWN_CALL}"), 404, "validation", missing)
    assert_error(wire.send("POST", f"/calls/{UNKNOWN_CALL}", redirect), 404, "validation", missing)
    wire.assert_untouched(calls=1, queued=1)

    done = wire.send("POST", f"/calls/{call_id}", {"state": "completed"})
    assert (done.status, done.body) == (200, b"")


# -- listCalls ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "description"),
    [
        ("pageSize=0", "pageSize must be within the range [1, 10000], but was 0"),
        ("pageSize=10001", "pageSize must be within the range [1, 10000], but was 10001"),
        ("pageSize=ten", "Invalid pageSize: must be an integer"),
        (
            "minStartTime=yesterday",
            "Invalid minStartTime: must be an ISO 8601 date-time, such as 2022-06-21T19:13:21Z",
        ),
        (
            "maxStartTime=2022-13-01T00:00:00Z",
            "Invalid maxStartTime: must be an ISO 8601 date-time, such as 2022-06-21T19:13:21Z",
        ),
    ],
)
def test_list_calls_validation(wire: Wire, query: str, description: str) -> None:
    assert_invalid(wire.send("GET", f"/calls?{query}"), description)


def test_list_calls_accepts_the_page_size_bounds(wire: Wire) -> None:
    wire.create_call()
    for size in (1, 10000):
        answer = wire.send("GET", f"/calls?pageSize={size}")
        assert (answer.status, len(answer.json)) == (200, 1)


# -- auth, methods, paths ----------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/calls"),
        ("GET", "/calls"),
        ("GET", f"/calls/{UNKNOWN_CALL}"),
        ("GET", "/statistics"),
    ],
)
def test_bad_credentials_are_401(wire: Wire, prefix: str, method: str, path: str) -> None:
    wire.prefix = prefix
    body: dict[str, Any] | None = {} if method == "POST" else None  # auth comes first
    user = wire.emu.bandwidth.username
    for auth in (None, (user, "wrong password"), ("nobody", wire.emu.bandwidth.password)):
        answer = wire.send(method, path, body, auth=auth)
        assert_error(answer, 401, "authentication-error", "The credentials provided were invalid")
    wire.prefix = "/api/v2"
    wire.assert_untouched()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_another_accounts_path_is_403(
    wire: Wire, telephony_control: ControlClient, prefix: str
) -> None:
    other = telephony_control.create_account(name="other account")["account_id"]
    wire.prefix = prefix
    for method, path in (("GET", "/calls"), ("POST", "/calls"), ("GET", "/statistics")):
        body = wire.create_body() if method == "POST" else None
        answer = wire.send(method, path, body, account_id=other)
        assert_error(answer, 403, "authorization-error", "Access is denied")
    wire.prefix = "/api/v2"
    wire.assert_untouched()


def test_wrong_method_is_405(wire: Wire) -> None:
    call_id = wire.create_call()["callId"]
    answer = wire.send("DELETE", f"/calls/{call_id}")
    assert_error(answer, 405, "validation", "Method Not Allowed")
    assert set(answer.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert "DELETE" not in answer.headers["Allow"]
    assert wire.send("GET", f"/calls/{call_id}").json["state"] == "queued"


def test_unknown_path_is_404(wire: Wire) -> None:
    answer = wire.send("GET", "/nothing-here")
    path = f"/api/v2/accounts/{wire.emu.account_id}/nothing-here"
    assert_error(answer, 404, "validation", f"No route for GET {path}")


# -- both path styles --------------------------------------------------------------------


def test_root_paths_serve_the_same_api(wire: Wire) -> None:
    wire.prefix = ""
    created = wire.send("POST", "/calls", wire.create_body(tag="root"))
    assert created.status == 201
    assert created.headers["Location"] == created.json["callUrl"]
    call_id = created.json["callId"]
    assert created.json["callUrl"] == (
        f"{wire.emu.url}/api/v2/accounts/{wire.emu.account_id}/calls/{call_id}"
    )
    assert wire.send("GET", f"/calls/{call_id}").json["state"] == "queued"
    assert [item["callId"] for item in wire.send("GET", "/calls").json] == [call_id]
    assert wire.send("GET", "/statistics").json["currentCallQueueSize"] == 1

    wire.prefix = "/api/v2"
    assert wire.send("GET", f"/calls/{call_id}").json["callId"] == call_id
    done = wire.send("POST", f"/calls/{call_id}", {"state": "completed"})
    assert (done.status, done.body) == (200, b"")
    wire.prefix = ""
    state = wire.send("GET", f"/calls/{call_id}").json
    assert (state["state"], state["disconnectCause"]) == ("disconnected", "cancel")


def test_success_content_types(wire: Wire) -> None:
    created = wire.send("POST", "/calls", wire.create_body())
    assert created.headers["Content-Type"].startswith("application/json")
    listed = wire.send("GET", "/calls")
    assert listed.headers["Content-Type"].startswith("application/json")
    assert listed.json[0]["callId"] == created.json["callId"]
