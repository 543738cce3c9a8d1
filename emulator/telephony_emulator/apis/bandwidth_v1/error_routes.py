"""The user's error log (§2.13) and caller-name lookups (outside the user's path)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import token_account, user_account
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged

routes = web.RouteTableDef()


@routes.get("/users/{userId}/errors")
async def list_errors(request: web.Request) -> web.Response:
    account = user_account(request)
    page = paged(request.app[CATAPULT_SERVICES].user_errors.newest_first(account), request.query)
    body = [render.user_error(item) for item in page.items]
    return render.json_response(body, headers=link_header(request, page))


@routes.get("/users/{userId}/errors/{errorId}")
async def get_error(request: web.Request) -> web.Response:
    account = user_account(request)
    error = request.app[CATAPULT_SERVICES].user_errors.get(account, request.match_info["errorId"])
    return render.json_response(render.user_error(error))


@routes.get("/phoneNumbers/numberInfo/{number}")
async def get_number_info(request: web.Request) -> web.Response:
    account = token_account(request)
    catapult = request.app[CATAPULT_SERVICES]
    found = catapult.cnam.lookup(request.match_info["number"])
    catapult.billing.charge(account.id, "cnam-search", number=found.number)
    return render.json_response(render.caller_name(found))
