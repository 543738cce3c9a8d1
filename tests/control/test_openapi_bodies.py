"""Every control request body is a component of /_emulator/openapi.json, down to its parts."""

from __future__ import annotations

from typing import Any

from tests.conftest import AppClient


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(item) for item in node))
    return set()


async def test_every_body_and_reference_resolves_to_a_component(client: AppClient) -> None:
    document = await (await client.get("/_emulator/openapi.json")).json()
    components = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is not None:
                schema = body["content"]["application/json"]["schema"]
                assert schema["$ref"].startswith("#/components/schemas/"), (method, path)
    for ref in refs(document):
        assert ref.removeprefix("#/components/schemas/") in components, ref


async def test_application_settings_scenarios_and_digits_are_described(client: AppClient) -> None:
    components = (await (await client.get("/_emulator/openapi.json")).json())["components"]
    settings = components["schemas"]["UpdateApplicationRequest"]["properties"]["settings"]
    assert refs(settings) == {
        "#/components/schemas/VoiceApplicationSettings",
        "#/components/schemas/MessagingApplicationSettings",
    }
    voice = components["schemas"]["VoiceApplicationSettings"]["properties"]
    assert "call_initiated_callback_url" in voice
    digits = components["schemas"]["InboundCallRequest"]["properties"]["digits"]
    assert refs(digits) == {"#/components/schemas/DigitPress"}
    assert {"at", "digits"} <= set(components["schemas"]["DigitPress"]["properties"])
    assert "action" in components["schemas"]["FarEndRule"]["properties"]
    clock = components["schemas"]["AccountClockRequest"]["properties"]
    assert "rate" in clock
