"""Voice v2 rules over the call engine: create, list, update and place calls; run their BXML."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from telephony_emulator.apis.bandwidth_v2.bxml_host import VoiceBxmlHost
from telephony_emulator.apis.bandwidth_v2.callbacks import (
    SURFACE,
    VoiceCallbacks,
    disconnect_fields,
)
from telephony_emulator.apis.bandwidth_v2.ids import VoiceIds
from telephony_emulator.apis.bandwidth_v2.schemas import (
    CreateCallRequest,
    ListCallsQuery,
    UpdateCallRequest,
)
from telephony_emulator.apis.bandwidth_v2.state import VoiceCallState
from telephony_emulator.apis.common.paging import Page, page_of
from telephony_emulator.bxml.call_state import voice_state
from telephony_emulator.bxml.interpreter import Interpreter
from telephony_emulator.bxml.requests import (
    Answer,
    BxmlRequest,
    Detection,
    Initiate,
    MachineDetectionComplete,
    Redirect,
)
from telephony_emulator.bxml.verbs import Document
from telephony_emulator.core.accounts import Account, Application
from telephony_emulator.core.calls import Call, CallDirection, CallStatus
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import RING_CAUSES, Ending, LiveCall
from telephony_emulator.core.machine_detection import detect_machine as core_detect_machine
from telephony_emulator.core.scenarios import FarEndRule
from telephony_emulator.core.transfer import LimitRefusal, concurrent_call_refusal
from telephony_emulator.errors import Conflict, InvalidRequest, NotFound, RateLimited
from telephony_emulator.ids import IdPolicy
from telephony_emulator.iso_time import to_millis
from telephony_emulator.state import EmulatorState
from telephony_emulator.webhooks.models import Endpoint
from telephony_emulator.webhooks.target import WebhookTarget

CONCURRENT_LIMIT = "Account concurrent call limit exceeded"
#: What createCall's state keeps of its body besides the webhook targets.
_CALL_SETTINGS = {
    "call_timeout",
    "callback_timeout",
    "disconnect_method",
    "priority",
    "privacy",
    "display_name",
    "uui",
    "machine_detection",
}
#: How Voice v2 words each of the core's limit refusals.
LIMIT_WORDING = {LimitRefusal.CONCURRENT_CALLS: CONCURRENT_LIMIT}


class VoiceService:
    """Bandwidth Voice v2 behaviour for one emulator."""

    def __init__(
        self,
        state: EmulatorState,
        engine: CallEngine,
        callbacks: VoiceCallbacks,
        host: VoiceBxmlHost,
    ) -> None:
        self.state = state
        self.engine = engine
        self.callbacks = callbacks
        #: What BXML documents run against: webhooks and the recording, stream and
        #: conference services.
        self.host = host
        self.ids: IdPolicy = VoiceIds(engine.ids)
        engine.on_restore(self._restored)

    # -- createCall -----------------------------------------------------------------------

    async def create_call(self, account: Account, body: CreateCallRequest, api_base: str) -> Call:
        application = self._voice_application(account, body.application_id)
        limits = account.limits
        registry = self.engine.registry
        if registry.count(account.id, CallStatus.QUEUED) >= limits.max_queue_size:
            raise RateLimited(
                "Account call creation rate limit exceeded", headers={"Retry-After": "1"}
            )
        if self._at_active_limit(account):
            raise RateLimited(CONCURRENT_LIMIT, headers={"Retry-After": "1"})
        state = VoiceCallState(
            api_base=api_base,
            answer=body.answer_target(),
            disconnect=body.disconnect_target(),
            **body.model_dump(include=_CALL_SETTINGS),
        )
        call = self.engine.new_call(
            call_id=self.ids.call_id(),
            account_id=account.id,
            surface=SURFACE,
            direction=CallDirection.OUTBOUND,
            from_=body.from_,
            to=body.to,
            application_id=application.id,
            tag=body.tag or None,
            state=state,
        )
        await self.engine.save(call)
        self.engine.enqueue(
            call,
            priority=body.priority,
            calls_per_second=limits.calls_per_second,
            dial=lambda: self._dial(call),
        )
        return call

    def _voice_application(self, account: Account, application_id: str) -> Application:
        application = self.state.accounts.application(application_id)
        if (
            application is None
            or application.account_id != account.id
            or application.service_type != "voice"
        ):
            raise InvalidRequest(
                f"Could not create call: Application id {application_id} not found"
            )
        return application

    def _at_active_limit(self, account: Account) -> bool:
        limit = account.limits.max_active_calls
        return concurrent_call_refusal(self.engine.registry, account.id, limit) is not None

    def _dial(self, call: Call) -> None:
        account = self.state.accounts.get(call.account_id)
        if account is not None and self._at_active_limit(account):
            # The concurrent-call limit reached while the call waited in the queue.
            self.engine.settle(call, Ending("account-limit", CONCURRENT_LIMIT))
            self._send_disconnect(call)
            return
        rule = self.engine.far_end_for(call.account_id, call.to)
        self.engine.start(call, rule, self._outbound, self._ended)

    async def _outbound(self, live: LiveCall) -> None:
        state = voice_state(live.call)
        outcome = await live.ring(float(state.call_timeout))
        if outcome != "answer":
            live.end(RING_CAUSES[outcome])
            return
        live.mark_answered()
        answer = Answer()
        settings = state.machine_detection
        if settings:
            detection = Detection(*detect_machine(live.far_end, settings))
            if settings["mode"] == "sync":
                await live.pause(detection.seconds)
                answer = Answer(detection)
            elif settings.get("callback_url"):
                live.call_later(
                    detection.seconds,
                    lambda: self._detection_complete(live, settings, detection),
                )
        assert state.answer is not None  # createCall requires answerUrl
        primary, fallback = state.answer.endpoints()
        await self._fetch_and_run(live, answer, primary, fallback)

    async def _fetch_and_run(
        self,
        live: LiveCall,
        request: BxmlRequest,
        primary: Endpoint,
        fallback: Endpoint | None,
    ) -> None:
        """Send a BXML webhook and run the document it answers with."""
        step = await self.callbacks.fetch_bxml(live, request, primary, fallback)
        await Interpreter(live, self.host).run(step.document, step.base_url)

    def _detection_complete(
        self, live: LiveCall, detection: dict[str, Any], result: Detection
    ) -> None:
        # machineDetection names its fallback and credentials as a target does.
        target = {
            **detection,
            "url": detection["callback_url"],
            "method": detection["callback_method"],
        }
        primary, fallback = WebhookTarget.from_data(target).endpoints()
        self.callbacks.notify(live, MachineDetectionComplete(result), primary, fallback)

    # -- inbound --------------------------------------------------------------------------

    async def place_inbound_call(
        self, *, from_: str, to: str, caller: FarEndRule, api_base: str
    ) -> Call:
        """A call from ``from_`` arrives at the owned number ``to``."""
        owned = self.state.accounts.owner_of(to)
        if owned is None:
            raise NotFound(f"{to} is not a number any account owns")
        application = (
            self.state.accounts.application(owned.application_id) if owned.application_id else None
        )
        if application is None or application.service_type != "voice":
            raise Conflict(f"{to} has no voice application to send the call to")
        settings = application.settings
        if not settings.get("call_initiated_callback_url"):
            raise Conflict(
                f"voice application {application.id} has no call_initiated_callback_url; set it "
                f"with PATCH /_emulator/accounts/{owned.account_id}/applications/{application.id}"
            )
        state = VoiceCallState(
            api_base=api_base,
            callback_timeout=float(settings.get("callback_timeout") or 15.0),
            application=dict(settings),
        )
        call = self.engine.new_call(
            call_id=self.ids.call_id(),
            account_id=owned.account_id,
            surface=SURFACE,
            direction=CallDirection.INBOUND,
            from_=from_,
            to=to,
            application_id=application.id,
            state=state,
        )
        await self.engine.save(call)
        self.engine.start(call, caller, self._inbound, self._ended)
        return call

    async def _inbound(self, live: LiveCall) -> None:
        primary, fallback = _initiate_endpoints(voice_state(live.call).application or {})
        await self._fetch_and_run(live, Initiate(), primary, fallback)

    # -- ending ---------------------------------------------------------------------------

    def _ended(self, live: LiveCall, ending: Ending) -> None:
        self._send_disconnect(live.call)
        self.host.recordings.call_ended(live.call)  # recordingAvailable after disconnect
        self.host.streams.call_ended(live.call)

    def _send_disconnect(self, call: Call) -> None:
        state = voice_state(call)
        if call.direction is CallDirection.OUTBOUND:
            target = state.disconnect
        else:
            target = _status_target(state.application or {})
        if target is None:
            return
        endpoint = target.primary()
        self._mark_end_reported(call, pending=True)
        delivery = self.callbacks.send(
            self.callbacks.request(call, "disconnect", disconnect_fields(call), endpoint)
        )
        delivery.add_done_callback(lambda done: self._mark_end_reported(call, done.cancelled()))

    def _mark_end_reported(self, call: Call, pending: bool) -> None:
        """Keep, with the call's row, whether its disconnect webhook is still to be sent (a
        delivery cut short by a shutdown still is)."""
        reported = not pending
        state = call.surface_state
        if isinstance(state, VoiceCallState) and state.end_reported != reported:
            call.surface_state = dataclasses.replace(state, end_reported=reported)
            self.engine.registry.changed(call, self.engine.clock.now())

    def _restored(self, call: Call, interrupted: bool) -> None:
        """After a restart: a call the stop cut off, or whose disconnect webhook had not gone
        out yet, sends it now (with cause ``error`` for the former)."""
        if call.surface != SURFACE:
            return
        if interrupted or not voice_state(call).end_reported:
            self._send_disconnect(call)

    # -- reading --------------------------------------------------------------------------

    def get_call(self, account: Account, call_id: str, found: Call | None = None) -> Call:
        call = found or self.engine.registry.get(call_id)
        if (
            call is None
            or call.account_id != account.id
            or call.surface != SURFACE
            or call.expired(self.engine.clock.now())
        ):
            raise NotFound(f"Call [{call_id}] not found")
        return call

    async def read_call(self, account: Account, call_id: str) -> Call:
        """:meth:`get_call`, also for an ended call no longer kept in memory."""
        call = self.engine.registry.get(call_id) or await self.engine.find(call_id)
        if call is None:
            raise NotFound(f"Call [{call_id}] not found")
        return self.get_call(account, call_id, call)

    def list_calls(self, account: Account, query: ListCallsQuery) -> Page[Call]:
        now = self.engine.clock.now()
        return page_of(
            self.engine.registry.of_account(account.id),
            lambda call: _matches(call, query, now),
            kind="calls",
            account_id=account.id,
            page_size=query.page_size,
            page_token=query.page_token,
        )

    def statistics(self, account: Account) -> dict[str, int]:
        return {
            "currentCallQueueSize": self.engine.registry.count(account.id, CallStatus.QUEUED),
            "maxCallQueueSize": account.limits.max_queue_size,
        }

    # -- updating -------------------------------------------------------------------------

    async def update_call(self, account: Account, call_id: str, body: UpdateCallRequest) -> None:
        call = self.get_call(account, call_id)
        if body.state == "completed":
            await self._complete(call)
            return
        live = self._answered(call)
        if body.tag is not None:  # null counts as not sent; "" clears the tag
            live.set_tag(body.tag)
        primary, fallback = body.redirect_endpoints()  # redirectUrl is required when active
        live.start_script(lambda live: self._fetch_and_run(live, Redirect(), primary, fallback))

    async def update_call_bxml(self, account: Account, call_id: str, document: Document) -> None:
        call = self.get_call(account, call_id)
        live = self._answered(call)
        state = voice_state(call)
        if state.answer is not None:
            base = state.answer.url
        else:
            base = (state.application or {}).get("call_initiated_callback_url", "")

        async def replace(live: LiveCall) -> None:
            await Interpreter(live, self.host).run(document, base)

        live.start_script(replace)

    def _answered(self, call: Call) -> LiveCall:
        live = self.engine.live.get(call.id)
        # After <Forward> the application has no further control (reference §4).
        forwarded = (
            live is not None
            and live.engagement is not None
            and (live.engagement.kind == "forwarding")
        )
        if call.status is not CallStatus.ANSWERED or live is None or live.ended or forwarded:
            raise Conflict(f"Call [{call.id}] cannot be modified in its current state")
        return live

    async def _complete(self, call: Call) -> None:
        """state=completed: hang up an answered call, cancel or reject one still ringing."""
        if call.status is CallStatus.QUEUED:
            self.engine.settle(call, Ending("cancel"))  # its queue entry is skipped
            self._send_disconnect(call)
            await self.engine.save(call)
            return
        live = self.engine.live.get(call.id)
        if call.ended or live is None or live.ended:
            raise Conflict(f"Call [{call.id}] cannot be modified in its current state")
        if live.answered:
            live.end("hangup")
        else:
            live.end("cancel" if call.direction is CallDirection.OUTBOUND else "rejected")


def detect_machine(rule: FarEndRule, detection: dict[str, Any]) -> tuple[str, float]:
    """What simulated answering-machine detection (core/machine_detection.py) reports, and
    after how long, under Voice v2's machineDetection settings and their defaults."""
    silence = None
    if detection.get("delay_result"):
        # delayResult waits for the greeting to end: the machine's end-of-speech silence.
        end_threshold = detection.get("machine_speech_end_threshold")
        silence = float(end_threshold or detection.get("speech_end_threshold") or 5.0)
    timeout = float(detection.get("detection_timeout") or 15.0)
    return core_detect_machine(rule, greeting_end_silence=silence, timeout=timeout)


