"""Control API for messages: see them as sent, and have one arrive at owned numbers."""

from __future__ import annotations

import base64

from aiohttp import web

from telephony_emulator.apis.bandwidth_messaging_v2.keys import MESSAGING_SERVICE
from telephony_emulator.apis.bandwidth_messaging_v2.service import InboundMedia
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.messages import InboundFile
from telephony_emulator.core.messages import Message
from telephony_emulator.errors import InvalidRequest
from telephony_emulator.keys import STATE
from telephony_emulator.public_url import public_base

from .message_schemas import (
    MESSAGE_FILTERS,
    InboundMessageRequest,
    MessageListResponse,
    MessageOut,
    MessageRecipientOut,
)
from .render import model_response
from .schemas import PREFIX, read_body

routes = web.RouteTableDef()


def message_out(message: Message) -> MessageOut:
    return MessageOut(
        message_id=message.id,
        account_id=message.account_id,
        surface=message.surface,
        direction=message.direction.value,
        from_=message.from_,
        owner=message.owner,
        to=message.to,
        text=message.text,
        media=list(message.media),
        tag=message.tag,
        priority=message.priority,
        segments=message.segments,
        application_id=message.application_id,
        created_at=message.created_at,
        expiration=message.expiration,
        recipients=[
            MessageRecipientOut(
                number=r.number,
                status=r.status.value,
                failure=None if r.failure is None else r.failure.value,
                updated_at=r.updated_at,
            )
            for r in message.recipients
        ],
    )


def _wanted(message: Message, query: dict[str, str]) -> bool:
    return (
        query.get("direction", message.direction.value) == message.direction.value
        and query.get("from", message.from_) == message.from_
        and ("to" not in query or query["to"] in message.to)
        and query.get("surface", message.surface) == message.surface
        and ("status" not in query or any(r.status == query["status"] for r in message.recipients))
    )


@routes.get(PREFIX + "/messages")
async def list_messages(request: web.Request) -> web.Response:
    query = dict(request.query)
    unknown = set(query) - set(MESSAGE_FILTERS)
    if unknown:
        raise InvalidRequest(f"unknown query parameter(s): {', '.join(sorted(unknown))}")
    store = request.app[MESSAGING_SERVICE].store
    if "account_id" in query:
        request.app[STATE].bundle(query["account_id"])
        messages = store.of_account(query["account_id"])
    else:
        messages = store.all()
    found = [message_out(m) for m in messages if _wanted(m, query)]
    return model_response(MessageListResponse(messages=found))


@routes.post(PREFIX + "/inbound-messages")
async def place_inbound_message(request: web.Request) -> web.Response:
    body = await read_body(request, InboundMessageRequest)
    media = [
        item
        if isinstance(item, str)
        else InboundMedia(item.name, item.content_type, base64.b64decode(item.content_base64))
        for item in body.media
    ]
    base = public_base(request)
    # Numbers allocated through Catapult get Catapult's inbound message; the rest Messaging v2's.
    catapult = request.app[CATAPULT_SERVICES]
    to_catapult = [number for number in body.to if catapult.numbers.active(number)]
    others = [number for number in body.to if number not in to_catapult]
    messages = []
    if not to_catapult or any(request.app[STATE].accounts.owner_of(n) for n in others):
        service = request.app[MESSAGING_SERVICE]
        messages = await service.receive(body.from_, others, body.text, media, base)
    files = [
        item if isinstance(item, str) else InboundFile(item.name, item.content_type, item.content)
        for item in media
    ]
    for number in to_catapult:
        messages.append(await catapult.messages.receive(body.from_, number, body.text, files, base))
    response = MessageListResponse(messages=[message_out(m) for m in messages])
    return model_response(response, status=201)
