"""Voice v2 calls REST API through the official SDK: create, state, list, limits, updates."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import ControlClient, TelephonyEmulator

from tests.bandwidth_v2.conftest import Voice, align_clock, assert_callback
from tests.specs import assert_matches

pytestmark = pytest.mark.usefixtures("whole_milliseconds")
CALL_ID = re.compile(r"c-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LINK = re.compile(r'<([^>]+)>; rel="next"')
STAYS = "+15551230000"  # answers after 1 s and stays up
BUSY, NO_ANSWER, REJECT = "+15550000486", "+15550000408", "+15550000603"  # see far_end()
MAGIC = {"+15005550001": "busy", "+15005550002": "timeout", "+15005550003": "rejected"}
LONG_PAUSE = "<Response><Pause duration='100'/><Redirect redirectUrl='old-document'/></Response>"


def iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def wire_time(value: datetime) -> str:
    """A datetime as the API writes it: ISO 8601 UTC, rounded to milliseconds, ``Z``."""
    rounded = datetime.fromtimestamp(round(value.timestamp() * 1000) / 1000, tz=UTC)
    return rounded.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def seconds(start: datetime | str, end: datetime | str) -> float:
    begin = iso(start) if isinstance(start, str) else start
    finish = iso(end) if isinstance(end, str) else end
    return (finish - begin).total_seconds()


def now(emu: TelephonyEmulator) -> datetime:
    """The virtual time, rounded to the millisecond as the API writes times."""
    return datetime.fromtimestamp(round(float(emu.clock()["time"]) * 1000) / 1000, tz=UTC)


def far_end(emu: TelephonyEmulator) -> None:
    """Scenarios for the numbers that never answer."""
    emu.set_scenario(BUSY, "busy")
    emu.set_scenario(NO_ANSWER, "no_answer")
    emu.set_scenario(REJECT, "reject")


def raw_state(voice: Voice, call_id: str) -> dict[str, Any]:
    """getCallState's JSON, validated against the spec's ``callState`` schema."""
    response = voice.api.get_call_state_with_http_info(voice.account_id, call_id)
    body: dict[str, Any] = json.loads(response.raw_data)
    assert_matches("bandwidth.yml", "callState", body)
    return body


def api_error(error: pytest.ExceptionInfo[bandwidth.ApiException]) -> tuple[int, dict[str, Any]]:
    return int(error.value.status), json.loads(str(error.value.body))


def conflict(call_id: str) -> dict[str, Any]:
    return {
        "type": "validation",
        "description": f"Call [{call_id}] cannot be modified in its current state",
        "id": "",
    }


def redirect_to(url: str, **fields: Any) -> bandwidth.UpdateCall:
    return bandwidth.UpdateCall(state="active", redirect_url=url, **fields)


def complete() -> bandwidth.UpdateCall:
    return bandwidth.UpdateCall(state="completed")


Attempt = Callable[[], object]


def modifications(
    api: bandwidth.CallsApi, account_id: str, call_id: str, url: str
) -> list[Attempt]:
    """Every way to change a call: redirect, complete, replace its BXML."""
    return [
        lambda: api.update_call(account_id, call_id, redirect_to(url)),
        lambda: api.update_call(account_id, call_id, complete()),
        lambda: api.update_call_bxml(account_id, call_id, "<Bxml><Hangup/></Bxml>"),
    ]


def refusals(attempts: list[Attempt]) -> list[tuple[int, dict[str, Any]]]:
    """Run each attempt, which must raise ApiException: their statuses and bodies."""
    answers = []
    for attempt in attempts:
        with pytest.raises(bandwidth.ApiException) as error:
            attempt()
        answers.append(api_error(error))
    return answers


def not_found(body: dict[str, Any]) -> tuple[str, str]:
    return body["type"], body["description"]


def list_ids(voice: Voice, **filters: Any) -> list[str]:
    return [call.call_id for call in voice.api.list_calls(voice.account_id, **filters)]


def next_link(headers: Any) -> str | None:
    value = (headers or {}).get("Link")
    if value is None:
        return None
    match = LINK.fullmatch(value)
    assert match, value
    return match.group(1)


def basic_get(emu: TelephonyEmulator, url: str) -> tuple[list[dict[str, Any]], str | None]:
    """GET ``url`` with the account's Basic credentials: the JSON list and the next link."""
    login = emu.bandwidth
    token = base64.b64encode(f"{login.username}:{login.password}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read()), next_link(dict(response.headers))


def second_voice_api(
    control: ControlClient, emu: TelephonyEmulator
) -> tuple[str, bandwidth.ApiClient]:
    """Another account on the same emulator: its id and an SDK client logged in as it."""
    other = TelephonyEmulator(emu.url, control, control.create_account(name="other account"))
    client = bandwidth.ApiClient(other.bandwidth.sdk_configuration())
    return other.account_id, client


# -- createCall -------------------------------------------------------------------------


def test_create_call_response_has_every_field(voice: Voice) -> None:
    emu = voice.emu
    created_at = now(emu)
    body = bandwidth.CreateCall(
        to=STAYS,
        var_from=emu.numbers[0],
        application_id=emu.application_id(),
        answer_url="https://127.0.0.1:9/answer",
        answer_method="GET",
        answer_fallback_url="https://127.0.0.1:9/fallback",
        answer_fallback_method="GET",
        disconnect_url=voice.hooks.url_for("/disconnect"),
        disconnect_method="GET",
        username="user",
        password="secret",
        fallback_username="fuser",
        fallback_password="fsecret",
        call_timeout=45,
        callback_timeout=7.5,
        priority=2,
        tag="my tag",
    )
    created = voice.api.create_call(voice.account_id, body)

    assert CALL_ID.fullmatch(created.call_id), created.call_id
    assert created.call_url == (
        f"{emu.url}/api/v2/accounts/{voice.account_id}/calls/{created.call_id}"
    )
    assert created.enqueued_time == created_at
    expected = {
        "application_id": emu.application_id(),
        "account_id": voice.account_id,
        "to": STAYS,
        "var_from": emu.numbers[0],
        "call_timeout": 45.0,
        "callback_timeout": 7.5,
        "tag": "my tag",
        "answer_method": "GET",
        "answer_url": "https://127.0.0.1:9/answer",
        "answer_fallback_method": "GET",
        "answer_fallback_url": "https://127.0.0.1:9/fallback",
        "disconnect_method": "GET",
        "disconnect_url": voice.hooks.url_for("/disconnect"),
        "username": "user",
        "password": "*****",
        "fallback_username": "fuser",
        "fallback_password": "*****",
        "priority": 2,
    }
    actual = created.model_dump(exclude={"call_id", "call_url", "enqueued_time"})
    assert {key: actual[key] for key in expected} == expected

    voice.api.update_call(voice.account_id, created.call_id, complete())
    voice.run()
    assert voice.state(created.call_id).disconnect_cause == "cancel"
    (disconnect,) = voice.hooks.received  # the https answer URLs were never called
    assert (disconnect.method, disconnect.path) == ("GET", "/disconnect")
    assert (disconnect.query["cause"], disconnect.query["tag"]) == ("cancel", "my tag")


def test_create_call_defaults(voice: Voice) -> None:
    created = voice.create_call()
    assert created.call_timeout == 30
    assert created.callback_timeout == 15
    assert created.answer_method == "POST"
    assert created.answer_fallback_method == "POST"
    assert created.disconnect_method == "POST"
    assert created.priority == 5
    assert created.tag is None
    assert created.answer_fallback_url is None
    assert (created.username, created.password) == (None, None)
    assert (created.fallback_username, created.fallback_password) == (None, None)
    second = voice.create_call()
    assert second.call_id != created.call_id


def test_create_call_with_http_info_gives_201_and_location(voice: Voice) -> None:
    emu = voice.emu
    body = bandwidth.CreateCall(
        to=STAYS,
        var_from=emu.numbers[0],
        application_id=emu.application_id(),
        answer_url="https://127.0.0.1:9/answer",
        password="secret",
        tag="t",
    )
    response = voice.api.create_call_with_http_info(voice.account_id, body)
    assert response.status_code == 201
    assert response.headers is not None
    assert response.headers["Location"] == response.data.call_url
    raw = json.loads(response.raw_data)
    assert_matches("bandwidth.yml", "createCallResponse", raw)
    assert raw["password"] == "*****"
    assert raw["callId"] == response.data.call_id
    voice.api.update_call(voice.account_id, raw["callId"], complete())


# -- getCallState ------------------------------------------------------------------------


def test_call_state_through_the_life_of_a_call(voice: Voice) -> None:
    emu = voice.emu
    voice.hooks.reply("<Response><Pause duration='60'/></Response>", event_type="answer")
    created = voice.create_call("+15005551005")  # hangs up 5 s after answering
    call_id = created.call_id

    queued = raw_state(voice, call_id)
    assert queued == {
        "applicationId": emu.application_id(),
        "accountId": voice.account_id,
        "callId": call_id,
        "parentCallId": None,
        "to": "+15005551005",
        "from": emu.numbers[0],
        "direction": "outbound",
        "state": "queued",
        "enqueuedTime": wire_time(created.enqueued_time),
        "startTime": None,
        "answerTime": None,
        "endTime": None,
        "disconnectCause": None,
        "errorMessage": None,
        "errorId": None,
        "lastUpdate": wire_time(created.enqueued_time),
    }

    emu.advance(0)
    initiated = raw_state(voice, call_id)
    assert initiated["state"] == "initiated"
    assert initiated["startTime"] == queued["enqueuedTime"]
    assert initiated["lastUpdate"] == initiated["startTime"]
    assert initiated["answerTime"] is None

    emu.advance(1)
    answered = raw_state(voice, call_id)
    assert answered["state"] == "answered"
    assert seconds(answered["startTime"], answered["answerTime"]) == 1
    assert answered["lastUpdate"] == answered["answerTime"]
    assert answered["endTime"] is None

    emu.advance(5)
    ended = raw_state(voice, call_id)
    assert {key: ended[key] for key in ("state", "disconnectCause", "errorMessage")} == {
        "state": "disconnected",
        "disconnectCause": "hangup",
        "errorMessage": None,
    }
    assert seconds(ended["answerTime"], ended["endTime"]) == 5
    assert ended["lastUpdate"] == ended["endTime"]
    assert ended["enqueuedTime"] == queued["enqueuedTime"]

    state = voice.state(call_id)  # the SDK reads the same thing
    assert (state.state, state.disconnect_cause, state.direction) == (
        "disconnected",
        "hangup",
        "outbound",
    )
    assert state.end_time == iso(ended["endTime"])


def assert_unanswered(voice: Voice, causes: dict[str, str]) -> None:
    """Calls to each number end unanswered with its cause; no answer lasts callTimeout."""
    ids = {number: voice.create_call(number).call_id for number in causes}
    voice.run()
    for number, cause in causes.items():
        state = raw_state(voice, ids[number])
        assert (state["state"], state["disconnectCause"], state["answerTime"]) == (
            "disconnected",
            cause,
            None,
        )
        ring = 30 if cause == "timeout" else 1
        assert seconds(state["startTime"], state["endTime"]) == ring
    assert voice.hooks.event_types() == ["disconnect"] * len(causes)


def test_unanswered_calls_end_with_their_cause(voice: Voice) -> None:
    far_end(voice.emu)
    assert_unanswered(voice, {BUSY: "busy", REJECT: "rejected", NO_ANSWER: "timeout"})


def test_magic_numbers_end_unanswered_calls_with_their_cause(voice: Voice) -> None:
    """+15005550001 busy, +15005550002 no answer, +15005550003 reject: no set-up needed."""
    assert_unanswered(voice, MAGIC)


def test_get_call_state_of_an_unknown_call_is_404(voice: Voice) -> None:
    with pytest.raises(bandwidth.ApiException) as error:
        voice.state("c-00000000-00000000-0000-0000-0000-000000000000")
    status, body = api_error(error)
    assert status == 404
    assert body["type"] == "validation"
    assert body["description"] == "Call [c-00000000-00000000-0000-0000-0000-000000000000] not found"


# -- listCalls ---------------------------------------------------------------------------


def test_list_calls_is_oldest_first(voice: Voice) -> None:
    far_end(voice.emu)
    assert voice.api.list_calls(voice.account_id) == []
    ids = [voice.create_call(number).call_id for number in (STAYS, BUSY, REJECT, "+15551230001")]
    assert list_ids(voice) == ids  # queued calls are listed too
    voice.run()
    assert list_ids(voice) == ids
    response = voice.api.list_calls_with_http_info(voice.account_id)
    assert response.headers is not None
    assert "Link" not in response.headers
    for item in json.loads(response.raw_data):
        assert_matches("bandwidth.yml", "callState", item)


def test_list_calls_filters(voice: Voice) -> None:
    emu = voice.emu
    far_end(emu)
    align_clock(emu, 0.5)  # start times fall on whole milliseconds
    busy = voice.create_call(BUSY).call_id
    body = bandwidth.CreateCall(
        to=REJECT,
        var_from=emu.numbers[1],
        application_id=emu.application_id(),
        answer_url=voice.hooks.url_for("/answer"),
    )
    rejected = voice.api.create_call(voice.account_id, body).call_id
    hangup = voice.create_call(STAYS).call_id
    voice.run()
    starts = {call_id: wire_time(voice.state(call_id).start_time) for call_id in (busy, rejected)}
    # Dialled at the default 5 calls per second.
    assert seconds(starts[busy], starts[rejected]) == 0.2
    queued = voice.create_call(STAYS).call_id

    assert list_ids(voice, to=REJECT) == [rejected]
    assert list_ids(voice, to=STAYS) == [hangup, queued]
    assert list_ids(voice, var_from=emu.numbers[1]) == [rejected]
    assert list_ids(voice, var_from=emu.numbers[0]) == [busy, hangup, queued]
    assert list_ids(voice, disconnect_cause="busy") == [busy]
    assert list_ids(voice, disconnect_cause="rejected") == [rejected]
    assert list_ids(voice, disconnect_cause="hangup") == [hangup]
    assert list_ids(voice, disconnect_cause="timeout") == []
    middle = starts[rejected]
    assert list_ids(voice, min_start_time=middle) == [rejected, hangup]  # inclusive
    assert list_ids(voice, max_start_time=middle) == [busy, rejected]  # inclusive
    assert list_ids(voice, min_start_time=middle, max_start_time=middle) == [rejected]
    assert list_ids(voice, min_start_time=starts[busy], to=STAYS) == [hangup]  # not queued
    assert list_ids(voice, to=STAYS, var_from=emu.numbers[1]) == []


@pytest.mark.parametrize(("fraction", "millisecond"), [(0.5004, ".500Z"), (0.5006, ".501Z")])
def test_start_time_filters_include_a_call_started_at_that_time(
    voice: Voice, fraction: float, millisecond: str
) -> None:
    align_clock(voice.emu, fraction)
    call_id = voice.create_call().call_id
    voice.emu.advance(0)
    start = raw_state(voice, call_id)["startTime"]
    assert start.endswith(millisecond)
    assert list_ids(voice, min_start_time=start) == [call_id]
    assert list_ids(voice, max_start_time=start) == [call_id]


@pytest.mark.parametrize("count", [5, 4])
def test_list_calls_pages_through_the_link_header(voice: Voice, count: int) -> None:
    ids = [voice.create_call().call_id for _ in range(count)]
    pages: list[list[str]] = []
    token: str | None = None
    while True:
        response = voice.api.list_calls_with_http_info(
            voice.account_id, page_size=2, page_token=token
        )
        pages.append([call.call_id for call in response.data])
        link = next_link(response.headers)
        if link is None:
            break
        assert link.startswith(f"{voice.emu.url}/api/v2/accounts/{voice.account_id}/calls?")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        assert query["pageSize"] == ["2"]
        token = query["pageToken"][0]
    assert pages == [ids[index : index + 2] for index in range(0, count, 2)]


def test_list_calls_link_followed_raw_keeps_the_filters(voice: Voice) -> None:
    emu = voice.emu
    wanted = []
    for index in range(5):
        to = STAYS if index % 2 == 0 else "+15551230001"
        call_id = voice.create_call(to).call_id
        if to == STAYS:
            wanted.append(call_id)
    url: str | None = f"{emu.bandwidth.voice_url}/accounts/{emu.account_id}/calls?" + (
        urllib.parse.urlencode({"to": STAYS, "pageSize": 1})
    )
    seen: list[list[str]] = []
    while url is not None:
        items, url = basic_get(emu, url)
        seen.append([item["callId"] for item in items])
        if url is not None:
            assert url.startswith(emu.url + "/")
            assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["to"] == [STAYS]
    assert seen == [[call_id] for call_id in wanted]


@pytest.mark.parametrize(
    "token",
    [
        "garbage!!",
        base64.urlsafe_b64encode(b"conferences:1").decode().rstrip("="),
        base64.urlsafe_b64encode(b"calls:not-a-number").decode().rstrip("="),
    ],
)
def test_list_calls_refuses_a_foreign_page_token(voice: Voice, token: str) -> None:
    voice.create_call()
    with pytest.raises(bandwidth.ApiException) as error:
        voice.api.list_calls(voice.account_id, page_token=token)
    status, body = api_error(error)
    assert status == 400
    assert body["type"] == "validation"
    assert body["description"] == f"Invalid pageToken: {token}"


# -- queue, priority and limits --------------------------------------------------------


def test_calls_are_dialled_by_priority_at_the_account_rate(voice: Voice) -> None:
    emu = voice.emu
    emu.set_limits(calls_per_second=1)
    stats = bandwidth.StatisticsApi(voice.api.api_client)
    priorities = [5, 3, 1, 3, 1]
    ids = [voice.create_call(priority=priority).call_id for priority in priorities]
    start = now(emu)
    statistics = stats.get_statistics(voice.account_id)
    assert (statistics.current_call_queue_size, statistics.max_call_queue_size) == (5, 1500)

    sizes = []
    for step in range(5):
        emu.advance(0 if step == 0 else 1)
        sizes.append(stats.get_statistics(voice.account_id).current_call_queue_size)
    assert sizes == [4, 3, 2, 1, 0]

    order = [ids[2], ids[4], ids[1], ids[3], ids[0]]  # priority 1 first, FIFO within one
    offsets = [seconds(start, raw_state(voice, call_id)["startTime"]) for call_id in order]
    assert offsets == [0, 1, 2, 3, 4]
    voice.run()


def test_full_queue_refuses_calls_with_429(voice: Voice) -> None:
    emu = voice.emu
    emu.set_limits(max_queue_size=2)
    voice.create_call()
    voice.create_call()
    with pytest.raises(bandwidth.ApiException) as error:
        voice.create_call()
    status, body = api_error(error)
    assert status == 429
    assert body == {
        "type": "error",
        "description": "Account call creation rate limit exceeded",
        "id": "",
    }
    assert error.value.headers is not None
    assert error.value.headers["Retry-After"] == "1"
    assert len(voice.api.list_calls(voice.account_id)) == 2
    statistics = bandwidth.StatisticsApi(voice.api.api_client).get_statistics(voice.account_id)
    assert (statistics.current_call_queue_size, statistics.max_call_queue_size) == (2, 2)

    emu.advance(0)  # one call leaves the queue: room for another
    voice.create_call()
    assert len(voice.api.list_calls(voice.account_id)) == 3


def test_concurrent_call_limit_gives_429(voice: Voice) -> None:
    emu = voice.emu
    far_end(emu)
    emu.set_limits(max_active_calls=1)
    first = voice.create_call(NO_ANSWER).call_id
    emu.advance(0)
    assert voice.state(first).state == "initiated"
    with pytest.raises(bandwidth.ApiException) as error:
        voice.create_call()
    status, body = api_error(error)
    assert status == 429
    assert body == {
        "type": "error",
        "description": "Account concurrent call limit exceeded",
        "id": "",
    }
    assert error.value.headers is not None
    assert error.value.headers["Retry-After"] == "1"
    assert list_ids(voice) == [first]

    voice.run()  # the first call times out: there is room again
    voice.create_call()


def test_queued_call_dialled_at_the_concurrent_limit_ends_with_account_limit(voice: Voice) -> None:
    emu, hooks = voice.emu, voice.hooks
    far_end(emu)
    emu.set_limits(max_active_calls=1)
    first = voice.create_call(NO_ANSWER).call_id
    second = voice.create_call(NO_ANSWER).call_id  # both accepted: neither is active yet
    voice.run()

    assert voice.state(first).disconnect_cause == "timeout"
    state = voice.state(second)
    assert state.state == "disconnected"
    assert state.disconnect_cause == "account-limit"
    assert state.error_message == "Account concurrent call limit exceeded"
    assert state.start_time is None
    (disconnect,) = [
        hook.payload
        for hook in hooks.received
        if hook.event_type == "disconnect" and hook.payload["callId"] == second
    ]
    assert disconnect["cause"] == "account-limit"
    assert disconnect["errorId"] == state.error_id
    assert_callback(disconnect)


def test_list_calls_refuses_another_accounts_page_token(
    voice: Voice, telephony_control: ControlClient
) -> None:
    for _ in range(2):
        voice.create_call()
    response = voice.api.list_calls_with_http_info(voice.account_id, page_size=1)
    link = next_link(response.headers)
    assert link is not None
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["pageToken"][0]
    other = telephony_control.create_account(name="other account")
    config = bandwidth.Configuration(
        host=other["bandwidth"]["voice_url"],
        ignore_operation_servers=True,
        username=other["bandwidth"]["username"],
        password=other["bandwidth"]["password"],
    )
    with bandwidth.ApiClient(config) as client, pytest.raises(bandwidth.ApiException) as error:
        bandwidth.CallsApi(client).list_calls(other["account_id"], page_token=token)
    status, body = api_error(error)
    assert status == 400
    assert body["description"] == f"Invalid pageToken: {token}"


# -- updateCall and updateCallBxml --------------------------------------------------------


def test_redirect_interrupts_a_long_pause(voice: Voice) -> None:
    emu, hooks = voice.emu, voice.hooks
    hooks.reply(LONG_PAUSE, event_type="answer")
    hooks.reply("<Response><Pause duration='3'/></Response>", path="/redirect")
    call_id = voice.create_call().call_id
    emu.advance(5)  # answered at +1, pausing since
    update_at = now(emu)

    voice.api.update_call(
        voice.account_id, call_id, redirect_to(hooks.url_for("/redirect"), tag="moved")
    )
    voice.run()

    assert [(item.path, item.event_type) for item in hooks.received] == [
        ("/answer", "answer"),
        ("/redirect", "redirect"),
        ("/disconnect", "disconnect"),
    ]
    redirect = hooks.received[1].payload
    assert_callback(redirect)
    assert iso(redirect["eventTime"]) == update_at
    assert redirect["tag"] == "moved"
    assert redirect["callId"] == call_id
    disconnect = hooks.received[2].payload
    assert_callback(disconnect)
    assert seconds(redirect["eventTime"], disconnect["endTime"]) == 3
    assert (disconnect["cause"], disconnect["tag"]) == ("hangup", "moved")
    assert "tag" not in hooks.received[0].payload  # the tag came with the update


def test_update_call_bxml_replaces_the_running_document(voice: Voice) -> None:
    emu, hooks = voice.emu, voice.hooks
    hooks.reply(LONG_PAUSE, event_type="answer")
    call_id = voice.create_call().call_id
    emu.advance(3)
    replaced_at = now(emu)

    response = voice.api.update_call_bxml_with_http_info(
        voice.account_id,
        call_id,
        "<?xml version='1.0' encoding='UTF-8'?><Bxml>"
        "<SpeakSentence>one two three four five</SpeakSentence>"
        "<Redirect redirectUrl='after-bxml'/></Bxml>",
    )
    assert response.status_code == 204
    voice.run()

    assert [(item.path, item.event_type) for item in hooks.received] == [
        ("/answer", "answer"),
        ("/after-bxml", "redirect"),  # relative to the answerUrl
        ("/disconnect", "disconnect"),
    ]
    redirect = hooks.received[1].payload
    assert seconds(replaced_at, redirect["eventTime"]) == 2  # 5 words at 0.4 s
    disconnect = hooks.received[2].payload
    assert (disconnect["cause"], disconnect["endTime"]) == ("hangup", redirect["eventTime"])


def test_queued_calls_cannot_be_redirected_but_can_be_cancelled(voice: Voice) -> None:
    hooks = voice.hooks
    call_id = voice.create_call().call_id
    redirect, _, bxml = modifications(voice.api, voice.account_id, call_id, hooks.url)
    assert refusals([redirect, bxml]) == [(409, conflict(call_id))] * 2
    assert voice.state(call_id).state == "queued"

    voice.api.update_call(voice.account_id, call_id, complete())
    voice.run()
    state = voice.state(call_id)
    assert (state.state, state.disconnect_cause, state.start_time) == (
        "disconnected",
        "cancel",
        None,
    )
    statistics = bandwidth.StatisticsApi(voice.api.api_client).get_statistics(voice.account_id)
    assert statistics.current_call_queue_size == 0
    assert hooks.event_types() == ["disconnect"]
    assert hooks.received[0].payload["cause"] == "cancel"


def test_ringing_calls_cannot_be_redirected(voice: Voice) -> None:
    far_end(voice.emu)
    call_id = voice.create_call(NO_ANSWER).call_id
    voice.emu.advance(2)
    assert voice.emu.call(call_id)["ringing"] is True
    redirect, _, bxml = modifications(voice.api, voice.account_id, call_id, voice.hooks.url)
    assert refusals([redirect, bxml]) == [(409, conflict(call_id))] * 2
    voice.api.update_call(voice.account_id, call_id, complete())
    voice.run()
    assert voice.state(call_id).disconnect_cause == "cancel"


def test_ended_calls_cannot_be_modified(voice: Voice) -> None:
    far_end(voice.emu)
    call_id = voice.create_call(BUSY).call_id
    voice.run()
    attempts = modifications(voice.api, voice.account_id, call_id, voice.hooks.url)
    assert refusals(attempts) == [(409, conflict(call_id))] * 3
    assert voice.state(call_id).disconnect_cause == "busy"


def test_unknown_calls_are_404_for_updates(voice: Voice) -> None:
    unknown = "c-11111111-22222222-3333-4444-5555-666666666666"
    attempts = modifications(voice.api, voice.account_id, unknown, voice.hooks.url)
    answers = [(status, not_found(body)) for status, body in refusals(attempts)]
    assert answers == [(404, ("validation", f"Call [{unknown}] not found"))] * 3


def test_accounts_cannot_see_each_others_calls(
    voice: Voice, telephony_control: ControlClient
) -> None:
    voice.hooks.reply(LONG_PAUSE, event_type="answer")
    call_id = voice.create_call().call_id
    voice.emu.advance(2)
    other_id, client = second_voice_api(telephony_control, voice.emu)
    with client:
        other = bandwidth.CallsApi(client)
        assert other.list_calls(other_id) == []
        attempts: list[Attempt] = [lambda: other.get_call_state(other_id, call_id)]
        attempts += modifications(other, other_id, call_id, voice.hooks.url)
        answers = [(status, not_found(body)) for status, body in refusals(attempts)]
        assert answers == [(404, ("validation", f"Call [{call_id}] not found"))] * 4
    assert voice.state(call_id).state == "answered"
    assert voice.hooks.event_types() == ["answer"]
    voice.api.update_call(voice.account_id, call_id, complete())
    voice.run()
    assert voice.state(call_id).disconnect_cause == "hangup"
