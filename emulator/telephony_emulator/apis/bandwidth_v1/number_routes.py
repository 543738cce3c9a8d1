"""Catapult phone numbers (§2.4) and available numbers (§2.3, outside the user's path)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import token_account, user_account
from telephony_emulator.apis.bandwidth_v1.available import (
    SEARCH_MAX,
    Offer,
    parse_local,
    parse_toll_free,
)
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged
from telephony_emulator.apis.bandwidth_v1.schemas import AllocateNumber, UpdateNumber, read_body

routes = web.RouteTableDef()
PATH = "/users/{userId}/phoneNumbers"


@routes.post(PATH)
async def allocate_number(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, AllocateNumber)
    record = await request.app[CATAPULT_SERVICES].numbers.allocate(
        account,
        body.number,
        name=body.name,
        application_id=body.application_id,
        fallback_number=body.fallback_number,
    )
    return render.created(render.user_url(request, account, "phoneNumbers", record.id))


@routes.get(PATH)
async def list_numbers(request: web.Request) -> web.Response:
    account = user_account(request)
    page = paged(
        request.app[CATAPULT_SERVICES].numbers.matching(account, request.query), request.query
    )
    body = [render.phone_number(request, account, view) for view in page.items]
    return render.json_response(body, headers=link_header(request, page))


# The path may hold an E.164 number: %2B (node, py) or a raw + (ruby, cs); aiohttp decodes
# %2B and never turns + into a space in a path (§2.4).
@routes.get(PATH + "/{numberId}")
async def get_number(request: web.Request) -> web.Response:
    account = user_account(request)
    numbers = request.app[CATAPULT_SERVICES].numbers
    record = numbers.get(account, request.match_info["numberId"])
    return render.json_response(render.phone_number(request, account, numbers.view(record)))


@routes.post(PATH + "/{numberId}")
async def update_number(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, UpdateNumber)
    await request.app[CATAPULT_SERVICES].numbers.update(
        account, request.match_info["numberId"], body
    )
    return render.no_content()


@routes.delete(PATH + "/{numberId}")
async def release_number(request: web.Request) -> web.Response:
    account = user_account(request)
    await request.app[CATAPULT_SERVICES].numbers.release(account, request.match_info["numberId"])
    return render.no_content()


# The seed's gem asks for searches page by page and stops at an empty page (§10): a page
# past the `quantity` found is empty.
@routes.get("/availableNumbers/local")
async def search_local_numbers(request: web.Request) -> web.Response:
    token_account(request)
    query = parse_local(request.query, order=False)
    offers = request.app[CATAPULT_SERVICES].available.search_local(query)
    page = _gem_page(offers, request)
    return render.json_response([render.available_number(offer) for offer in page])


@routes.get("/availableNumbers/tollFree")
async def search_toll_free_numbers(request: web.Request) -> web.Response:
    token_account(request)
    pattern, quantity = parse_toll_free(request.query, order=False)
    offers = request.app[CATAPULT_SERVICES].available.search_toll_free(pattern, quantity)
    page = _gem_page(offers, request)
    return render.json_response([render.available_number(offer) for offer in page])


def _gem_page(offers: list[Offer], request: web.Request) -> list[Offer]:
    if "page" not in request.query:
        return offers
    return paged(offers, request.query, max_size=SEARCH_MAX).items


# Search-and-order takes its parameters in the query, not the body (§1 "Query strings");
# the docs answer 201, node's mock 200: every client takes both (§8), 201 it is.
@routes.post("/availableNumbers/local")
async def order_local_numbers(request: web.Request) -> web.Response:
    account = token_account(request)
    catapult = request.app[CATAPULT_SERVICES]
    offers = catapult.available.search_local(parse_local(request.query, order=True))
    records = await catapult.available.order(account, offers)
    body = [render.ordered_number(request, account, record) for record in records]
    return render.json_response(body, status=201)


@routes.post("/availableNumbers/tollFree")
async def order_toll_free_numbers(request: web.Request) -> web.Response:
    account = token_account(request)
    catapult = request.app[CATAPULT_SERVICES]
    pattern, quantity = parse_toll_free(request.query, order=True)
    records = await catapult.available.order(
        account, catapult.available.search_toll_free(pattern, quantity)
    )
    body = [render.ordered_number(request, account, record) for record in records]
    return render.json_response(body, status=201)
