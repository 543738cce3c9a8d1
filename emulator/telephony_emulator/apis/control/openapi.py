"""The control API's OpenAPI 3.1 document, built from the same models the handlers use."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from telephony_emulator import __version__
from telephony_emulator.core.scenarios import FarEndRule

from . import schemas as s
from .fax_schemas import OPERATIONS as FAX_OPERATIONS
from .live_schemas import OPERATIONS as LIVE_OPERATIONS
from .live_schemas import STREAMS, CallDetailOut
from .message_schemas import OPERATIONS as MESSAGE_OPERATIONS

_ACCOUNT_ID = {"name": "account_id", "in": "path", "required": True, "schema": {"type": "string"}}
_NUMBER = {
    "name": "number",
    "in": "path",
    "required": True,
    "description": "E.164 number or SIP URI of the far end",
    "schema": {"type": "string"},
}
_APPLICATION_ID = {
    "name": "application_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}
_CALL_ID = {"name": "call_id", "in": "path", "required": True, "schema": {"type": "string"}}
_LEDGER_FILTERS = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
    for name in ("account_id", "call_id", "event_type")
]
_PAGING = [
    {"name": "after_id", "in": "query", "required": False, "schema": {"type": "integer"}},
    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}},
]

# (method, path, summary, request model, success status, response model, parameters)
_Operation = tuple[
    str, str, str, type[BaseModel] | None, int, type[BaseModel] | None, list[dict[str, Any]]
]
OPERATIONS: list[_Operation] = [
    ("get", "/health", "Liveness and version", None, 200, s.HealthResponse, []),
    (
        "post",
        "/reset",
        "Wipe all state and load the fixtures again (POST only)",
        None,
        200,
        s.ResetResponse,
        [],
    ),
    ("get", "/openapi.json", "This document", None, 200, None, []),
    ("get", "/accounts", "List accounts", None, 200, s.AccountListResponse, []),
    (
        "post",
        "/accounts",
        "Create a fresh account with credentials for every surface",
        s.CreateAccountRequest,
        201,
        s.AccountResponse,
        [],
    ),
    (
        "get",
        "/accounts/{account_id}",
        "An account's ids, credentials, applications, numbers",
        None,
        200,
        s.AccountResponse,
        [_ACCOUNT_ID],
    ),
    (
        "patch",
        "/accounts/{account_id}/applications/{application_id}",
        "Update an application's name and callback settings",
        s.UpdateApplicationRequest,
        200,
        s.ApplicationOut,
        [_ACCOUNT_ID, _APPLICATION_ID],
    ),
    (
        "get",
        "/accounts/{account_id}/scenarios",
        "Far-end rules of an account",
        None,
        200,
        s.ScenarioListResponse,
        [_ACCOUNT_ID],
    ),
    (
        "delete",
        "/accounts/{account_id}/scenarios",
        "Remove every far-end rule of an account",
        None,
        204,
        None,
        [_ACCOUNT_ID],
    ),
    (
        "get",
        "/accounts/{account_id}/scenarios/{number}",
        "The far-end rule for a number",
        None,
        200,
        s.ScenarioOut,
        [_ACCOUNT_ID, _NUMBER],
    ),
    (
        "put",
        "/accounts/{account_id}/scenarios/{number}",
        "Set how the far end at a number behaves",
        FarEndRule,
        200,
        s.ScenarioOut,
        [_ACCOUNT_ID, _NUMBER],
    ),
    (
        "delete",
        "/accounts/{account_id}/scenarios/{number}",
        "Remove the far-end rule of a number",
        None,
        204,
        None,
        [_ACCOUNT_ID, _NUMBER],
    ),
    (
        "patch",
        "/accounts/{account_id}/ringcentral",
        "Change an account's RingCentral settings (forwarding numbers, what it may dial)",
        s.RingCentralSettingsRequest,
        200,
        s.RingCentralSettingsOut,
        [_ACCOUNT_ID],
    ),
    (
        "patch",
        "/accounts/{account_id}/limits",
        "Change an account's outbound call limits (rate, queue size, active calls)",
        s.LimitsRequest,
        200,
        s.LimitsOut,
        [_ACCOUNT_ID],
    ),
    (
        "post",
        "/accounts/{account_id}/transactions",
        "Add a payment, credit or charge to an account's Catapult statement (its balance)",
        s.TransactionRequest,
        201,
        s.TransactionOut,
        [_ACCOUNT_ID],
    ),
    (
        "post",
        "/inbound-calls",
        "Place a call from any number to an owned number (its voice application answers)",
        s.InboundCallRequest,
        201,
        s.CallOut,
        [],
    ),
    (
        "get",
        "/calls/{call_id}",
        "A call as the emulator sees it, with what it is doing now",
        None,
        200,
        CallDetailOut,
        [_CALL_ID],
    ),
    *(
        ("post", f"/calls/{{call_id}}/{action}", summary, None, 200, s.CallOut, [_CALL_ID])
        for action, summary in (
            ("answer", "The far end answers the ringing call now"),
            ("reject", "The far end rejects the ringing call now"),
            ("busy", "The far end is busy: the ringing call fails now"),
            ("hangup", "The far end hangs up now"),
        )
    ),
    (
        "post",
        "/calls/{call_id}/digits",
        "The far end presses DTMF digits now",
        s.PressDigitsRequest,
        200,
        s.CallOut,
        [_CALL_ID],
    ),
    (
        "get",
        "/ringouts/{ringout_id}",
        "A RingCentral RingOut session and its legs' call ids",
        None,
        200,
        s.RingOutOut,
        [{"name": "ringout_id", "in": "path", "required": True, "schema": {"type": "string"}}],
    ),
    ("get", "/clock", "Read the virtual clock", None, 200, s.ClockResponse, []),
    (
        "put",
        "/clock/rate",
        "Set virtual seconds per real second (0 = manual)",
        s.ClockRateRequest,
        200,
        s.ClockResponse,
        [],
    ),
    (
        "post",
        "/clock/advance",
        "Move virtual time forward, firing what falls due in order",
        s.AdvanceClockRequest,
        200,
        s.RunReportResponse,
        [],
    ),
    (
        "post",
        "/clock/run-until-idle",
        "Jump from timer to timer until nothing is scheduled",
        s.RunUntilIdleRequest,
        200,
        s.RunReportResponse,
        [],
    ),
    (
        "get",
        "/webhooks",
        "The webhook ledger: every delivery attempt, oldest first",
        None,
        200,
        s.DeliveryListResponse,
        _LEDGER_FILTERS + _PAGING,
    ),
    (
        "delete",
        "/webhooks",
        "Clear the ledger (all of it, or what the filters select)",
        None,
        200,
        s.DeletedResponse,
        _LEDGER_FILTERS,
    ),
    *FAX_OPERATIONS,
    *LIVE_OPERATIONS,
    *MESSAGE_OPERATIONS,
]


@cache
def _components() -> dict[str, Any]:
    models: set[type[BaseModel]] = {s.ErrorResponse}
    for _, _, _, request_model, _, response_model, _ in OPERATIONS:
        models.update(m for m in (request_model, response_model) if m is not None)
    _, schema = models_json_schema(
        [(model, "serialization") for model in sorted(models, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    return dict(schema.get("$defs", {}))


def _ref(model: type[BaseModel]) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def build_openapi(server_url: str) -> dict[str, Any]:
    error = {
        "description": "Invalid request",
        "content": {"application/json": {"schema": _ref(s.ErrorResponse)}},
    }
    paths: dict[str, dict[str, Any]] = {}
    for method, path, summary, request_model, status, response_model, params in OPERATIONS:
        operation: dict[str, Any] = {
            "summary": summary,
            "operationId": f"{method}_{path.strip('/').replace('/', '_').replace('{', '')}".replace(
                "}", ""
            )
            .replace(".", "_")
            .replace("-", "_"),
            "responses": {str(status): {"description": "Success"}},
        }
        if response_model is not None:
            media_type = "text/event-stream" if path in STREAMS else "application/json"
            operation["responses"][str(status)]["content"] = {
                media_type: {"schema": _ref(response_model)}
            }
        if request_model is not None:
            operation["requestBody"] = {
                "required": False,
                "content": {"application/json": {"schema": _ref(request_model)}},
            }
            operation["responses"]["400"] = error
        if params:
            operation["parameters"] = params
        if "{" in path:
            operation["responses"]["404"] = {**error, "description": "Not found"}
        paths.setdefault("/_emulator" + path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "telephony-emulator control API",
            "version": __version__,
            "description": "Drive the emulator: accounts, virtual clock, far-end scenarios, "
            "webhook ledger. snake_case JSON; errors are {error: {status, code, message}}.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": _components()},
    }
