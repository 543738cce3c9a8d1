"""The shared surface parts: mounted route tables, webhook targets, Basic owners, surfaces."""

from __future__ import annotations

import base64

import pytest
from aiohttp import web
from telephony_emulator.apis.common.routing import mounted
from telephony_emulator.basic_auth import basic_owner
from telephony_emulator.bxml.parser import parse_bxml
from telephony_emulator.bxml.verbs import Gather
from telephony_emulator.surfaces import Surface, SurfaceRegistry
from telephony_emulator.webhooks.models import BasicAuth, Endpoint
from telephony_emulator.webhooks.target import WebhookTarget


async def _handler(request: web.Request) -> web.Response:
    return web.Response()


def test_mounted_puts_every_table_under_every_prefix_in_order() -> None:
    first, second = web.RouteTableDef(), web.RouteTableDef()
    first.get("/a")(_handler)
    second.post("/b")(_handler)
    table = mounted((first, second), ("/api", ""))
    routes = [(r.method, r.path) for r in table if isinstance(r, web.RouteDef)]
    assert routes == [("GET", "/api/a"), ("GET", "/a"), ("POST", "/api/b"), ("POST", "/b")]


def test_mounted_refuses_static_routes() -> None:
    table = web.RouteTableDef()
    table.static("/files", ".")
    with pytest.raises(TypeError):
        mounted((table,))


def test_a_verb_target_resolves_relative_urls_and_keeps_credentials() -> None:
    verb = parse_bxml(
        '<Response><Gather gatherUrl="/gather" gatherMethod="GET"'
        ' gatherFallbackUrl="https://fallback.example/g" username="u" password="p"'
        ' fallbackUsername="fu"/></Response>'
    ).verbs[0]
    assert isinstance(verb, Gather)
    assert verb.gather is not None
    primary, fallback = verb.gather.endpoints("https://app.example/x")
    assert primary == Endpoint("https://app.example/gather", "GET", BasicAuth("u", "p"))
    assert fallback == Endpoint("https://fallback.example/g", "POST", BasicAuth("fu", ""))


def test_a_target_without_fallback_and_its_stored_form() -> None:
    target = WebhookTarget.of_mapping({"answer_url": "https://a.example/"}, "answer")
    assert target == WebhookTarget("https://a.example/")
    assert target.endpoints() == (Endpoint("https://a.example/"), None)
    assert target.primary() == Endpoint("https://a.example/")
    assert target.to_data() == {
        "url": "https://a.example/",
        "method": "POST",
        "fallback_method": "POST",
    }
    assert WebhookTarget.from_data(target.to_data()) == target


def test_a_target_without_fallback_drops_the_fallback_credentials() -> None:
    fields = {
        "hook_url": "/h",
        "hook_fallback_url": "/f",
        "username": "u",
        "fallback_username": "fu",
    }
    assert WebhookTarget.of_mapping(fields, "hook", fallback=False) == WebhookTarget(
        "/h", username="u"
    )


def test_basic_owner_needs_the_right_secret() -> None:
    owners = {"alice": "s3cret"}

    def header(user: str, password: str) -> str:
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def find(name: str) -> str | None:
        return name if name in owners else None

    assert basic_owner(header("alice", "s3cret"), find, owners.__getitem__) == "alice"
    assert basic_owner(header("alice", "wrong"), find, owners.__getitem__) is None
    assert basic_owner(header("bob", "s3cret"), find, owners.__getitem__) is None
    assert basic_owner(None, find, owners.__getitem__) is None


def test_the_registry_falls_back_to_the_default_surface() -> None:
    def render(error: object, request: object) -> web.Response:
        return web.Response()

    registry = SurfaceRegistry()
    control = Surface("control", ("/_emulator",), render)
    rest = Surface("rest", ("/restapi",), render)
    registry.add(rest)
    registry.add(control, default=True)
    assert registry.for_path("/restapi/v1.0") is rest
    assert registry.for_path("/elsewhere") is control
