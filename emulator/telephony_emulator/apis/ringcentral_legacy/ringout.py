"""``/ringout.asp``: the legacy RingOut commands list, call, status and cancel, as plain text.

Reference ringcentral.md §1.2 and §1.4: GET query or POST form, parameter names and ``cmd`` in
any case, ``OK``-prefixed bodies, HTTP 200 even for errors.
"""

from __future__ import annotations

from aiohttp import web
from multidict import MultiDict

from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.apis.ringcentral_common.keys import RINGOUT
from telephony_emulator.apis.ringcentral_common.ringout import RingOut
from telephony_emulator.apis.ringcentral_legacy.auth import check_login
from telephony_emulator.apis.ringcentral_legacy.pages import any_case, legacy_params
from telephony_emulator.core.accounts import Account
from telephony_emulator.errors import InvalidRequest
from telephony_emulator.keys import SCHEDULER, STATE

routes = web.RouteTableDef()


def _text(body: str) -> web.Response:
    return web.Response(text=body, content_type="text/plain")


@routes.route("*", any_case("ringout.asp"))
async def ringout_page(request: web.Request) -> web.Response:
    params = await legacy_params(request)
    command = params.get("cmd", "").strip().lower()
    if command == "list":
        return _text(_list(request, params))
    if command == "call":
        return _text(_call(request, params))
    if command in ("status", "cancel"):
        session_id = params.get("sessionid", "").strip()
        if not session_id:
            raise InvalidRequest("sessionid is required")
        ringouts = request.app[RINGOUT]
        session = ringouts.find(session_id)
        if command == "cancel":
            if session is not None:
                ringouts.cancel(session)
            return _text(f"OK {session_id}")
        return _text(status_line(session_id, session))
    raise InvalidRequest("cmd must be one of list, call, status, cancel")


def _list(request: web.Request, params: MultiDict[str]) -> str:
    account = _login(request, params)
    pairs = [
        f"{_national(number.phone_number)};{number.label}"
        for number in account.ringcentral_settings.forwarding_numbers
    ]
    return "OK " + ";".join(pairs)


def _call(request: web.Request, params: MultiDict[str]) -> str:
    account = _login(request, params)
    to = dialing.to_e164(params.get("to"))
    if to is None:
        raise InvalidRequest("to is not a valid phone number")
    from_ = dialing.to_e164(params.get("from"))
    if from_ is None:
        raise InvalidRequest("from is not a valid phone number")
    caller_id = dialing.to_e164(params.get("clid")) or account.ringcentral.username
    session = request.app[RINGOUT].place(
        account, from_=from_, to=to, caller_id=caller_id, prompt=params.get("prompt") == "1"
    )
    return f"OK {session.id} {session.ws}"


def _login(request: web.Request, params: MultiDict[str]) -> Account:
    account = check_login(
        params.get("username"),
        params.get("ext"),
        params.get("password"),
        request.app[STATE].accounts,
    )
    request.app[SCHEDULER].enter(account.id)
    return account


def status_line(session_id: str, session: RingOut | None) -> str:
    """``OK <sid>`` once the session is gone (or never was), else the five status groups."""
    if session is None:
        return f"OK {session_id}"
    groups = [
        session.general.legacy_code,
        session.to,
        session.callee.legacy_code,
        session.from_,
        session.caller.legacy_code,
    ]
    return f"OK {session_id} " + ";".join(str(group) for group in groups)


def _national(number: str) -> str:
    """The list command shows NANP numbers as ten digits (``6505553711``)."""
    return number[2:] if number.startswith("+1") and len(number) == 12 else number.lstrip("+")
