"""Control API for faxes: see an account's faxes with their calls, fail a recipient's sending."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.ringcentral_common.fax import FaxMessage
from telephony_emulator.apis.ringcentral_common.keys import FAXES
from telephony_emulator.errors import NotFound
from telephony_emulator.keys import SCHEDULER, STATE

from .fax_schemas import FailFaxRequest, FaxListResponse, FaxOut, FaxRecipientOut
from .render import model_response
from .schemas import PREFIX, read_body

routes = web.RouteTableDef()


def fax_out(message: FaxMessage) -> FaxOut:
    return FaxOut(
        message_id=message.id,
        account_id=message.account_id,
        origin=message.origin,
        status=message.status.value,
        page_count=message.page_count,
        availability=message.availability.value,
        recipients=[
            FaxRecipientOut(
                recipient_id=r.id,
                phone_number=r.phone_number,
                status=r.status.value,
                error_code=r.error_code,
                call_id=r.call_id,
                pages_sent=r.pages_sent,
            )
            for r in message.recipients
        ],
    )


def _fax(request: web.Request) -> FaxMessage:
    message = request.app[FAXES].store.get(request.match_info["message_id"])
    if message is None:
        raise NotFound(f"fax {request.match_info['message_id']} not found")
    return message


@routes.get(PREFIX + "/accounts/{account_id}/faxes")
async def list_faxes(request: web.Request) -> web.Response:
    account_id = request.app[STATE].bundle(request.match_info["account_id"]).account.id
    messages = request.app[FAXES].store.of_account(account_id)
    return model_response(FaxListResponse(faxes=[fax_out(m) for m in messages]))


@routes.get(PREFIX + "/faxes/{message_id}")
async def get_fax(request: web.Request) -> web.Response:
    return model_response(fax_out(_fax(request)))


@routes.post(PREFIX + "/faxes/{message_id}/recipients/{index}/fail")
async def fail_recipient(request: web.Request) -> web.Response:
    body = await read_body(request, FailFaxRequest)
    message = _fax(request)
    request.app[SCHEDULER].enter(message.account_id)
    try:
        index = int(request.match_info["index"])
    except ValueError:
        raise NotFound(f"fax {message.id} has no recipient {request.match_info['index']}") from None
    request.app[FAXES].fail_recipient(message, index, body.error_code)
    await request.app[SCHEDULER].settle()
    return model_response(fax_out(message))
