"""Control API for a Catapult user's balance: payments and credits that move it (or charges)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.billing import money
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.keys import STATE

from .render import model_response
from .schemas import PREFIX, TransactionOut, TransactionRequest, read_body

routes = web.RouteTableDef()


@routes.post(PREFIX + "/accounts/{account_id}/transactions")
async def add_transaction(request: web.Request) -> web.Response:
    body = await read_body(request, TransactionRequest)
    account = request.app[STATE].bundle(request.match_info["account_id"]).account
    billing = request.app[CATAPULT_SERVICES].billing
    transaction = billing.add(account, body.type, body.amount)
    out = TransactionOut(
        id=transaction.id,
        type=transaction.type,
        amount=money(transaction.amount),
        balance=money(billing.balance(account)),
    )
    return model_response(out, status=201)
