"""``…/extension/{extensionId}/call-log``: one record per ended RingOut, built from its legs.

Results and leg types follow reference ringcentral.md §2.6; the legs are the engine's calls,
so the log survives restarts like they do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

from emulator.apis.ringcentral_rest.context import (
    EXTENSION_PATH,
    RestCaller,
    date_window,
    invalid_parameter,
    not_found,
    paged_list,
    rest_caller,
)
from emulator.core.calls import Call
from emulator.core.ringout import SURFACE
from emulator.iso_time import timestamp
from emulator.keys import CALLS

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


@dataclass(frozen=True)
class RingOutRecord:
    """The legs of one ended RingOut, caller first."""

    ringout_id: str
    legs: Sequence[Call]

    @property
    def caller(self) -> Call:
        return self.legs[0]

    @property
    def session_id(self) -> str:
        """A numeric session id, stable for the RingOut (derived from its first leg's id)."""
        return str(int(self.caller.id.replace("-", "")[:12], 16))

    @property
    def start(self) -> datetime:
        return self.caller.started_at or self.caller.created_at

    @property
    def end(self) -> datetime:
        return max(leg.ended_at or self.start for leg in self.legs)


def ended_ringouts(calls: Sequence[Call]) -> list[RingOutRecord]:
    """Newest first; a RingOut shows once all its legs have ended."""
    grouped: dict[str, list[Call]] = {}
    for call in calls:
        if call.surface == SURFACE and "ringout_id" in call.options:
            grouped.setdefault(str(call.options["ringout_id"]), []).append(call)
    records = [
        RingOutRecord(ringout_id, sorted(legs, key=lambda leg: leg.options["leg"] != "caller"))
        for ringout_id, legs in grouped.items()
        if all(leg.ended for leg in legs)
    ]
    records.sort(key=lambda record: record.start, reverse=True)
    return records


def _leg_result(call: Call) -> tuple[str, str | None]:
    if "barrier" in call.options:
        return _BARRIERS[str(call.options["barrier"])]
    if call.answered_at is not None:
        if call.options["leg"] == "caller" and call.cause == "timeout":
            return ("Answered Not Accepted", "Connected")  # the "press 1" was never pressed
        return ("Call connected", "Accepted")
    return _ENDED.get(call.cause or "", ("Call Failed", "Internal Error"))


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds()))


def _party(number: str) -> dict[str, str]:
    return {"phoneNumber": number}


def _common(call: Call, start: datetime, end: datetime) -> dict[str, Any]:
    result, reason = _leg_result(call)
    body: dict[str, Any] = {
        "startTime": timestamp(start),
        "duration": _seconds(start, end),
        "durationMs": round((end - start).total_seconds() * 1000),
        "type": "Voice",
        "direction": "Outbound",
        "action": "RingOut Web",
        "result": result,
    }
    if reason is not None:
        body["reason"] = reason
    body["transport"] = "PSTN"
    return body


def record_json(caller: RestCaller, record: RingOutRecord, detailed: bool) -> dict[str, Any]:
    """``CallLogRecord``: the destination leg's outcome when it was dialled, else the user's."""
    options = record.caller.options
    main = record.legs[-1]
    body: dict[str, Any] = {
        "id": record.ringout_id,
        "uri": f"{caller.extension_uri}/call-log/{record.ringout_id}",
        "sessionId": record.session_id,
        **_common(main, record.start, record.end),
        "from": _party(str(options["from"])),
        "to": _party(str(options["to"])),
    }
    if detailed:
        body["legs"] = [
            {
                **_common(leg, leg.started_at or leg.created_at, leg.ended_at or record.end),
                "from": _party(leg.from_),
                "to": _party(leg.to),
                "legType": LEG_TYPES[str(leg.options["leg"])],
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
        for record in ended_ringouts(request.app[CALLS].registry.of_account(caller.account.id))
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
    for record in ended_ringouts(request.app[CALLS].registry.of_account(caller.account.id)):
        if record.ringout_id == wanted:
            detailed = request.query.get("view") == "Detailed"
            return web.json_response(record_json(caller, record, detailed))
    raise not_found("callRecordId")


def _wanted(record: RingOutRecord, query: Any) -> bool:
    if query.get("type") not in (None, "Voice"):
        return False
    if query.get("direction") not in (None, "Outbound"):
        return False
    session_id = query.get("sessionId")
    return session_id is None or session_id == record.session_id
