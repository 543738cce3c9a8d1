"""Error envelopes checked against the vendors' own OpenAPI schemas."""

from __future__ import annotations

import base64

import jsonschema
import pytest

from tests.conftest import AppClient
from tests.specs import assert_matches, spec

DEFAULT_LOGIN = {
    "Authorization": "Basic " + base64.b64encode(b"emulator-user:emulator-pass").decode()
}
BAD_LOGIN = {"Authorization": "Basic " + base64.b64encode(b"nobody:nothing").decode()}


async def test_voice_errors_match_voice_api_error(client: AppClient) -> None:
    response = await client.get("/api/v2/accounts/9900000/calls/c-x", headers=DEFAULT_LOGIN)
    assert response.status == 404
    assert_matches("bandwidth.yml", "voiceApiError", await response.json())


async def test_ringcentral_errors_match_api_error_response_model(client: AppClient) -> None:
    for path, status in (
        ("/restapi/v1.0/account/~/extension/~/ring-out/1", 401),
        ("/restapi/v1.0/account/~/extension/~/no-such-resource", 404),
    ):
        response = await client.get(path)
        assert response.status == status
        assert_matches("rc-public-openapi.yml", "ApiErrorResponseModel", await response.json())


def test_the_validation_can_fail() -> None:
    if spec("rc-public-openapi.yml") is None or spec("bandwidth.yml") is None:
        pytest.skip("this test is only the schema assertion, and a spec is absent")
    with pytest.raises(jsonschema.ValidationError):
        assert_matches("rc-public-openapi.yml", "ApiErrorResponseModel", {"errors": []})
    with pytest.raises(jsonschema.ValidationError):
        assert_matches("bandwidth.yml", "voiceApiError", {"type": 4})
