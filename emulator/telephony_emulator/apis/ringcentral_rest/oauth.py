"""RingCentral OAuth endpoints: ``/restapi/oauth/token``, ``revoke`` and ``authorize``."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.ringcentral_common.keys import TOKENS
from telephony_emulator.apis.ringcentral_rest.auth import check_client
from telephony_emulator.apis.ringcentral_rest.authorization import authorize
from telephony_emulator.apis.ringcentral_rest.errors import oauth_error
from telephony_emulator.apis.ringcentral_rest.grants import (
    grant_tokens,
    missing_parameter,
    token_info,
)
from telephony_emulator.errors import UnsupportedMediaType
from telephony_emulator.forms import UNREADABLE, form_fields
from telephony_emulator.keys import CLOCK, STATE

routes = web.RouteTableDef()
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


async def read_form(request: web.Request) -> dict[str, str]:
    """The form body's text fields (the first of repeated ones); no body is an empty form."""
    if not request.can_read_body:
        return {}
    if request.content_type not in _FORMS:
        raise UnsupportedMediaType("Unsupported Media Type")
    unreadable = oauth_error("invalid_request", "CMN-101", UNREADABLE)
    form: dict[str, str] = {}
    for name, value in await form_fields(request, unreadable):
        form.setdefault(name, value)
    return form


@routes.post("/restapi/oauth/token")
async def get_token(request: web.Request) -> web.Response:
    client = check_client(request.headers.get("Authorization"), request.app[STATE].accounts)
    form = await read_form(request)
    tokens = request.app[TOKENS]
    grant = grant_tokens(form, client, tokens, request.app[CLOCK].time())
    return web.json_response(token_info(grant, client, tokens))


@routes.post("/restapi/oauth/revoke")
async def revoke_token(request: web.Request) -> web.Response:
    """Ends the token's session; unknown tokens are not an error (RFC 7009)."""
    client = check_client(request.headers.get("Authorization"), request.app[STATE].accounts)
    token = (await read_form(request)).get("token") or request.query.get("token")
    if not token:
        raise missing_parameter("token")
    request.app[TOKENS].revoke(token, client.id)
    return web.Response(status=200)


@routes.get("/restapi/oauth/authorize")
@routes.post("/restapi/oauth/authorize")
async def authorize_client(request: web.Request) -> web.Response:
    params = {**request.query, **(await read_form(request))}
    location = authorize(params, request.app[STATE].accounts, request.app[TOKENS])
    return web.Response(status=302, headers={"Location": location})
