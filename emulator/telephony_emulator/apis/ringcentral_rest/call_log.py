"""``…/extension/{extensionId}/call-log``: one record per ended RingOut (built from its legs)
and one per fax transmission (a dialled recipient of an outbound fax), newest first.

Results, actions and leg types follow reference ringcentral.md §2.6 (faxes: type ``Fax``, action
``Outgoing Fax``, result ``Sent``/``Fax Not Sent``/``Fax Partially Sent``; the reasons are
inferred from the spec's enum). The records come from the engine's calls and the fax store, so
the log survives restarts like they do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

from telephony_emulator.apis.ringcentral_common import fax as f
from telephony_emulator.apis.ringcentral_common.fax import FaxMessage, FaxRecipient, FaxStore
from telephony_emulator.apis.ringcentral_common.keys import FAXES
from telephony_emulator.apis.ringcentral_common.ringout import SURFACE
from telephony_emulator.apis.ringcentral_common.state import RingOutLegState, ringout_leg
from telephony_emulator.apis.ringcentral_rest.context import (
    EXTENSION_PATH,
    RestCaller,
    date_window,
    invalid_parameter,
    not_found,
    paged_list,
    rest_caller,
)
from telephony_emulator.apis.ringcentral_rest.render import message_uri
from telephony_emulator.core.calls import Call
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.iso_time import timestamp
from telephony_emulator.keys import CALLS

routes = web.RouteTableDef()
LEG_TYPES = {"caller": "RingOutWebToCaller", "callee": "RingOutWebToSubscriber"}
#: (result, reason) of a leg by how it ended; reasons from the spec's CallResultReasonEnum.
_ENDED = {
    "busy": ("Busy", "Line Busy"),
    "timeout": ("No Answer", "Not Answered"),
    "rejected": ("Rejected", None),
    "cancel": ("Hang Up", "Hang Up"),
    "error": ("Call Failed", "Internal Error"),
}
_BARRIERS = {
    "InternationalDisabled": ("International Disabled", "International Disabled"),
    "DestinationBlocked": ("Restricted Number", "Restricted Number"),
}


#: (result, reason) of a fax transmission that failed, by the recipient's fax error code.
_FAX_FAILURES = {
    f.SENT_PARTIALLY: ("Fax Partially Sent", "Fax Partially Sent"),
    f.LINE_BUSY: ("Fax Not Sent", "Line Busy"),
    f.NO_ANSWER: ("Fax Not Sent", "Not Answered"),
}


def _session_id(call_id: str) -> str:
    """A numeric session id, stable for the call (derived from its id)."""
    return str(int(call_id.replace("-", "")[:12], 16))


@dataclass(frozen=True)
class RingOutRecord:
    """The legs of one ended RingOut, caller first."""

    ringout_id: str
    legs: Sequence[Call]

    @property
    def caller(self) -> Call:
        return self.legs[0]

    @property
    def id(self) -> str:
        return self.ringout_id

    @property
    def session_id(self) -> str:
        return _session_id(self.caller.id)

    @property
    def kind(self) -> str:
        return "Voice"

    @property
    def start(self) -> datetime:
        return self.caller.started_at or self.caller.created_at

    @property
    def end(self) -> datetime:
        return max(leg.ended_at or self.start for leg in self.legs)


@dataclass(frozen=True)
class FaxRecord:
    """One fax transmission: a recipient the fax was dialled to, once its call has ended."""

    message: FaxMessage
    recipient: FaxRecipient
    call: Call

    @property
    def id(self) -> str:
        return self.call.id

    @property
    def session_id(self) -> str:
        return _session_id(self.call.id)

    @property
    def kind(self) -> str:
        return "Fax"

    @property
    def start(self) -> datetime:
        return self.call.started_at or self.call.created_at

    @property
    def end(self) -> datetime:
        return self.call.ended_at or self.start


LogRecord = RingOutRecord | FaxRecord


def ended_faxes(store: FaxStore, engine: CallEngine, account_id: str) -> list[FaxRecord]:
    records = []
    for message in store.of_account(account_id):
        for recipient in message.recipients:
            call = engine.registry.get(recipient.call_id or "")
            if call is not None and call.ended:
                records.append(FaxRecord(message, recipient, call))
    return records


def call_log(request: web.Request, account_id: str) -> list[LogRecord]:
    """The account's ended RingOuts and fax transmissions, newest first."""
    engine = request.app[CALLS]
    records: list[LogRecord] = [*ended_ringouts(engine.registry.of_account(account_id))]
    records.extend(ended_faxes(request.app[FAXES].store, engine, account_id))
    records.sort(key=lambda record: record.start, reverse=True)
    return records


def ended_ringouts(calls: Sequence[Call]) -> list[RingOutRecord]:
    """Newest first; a RingOut shows once all its legs have ended."""
    grouped: dict[str, list[Call]] = {}
    for call in calls:
        state = ringout_leg(call)
        if call.surface == SURFACE and state is not None:
            grouped.setdefault(state.ringout_id, []).append(call)
    records = [
        RingOutRecord(ringout_id, sorted(legs, key=lambda leg: _leg(leg).leg != "caller"))
        for ringout_id, legs in grouped.items()
        if all(leg.ended for leg in legs)
    ]
    records.sort(key=lambda record: record.start, reverse=True)
    return records


