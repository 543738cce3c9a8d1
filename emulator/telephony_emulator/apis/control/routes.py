"""Control API handlers under ``/_emulator/``; each validates, calls the core, renders."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel

from telephony_emulator import __version__
from telephony_emulator.apis.common.routing import mounted
from telephony_emulator.apis.common.validation import validate_object
from telephony_emulator.core.scenarios import FarEndRule, check_number
from telephony_emulator.errors import Conflict, InvalidRequest, NotFound
from telephony_emulator.keys import LEDGER, LIFECYCLE, SCHEDULER, STATE
from telephony_emulator.public_url import public_base
from telephony_emulator.storage.repos.ledger import LedgerFilter

from . import render
from .calls import routes as call_routes
from .dashboard import routes as dashboard_routes
from .faxes import routes as fax_routes
from .keys import FEED
from .live_routes import routes as live_routes
from .messages import routes as message_routes
from .openapi import build_openapi
from .params import only_known, query_int
from .schemas import (
    PREFIX,
    AccountListResponse,
    AccountSummary,
    AdvanceClockRequest,
    ClockRateRequest,
    CreateAccountRequest,
    DeletedResponse,
    DeliveryListResponse,
    HealthResponse,
    MessagingApplicationSettings,
    ResetResponse,
    RunUntilIdleRequest,
    ScenarioListResponse,
    ScenarioOut,
    UpdateApplicationRequest,
    VoiceApplicationSettings,
    describe_invalid_settings,
    read_body,
)
from .transactions import routes as transaction_routes

routes = web.RouteTableDef()


def ledger_filter(request: web.Request) -> LedgerFilter:
    only_known(request, ("account_id", "call_id", "event_type", "after_id", "limit"))
    return LedgerFilter(
        account_id=request.query.get("account_id"),
        call_id=request.query.get("call_id"),
        event_type=request.query.get("event_type"),
    )


def scenario_number(request: web.Request) -> str:
    number = request.match_info["number"]
    try:
        return check_number(number)
    except ValueError as error:
        raise InvalidRequest(str(error)) from None


# -- health, reset, documentation ---------------------------------------------------------


@routes.get(PREFIX + "/health")
async def health(request: web.Request) -> web.Response:
    return render.model_response(HealthResponse(version=__version__))


@routes.post(PREFIX + "/reset")
async def reset(request: web.Request) -> web.Response:
    await request.app[SCHEDULER].cancel_all()
    await request.app[LIFECYCLE].reset()
    accounts = [account.id for account in request.app[STATE].accounts.all()]
    return render.model_response(ResetResponse(accounts=accounts))


@routes.get(PREFIX + "/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    return web.json_response(build_openapi(public_base(request)))


# -- accounts -----------------------------------------------------------------------------


@routes.get(PREFIX + "/accounts")
async def list_accounts(request: web.Request) -> web.Response:
    accounts = request.app[STATE].accounts.all()
    summaries = [
        AccountSummary(account_id=a.id, name=a.name, created_at=a.created_at) for a in accounts
    ]
    return render.model_response(AccountListResponse(accounts=summaries))


@routes.post(PREFIX + "/accounts")
async def create_account(request: web.Request) -> web.Response:
    body = await read_body(request, CreateAccountRequest)
    bundle = await request.app[STATE].create_account(name=body.name, numbers=body.numbers)
    response = render.account_response(bundle, public_base(request))
    return render.model_response(response, status=201)


@routes.get(PREFIX + "/accounts/{account_id}")
async def get_account(request: web.Request) -> web.Response:
    bundle = request.app[STATE].bundle(request.match_info["account_id"])
    return render.model_response(render.account_response(bundle, public_base(request)))


@routes.patch(PREFIX + "/accounts/{account_id}/applications/{application_id}")
async def update_application(request: web.Request) -> web.Response:
    state = request.app[STATE]
    account_id = request.match_info["account_id"]
    application_id = request.match_info["application_id"]
    body = await read_body(request, UpdateApplicationRequest)
    current = state.application(account_id, application_id)
    if current.service_type == "catapult":
        raise Conflict(
            f"{application_id} is a Catapult application: change it with POST "
            f"/v1/users/{{userId}}/applications/{application_id}"
        )
    settings_model: type[BaseModel] = (
        VoiceApplicationSettings
        if current.service_type == "voice"
        else MessagingApplicationSettings
    )
    settings = validate_object(settings_model, body.settings, describe_invalid_settings)
    updated = await state.update_application(
        account_id,
        application_id,
        name=body.name,
        settings=settings.model_dump(mode="json", exclude_unset=True),
    )
    return render.model_response(render.application_out(updated))


# -- far-end scenarios --------------------------------------------------------------------


@routes.get(PREFIX + "/accounts/{account_id}/scenarios")
async def list_scenarios(request: web.Request) -> web.Response:
    state = request.app[STATE]
    account_id = request.match_info["account_id"]
    state.bundle(account_id)
    rules = state.scenarios.of_account(account_id)
    items = [ScenarioOut(number=number, rule=rule) for number, rule in sorted(rules.items())]
    return render.model_response(ScenarioListResponse(scenarios=items))


@routes.delete(PREFIX + "/accounts/{account_id}/scenarios")
async def clear_scenarios(request: web.Request) -> web.Response:
    await request.app[STATE].clear_scenarios(request.match_info["account_id"])
    return web.Response(status=204)


@routes.put(PREFIX + "/accounts/{account_id}/scenarios/{number}")
async def put_scenario(request: web.Request) -> web.Response:
    number = scenario_number(request)
    rule = await read_body(request, FarEndRule)
    await request.app[STATE].set_scenario(request.match_info["account_id"], number, rule)
    return render.model_response(ScenarioOut(number=number, rule=rule))


@routes.get(PREFIX + "/accounts/{account_id}/scenarios/{number}")
async def get_scenario(request: web.Request) -> web.Response:
    state = request.app[STATE]
    account_id = request.match_info["account_id"]
    number = scenario_number(request)
    state.bundle(account_id)
    rule = state.scenarios.rule_for(account_id, number)
    if rule is None:
        raise NotFound(f"no scenario rule for {number} in account {account_id}")
    return render.model_response(ScenarioOut(number=number, rule=rule))


@routes.delete(PREFIX + "/accounts/{account_id}/scenarios/{number}")
async def delete_scenario(request: web.Request) -> web.Response:
    number = scenario_number(request)
    await request.app[STATE].delete_scenario(request.match_info["account_id"], number)
    return web.Response(status=204)


# -- clock --------------------------------------------------------------------------------


@routes.get(PREFIX + "/clock")
async def get_clock(request: web.Request) -> web.Response:
    return render.model_response(render.clock_response(request.app[SCHEDULER]))


@routes.put(PREFIX + "/clock/rate")
async def set_clock_rate(request: web.Request) -> web.Response:
    body = await read_body(request, ClockRateRequest)
    scheduler = request.app[SCHEDULER]
    scheduler.set_rate(body.rate)
    request.app[FEED].clock_changed()
    return render.model_response(render.clock_response(scheduler))


@routes.post(PREFIX + "/clock/advance")
async def advance_clock(request: web.Request) -> web.Response:
    body = await read_body(request, AdvanceClockRequest)
    scheduler = request.app[SCHEDULER]
    report = await scheduler.advance(body.seconds)
    request.app[FEED].clock_changed()
    return render.model_response(render.run_report_response(report, scheduler))


@routes.post(PREFIX + "/clock/run-until-idle")
async def run_until_idle(request: web.Request) -> web.Response:
    body = await read_body(request, RunUntilIdleRequest)
    scheduler = request.app[SCHEDULER]
    report = await scheduler.run_until_idle(
        max_timers=body.max_timers, max_seconds=body.max_seconds
    )
    request.app[FEED].clock_changed()
    return render.model_response(render.run_report_response(report, scheduler))


# -- webhook ledger -----------------------------------------------------------------------


@routes.get(PREFIX + "/webhooks")
async def list_webhooks(request: web.Request) -> web.Response:
    where = ledger_filter(request)
    after_id = query_int(request, "after_id", 0, 0, 2**62)
    limit = query_int(request, "limit", 1000, 1, 10_000)
    rows = await request.app[LEDGER].list(where, after_id=after_id, limit=limit + 1)
    page, has_more = rows[:limit], len(rows) > limit
    return render.model_response(
        DeliveryListResponse(
            deliveries=[render.delivery_out(row) for row in page],
            has_more=has_more,
            next_cursor=str(page[-1].id) if has_more else None,
        )
    )


@routes.delete(PREFIX + "/webhooks")
async def clear_webhooks(request: web.Request) -> web.Response:
    deleted = await request.app[LEDGER].clear(ledger_filter(request))
    return render.model_response(DeletedResponse(deleted=deleted))


#: The whole control surface: these handlers, then the call, fax, message, live-view and
#: dashboard tables.
routes = mounted(
    (
        routes,
        call_routes,
        fax_routes,
        message_routes,
        transaction_routes,
        live_routes,
        dashboard_routes,
    )
)
