"""Catapult applications (§2.9): create, list, get, update, delete."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged
from telephony_emulator.apis.bandwidth_v1.schemas import (
    ApplicationFields,
    CreateApplication,
    read_body,
)

routes = web.RouteTableDef()
PATH = "/users/{userId}/applications"


@routes.post(PATH)
async def create_application(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, CreateApplication)
    app = await request.app[CATAPULT_SERVICES].applications.create(account, body)
    return render.created(render.user_url(request, account, "applications", app.id))


@routes.get(PATH)
async def list_applications(request: web.Request) -> web.Response:
    account = user_account(request)
    page = paged(request.app[CATAPULT_SERVICES].applications.of_account(account), request.query)
    body = [render.application(request, account, app) for app in page.items]
    return render.json_response(body, headers=link_header(request, page))


@routes.get(PATH + "/{applicationId}")
async def get_application(request: web.Request) -> web.Response:
    account = user_account(request)
    app = request.app[CATAPULT_SERVICES].applications.get(
        account, request.match_info["applicationId"]
    )
    return render.json_response(render.application(request, account, app))


@routes.post(PATH + "/{applicationId}")
async def update_application(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, ApplicationFields)
    await request.app[CATAPULT_SERVICES].applications.update(
        account, request.match_info["applicationId"], body
    )
    return render.no_content()


@routes.delete(PATH + "/{applicationId}")
async def delete_application(request: web.Request) -> web.Response:
    account = user_account(request)
    await request.app[CATAPULT_SERVICES].applications.delete(
        account, request.match_info["applicationId"]
    )
    return render.no_content()
