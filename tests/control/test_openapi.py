"""The control API's own OpenAPI document: valid, and complete."""

from __future__ import annotations

from openapi_spec_validator import validate

from tests.conftest import AppClient


async def test_document_is_valid_and_lists_every_control_route(client: AppClient) -> None:
    response = await client.get("/_emulator/openapi.json")
    assert response.status == 200
    document = await response.json()
    validate(document)
    assert document["servers"] == [{"url": f"http://{client.host}:{client.port}"}]

    documented = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    served = {
        (route.method, route.resource.canonical)
        for route in client.app.router.routes()
        if route.resource is not None
        and route.resource.canonical.startswith("/_emulator")
        and route.method != "HEAD"
    }
    assert served == documented


async def test_request_and_response_schemas_are_referenced(client: AppClient) -> None:
    document = await (await client.get("/_emulator/openapi.json")).json()
    create = document["paths"]["/_emulator/accounts"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateAccountRequest"
    }
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AccountResponse"
    }
    schemas = document["components"]["schemas"]
    assert {"AccountResponse", "FarEndRule", "RunReportResponse", "ErrorResponse"} <= set(schemas)
    assert schemas["FarEndRule"]["properties"]["action"]["enum"] == [
        "answer",
        "busy",
        "no_answer",
        "reject",
        "machine",
    ]


async def test_the_event_stream_is_documented_as_server_sent_events(client: AppClient) -> None:
    document = await (await client.get("/_emulator/openapi.json")).json()
    content = document["paths"]["/_emulator/events"]["get"]["responses"]["200"]["content"]
    assert content == {
        "text/event-stream": {"schema": {"$ref": "#/components/schemas/FeedItemOut"}}
    }
