"""Account and extension info: ``GET …/account/{accountId}[/extension/{extensionId}]``."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from telephony_emulator.apis.ringcentral_rest.context import (
    API_PREFIX,
    EXTENSION_PATH,
    RestCaller,
    rest_caller,
)

routes = web.RouteTableDef()


def extension_info(caller: RestCaller) -> dict[str, Any]:
    """The spec's ``GetExtensionInfoResponse`` of the account's one user."""
    account, rc = caller.account, caller.account.ringcentral
    return {
        "uri": caller.extension_uri,
        "id": int(rc.extension_id),
        "extensionNumber": rc.extension,
        "name": account.name,
        "type": "User",
        "status": "Enabled",
        "account": {"uri": caller.account_uri, "id": rc.account_id},
    }


def account_info(caller: RestCaller) -> dict[str, Any]:
    """The spec's ``GetAccountInfoResponse``."""
    rc = caller.account.ringcentral
    return {
        "uri": caller.account_uri,
        "id": int(rc.account_id),
        "mainNumber": rc.username,
        "status": "Confirmed",
    }


@routes.get(API_PREFIX + "/account/{accountId}")
async def get_account_info(request: web.Request) -> web.Response:
    return web.json_response(account_info(rest_caller(request)))


@routes.get(EXTENSION_PATH)
async def get_extension_info(request: web.Request) -> web.Response:
    return web.json_response(extension_info(rest_caller(request)))
