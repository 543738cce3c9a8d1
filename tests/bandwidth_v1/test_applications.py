"""Catapult applications through the v1 Python SDK: create, read, list, update, delete, errors."""

from __future__ import annotations

import pytest
import requests
from pytest_telephony_emulator.control import ControlError, TelephonyEmulator

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError


def test_create_then_get_an_application(catapult: Catapult) -> None:
    app_id = catapult.account.create_application(
        "MyFirstApp",
        incoming_call_url="http://example.com/calls.php",
        incoming_message_url="http://example.com/messages.php",
    )
    assert app_id.startswith("a-")
    assert len(app_id) == 25
    assert catapult.account.get_application(app_id) == {
        "id": app_id,
        "name": "MyFirstApp",
        "incoming_call_url": "http://example.com/calls.php",
        "incoming_message_url": "http://example.com/messages.php",
        "callback_http_method": "post",
        "auto_answer": True,
    }


def test_update_changes_only_the_fields_given(catapult: Catapult) -> None:
    app_id = catapult.account.create_application("app", incoming_call_url="http://a.test/c")
    catapult.account.update_application(
        app_id,
        incoming_call_fallback_url="http://b.test/f",
        incoming_call_url_callback_timeout="2000",
        callback_http_method="GET",
        auto_answer="false",
    )
    assert catapult.account.get_application(app_id) == {
        "id": app_id,
        "name": "app",
        "incoming_call_url": "http://a.test/c",
        "incoming_call_fallback_url": "http://b.test/f",
        "incoming_call_url_callback_timeout": 2000,
        "callback_http_method": "get",
        "auto_answer": False,
    }


def test_list_pages_to_the_end_in_creation_order(catapult: Catapult) -> None:
    ids = [
        catapult.account.create_application(f"app {n}", incoming_call_url="http://a.test/")
        for n in range(5)
    ]
    listed = catapult.account.list_applications(size=2)
    assert [app["id"] for app in listed] == ids


def test_delete_then_get_is_not_found(catapult: Catapult) -> None:
    app_id = catapult.account.create_application("gone", incoming_message_url="http://a.test/")
    catapult.account.delete_application(app_id)
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_application(app_id)
    assert (raised.value.status_code, raised.value.code) == (404, "application-not-found")
    assert raised.value.message == f"The application {app_id} could not be found"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Your application must have a least one callback URL."),
        (
            {"incoming_call_url": "http://a.test/", "incoming_call_url_callback_timeout": 0},
            "Incoming Call callback timeout must be greater than 0",
        ),
        (
            {
                "incoming_message_url": "http://a.test/",
                "incoming_message_url_callback_timeout": 10001,
            },
            "Incoming Message callback timeout must not surpass 10000",
        ),
        (
            {"incoming_message_url": "http://a.test/", "incoming_call_fallback_url": "http://b/"},
            "Your application must have a call callback URL in order to have a fallback URL.",
        ),
        ({"incoming_call_url": "not a url"}, "Invalid incomingCallUrl URL"),
    ],
)
def test_validation_errors(catapult: Catapult, fields: dict, message: str) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.create_application("bad", **fields)
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        400,
        "validation-error",
        message,
    )


def test_a_name_is_required(catapult: Catapult) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.create_application(None, incoming_call_url="http://a.test/")
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        400,
        "missing-property",
        "The 'application' resource property 'name' is required but was not specified",
    )


def test_another_users_path_is_denied(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    other = telephony_emulator.control.create_account()["catapult"]["user_id"]
    login = catapult.login
    response = requests.get(
        f"{login.base_url}/v1/users/{other}/applications", auth=(login.api_token, login.api_secret)
    )
    assert response.status_code == 401
    assert response.json() == {
        "category": "authorization",
        "code": "user-access-denied",
        "message": f"User {login.user_id} does not have permission to access user {other}",
        "details": [
            {"name": "requestMethod", "value": "GET"},
            {"name": "requestPath", "value": f"users/{other}/applications"},
        ],
    }


def test_catapult_applications_show_on_the_account_and_are_changed_through_catapult(
    catapult: Catapult, telephony_emulator: TelephonyEmulator
) -> None:
    app_id = catapult.account.create_application("shown", incoming_call_url="http://a.test/")
    account = telephony_emulator.control.request(
        "GET", f"/accounts/{telephony_emulator.account_id}"
    )
    [shown] = [app for app in account["applications"] if app["id"] == app_id]
    assert (shown["name"], shown["service_type"]) == ("shown", "catapult")
    with pytest.raises(ControlError) as raised:
        telephony_emulator.control.request(
            "PATCH",
            f"/accounts/{telephony_emulator.account_id}/applications/{app_id}",
            {"settings": {}},
        )
    assert raised.value.status == 409
