"""Catapult account (§2.1): the balance and the statement of transactions."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.billing import ACCOUNT_TYPE, TRANSACTION_TYPES
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged
from telephony_emulator.apis.bandwidth_v1.schemas import query_int, query_time
from telephony_emulator.errors import InvalidRequest

routes = web.RouteTableDef()
PATH = "/users/{userId}/account"


@routes.get(PATH)
async def get_account(request: web.Request) -> web.Response:
    account = user_account(request)
    balance = request.app[CATAPULT_SERVICES].billing.balance(account)
    return render.json_response(render.account(balance, ACCOUNT_TYPE))


@routes.get(PATH + "/transactions")
async def list_transactions(request: web.Request) -> web.Response:
    account = user_account(request)
    query = request.query
    kind = query.get("type")
    # The docs' own samples filter with type=Payment: types match in any case.
    if kind and kind.lower() not in TRANSACTION_TYPES:
        raise InvalidRequest(f"The type {kind} is not one of {', '.join(TRANSACTION_TYPES)}")
    found = request.app[CATAPULT_SERVICES].billing.statement(
        account,
        type_=kind or None,
        number=query.get("number") or None,
        from_date=query_time(query, "fromDate"),
        to_date=query_time(query, "toDate"),
        max_items=query_int(query, "maxItems"),
    )
    page = paged(found, query)
    body = [render.transaction(item) for item in page.items]
    return render.json_response(body, headers=link_header(request, page))
