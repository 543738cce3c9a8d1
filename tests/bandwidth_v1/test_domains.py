"""Catapult SIP domains and endpoints (§2.12) through the v1 Python SDK, and raw HTTP where the
SDK has no method (domain update, token delete)."""

from __future__ import annotations

import pytest

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError
from tests.bandwidth_v1.wire import call, user_url


def test_domain_crud_and_listing(catapult: Catapult) -> None:
    domain_id = catapult.account.create_domain("mydomain", "a domain")
    assert domain_id.startswith("rd-")
    endpoints = user_url(catapult.login, "domains", domain_id, "endpoints")
    expected = {
        "id": domain_id,
        "name": "mydomain",
        "description": "a domain",
        "endpoints": endpoints,
        "endpoints_url": endpoints,
    }
    assert catapult.account.get_domain(domain_id) == expected
    second = catapult.account.create_domain("other")
    assert [item["id"] for item in catapult.account.list_domains(size=1)] == [domain_id, second]
    response = call(
        catapult.login,
        "POST",
        user_url(catapult.login, "domains", domain_id),
        json={"description": "changed"},
    )
    assert response.status_code == 200
    assert response.content == b""
    assert catapult.account.get_domain(domain_id)["description"] == "changed"
    catapult.account.delete_domain(domain_id)
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_domain(domain_id)
    assert (raised.value.status_code, raised.value.code) == (404, "domain-not-found")


def test_endpoint_crud_tokens_and_listing(catapult: Catapult) -> None:
    app_id = catapult.account.create_application("sip", incoming_call_url="http://a.test/")
    domain_id = catapult.account.create_domain("office")
    endpoint_id = catapult.account.create_domain_endpoint(
        domain_id, "alice", "secret1", description="desk", application_id=app_id
    )
    assert endpoint_id.startswith("re-")
    expected = {
        "id": endpoint_id,
        "name": "alice",
        "description": "desk",
        "domain_id": domain_id,
        "application_id": app_id,
        "enabled": True,
        "sip_uri": "alice@office.bwapp.bwsipp.io",
        "credentials": {"realm": "office.bwapp.bwsipp.io", "username": "alice"},
    }
    assert catapult.account.get_domain_endpoint(domain_id, endpoint_id) == expected
    bob = catapult.account.create_domain_endpoint(domain_id, "bob", "secret2", enabled=False)
    listed = catapult.account.list_domain_endpoints(domain_id, size=1)
    assert [item["id"] for item in listed] == [endpoint_id, bob]
    # the SDK sends credentials {password: null} when the password stays
    catapult.account.update_domain_endpoint(domain_id, endpoint_id, description="lobby")
    catapult.account.update_domain_endpoint(
        domain_id, endpoint_id, enabled=False, password="newpass"
    )
    changed = catapult.account.get_domain_endpoint(domain_id, endpoint_id)
    assert (changed["description"], changed["enabled"]) == ("lobby", False)
    token = catapult.account.create_domain_endpoint_auth_token(domain_id, endpoint_id, 600)
    assert set(token) == {"token", "expires"}
    assert token["expires"] == 600
    path = user_url(
        catapult.login, "domains", domain_id, "endpoints", endpoint_id, "tokens", token["token"]
    )
    assert call(catapult.login, "DELETE", path).status_code == 200
    missing = call(catapult.login, "DELETE", path)
    assert (missing.status_code, missing.json()["code"]) == (404, "token-not-found")
    catapult.account.delete_domain_endpoint(domain_id, endpoint_id)
    with pytest.raises(CatapultError) as raised:
        catapult.account.get_domain_endpoint(domain_id, endpoint_id)
    assert (raised.value.status_code, raised.value.code) == (404, "endpoint-not-found")


@pytest.mark.parametrize(
    ("name", "status", "code", "message"),
    [
        (
            "bad_name!",
            400,
            "validation-error",
            "The domain name bad_name! must be letters, digits and hyphens (at most 63)",
        ),
        (
            "  ",
            400,
            "blank-property",
            "The 'domain' resource property 'name' must contain at least one non-whitespace"
            " character",
        ),
    ],
)
def test_domain_errors(catapult: Catapult, name: str, status: int, code: str, message: str) -> None:
    with pytest.raises(CatapultError) as raised:
        catapult.account.create_domain(name)
    assert (raised.value.status_code, raised.value.code, raised.value.message) == (
        status,
        code,
        message,
    )


def test_domain_names_are_unique(catapult: Catapult) -> None:
    catapult.account.create_domain("dup")
    with pytest.raises(CatapultError) as raised:
        catapult.account.create_domain("DUP")
    assert (raised.value.status_code, raised.value.code) == (409, "domain-already-exists")


def test_endpoint_errors(catapult: Catapult) -> None:
    domain_id = catapult.account.create_domain("errs")
    catapult.account.create_domain_endpoint(domain_id, "carol", "secret1")
    with pytest.raises(CatapultError) as raised:
        catapult.account.create_domain_endpoint(domain_id, "carol", "secret1")
    assert (raised.value.status_code, raised.value.code) == (409, "endpoint-already-exists")
    with pytest.raises(CatapultError) as raised:
        catapult.account.create_domain_endpoint(domain_id, "dave", "short")
    assert (raised.value.status_code, raised.value.message) == (
        400,
        "The endpoint password must be at least 6 characters long",
    )
    response = call(
        catapult.login,
        "POST",
        user_url(catapult.login, "domains", domain_id, "endpoints"),
        json={"name": "erin"},
    )
    assert response.json()["code"] == "missing-property"
    assert response.json()["message"] == (
        "The 'endpoint' resource property 'credentials' is required but was not specified"
    )
    with pytest.raises(CatapultError) as raised:
        catapult.account.list_domain_endpoints("rd-nothere")
    assert (raised.value.status_code, raised.value.code) == (404, "domain-not-found")


def test_an_account_has_at_most_100_domains(catapult: Catapult) -> None:
    url = user_url(catapult.login, "domains")
    for n in range(100):
        assert call(catapult.login, "POST", url, json={"name": f"d{n}"}).status_code == 201
    refused = call(catapult.login, "POST", url, json={"name": "d100"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "domain-limit-reached"
    assert refused.json()["message"] == "An account may have at most 100 domains"
