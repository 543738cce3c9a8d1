"""Bandwidth Voice v2 request parsing: createCall, updateCall, listCalls and their vendor 400s."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from bandwidth.models import CreateCall, MachineDetectionConfiguration, UpdateCall
from multidict import MultiDict, MultiDictProxy
from pydantic import BaseModel
from telephony_emulator.apis.bandwidth_v2.schemas import (
    DEFAULT_PAGE_SIZE,
    MALFORMED_BODY,
    MISSING_REQUIRED_CREATE,
    NOT_AN_OBJECT,
    REDIRECT_URL_REQUIRED,
    CreateCallRequest,
    ListCallsQuery,
    MachineDetectionRequest,
    UpdateCallRequest,
    check_json_content_type,
    check_xml_content_type,
    parse_create_call,
    parse_list_calls_query,
    parse_update_call,
)
from telephony_emulator.errors import EmulatorError, InvalidRequest, UnsupportedMediaType

JSON = "application/json"
BASE: dict[str, Any] = {
    "to": "+19195551234",
    "from": "+15555551212",
    "applicationId": "1234-qwer-5679-tyui",
    "answerUrl": "https://app.example/answer",
}


def create(**fields: Any) -> CreateCallRequest:
    """A createCall with BASE plus ``fields`` (a value of ``...`` removes that key)."""
    body = {**BASE, **fields}
    return parse_create_call(
        json.dumps({k: v for k, v in body.items() if v is not ...}).encode(), JSON
    )


def create_error(**fields: Any) -> str:
    with pytest.raises(InvalidRequest) as caught:
        create(**fields)
    assert caught.value.status == 400
    return caught.value.message


def raw_error(raw: bytes, parse: Any = parse_create_call) -> str:
    with pytest.raises(InvalidRequest) as caught:
        parse(raw, JSON)
    return caught.value.message


def update(**fields: Any) -> UpdateCallRequest:
    return parse_update_call(json.dumps(fields).encode(), JSON)


def update_error(**fields: Any) -> str:
    with pytest.raises(InvalidRequest) as caught:
        update(**fields)
    assert caught.value.status == 400
    return caught.value.message


def md_error(**fields: Any) -> str:
    return create_error(machineDetection=fields)


def field_name(model: type[BaseModel], alias: str) -> str:
    return next(name for name, field in model.model_fields.items() if field.alias == alias)


def list_error(**query: str) -> str:
    with pytest.raises(InvalidRequest) as caught:
        parse_list_calls_query(query)
    return caught.value.message


# -- content types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json;charset=UTF-8", "Application/JSON ; charset=utf-8"],
)
def test_json_content_types_accepted(content_type: str) -> None:
    check_json_content_type(content_type)
    body = parse_create_call(json.dumps(BASE).encode(), content_type)
    assert body.to == "+19195551234"
    assert parse_update_call(b'{"state": "completed"}', content_type).state == "completed"


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        ("text/plain;charset=UTF-8", "Content type 'text/plain;charset=UTF-8' not supported"),
        ("application/xml", "Content type 'application/xml' not supported"),
        (
            "application/x-www-form-urlencoded",
            "Content type 'application/x-www-form-urlencoded' not supported",
        ),
        (None, "Content type '' not supported"),
        ("", "Content type '' not supported"),
    ],
)
def test_json_content_types_rejected(content_type: str | None, message: str) -> None:
    for parse in (parse_create_call, parse_update_call):
        with pytest.raises(UnsupportedMediaType) as caught:
            parse(json.dumps(BASE).encode(), content_type)
        assert caught.value.status == 415
        assert caught.value.message == message


@pytest.mark.parametrize(
    "content_type", ["application/xml", "text/xml", "application/xml; charset=utf-8", "TEXT/XML"]
)
def test_xml_content_types_accepted(content_type: str) -> None:
    check_xml_content_type(content_type)


@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        ("application/json", "Content type 'application/json' not supported"),
        ("text/plain", "Content type 'text/plain' not supported"),
        (None, "Content type '' not supported"),
    ],
)
def test_xml_content_types_rejected(content_type: str | None, message: str) -> None:
    with pytest.raises(UnsupportedMediaType) as caught:
        check_xml_content_type(content_type)
    assert caught.value.message == message


# -- body shape ---------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"{", b'{"to": }', b"\xff\xfe", b"{'to': 1}", b"[" * 5000])
def test_malformed_json(raw: bytes) -> None:
    assert raw_error(raw) == MALFORMED_BODY
    assert raw_error(raw, parse_update_call) == MALFORMED_BODY


@pytest.mark.parametrize("raw", [b"[]", b"5", b'"text"', b"null", b"true"])
def test_body_must_be_an_object(raw: bytes) -> None:
    assert raw_error(raw) == NOT_AN_OBJECT
    assert raw_error(raw, parse_update_call) == NOT_AN_OBJECT


def failure_of(parse: Any, raw: bytes) -> EmulatorError | None:
    try:
        parse(raw, JSON)
    except EmulatorError as error:
        return error
    return None


def test_garbage_only_ever_raises_invalid_request() -> None:
    rng = random.Random(1234)
    seeds = [json.dumps(BASE).encode(), b'{"state": "completed", "tag": null}']
    for _ in range(2000):
        raw = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        for parse in (parse_create_call, parse_update_call):
            error = failure_of(parse, bytes(raw))  # anything but EmulatorError propagates
            assert error is None or (type(error) is InvalidRequest and error.message)


# -- createCall: required fields, defaults, aliases ----------------------------------------


def test_minimal_create_call_defaults() -> None:
    body = create()
    assert body.to == "+19195551234"
    assert body.from_ == "+15555551212"
    assert body.application_id == "1234-qwer-5679-tyui"
    assert body.answer_url == "https://app.example/answer"
    assert body.answer_method == "POST"
    assert body.answer_fallback_method == "POST"
    assert body.disconnect_method == "POST"
    assert body.call_timeout == 30
    assert body.callback_timeout == 15
    assert body.priority == 5
    for name in (
        "privacy", "display_name", "uui", "username", "password", "answer_fallback_url",
        "fallback_username", "fallback_password", "disconnect_url", "machine_detection", "tag",
    ):  # fmt: skip
        assert getattr(body, name) is None, name


@pytest.mark.parametrize("field", ["to", "from", "answerUrl", "applicationId"])
def test_missing_required_field(field: str) -> None:
    assert create_error(**{field: ...}) == MISSING_REQUIRED_CREATE
    assert create_error(**{field: None}) == MISSING_REQUIRED_CREATE


def test_missing_required_message_is_the_vendors() -> None:
    assert raw_error(b"{}") == (
        "Missing at least one required field. Required fields are "
        "[from, to, answerUrl, applicationId]"
    )


def test_missing_required_wins_over_other_errors() -> None:
    assert create_error(to=5, priority="x", applicationId=...) == MISSING_REQUIRED_CREATE


def test_full_create_call_by_alias() -> None:
    body = create(
        privacy=True,
        displayName="Anonymous",
        uui="aGVsbG8gd29ybGQ;encoding=base64",
        answerMethod="GET",
        username="user",
        password="pass",
        answerFallbackUrl="https://fallback.example/answer",
        answerFallbackMethod="GET",
        fallbackUsername="fuser",
        fallbackPassword="fpass",
        disconnectUrl="http://app.example/disconnect",
        disconnectMethod="GET",
        callTimeout=45.5,
        callbackTimeout=2,
        machineDetection={"mode": "sync"},
        priority=1,
        tag="my tag",
    )
    assert body.privacy is True
    assert body.display_name == "Anonymous"
    assert body.uui == "aGVsbG8gd29ybGQ;encoding=base64"
    assert (body.answer_method, body.answer_fallback_method, body.disconnect_method) == (
        "GET",
        "GET",
        "GET",
    )
    assert (body.username, body.password) == ("user", "pass")
    assert body.answer_fallback_url == "https://fallback.example/answer"
    assert (body.fallback_username, body.fallback_password) == ("fuser", "fpass")
    assert body.disconnect_url == "http://app.example/disconnect"
    assert body.call_timeout == 45.5
    assert body.callback_timeout == 2
    assert body.machine_detection is not None
    assert body.machine_detection.mode == "sync"
    assert body.priority == 1
    assert body.tag == "my tag"


def test_snake_case_names_are_accepted_too() -> None:
    body = CreateCallRequest.model_validate(
        {
            "to": "+19195551234",
            "from_": "+15555551212",
            "application_id": "a",
            "answer_url": "https://x.example",
        }
    )
    assert body.from_ == "+15555551212"
    assert body.application_id == "a"


def test_unknown_fields_are_ignored() -> None:
    body = create(somethingNew=1, nested={"a": [1, 2]}, machineDetection={"futureKnob": True})
    assert not hasattr(body, "somethingNew")
    assert body.machine_detection == MachineDetectionRequest()


def test_null_means_absent() -> None:
    body = create(
        privacy=None,
        displayName=None,
        answerMethod=None,
        answerFallbackUrl=None,
        answerFallbackMethod=None,
        disconnectMethod=None,
        callTimeout=None,
        callbackTimeout=None,
        machineDetection=None,
        priority=None,
        tag=None,
    )
    assert body.answer_method == "POST"
    assert body.answer_fallback_method == "POST"
    assert body.disconnect_method == "POST"
    assert (body.call_timeout, body.callback_timeout, body.priority) == (30, 15, 5)
    assert body.machine_detection is None
    assert body.tag is None


def test_numeric_strings_are_read_as_numbers() -> None:
    body = create(callTimeout="60", priority="2")
    assert (body.call_timeout, body.priority) == (60, 2)


def test_empty_tag_is_kept() -> None:
    assert create(tag="").tag == ""


# -- createCall: type errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"to": 5}, "Invalid to: must be a string"),
        ({"from": ["+15555551212"]}, "Invalid from: must be a string"),
        ({"applicationId": {"id": 1}}, "Invalid applicationId: must be a string"),
        ({"answerUrl": True}, "Invalid answerUrl: must be a string"),
        ({"tag": 5}, "Invalid tag: must be a string"),
        ({"displayName": 1.5}, "Invalid displayName: must be a string"),
        ({"username": 1}, "Invalid username: must be a string"),
        ({"priority": "x"}, "Invalid priority: must be an integer"),
        ({"priority": 2.5}, "Invalid priority: must be an integer"),
        ({"priority": True}, "Invalid priority: must be an integer"),
        ({"priority": [1]}, "Invalid priority: must be an integer"),
        ({"callTimeout": "abc"}, "Invalid callTimeout: must be a number"),
        ({"callTimeout": False}, "Invalid callTimeout: must be a number"),
        ({"callbackTimeout": {}}, "Invalid callbackTimeout: must be a number"),
        ({"privacy": "maybe"}, "Invalid privacy: must be a boolean"),
        ({"machineDetection": 5}, "Invalid machineDetection: must be an object"),
        ({"machineDetection": []}, "Invalid machineDetection: must be an object"),
        (
            {"machineDetection": {"delayResult": "sometimes"}},
            "Invalid machineDetection.delayResult: must be a boolean",
        ),
        (
            {"machineDetection": {"detectionTimeout": "soon"}},
            "Invalid machineDetection.detectionTimeout: must be a number",
        ),
        (
            {"machineDetection": {"silenceTimeout": True}},
            "Invalid machineDetection.silenceTimeout: must be a number",
        ),
        (
            {"machineDetection": {"callbackUrl": 7}},
            "Invalid machineDetection.callbackUrl: must be a string",
        ),
    ],
)
def test_type_errors(fields: dict[str, Any], message: str) -> None:
    assert create_error(**fields) == message


def test_non_finite_numbers() -> None:
    raw = json.dumps(BASE)[:-1] + ', "callTimeout": 1e400}'
    assert raw_error(raw.encode()) == "Invalid callTimeout: must be a finite number"
    raw = json.dumps(BASE)[:-1] + ', "callbackTimeout": NaN}'
    assert raw_error(raw.encode()) == "Invalid callbackTimeout: must be a finite number"


def test_first_error_in_field_order_is_reported() -> None:
    assert create_error(priority="x", callTimeout="y") == "Invalid callTimeout: must be a number"


# -- createCall: ranges -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"callTimeout": 500}, "callTimeout must be within the range [1, 300], but was 500"),
        ({"callTimeout": 0}, "callTimeout must be within the range [1, 300], but was 0"),
        ({"callTimeout": 0.5}, "callTimeout must be within the range [1, 300], but was 0.5"),
        ({"callTimeout": 300.5}, "callTimeout must be within the range [1, 300], but was 300.5"),
        ({"callTimeout": 500.0}, "callTimeout must be within the range [1, 300], but was 500.0"),
        ({"callTimeout": "500"}, "callTimeout must be within the range [1, 300], but was 500"),
        ({"callTimeout": -3}, "callTimeout must be within the range [1, 300], but was -3"),
        ({"callbackTimeout": 26}, "callbackTimeout must be within the range [1, 25], but was 26"),
        ({"callbackTimeout": 0.9}, "callbackTimeout must be within the range [1, 25], but was 0.9"),
        ({"priority": 0}, "priority must be within the range [1, 5], but was 0"),
        ({"priority": 6}, "priority must be within the range [1, 5], but was 6"),
        ({"priority": 10**30}, f"priority must be within the range [1, 5], but was {10**30}"),
    ],
)
def test_ranges(fields: dict[str, Any], message: str) -> None:
    assert create_error(**fields) == message


@pytest.mark.parametrize(
    "fields",
    [
        {"callTimeout": 1, "callbackTimeout": 1, "priority": 1},
        {"callTimeout": 300, "callbackTimeout": 25, "priority": 5},
        {"callTimeout": 1.5, "callbackTimeout": 24.99, "priority": 3.0},
    ],
)
def test_range_bounds_are_inclusive(fields: dict[str, Any]) -> None:
    create(**fields)


@pytest.mark.parametrize(
    "field",
    [
        "detectionTimeout",
        "silenceTimeout",
        "speechThreshold",
        "speechEndThreshold",
        "machineSpeechEndThreshold",
    ],
)
def test_machine_detection_numbers_are_non_negative(field: str) -> None:
    assert md_error(**{field: -1}) == (
        f"machineDetection.{field} must be greater than or equal to 0, but was -1"
    )
    assert md_error(**{field: -0.5}) == (
        f"machineDetection.{field} must be greater than or equal to 0, but was -0.5"
    )
    create(machineDetection={field: 0})
    create(machineDetection={field: 3600})


# -- createCall: numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "to", ["+19195551234", "+442071838750", "sip:user@server.example", "sips:alice@10.0.0.1:5061"]
)
def test_to_accepts_e164_and_sip(to: str) -> None:
    assert create(to=to).to == to


@pytest.mark.parametrize(
    "to",
    [
        "19195551234",
        "+0123",
        "+1",
        "+1234567890123456",
        "",
        "sip:nobody",
        "tel:+19195551234",
        "+19195551234\n",
        "+1 919 555 1234",
    ],
)
def test_to_rejects_other_addresses(to: str) -> None:
    assert create_error(to=to) == "Invalid to: must be an E164 telephone number"


@pytest.mark.parametrize(
    "from_", ["15555551212", "sip:me@example.com", "", "+15555551212\n", "anonymous"]
)
def test_from_must_be_e164(from_: str) -> None:
    assert create_error(**{"from": from_}) == "Invalid from: must be an E164 telephone number"


# -- createCall: lengths and free text ----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("tag", 4096),
        ("displayName", 256),
        ("username", 1024),
        ("password", 1024),
        ("fallbackUsername", 1024),
        ("fallbackPassword", 1024),
    ],
)
def test_text_lengths(field: str, limit: int) -> None:
    assert (
        getattr(create(**{field: "x" * limit}), field_name(CreateCallRequest, field)) == "x" * limit
    )
    assert create_error(**{field: "x" * (limit + 1)}) == (
        f"Invalid {field}: must be at most {limit} characters"
    )


@pytest.mark.parametrize("field", ["answerUrl", "answerFallbackUrl", "disconnectUrl"])
def test_url_lengths(field: str) -> None:
    url = "https://app.example/"
    create(**{field: url + "a" * (2048 - len(url))})
    assert create_error(**{field: url + "a" * (2049 - len(url))}) == (
        f"Invalid {field}: must be at most 2048 characters"
    )


@pytest.mark.parametrize(
    "field",
    ["callbackUrl", "fallbackUrl", "username", "password", "fallbackUsername", "fallbackPassword"],
)
def test_machine_detection_lengths(field: str) -> None:
    limit = 2048 if field.endswith("Url") else 1024
    assert md_error(**{field: "x" * (limit + 1)}) == (
        f"Invalid machineDetection.{field}: must be at most {limit} characters"
    )


def test_uui_length() -> None:
    value = "a" * (350 - len(";encoding=hex")) + ";encoding=hex"
    assert create(uui=value).uui == value
    assert create_error(uui="a" + value) == "Invalid uui: must be at most 350 characters"


@pytest.mark.parametrize("name", ["a\nb", "tab\there", "bell\x07", "del\x7f", "c1\x85"])
def test_display_name_rejects_control_characters(name: str) -> None:
    assert create_error(displayName=name) == (
        "Invalid displayName: must not contain control characters"
    )


@pytest.mark.parametrize("name", ["Restricted", "Anonymous", "Private", "Unavailable"])
def test_display_name_with_privacy(name: str) -> None:
    assert create(privacy=True, displayName=name).display_name == name


@pytest.mark.parametrize("name", ["John Doe", "anonymous", ""])
def test_display_name_with_privacy_rejects_other_names(name: str) -> None:
    assert create_error(privacy=True, displayName=name) == (
        "Invalid displayName: must be one of [Restricted, Anonymous, Private, Unavailable] "
        "when privacy is true"
    )


def test_display_name_without_privacy_is_free() -> None:
    assert create(privacy=False, displayName="John Doe").display_name == "John Doe"
    assert create(displayName="Jöhn Døe ☎").display_name == "Jöhn Døe ☎"
    assert create(privacy=True).display_name is None


@pytest.mark.parametrize(
    "uui",
    [
        "eyJhbGciOiJIUzI1NiJ9.WyJoaSJd.-znkjYyCkgz4djmHUPSXl9YrJ6Nix_XvmlwKGFh5ERM;encoding=jwt,"
        "aGVsbG8gd29ybGQ;encoding=base64",
        "48656c6c6f;encoding=hex",
        "48656c6c6f;purpose=isdn-uui;encoding=hex",
        "abc;encoding=hex, def;encoding=base64",
        "abc;ENCODING=HEX",
    ],
)
def test_uui_accepts_encoded_values(uui: str) -> None:
    assert create(uui=uui).uui == uui


@pytest.mark.parametrize(
    "uui",
    [
        "hello",
        "abc;encoding=utf8",
        "abc;encoding=hex,def",
        "abc;encoding=hex,",
        ";encoding=hex",
        "",
        "abc;encoding=hexx",
    ],
)
def test_uui_rejects_unencoded_values(uui: str) -> None:
    assert create_error(uui=uui) == (
        "Invalid uui: each value must end with ;encoding=jwt, ;encoding=base64 or ;encoding=hex"
    )


# -- createCall: URLs, methods, credentials ------------------------------------------------

URL_FIELDS = ["answerUrl", "answerFallbackUrl", "disconnectUrl"]


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize(
    "url",
    [
        "ftp://app.example/x",
        "app.example/answer",
        "",
        "mailto:a@b.example",
        "//app.example/x",
        "file:///etc/passwd",
    ],
)
def test_urls_must_be_http(field: str, url: str) -> None:
    assert create_error(**{field: url}) == f"Invalid {field}: only http and https are allowed"


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize(
    "url",
    [
        "https://",
        "http:///path",
        "https://app example/x",
        "https://app.example/a b",
        "http://app.example:port/",
    ],
)
def test_urls_must_be_absolute_with_a_host(field: str, url: str) -> None:
    assert create_error(**{field: url}) == f"Invalid {field}: must be a valid absolute URL"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/answer?x=1&y=2#frag",
        "HTTPS://APP.EXAMPLE",
        "https://user:secret@app.example/x",
        "http://[::1]:9000/",
        "http://127.0.0.1/a/b/c",
        "https://app.example/p%20q?x=%2B1",
    ],
)
def test_urls_accepted(url: str) -> None:
    body = create(answerUrl=url, answerFallbackUrl=url, disconnectUrl=url)
    assert body.answer_url == url


@pytest.mark.parametrize("field", ["callbackUrl", "fallbackUrl"])
def test_machine_detection_urls(field: str) -> None:
    assert md_error(**{field: "ftp://x.example"}) == (
        f"Invalid machineDetection.{field}: only http and https are allowed"
    )
    assert md_error(**{field: "https://"}) == (
        f"Invalid machineDetection.{field}: must be a valid absolute URL"
    )
    create(machineDetection={field: "http://x.example/md"})


@pytest.mark.parametrize(
    ("field", "url_field"),
    [
        ("answerMethod", "answerUrl"),
        ("answerFallbackMethod", "answerFallbackUrl"),
        ("disconnectMethod", "disconnectUrl"),
    ],
)
def test_methods(field: str, url_field: str) -> None:
    name = field_name(CreateCallRequest, field)
    assert getattr(create(**{field: "get"}), name) == "GET"
    assert getattr(create(**{field: "Post"}), name) == "POST"
    assert getattr(create(**{field: None}), name) == "POST"
    for bad in ("PUT", "", "GETS", 5, ["GET"]):
        assert create_error(**{field: bad}) == (
            f"Invalid {url_field} method. Supported methods: [POST, GET]"
        )


def test_answer_method_message_is_the_vendors() -> None:
    assert create_error(answerMethod="DELETE") == (
        "Invalid answerUrl method. Supported methods: [POST, GET]"
    )


@pytest.mark.parametrize(
    ("field", "url_field"), [("callbackMethod", "callbackUrl"), ("fallbackMethod", "fallbackUrl")]
)
def test_machine_detection_methods(field: str, url_field: str) -> None:
    body = create(machineDetection={field: "get"})
    assert body.machine_detection is not None
    assert getattr(body.machine_detection, field_name(MachineDetectionRequest, field)) == "GET"
    assert md_error(**{field: "PATCH"}) == (
        f"Invalid machineDetection.{url_field} method. Supported methods: [POST, GET]"
    )


@pytest.mark.parametrize(
    "credentials", [{"username": "u", "password": "p"}, {"username": "u"}, {"password": "p"}]
)
def test_answer_url_needs_https_with_credentials(credentials: dict[str, str]) -> None:
    assert create_error(answerUrl="http://app.example/answer", **credentials) == (
        "Invalid answerUrl: https is required when username and password are specified"
    )
    create(answerUrl="https://app.example/answer", **credentials)


@pytest.mark.parametrize(
    "credentials",
    [
        {"fallbackUsername": "u", "fallbackPassword": "p"},
        {"fallbackUsername": "u"},
        {"fallbackPassword": "p"},
    ],
)
def test_answer_fallback_url_needs_https_with_fallback_credentials(
    credentials: dict[str, str],
) -> None:
    assert create_error(answerFallbackUrl="http://fb.example/answer", **credentials) == (
        "Invalid answerFallbackUrl: https is required when fallbackUsername and "
        "fallbackPassword are specified"
    )
    create(answerFallbackUrl="https://fb.example/answer", **credentials)


def test_credentials_only_bind_their_own_url() -> None:
    # username/password concern answerUrl; fallback credentials concern answerFallbackUrl.
    create(answerUrl="http://app.example", fallbackUsername="u", fallbackPassword="p")
    create(answerFallbackUrl="http://fb.example", username="u", answerUrl="https://app.example")
    create(fallbackUsername="u", fallbackPassword="p")  # no fallback URL at all
    create(disconnectUrl="http://app.example/d", username="u")
    create(answerUrl="http://app.example", username="", password="")


# -- createCall: machine detection --------------------------------------------------------


def test_machine_detection_defaults() -> None:
    body = create(machineDetection={})
    detection = body.machine_detection
    assert detection is not None
    assert detection.mode == "async"
    assert (detection.detection_timeout, detection.silence_timeout) == (15, 10)
    assert (detection.speech_threshold, detection.speech_end_threshold) == (10, 5)
    assert detection.machine_speech_end_threshold is None
    assert detection.delay_result is False
    assert (detection.callback_method, detection.fallback_method) == ("POST", "POST")
    for name in (
        "callback_url",
        "username",
        "password",
        "fallback_url",
        "fallback_username",
        "fallback_password",
    ):
        assert getattr(detection, name) is None
    nulls = {field.alias: None for field in MachineDetectionRequest.model_fields.values()}
    assert create(machineDetection=nulls).machine_detection == detection


def test_machine_detection_all_fields() -> None:
    body = create(
        machineDetection={
            "mode": "sync",
            "detectionTimeout": 30,
            "silenceTimeout": 5.5,
            "speechThreshold": 4,
            "speechEndThreshold": 2,
            "machineSpeechEndThreshold": 3,
            "delayResult": True,
            "callbackUrl": "https://md.example/done",
            "callbackMethod": "GET",
            "username": "u",
            "password": "p",
            "fallbackUrl": "https://md-fallback.example/done",
            "fallbackMethod": "get",
            "fallbackUsername": "fu",
            "fallbackPassword": "fp",
        }
    )
    detection = body.machine_detection
    assert detection is not None
    assert detection.mode == "sync"
    assert detection.detection_timeout == 30
    assert detection.silence_timeout == 5.5
    assert detection.speech_threshold == 4
    assert detection.speech_end_threshold == 2
    assert detection.machine_speech_end_threshold == 3
    assert detection.delay_result is True
    assert detection.callback_url == "https://md.example/done"
    assert (detection.callback_method, detection.fallback_method) == ("GET", "GET")
    assert (detection.username, detection.password) == ("u", "p")
    assert detection.fallback_url == "https://md-fallback.example/done"
    assert (detection.fallback_username, detection.fallback_password) == ("fu", "fp")


@pytest.mark.parametrize("mode", ["SYNC", "both", "", 1])
def test_machine_detection_mode(mode: Any) -> None:
    assert md_error(mode=mode) == "Invalid machineDetection.mode: must be one of [sync, async]"


def test_callback_url_is_accepted_in_sync_mode() -> None:
    body = create(machineDetection={"mode": "sync", "callbackUrl": "https://md.example"})
    assert body.machine_detection is not None
    assert body.machine_detection.callback_url == "https://md.example"


# -- createCall: bodies from the official SDK ---------------------------------------------


def test_sdk_minimal_create_call() -> None:
    sdk = CreateCall(
        to="+19195551234",
        var_from="+15555551212",
        application_id="1234-qwer-5679-tyui",
        answer_url="https://app.example/answer",
    )
    body = parse_create_call(sdk.to_json().encode(), "application/json; charset=utf-8")
    assert body.from_ == "+15555551212"
    assert (body.call_timeout, body.callback_timeout, body.priority) == (30, 15, 5)


def test_sdk_full_create_call() -> None:
    detection = MachineDetectionConfiguration(
        mode="async",
        detection_timeout=20,
        silence_timeout=8,
        speech_threshold=9,
        speech_end_threshold=4,
        machine_speech_end_threshold=6,
        delay_result=True,
        callback_url="https://md.example/complete",
        callback_method="GET",
        username="mdu",
        password="mdp",
        fallback_url="https://md-fallback.example/complete",
        fallback_method="POST",
        fallback_username="mdfu",
        fallback_password="mdfp",
    )
    sdk = CreateCall(
        to="sip:user@server.example",
        var_from="+15555551212",
        privacy=True,
        display_name="Private",
        uui="aGVsbG8gd29ybGQ;encoding=base64",
        application_id="1234-qwer-5679-tyui",
        answer_url="https://app.example/answer",
        answer_method="GET",
        username="mySecretUsername",
        password="mySecretPassword1!",
        answer_fallback_url="https://fallback.example/answer",
        answer_fallback_method="POST",
        fallback_username="fu",
        fallback_password="fp",
        disconnect_url="https://app.example/disconnect",
        disconnect_method="GET",
        call_timeout=60.5,
        callback_timeout=20,
        machine_detection=detection,
        priority=2,
        tag="arbitrary text here",
    )
    body = parse_create_call(sdk.to_json().encode(), JSON)
    assert body.to == "sip:user@server.example"
    assert body.privacy is True
    assert body.display_name == "Private"
    assert body.answer_method == "GET"
    assert body.disconnect_method == "GET"
    assert body.call_timeout == 60.5
    assert body.priority == 2
    assert body.tag == "arbitrary text here"
    assert body.machine_detection is not None
    assert body.machine_detection.callback_url == "https://md.example/complete"
    assert body.machine_detection.machine_speech_end_threshold == 6
    assert body.machine_detection.fallback_password == "mdfp"


# -- updateCall ---------------------------------------------------------------------------


def test_update_redirect() -> None:
    body = update(redirectUrl="https://app.example/redirect")
    assert body.state == "active"
    assert body.redirect_url == "https://app.example/redirect"
    assert (body.redirect_method, body.redirect_fallback_method) == ("POST", "POST")
    assert body.model_fields_set == {"redirect_url"}


def test_update_all_fields() -> None:
    body = update(
        state="active",
        redirectUrl="https://app.example/redirect",
        redirectMethod="get",
        username="u",
        password="p",
        redirectFallbackUrl="https://fb.example/redirect",
        redirectFallbackMethod="GET",
        fallbackUsername="fu",
        fallbackPassword="fp",
        tag="",
    )
    assert (body.redirect_method, body.redirect_fallback_method) == ("GET", "GET")
    assert (body.username, body.password, body.fallback_username, body.fallback_password) == (
        "u",
        "p",
        "fu",
        "fp",
    )
    assert body.redirect_fallback_url == "https://fb.example/redirect"
    assert body.tag == ""
    assert body.model_fields_set == set(UpdateCallRequest.model_fields)


def test_update_fields_set_excludes_nulls() -> None:
    body = update(
        state=None,
        redirectUrl="https://app.example/redirect",
        redirectMethod=None,
        tag=None,
        username=None,
        unknownField=1,
    )
    assert body.state == "active"
    assert body.redirect_method == "POST"
    assert body.tag is None
    assert body.model_fields_set == {"redirect_url"}
    assert update(redirectUrl="https://app.example/r", tag="x").model_fields_set == {
        "redirect_url",
        "tag",
    }


def test_update_hang_up() -> None:
    body = update(state="completed")
    assert body.state == "completed"
    assert body.redirect_url is None
    assert body.model_fields_set == {"state"}


@pytest.mark.parametrize(
    "body", [{}, {"state": "active"}, {"state": None}, {"tag": "x"}, {"redirectUrl": None}]
)
def test_update_active_needs_redirect_url(body: dict[str, Any]) -> None:
    assert (
        update_error(**body)
        == REDIRECT_URL_REQUIRED
        == "redirectUrl is required when state is active"
    )


def test_update_empty_object_is_a_400() -> None:
    assert raw_error(b"{}", parse_update_call) == REDIRECT_URL_REQUIRED


@pytest.mark.parametrize("state", ["COMPLETED", "hangup", "", 5, True])
def test_update_state_values(state: Any) -> None:
    assert update_error(state=state) == "Invalid state: must be one of [active, completed]"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("redirectUrl", "https://app.example/redirect"),
        ("redirectMethod", "GET"),
        ("redirectMethod", "get"),
        ("redirectFallbackUrl", "https://fb.example/redirect"),
        ("redirectFallbackMethod", "GET"),
        ("username", "u"),
        ("password", "p"),
        ("fallbackUsername", "fu"),
        ("fallbackPassword", "fp"),
        ("tag", "t"),
        ("tag", ""),
    ],
)
def test_update_completed_forbids(field: str, value: str) -> None:
    assert update_error(state="completed", **{field: value}) == (
        f"{field} is not allowed when state is completed"
    )


def test_update_completed_tolerates_nulls_and_default_methods() -> None:
    # The SDK's UpdateCall(state="completed") always sends both methods as "POST".
    body = update(
        state="completed",
        redirectUrl=None,
        redirectMethod="POST",
        redirectFallbackMethod="post",
        tag=None,
        username=None,
    )
    assert body.state == "completed"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"redirectUrl": "ftp://x.example"},
            "Invalid redirectUrl: only http and https are allowed",
        ),
        ({"redirectUrl": "https://"}, "Invalid redirectUrl: must be a valid absolute URL"),
        ({"redirectUrl": 5}, "Invalid redirectUrl: must be a string"),
        (
            {"redirectUrl": "https://" + "a" * 2041},
            "Invalid redirectUrl: must be at most 2048 characters",
        ),
        (
            {"redirectFallbackUrl": "ws://x.example"},
            "Invalid redirectFallbackUrl: only http and https are allowed",
        ),
        (
            {"redirectMethod": "PUT"},
            "Invalid redirectUrl method. Supported methods: [POST, GET]",
        ),
        (
            {"redirectFallbackMethod": "HEAD"},
            "Invalid redirectFallbackUrl method. Supported methods: [POST, GET]",
        ),
        (
            {"redirectUrl": "http://app.example/r", "username": "u", "password": "p"},
            "Invalid redirectUrl: https is required when username and password are specified",
        ),
        (
            {
                "redirectFallbackUrl": "http://fb.example/r",
                "fallbackUsername": "u",
                "fallbackPassword": "p",
            },
            "Invalid redirectFallbackUrl: https is required when fallbackUsername and "
            "fallbackPassword are specified",
        ),
        ({"tag": "x" * 4097}, "Invalid tag: must be at most 4096 characters"),
        ({"username": "x" * 1025}, "Invalid username: must be at most 1024 characters"),
        (
            {"fallbackPassword": "x" * 1025},
            "Invalid fallbackPassword: must be at most 1024 characters",
        ),
        ({"tag": 5}, "Invalid tag: must be a string"),
    ],
)
def test_update_field_errors(fields: dict[str, Any], message: str) -> None:
    assert update_error(**{"redirectUrl": "https://app.example/r", **fields}) == message


def test_update_tag_limit() -> None:
    assert update(redirectUrl="https://app.example/r", tag="x" * 4096).tag == "x" * 4096


def test_sdk_update_call_bodies() -> None:
    hang_up = parse_update_call(UpdateCall(state="completed").to_json().encode(), JSON)
    assert hang_up.state == "completed"
    redirect = UpdateCall(
        state="active",
        redirect_url="https://app.example/redirect",
        redirect_method="GET",
        username="u",
        password="p",
        redirect_fallback_url="https://fb.example/redirect",
        redirect_fallback_method="POST",
        fallback_username="fu",
        fallback_password="fp",
        tag="t",
    )
    body = parse_update_call(redirect.to_json().encode(), JSON)
    assert body.redirect_url == "https://app.example/redirect"
    assert body.redirect_method == "GET"
    assert body.tag == "t"
    bare = parse_update_call(
        UpdateCall(redirect_url="https://app.example/r").to_json().encode(), JSON
    )
    assert bare.state == "active"


# -- listCalls ----------------------------------------------------------------------------


def test_list_calls_defaults() -> None:
    assert parse_list_calls_query({}) == ListCallsQuery(
        to=None,
        from_=None,
        min_start_time=None,
        max_start_time=None,
        disconnect_cause=None,
        page_size=DEFAULT_PAGE_SIZE,
        page_token=None,
    )
    assert DEFAULT_PAGE_SIZE == 1000


def test_list_calls_all_parameters() -> None:
    query = parse_list_calls_query(
        {
            "to": "+19195551234",
            "from": "+19195554321",
            "minStartTime": "2022-06-21T19:13:21Z",
            "maxStartTime": "2022-06-22T19:13:21.123Z",
            "disconnectCause": "hangup",
            "pageSize": "500",
            "pageToken": "eyJwYWdlVG9rZW4iOiJ0b2tlbiJ9",
            "somethingElse": "ignored",
        }
    )
    assert query.to == "+19195551234"
    assert query.from_ == "+19195554321"
    assert query.min_start_time == datetime(2022, 6, 21, 19, 13, 21, tzinfo=UTC)
    assert query.max_start_time == datetime(2022, 6, 22, 19, 13, 21, 123000, tzinfo=UTC)
    assert query.disconnect_cause == "hangup"
    assert query.page_size == 500
    assert query.page_token == "eyJwYWdlVG9rZW4iOiJ0b2tlbiJ9"


def test_list_calls_accepts_aiohttp_query() -> None:
    query = MultiDictProxy(MultiDict([("pageSize", "10"), ("to", "sip:a@b.example")]))
    parsed = parse_list_calls_query(query)
    assert (parsed.page_size, parsed.to) == (10, "sip:a@b.example")


def test_list_calls_empty_parameters_are_absent() -> None:
    parsed = parse_list_calls_query(
        dict.fromkeys(("to", "from", "minStartTime", "pageSize", "pageToken"), "")
    )
    assert parsed == ListCallsQuery()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-06-21T19:13:21Z", datetime(2022, 6, 21, 19, 13, 21, tzinfo=UTC)),
        ("2022-06-21t19:13:21z", datetime(2022, 6, 21, 19, 13, 21, tzinfo=UTC)),
        ("2022-06-21T19:13:21.5Z", datetime(2022, 6, 21, 19, 13, 21, 500000, tzinfo=UTC)),
        ("2022-06-21T21:13:21+02:00", datetime(2022, 6, 21, 19, 13, 21, tzinfo=UTC)),
        ("2022-06-21T14:13:21.250-05:00", datetime(2022, 6, 21, 19, 13, 21, 250000, tzinfo=UTC)),
        ("2022-06-21T19:13:21", datetime(2022, 6, 21, 19, 13, 21, tzinfo=UTC)),
        ("2022-06-21", datetime(2022, 6, 21, tzinfo=UTC)),
    ],
)
def test_list_calls_times(raw: str, expected: datetime) -> None:
    for name, attribute in (("minStartTime", "min_start_time"), ("maxStartTime", "max_start_time")):
        value = getattr(parse_list_calls_query({name: raw}), attribute)
        assert value == expected
        assert value.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "raw",
    [
        "yesterday",
        "2022-13-01",
        "2022-06-21T25:00:00Z",
        "1655838801",
        "0001-01-01T00:00:00+01:00",
        "2022-06-21T19:13:21 02:00",
    ],
)
def test_list_calls_bad_times(raw: str) -> None:
    for name in ("minStartTime", "maxStartTime"):
        assert list_error(**{name: raw}) == (
            f"Invalid {name}: must be an ISO 8601 date-time, such as 2022-06-21T19:13:21Z"
        )


@pytest.mark.parametrize(("raw", "value"), [("1", 1), ("10000", 10000), ("+7", 7), ("0042", 42)])
def test_list_calls_page_size(raw: str, value: int) -> None:
    assert parse_list_calls_query({"pageSize": raw}).page_size == value


@pytest.mark.parametrize("raw", ["0", "10001", "-1", "99999999999999999999"])
def test_list_calls_page_size_range(raw: str) -> None:
    assert (
        list_error(pageSize=raw) == f"pageSize must be within the range [1, 10000], but was {raw}"
    )


def test_list_calls_page_size_message_is_the_vendors() -> None:
    assert list_error(pageSize="0") == "pageSize must be within the range [1, 10000], but was 0"


@pytest.mark.parametrize("raw", ["abc", "1.5", "1_000", " 5", "5 ", "١٢"])
def test_list_calls_page_size_must_be_an_integer(raw: str) -> None:
    assert list_error(pageSize=raw) == "Invalid pageSize: must be an integer"
