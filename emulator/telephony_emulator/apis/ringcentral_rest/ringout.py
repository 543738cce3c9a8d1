"""RingOut over REST: ``…/extension/{extensionId}/ring-out`` (and the older ``ringout``)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.apis.ringcentral_common.keys import RINGOUT
from telephony_emulator.apis.ringcentral_common.ringout import LegStatus, RingOut
from telephony_emulator.apis.ringcentral_rest.context import (
    EXTENSION_PATH,
    RestCaller,
    invalid_parameter,
    not_found,
    paged_list,
    rest_caller,
)
from telephony_emulator.apis.ringcentral_rest.schemas import MakeRingOutRequest, read_json
from telephony_emulator.core.accounts import ForwardingNumber

routes = web.RouteTableDef()
#: Both spellings reach the same resource (reference ringcentral.md §2.3).
COLLECTIONS = ("ring-out", "ringout")


def ringout_json(caller: RestCaller, session: RingOut) -> dict[str, Any]:
    """``GetRingOutStatusResponse``."""
    return {
        "id": session.id,
        "uri": f"{caller.extension_uri}/ring-out/{session.id}",
        "status": {
            "callStatus": session.call_status,
            "callerStatus": _leg_status(session.caller, session.caller_answered),
            "calleeStatus": _leg_status(session.callee, session.callee_answered),
        },
    }


def _leg_status(status: LegStatus, answered: bool) -> str:
    # REST reports an answered leg that hung up as Finished; the legacy API says Rejected for
    # the party that hung up first (reference §1.4 against §2.3).
    if status is LegStatus.REJECTED and answered:
        return LegStatus.FINISHED.value
    return status.value


async def make_ringout(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    body = await read_json(request, MakeRingOutRequest)
    account = caller.account
    if body.to is None or body.to.phone_number is None:
        raise invalid_parameter("to")
    to = dialing.to_e164(body.to.phone_number)
    if to is None:
        raise invalid_parameter("to.phoneNumber")
    from_ = _from_number(caller, body)
    caller_id = account.ringcentral.username
    if body.caller_id is not None and body.caller_id.phone_number is not None:
        chosen = dialing.to_e164(body.caller_id.phone_number)
        if chosen is None:
            raise invalid_parameter("callerId.phoneNumber")
        caller_id = chosen
    session = request.app[RINGOUT].place(
        account, from_=from_, to=to, caller_id=caller_id, prompt=body.play_prompt
    )
    return web.json_response(ringout_json(caller, session))


def _from_number(caller: RestCaller, body: MakeRingOutRequest) -> str:
    """``from`` by number or forwarding-number id; left out, the first forwarding number."""
    forwarding = caller.account.ringcentral_settings.forwarding_numbers
    given = body.from_
    if given is not None and given.forwarding_number_id is not None:
        for number in forwarding:
            if number.id == given.forwarding_number_id:
                return number.phone_number
        raise invalid_parameter("from.forwardingNumberId")
    if given is not None and given.phone_number is not None:
        typed = dialing.to_e164(given.phone_number)
        if typed is None:
            raise invalid_parameter("from.phoneNumber")
        return typed
    if not forwarding:
        raise invalid_parameter("from")
    return forwarding[0].phone_number


def _session(request: web.Request, caller: RestCaller) -> RingOut:
    ringout_id = request.match_info["ringoutId"]
    session = request.app[RINGOUT].find(ringout_id)
    if session is None or session.account_id != caller.account.id:
        raise not_found("ringoutId")
    return session


async def get_ringout(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    return web.json_response(ringout_json(caller, _session(request, caller)))


async def cancel_ringout(request: web.Request) -> web.Response:
    """204 whatever happened: only a RingOut still ringing a leg is really cancelled."""
    caller = rest_caller(request)
    request.app[RINGOUT].cancel(_session(request, caller))
    return web.Response(status=204)


@routes.get(EXTENSION_PATH + "/forwarding-number")
async def list_forwarding_numbers(request: web.Request) -> web.Response:
    """The user's own phones, which RingOut can ring first (the legacy ``list`` command)."""
    caller = rest_caller(request)
    uri = f"{caller.extension_uri}/forwarding-number"
    numbers = caller.account.ringcentral_settings.forwarding_numbers

    def record(number: ForwardingNumber) -> dict[str, Any]:
        return {
            "id": number.id,
            "uri": f"{uri}/{number.id}",
            "phoneNumber": number.phone_number,
            "label": number.label,
            "features": ["CallFlip", "CallForwarding"],
            "flipNumber": str(numbers.index(number) + 1),
            "type": number.type,
        }

    return web.json_response(paged_list(request, uri, numbers, record))


for _collection in COLLECTIONS:
    routes.post(f"{EXTENSION_PATH}/{_collection}")(make_ringout)
    routes.get(f"{EXTENSION_PATH}/{_collection}/{{ringoutId}}")(get_ringout)
    routes.delete(f"{EXTENSION_PATH}/{_collection}/{{ringoutId}}")(cancel_ringout)
