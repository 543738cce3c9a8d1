"""Messaging v2 over raw HTTP: auth on every route, each validation error, exact envelopes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_telephony_emulator.control import ControlClient

from tests.bandwidth_messaging_v2.conftest import Messaging, Wire
from tests.specs import assert_matches

REJECTED = "Your request could not be accepted"
ROUTES = [
    ("POST", "/messages"),
    ("GET", "/messages?messageDirection=OUTBOUND"),
    ("POST", "/messages/multiChannel"),
    ("GET", "/media"),
    ("GET", "/media/a/b.png"),
    ("PUT", "/media/a/b.png"),
    ("DELETE", "/media/a/b.png"),
]


def field_errors(answer_json: dict) -> list[tuple[str, str]]:
    assert answer_json["type"] == "request-validation"
    assert answer_json["description"] == REJECTED
    assert_matches("bandwidth.yml", "createMessageRequestError", answer_json)
    return [(item["fieldName"], item["description"]) for item in answer_json["fieldErrors"]]


@pytest.mark.parametrize("prefix", ["/api/v2", ""])
@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize("auth", [None, ("emulator-user", "wrong"), ("nobody", "x")])
def test_every_route_answers_401_without_good_credentials(
    wire: Wire, prefix: str, method: str, path: str, auth: tuple[str, str] | None
) -> None:
    wire.prefix = prefix
    answer = wire.send(method, path, b"{}" if method in ("POST", "PUT") else None, auth=auth)
    assert answer.status == 401
    assert answer.json == {"type": "unauthorized", "description": "Authentication Failed"}
    assert_matches("bandwidth.yml", "messagingRequestError", answer.json)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_another_accounts_path_is_403(wire: Wire, method: str, path: str) -> None:
    answer = wire.send(
        method, path, b"{}" if method in ("POST", "PUT") else None, account_id="9900000"
    )
    assert answer.status == 403
    assert answer.json == {"type": "forbidden", "description": "Access Denied"}


def test_another_accounts_application_is_403(wire: Wire, telephony_control: ControlClient) -> None:
    other = telephony_control.create_account()
    foreign = next(a["id"] for a in other["applications"] if a["service_type"] == "messaging")
    answer = wire.send("POST", "/messages", wire.message_body(applicationId=foreign))
    assert answer.status == 403
    assert answer.json == {"type": "forbidden", "description": "Access Denied"}


def test_multi_channel_is_not_enabled(wire: Wire) -> None:
    answer = wire.send("POST", "/messages/multiChannel", {"to": "+15551230000"})
    assert answer.status == 403
    assert answer.json == {"type": "forbidden", "description": "Access Denied"}


def test_the_202_body_and_its_bytes(wire: Wire) -> None:
    answer = wire.send("POST", "/messages", wire.message_body(text="Hi"))
    assert answer.status == 202
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert list(answer.json) == [
        "id", "owner", "applicationId", "time", "segmentCount", "direction", "to", "from",
        "text", "priority",
    ]  # fmt: skip
    assert answer.body.startswith(b'{"id":"')


def test_the_root_path_style_works_too(wire: Wire) -> None:
    wire.prefix = ""
    assert wire.send("POST", "/messages", wire.message_body()).status == 202


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"applicationId": None}, [("applicationId", "'applicationId' is required")]),
        ({"from": None}, [("from", "'from' is required")]),
        ({"to": None}, [("to", "'to' must contain at least one telephone number")]),
        ({"to": []}, [("to", "'to' must contain at least one telephone number")]),
        (
            {"to": "+15551230000"},
            [("to", "'to' must be a list of E164 formatted telephone numbers")],
        ),
        (
            {"to": ["+invalid"]},
            [("to", "'+invalid' must be replaced with a valid E164 formatted telephone number")],
        ),
        (
            {"to": ["+1555123000０"]},  # only ASCII digits make E.164
            [
                (
                    "to",
                    "'+1555123000０' must be replaced with a valid E164 formatted telephone number",
                )
            ],
        ),
        (
            {"to": ["+15551230000", "+15551230000"]},
            [("to", "'to' must not contain the same telephone number twice")],
        ),
        (
            {"to": [f"+1555123{n:04d}" for n in range(11)]},
            [("to", "'to' must contain at most 10 telephone numbers")],
        ),
        (
            {"from": "12345"},
            [
                (
                    "from",
                    "'12345' must be replaced with a valid E164 formatted telephone number "
                    "or a valid alphanumeric sender id",
                )
            ],
        ),
        (
            {"from": "TooLongSender"},
            [
                (
                    "from",
                    "'TooLongSender' must be replaced with a valid E164 formatted telephone "
                    "number or a valid alphanumeric sender id",
                )
            ],
        ),
        ({"text": "x" * 2049}, [("text", "'text' must be 2048 characters or less")]),
        ({"text": 5}, [("text", "'text' must be a string")]),
        (
            {"media": ["https://example.com/" + "a" * 4080]},
            [("media", "media URLs must be 4096 characters or less")],
        ),
        ({"media": ["ftp://x/y"]}, [("media", "'ftp://x/y' must be a valid http or https URL")]),
        ({"tag": "t" * 1025}, [("tag", "'tag' must be 1024 characters or less")]),
        ({"priority": "urgent"}, [("priority", "'urgent' must be one of [default, high]")]),
        (
            {"expiration": "tomorrow"},
            [("expiration", "'expiration' must be a valid RFC-3339 date-time")],
        ),
        (
            {"expiration": "2020-01-01T00:00:00Z"},
            [("expiration", "'expiration' must be a date-time in the future")],
        ),
        ({"text": None}, [("text", "'text' or 'media' must be provided")]),
        (
            {"applicationId": "a0000000-0000-4000-8000-00000000ffff"},
            [
                (
                    "applicationId",
                    "'a0000000-0000-4000-8000-00000000ffff' is not a valid application id",
                )
            ],
        ),
        (
            {"from": "+15005550123"},
            [
                (
                    "from",
                    "'+15005550123' must be a telephone number hosted by Bandwidth and "
                    "linked to this account",
                )
            ],
        ),
    ],
)
def test_each_validation_error_names_its_field(
    wire: Wire, fields: dict, errors: list[tuple[str, str]]
) -> None:
    answer = wire.send("POST", "/messages", wire.message_body(**fields))
    assert answer.status == 400
    assert field_errors(answer.json) == errors


def test_every_bad_field_is_listed_at_once(wire: Wire) -> None:
    body = wire.message_body(to=["nope"], text="x" * 3000, priority="low", tag="t" * 2000)
    answer = wire.send("POST", "/messages", body)
    assert [name for name, _ in field_errors(answer.json)] == ["to", "text", "tag", "priority"]


def test_a_voice_application_is_not_a_messaging_one(wire: Wire) -> None:
    voice = wire.emu.application_id("voice")
    answer = wire.send("POST", "/messages", wire.message_body(applicationId=voice))
    assert field_errors(answer.json) == [
        ("applicationId", f"'{voice}' is not a valid application id")
    ]


def test_an_alphanumeric_sender_id_is_accepted(wire: Wire, messaging: Messaging) -> None:
    answer = wire.send("POST", "/messages", wire.message_body(**{"from": "Acme & Co"}))
    assert answer.status == 202
    assert answer.json["owner"] == "Acme & Co"


def test_a_future_expiration_is_echoed(wire: Wire) -> None:
    later = (datetime.now(UTC) + timedelta(days=400)).replace(microsecond=250_000)
    body = wire.message_body(expiration=later.isoformat())
    answer = wire.send("POST", "/messages", body)
    assert answer.status == 202
    assert answer.json["expiration"] == later.isoformat(timespec="milliseconds")[:23] + "Z"


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_an_object_is_400(wire: Wire, raw: bytes) -> None:
    answer = wire.send("POST", "/messages", raw)
    assert answer.status == 400
    assert answer.json == {"type": "request-validation", "description": REJECTED}


def test_a_non_json_body_is_415(wire: Wire) -> None:
    answer = wire.send("POST", "/messages", b"to=+1555", content_type="text/plain")
    assert answer.status == 415
    assert answer.json["type"] == "unsupported-content-type"


def test_an_unknown_path_is_springs_404(wire: Wire) -> None:
    answer = wire.send("GET", "/nothing-here")
    assert answer.status == 404
    body = answer.json
    assert set(body) == {"timestamp", "status", "error", "message", "path"}
    assert (body["status"], body["error"]) == (404, "Not Found")
    assert body["path"] == f"/api/v2/users/{wire.emu.account_id}/nothing-here"
