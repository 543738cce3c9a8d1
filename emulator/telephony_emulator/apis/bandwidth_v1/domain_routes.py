"""Catapult domains and endpoints (§2.12), with the endpoint tokens every client uses."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged
from telephony_emulator.apis.bandwidth_v1.schemas import (
    CreateDomain,
    CreateEndpoint,
    CreateToken,
    EndpointFields,
    UpdateDomain,
    read_body,
)

routes = web.RouteTableDef()
DOMAINS = "/users/{userId}/domains"
DOMAIN = DOMAINS + "/{domainId}"
ENDPOINTS = DOMAIN + "/endpoints"
ENDPOINT = ENDPOINTS + "/{endpointId}"


@routes.post(DOMAINS)
async def create_domain(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, CreateDomain)
    domain = await request.app[CATAPULT_SERVICES].domains.create(account, body)
    return render.created(render.user_url(request, account, "domains", domain.id))


@routes.get(DOMAINS)
async def list_domains(request: web.Request) -> web.Response:
    account = user_account(request)
    page = paged(request.app[CATAPULT_SERVICES].domains.domains_of(account), request.query)
    body = [render.domain(request, account, item) for item in page.items]
    return render.json_response(body, headers=link_header(request, page))


@routes.get(DOMAIN)
async def get_domain(request: web.Request) -> web.Response:
    account = user_account(request)
    domain = request.app[CATAPULT_SERVICES].domains.get(account, request.match_info["domainId"])
    return render.json_response(render.domain(request, account, domain))


@routes.post(DOMAIN)
async def update_domain(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, UpdateDomain)
    await request.app[CATAPULT_SERVICES].domains.update(
        account, request.match_info["domainId"], body.description
    )
    return render.no_content()


@routes.delete(DOMAIN)
async def delete_domain(request: web.Request) -> web.Response:
    account = user_account(request)
    await request.app[CATAPULT_SERVICES].domains.delete(account, request.match_info["domainId"])
    return render.no_content()


@routes.post(ENDPOINTS)
async def create_endpoint(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, CreateEndpoint)
    domain_id = request.match_info["domainId"]
    endpoint = await request.app[CATAPULT_SERVICES].domains.create_endpoint(
        account, domain_id, body
    )
    return render.created(
        render.user_url(request, account, "domains", domain_id, "endpoints", endpoint.id)
    )


@routes.get(ENDPOINTS)
async def list_endpoints(request: web.Request) -> web.Response:
    account = user_account(request)
    domains = request.app[CATAPULT_SERVICES].domains
    domain = domains.get(account, request.match_info["domainId"])
    page = paged(domains.endpoints_of(account, domain.id), request.query)
    body = [render.endpoint(domain, item) for item in page.items]
    return render.json_response(body, headers=link_header(request, page))


@routes.get(ENDPOINT)
async def get_endpoint(request: web.Request) -> web.Response:
    account = user_account(request)
    domains = request.app[CATAPULT_SERVICES].domains
    domain = domains.get(account, request.match_info["domainId"])
    endpoint = domains.endpoint(account, domain.id, request.match_info["endpointId"])
    return render.json_response(render.endpoint(domain, endpoint))


@routes.post(ENDPOINT)
async def update_endpoint(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, EndpointFields)
    await request.app[CATAPULT_SERVICES].domains.update_endpoint(
        account, request.match_info["domainId"], request.match_info["endpointId"], body
    )
    return render.no_content()


@routes.delete(ENDPOINT)
async def delete_endpoint(request: web.Request) -> web.Response:
    account = user_account(request)
    await request.app[CATAPULT_SERVICES].domains.delete_endpoint(
        account, request.match_info["domainId"], request.match_info["endpointId"]
    )
    return render.no_content()


# The Ruby client's stub answers 201, the Python one's 200: both accept 201 with the body.
@routes.post(ENDPOINT + "/tokens")
async def create_endpoint_token(request: web.Request) -> web.Response:
    account = user_account(request)
    body = await read_body(request, CreateToken)
    token = await request.app[CATAPULT_SERVICES].domains.create_token(
        account, request.match_info["domainId"], request.match_info["endpointId"], body.expires
    )
    return render.json_response({"token": token, "expires": body.expires}, status=201)


@routes.delete(ENDPOINT + "/tokens/{token}")
async def delete_endpoint_token(request: web.Request) -> web.Response:
    account = user_account(request)
    await request.app[CATAPULT_SERVICES].domains.delete_token(
        account,
        request.match_info["domainId"],
        request.match_info["endpointId"],
        request.match_info["token"],
    )
    return render.no_content()