def _initiate_endpoints(settings: dict[str, Any]) -> tuple[Endpoint, Endpoint | None]:
    """Where the voice application sends ``initiate`` (the control API's snake_case names)."""
    return WebhookTarget(
        settings["call_initiated_callback_url"],
        settings.get("call_initiated_method") or "POST",
        settings.get("call_initiated_fallback_url"),
        settings.get("call_initiated_fallback_method") or "POST",
        settings.get("callback_username"),
        settings.get("callback_password"),
        settings.get("fallback_username"),
        settings.get("fallback_password"),
    ).endpoints()


def _status_target(settings: dict[str, Any]) -> WebhookTarget | None:
    """Where the voice application sends an inbound call's ``disconnect``."""
    url = settings.get("call_status_callback_url")
    if not url:
        return None
    return WebhookTarget(
        url,
        settings.get("call_status_method") or "POST",
        username=settings.get("callback_username"),
        password=settings.get("callback_password"),
    )


def _matches(call: Call, query: ListCallsQuery, now: datetime) -> bool:
    if call.surface != SURFACE or call.expired(now):
        return False
    if query.to is not None and call.to != query.to:
        return False
    if query.from_ is not None and call.from_ != query.from_:
        return False
    if query.disconnect_cause is not None and call.cause != query.disconnect_cause:
        return False
    if query.min_start_time is None and query.max_start_time is None:
        return True
    if call.started_at is None:
        return False
    started = to_millis(call.started_at)  # compared as shown, so a call's own startTime matches
    if query.min_start_time is not None and started < query.min_start_time:
        return False
    return query.max_start_time is None or started <= query.max_start_time


def call_limit_refusal(state: EmulatorState, engine: CallEngine, account_id: str) -> str | None:
    """For legs BXML places (transfers): the concurrent-call limit's error text, if hit."""
    account = state.accounts.get(account_id)
    if account is None:
        return None
    limit = account.limits.max_active_calls
    refusal = concurrent_call_refusal(engine.registry, account_id, limit)
    return None if refusal is None else LIMIT_WORDING[refusal]
