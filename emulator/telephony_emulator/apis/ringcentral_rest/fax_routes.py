"""``POST …/account/{accountId}/extension/{extensionId}/fax``: send a fax."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.ringcentral_common.keys import FAXES
from telephony_emulator.apis.ringcentral_rest.context import EXTENSION_PATH, RestCaller, rest_caller
from telephony_emulator.apis.ringcentral_rest.fax_request import read_fax_order
from telephony_emulator.apis.ringcentral_rest.render import fax_response
from telephony_emulator.errors import Forbidden

routes = web.RouteTableDef()


def check_faxing(caller: RestCaller) -> None:
    if not caller.account.ringcentral_settings.faxing:
        extension_id = caller.account.ringcentral.extension_id
        raise Forbidden(
            f"Outbound fax is not allowed for extension [{extension_id}]", code="MSG-341"
        )


@routes.post(EXTENSION_PATH + "/fax")
async def create_fax(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    check_faxing(caller)
    order = await read_fax_order(request)
    message = await request.app[FAXES].submit(caller.account, order, origin="ringcentral_rest")
    return web.json_response(fax_response(caller, message))