def _leg(call: Call) -> RingOutLegState:
    """The RingOut leg state of a call :func:`ended_ringouts` grouped (it always has one)."""
    state = ringout_leg(call)
    assert state is not None
    return state


def _leg_result(call: Call) -> tuple[str, str | None]:
    state = _leg(call)
    if state.barrier is not None:
        return _BARRIERS[state.barrier]
    if call.answered_at is not None:
        if state.leg == "caller" and call.cause == "timeout":
            return ("Answered Not Accepted", "Connected")  # the "press 1" was never pressed
        return ("Call connected", "Accepted")
    return _ENDED.get(call.cause or "", ("Call Failed", "Internal Error"))


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds()))


def _party(number: str) -> dict[str, str]:
    return {"phoneNumber": number}


def _fax_result(recipient: FaxRecipient) -> tuple[str, str | None]:
    if recipient.status is f.MessageStatus.SENT:
        return ("Sent", "Accepted")
    return _FAX_FAILURES.get(recipient.error_code or "", ("Fax Not Sent", "Fax Not Sent"))


def _common(
    call: Call, start: datetime, end: datetime, fax: FaxRecipient | None = None
) -> dict[str, Any]:
    result, reason = _leg_result(call) if fax is None else _fax_result(fax)
    body: dict[str, Any] = {
        "startTime": timestamp(start),
        "duration": _seconds(start, end),
        "durationMs": round((end - start).total_seconds() * 1000),
        "type": "Voice" if fax is None else "Fax",
        "direction": "Outbound",
        "action": "RingOut Web" if fax is None else "Outgoing Fax",
        "result": result,
    }
    if reason is not None:
        body["reason"] = reason
    body["transport"] = "PSTN"
    return body


def record_json(caller: RestCaller, record: LogRecord, detailed: bool) -> dict[str, Any]:
    if isinstance(record, FaxRecord):
        return fax_record_json(caller, record, detailed)
    return ringout_record_json(caller, record, detailed)


def fax_record_json(caller: RestCaller, record: FaxRecord, detailed: bool) -> dict[str, Any]:
    """``CallLogRecord`` of a fax transmission, linked to its message-store record."""
    call, recipient = record.call, record.recipient
    body: dict[str, Any] = {
        "id": record.id,
        "uri": f"{caller.extension_uri}/call-log/{record.id}",
        "sessionId": record.session_id,
        **_common(call, record.start, record.end, recipient),
        "from": _party(call.from_),
        "to": _party(call.to),
        "message": {
            "id": record.message.id,
            "type": "Fax",
            "uri": message_uri(caller, record.message.id),
        },
    }
    if detailed:
        leg = {
            **_common(call, record.start, record.end, recipient),
            "from": _party(call.from_),
            "to": _party(call.to),
            "legType": "FaxSent",
            "master": True,
        }
        body["legs"] = [leg]
        body["lastModifiedTime"] = timestamp(record.end)
    return body


def ringout_record_json(
    caller: RestCaller, record: RingOutRecord, detailed: bool
) -> dict[str, Any]:
    """``CallLogRecord``: the destination leg's outcome when it was dialled, else the user's."""
    options = _leg(record.caller)
    main = record.legs[-1]
    body: dict[str, Any] = {
        "id": record.ringout_id,
        "uri": f"{caller.extension_uri}/call-log/{record.ringout_id}",
        "sessionId": record.session_id,
        **_common(main, record.start, record.end),
        "from": _party(options.from_),
        "to": _party(options.to),
    }
    if detailed:
        body["legs"] = [
            {
                **_common(leg, leg.started_at or leg.created_at, leg.ended_at or record.end),
                "from": _party(leg.from_),
                "to": _party(leg.to),
                "legType": LEG_TYPES[_leg(leg).leg],
                "master": leg is record.caller,
            }
            for leg in record.legs
        ]
        body["lastModifiedTime"] = timestamp(record.end)
    return body


@routes.get(EXTENSION_PATH + "/call-log")
async def list_call_log(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    query = request.query
    view = query.get("view", "Simple")
    if view not in ("Simple", "Detailed"):
        raise invalid_parameter("view")
    now = request.app[CALLS].clock.now()
    date_from, date_to = date_window(request, now)
    records = [
        record
        for record in call_log(request, caller.account.id)
        if date_from <= record.start <= date_to and _wanted(record, query)
    ]
    uri = f"{caller.extension_uri}/call-log"
    return web.json_response(
        paged_list(
            request, uri, records, lambda record: record_json(caller, record, view == "Detailed")
        )
    )


@routes.get(EXTENSION_PATH + "/call-log/{callRecordId}")
async def get_call_log_record(request: web.Request) -> web.Response:
    caller = rest_caller(request)
    wanted = request.match_info["callRecordId"]
    for record in call_log(request, caller.account.id):
        if record.id == wanted:
            detailed = request.query.get("view") == "Detailed"
            return web.json_response(record_json(caller, record, detailed))
    raise not_found("callRecordId")


def _wanted(record: LogRecord, query: Any) -> bool:
    if query.get("type") not in (None, record.kind):
        return False
    if query.get("direction") not in (None, "Outbound"):
        return False
    session_id = query.get("sessionId")
    return session_id is None or session_id == record.session_id
