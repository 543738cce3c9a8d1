"""Turning core objects into control API responses."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from aiohttp import web
from pydantic import BaseModel

from telephony_emulator.apis.ringcentral_common.ringout import RingOut
from telephony_emulator.apis.ringcentral_rest.jwt_credentials import jwt_credential
from telephony_emulator.core.accounts import AccountBundle, Application
from telephony_emulator.core.calls import Call
from telephony_emulator.core.scheduler import RunReport, Scheduler
from telephony_emulator.storage.models import WebhookDeliveryRow

from .feed import json_value
from .schemas import (
    AccountResponse,
    ApplicationOut,
    BandwidthCredentialsOut,
    CallOut,
    CatapultCredentialsOut,
    ClockResponse,
    DeliveryOut,
    LimitsOut,
    NumberOut,
    RingCentralCredentialsOut,
    RingOutOut,
    RunReportResponse,
)


def model_response(model: BaseModel, status: int = 200) -> web.Response:
    return web.json_response(text=model.model_dump_json(by_alias=True), status=status)


def account_response(bundle: AccountBundle, base: str) -> AccountResponse:
    account = bundle.account
    bw, cat, rc = account.bandwidth, account.catapult, account.ringcentral
    return AccountResponse(
        account_id=account.id,
        name=account.name,
        created_at=account.created_at,
        bandwidth=BandwidthCredentialsOut(
            account_id=bw.account_id,
            username=bw.username,
            password=bw.password,
            voice_url=f"{base}/api/v2",
            messaging_url=f"{base}/api/v2",
        ),
        catapult=CatapultCredentialsOut(
            user_id=cat.user_id, api_token=cat.api_token, api_secret=cat.api_secret, base_url=base
        ),
        ringcentral=RingCentralCredentialsOut(
            account_id=rc.account_id,
            extension_id=rc.extension_id,
            username=rc.username,
            extension=rc.extension,
            password=rc.password,
            client_id=rc.client_id,
            client_secret=rc.client_secret,
            jwt=jwt_credential(account),
            server_url=base,
            legacy_ringout_url=f"{base}/ringout.asp",
            legacy_fax_url=f"{base}/faxapi.asp",
        ),
        limits=LimitsOut(**dataclasses.asdict(account.limits)),
        applications=[application_out(app) for app in bundle.applications],
        numbers=[
            NumberOut(number=n.number, application_id=n.application_id, label=n.label)
            for n in bundle.numbers
        ],
    )


def application_out(app: Application) -> ApplicationOut:
    return ApplicationOut(
        id=app.id, name=app.name, service_type=app.service_type, settings=app.settings
    )


def clock_response(scheduler: Scheduler) -> ClockResponse:
    clock = scheduler.clock
    due = scheduler.next_due
    return ClockResponse(
        now=clock.now(),
        time=clock.time(),
        rate=clock.rate,
        pending_timers=scheduler.pending_timers,
        next_due=None if due is None else datetime.fromtimestamp(due, tz=UTC),
    )


_STOPPED = {
    "max_timers": "stopped at max_timers ({fired} timers fired) with {pending} still scheduled",
    "max_seconds": "stopped: the next timer is further away than max_seconds",
    "busy_timeout": "stopped: work in flight (a webhook awaiting its reply, a request) did not "
    "finish within the busy timeout",
}


def run_report_response(
    report: RunReport, scheduler: Scheduler, live_calls: list[str]
) -> RunReportResponse:
    if report.stopped_by is not None:
        reason = _STOPPED[report.stopped_by].format(
            fired=report.timers_fired, pending=report.pending_timers
        )
    elif report.pending_timers:
        reason = f"advanced; {report.pending_timers} timer(s) still scheduled"
    else:
        reason = "nothing is scheduled"
    if live_calls:
        reason += f"; {len(live_calls)} call(s) still up: {', '.join(live_calls[:10])}"
    return RunReportResponse(
        timers_fired=report.timers_fired,
        virtual_seconds=report.virtual_seconds,
        pending_timers=report.pending_timers,
        idle=report.pending_timers == 0,
        stopped_by=report.stopped_by,
        reason=reason,
        live_calls=live_calls,
        clock=clock_response(scheduler),
    )


def delivery_out(row: WebhookDeliveryRow) -> DeliveryOut:
    out = DeliveryOut.model_validate(row, from_attributes=True)
    out.request_json = json_value(out.request_body)
    out.response_json = json_value(out.response_body)
    return out


def call_out(call: Call, ringing: bool) -> CallOut:
    return CallOut(
        call_id=call.id,
        account_id=call.account_id,
        surface=call.surface,
        direction=call.direction.value,
        from_=call.from_,
        to=call.to,
        state=call.status.value,
        ringing=ringing,
        created_at=call.created_at,
        answered_at=call.answered_at,
        ended_at=call.ended_at,
        cause=call.cause,
        error_message=call.error_message,
        tag=call.tag,
    )


def ringout_out(session: RingOut) -> RingOutOut:
    return RingOutOut(
        ringout_id=session.id,
        account_id=session.account_id,
        from_=session.from_,
        to=session.to,
        caller_id=session.caller_id,
        prompt=session.prompt,
        caller_call_id=session.caller_call_id,
        callee_call_id=session.callee_call_id,
        general=session.general.value,
        caller_status=session.caller.value,
        callee_status=session.callee.value,
        ended=session.ended_at is not None,
    )
