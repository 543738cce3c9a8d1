"""Catapult calls over the call engine: create, list, update, transfer, audio, DTMF, gather.

A Catapult call is REST-controlled (``EndPolicy.STAY_UP``): its script rings it (or takes it,
inbound), reports the answer and returns; the call then stays up until the far end, the
application or a transfer ends it. Commands work on the call's media channel and digit bus
(core/live_call.py), so speaking on a bridged call or gathering on a conference member leaves
the bridge or the conference alone. Far ends behave as for every surface (scenarios, magic
numbers, the control API's drivers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telephony_emulator.apis.bandwidth_v1.applications import SERVICE_TYPE as APPLICATION_TYPE
from telephony_emulator.apis.bandwidth_v1.bridges import CatapultBridges
from telephony_emulator.apis.bandwidth_v1.call_audio import AudioKind, CallAudio, is_stop
from telephony_emulator.apis.bandwidth_v1.call_state import (
    CatapultCallState,
    catapult_state,
    chargeable_duration,
)
from telephony_emulator.apis.bandwidth_v1.callbacks import (
    SURFACE,
    CatapultCallbacks,
    Charges,
    call_state_name,
    call_uri,
    hangup_cause,
)
from telephony_emulator.apis.bandwidth_v1.conferences import CatapultConferences
from telephony_emulator.apis.bandwidth_v1.gathers import CatapultGathers, Gather
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.recordings import CatapultRecordings
from telephony_emulator.apis.bandwidth_v1.voice_schemas import (
    DTMF_OUT,
    AudioBody,
    CreateCallBody,
    GatherBody,
    UpdateCallBody,
)
from telephony_emulator.core.accounts import Account, Application
from telephony_emulator.core.calls import Call, CallDirection, CallStatus
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.events import DigitPressed, Event
from telephony_emulator.core.live_call import RING_CAUSES, Ending, EndPolicy, LiveCall, Script
from telephony_emulator.core.media import dtmf_seconds
from telephony_emulator.core.scenarios import E164, SIP_URI, FarEndRule
from telephony_emulator.core.transfer import ParallelRing, concurrent_call_refusal, place_leg
from telephony_emulator.errors import (
    Conflict,
    Forbidden,
    InvalidRequest,
    NotFound,
    Unauthenticated,
    Unavailable,
)
from telephony_emulator.state import EmulatorState

#: Catapult's DTMF tones: 100 ms each plus 100 ms apart (an emulator choice).
TONE_MS = 100.0


class CatapultVoice:
    """Catapult v1 call behaviour for one emulator."""

    def __init__(
        self,
        state: EmulatorState,
        engine: CallEngine,
        callbacks: CatapultCallbacks,
        audio: CallAudio,
        gathers: CatapultGathers,
        recordings: CatapultRecordings,
        bridges: CatapultBridges,
        conferences: CatapultConferences,
        charges: Charges,
    ) -> None:
        self.state = state
        self.engine = engine
        self.callbacks = callbacks
        self.audio = audio
        self.gathers = gathers
        self.recordings = recordings
        self.bridges = bridges
        self.conferences = conferences
        self.ids = CatapultIds(engine.ids)
        self.charges = charges
        engine.on_restore(self._restored)

    # -- creating -------------------------------------------------------------------------

    async def create_call(self, account: Account, body: CreateCallBody, api_base: str) -> Call:
        self._check_from(account, body.from_)
        if not (E164.match(body.to) or SIP_URI.match(body.to)):
            raise Forbidden(
                f"The number {body.to} is not a valid destination", code="invalid-call-to-number"
            )
        if body.bridge_id is not None:
            self.bridges.get(account, body.bridge_id)
        if body.conference_id is not None:
            self.conferences.get(account, body.conference_id)
        self._check_rate(account)
        # A call must afford its first started minute.
        self.charges.require(account, "sip-call-out" if body.to.startswith("sip:") else "call-out")
        state = CatapultCallState(
            api_base=api_base,
            user_id=account.catapult.user_id,
            callback_url=body.callback_url,
            callback_http_method=body.callback_http_method,
            callback_timeout=body.callback_timeout,
            fallback_url=body.fallback_url,
            call_timeout=body.call_timeout,
            bridge_id=body.bridge_id,
            conference_id=body.conference_id,
            recording_enabled=body.recording_enabled,
            recording_file_format=body.recording_file_format,
            recording_max_duration=body.recording_max_duration,
            transcription_enabled=body.transcription_enabled,
            sip_headers=body.sip_headers,
        )
        call = self.engine.new_call(
            call_id=self.ids.call_id(),
            account_id=account.id,
            surface=SURFACE,
            direction=CallDirection.OUTBOUND,
            from_=body.from_,
            to=body.to,
            tag=body.tag,
            state=state,
        )
        await self.engine.save(call)
        self.callbacks.log(call, "create")
        self.engine.enqueue(
            call,
            priority=1,
            calls_per_second=account.limits.calls_per_second,
            dial=lambda: self._dial(call),
        )
        return call

    def _check_from(self, account: Account, number: str) -> None:
        owned = self.state.accounts.owner_of(number)
        if owned is None or owned.account_id != account.id:
            raise Unauthenticated(
                f"User {account.catapult.user_id} does not have permission to use number {number}",
                code="number-access-denied",
            )

    def _check_rate(self, account: Account) -> None:
        limits = account.limits
        queued = self.engine.registry.count(account.id, CallStatus.QUEUED)
        refusal = concurrent_call_refusal(self.engine.registry, account.id, limits.max_active_calls)
        if queued >= limits.max_queue_size or refusal is not None:
            raise Forbidden(
                f"You can create {limits.calls_per_second:g} calls per 1 seconds and "
                f"{limits.max_active_calls} at once",
                code="call-rate-limit",
            )

    def _dial(self, call: Call) -> None:
        rule = self.engine.far_end_for(call.account_id, call.to)
        self.engine.start(call, rule, self._outbound, self._ended, EndPolicy.STAY_UP)

    async def _outbound(self, live: LiveCall) -> None:
        outcome = await live.ring(float(catapult_state(live.call).call_timeout))
        if outcome != "answer":
            if outcome == "timeout":
                self.callbacks.call_event(live.call, "timeout")
            live.end(RING_CAUSES[outcome])
            return
        live.mark_answered()
        self._answered(live)

    # -- inbound --------------------------------------------------------------------------

    def takes_inbound(self, to: str) -> bool:
        """Whether a call to ``to`` goes to a Catapult application (the number's)."""
        return self._application_of(to) is not None

    def _application_of(self, to: str) -> Application | None:
        owned = self.state.accounts.owner_of(to)
        if owned is None or owned.application_id is None:
            return None
        application = self.state.accounts.application(owned.application_id)
        if application is None or application.service_type != APPLICATION_TYPE:
            return None
        return application

    async def place_inbound_call(
        self, *, from_: str, to: str, caller: FarEndRule, api_base: str
    ) -> Call:
        """A call from ``from_`` arrives at ``to``, an owned number on a Catapult application:
        its events go to the application's ``incomingCallUrl`` (reference §4)."""
        application = self._application_of(to)
        if application is None:
            raise NotFound(f"{to} is not a number on a Catapult application")
        account = self.state.accounts.get(application.account_id)
        assert account is not None
        settings = application.settings
        state = CatapultCallState(
            api_base=api_base,
            user_id=account.catapult.user_id,
            callback_url=settings.get("incomingCallUrl"),
            callback_http_method=str(settings.get("callbackHttpMethod") or "POST"),
            callback_timeout=int(settings.get("incomingCallUrlCallbackTimeout") or 10000),
            fallback_url=settings.get("incomingCallFallbackUrl"),
            auto_answer=settings.get("autoAnswer", True) is not False,
        )
        call = self.engine.new_call(
            call_id=self.ids.call_id(),
            account_id=account.id,
            surface=SURFACE,
            direction=CallDirection.INBOUND,
            from_=from_,
            to=to,
            application_id=application.id,
            state=state,
        )
        await self.engine.save(call)
        self.callbacks.log(call, "create")
        if not state.callback_url:
            self.callbacks.errors.record(
                account.id,
                "no-callback-for-call",
                f"Application {application.id} for number {to} does not specify a URL for "
                "call events",
                {"applicationId": application.id, "number": to},
            )
            script: Script = _refuse  # nothing could answer or control it
        else:
            script = self._inbound
        self.engine.start(call, caller, script, self._ended, EndPolicy.STAY_UP)
        return call

    async def _inbound(self, live: LiveCall) -> None:
        auto = catapult_state(live.call).auto_answer
        if auto:
            live.mark_answered()
        self.callbacks.call_event(
            live.call, "incomingcall", {"applicationId": live.call.application_id}
        )
        if auto:
            self._answered(live)

    # -- the call is up -------------------------------------------------------------------

    def _answered(self, live: LiveCall) -> None:
        call = live.call
        self.callbacks.call_event(call, "answer")
        self.engine.events.subscribe(lambda event: self._on_event(live, event), call.id)
        state = catapult_state(call)
        if state.recording_enabled:
            self.recordings.start(live)
        if state.bridge_id is not None:
            self.bridges.join_on_answer(live, state.bridge_id)

    def _on_event(self, live: LiveCall, event: Event) -> None:
        # ``dtmf`` is always on (reference §4), except for members of a conference that
        # interprets its digits: the conference acts on them instead.
        if not isinstance(event, DigitPressed):
            return
        if self.conferences.swallows_digits(live):
            self.conferences.interpret(live, event.digit)
        else:
            self.callbacks.call_event(
                live.call,
                "dtmf",
                {"callUri": call_uri(live.call), "dtmfDigit": event.digit},
                base=False,
                data=event.digit,
            )

    # -- ending ---------------------------------------------------------------------------

    def _ended(self, live: LiveCall, ending: Ending) -> None:
        self.audio.call_ended(live)
        self._send_hangup(live.call)
        self.conferences.call_ended(live)
        self.recordings.call_ended(live.call)
        self._bill(live.call)

    def _bill(self, call: Call) -> None:
        """A call that was answered costs its started minutes (reference §2.1 productType)."""
        minutes = chargeable_duration(call) // 60
        if not minutes:
            return
        inbound = call.direction is CallDirection.INBOUND
        sip = (call.from_ if inbound else call.to).startswith("sip:")
        product = ("sip-" if sip else "") + ("call-in" if inbound else "call-out")
        number = call.to if inbound else call.from_
        self.charges.charge(call.account_id, product, minutes, number=number, resource_id=call.id)

    def _restored(self, call: Call, interrupted: bool) -> None:
        """After a restart, a call the stop cut off sends its ``hangup`` now (cause
        NORMAL_TEMPORARY_FAILURE), and one whose hangup was still being delivered sends it
        again: otherwise the application never learns that it ended."""
        if call.surface == SURFACE and (interrupted or not catapult_state(call).end_reported):
            self._send_hangup(call)

    def _send_hangup(self, call: Call) -> None:
        cause = hangup_cause(call.cause)
        # A rejected call reads ``rejected``, but its hangup event says ``completed`` (§4).
        fields = {"callState": "completed", "cause": cause}
        delivery = self.callbacks.call_event(call, "hangup", fields, data=cause)
        if delivery is not None:
            self._mark_end_reported(call, False)
            delivery.add_done_callback(
                lambda done: self._mark_end_reported(call, not done.cancelled())
            )

    def _mark_end_reported(self, call: Call, reported: bool) -> None:
        """Keep with the call's row whether its hangup event is delivered (a delivery a stop
        cut short is not)."""
        state = catapult_state(call)
        if state.end_reported != reported:
            state.end_reported = reported
            self.engine.registry.changed(call, self.engine.clock.now())

    # -- reading --------------------------------------------------------------------------

    async def read_call(self, account: Account, call_id: str) -> Call:
        """:meth:`get_call`, also for an ended call no longer kept in memory."""
        found = self.engine.registry.get(call_id) or await self.engine.find(call_id)
        return self.get_call(account, call_id, found)

    def get_call(self, account: Account, call_id: str, found: Call | None = None) -> Call:
        call = found or self.engine.registry.get(call_id)
        if call is None or call.account_id != account.id or call.surface != SURFACE:
            raise NotFound(f"The call {call_id} could not be found", code="call-not-found")
        return call

    def list_calls(self, account: Account, query: Mapping[str, str]) -> list[Call]:
        """The account's calls matching the filters, by ``startTime`` (newest first unless
        ``sortOrder=asc``)."""
        calls = [
            call
            for call in self.engine.registry.of_account(account.id)
            if call.surface == SURFACE and _matches(call, query)
        ]
        if query.get("sortOrder", "desc").lower() != "asc":
            calls.reverse()
        return calls

    def live(self, call: Call, action: str = "update", *, script: bool = False) -> LiveCall:
        """The active call ``call`` (answered and up), or 403 ``call-invalid-state``; with
        ``script`` (a gather or a transfer replaces what drives the call) not transferring."""
        live = self.engine.live.get(call.id)
        busy = script and catapult_state(call).transferring
        if live is None or live.ended or not live.answered or busy:
            raise Forbidden(
                f"Unable to {action} call {call.id}. Invalid call state {call_state_name(call)}",
                code="call-invalid-state",
            )
        return live

    # -- updating -------------------------------------------------------------------------

    async def update_call(
        self, account: Account, call_id: str, body: UpdateCallBody
    ) -> Call | None:
        """Apply the update; a transfer returns the new leg (its ``Location``)."""
        call = self.get_call(account, call_id)
        state = catapult_state(call)
        if body.state is not None and call.ended:
            raise Forbidden(
                f"Unable to update call {call.id}. You can't update the call's state after "
                f"being set to {call_state_name(call)}.",
                code="call-invalid-state",
            )
        leg: Call | None = None
        if body.state == "transferring":
            leg = await self._transfer(account, call, body)
        elif body.state is not None:
            await self._change_state(call, body.state)
        if body.callback_url is not None and body.state != "transferring":
            state.callback_url = body.callback_url or None
        if body.recording_file_format is not None:
            state.recording_file_format = body.recording_file_format
        if body.recording_max_duration is not None:
            state.recording_max_duration = body.recording_max_duration
        if body.recording_enabled is not None:
            self._toggle_recording(call, body.recording_enabled)
        if body.tag is not None:
            call.tag = body.tag or None
        self.engine.registry.changed(call, self.engine.clock.now())
        return leg

    async def _change_state(self, call: Call, wanted: str) -> None:
        live = self.engine.live.get(call.id)
        if wanted == "completed":
            if call.status is CallStatus.QUEUED:
                self.engine.settle(call, Ending("cancel"))  # its queue entry is skipped
                self._send_hangup(call)
                await self.engine.save(call)
            elif live is not None and not live.ended:
                live.end("hangup" if live.answered else "cancel")
            return
        inbound_ringing = (
            call.direction is CallDirection.INBOUND
            and live is not None
            and not live.ended
            and not live.answered
        )
        if wanted == "active" and live is not None and live.answered:
            return
        if not inbound_ringing or live is None:
            raise Forbidden(
                f"Unable to update call {call.id}. Invalid call state {call_state_name(call)}",
                code="call-invalid-state",
            )
        if wanted == "active":
            live.mark_answered()
            self._answered(live)
        else:
            catapult_state(call).rejected = True
            live.end("rejected")

    def _toggle_recording(self, call: Call, on: bool) -> None:
        live = self.live(call, "record")
        state = catapult_state(call)
        if on and self.recordings.recording(call.id):
            raise Conflict(
                "Call recording is been executed already!",
                code="conflicted-recording-values-request",
            )
        state.recording_enabled = on
        if on:
            self.recordings.start(live)
        else:
            self.recordings.stop(call.id)

    # -- transfer -------------------------------------------------------------------------

    async def _transfer(self, account: Account, call: Call, body: UpdateCallBody) -> Call:
        """``state: transferring``: ring ``transferTo``; when it answers (after the whisper
        audio, played to it) the caller talks with it, and this call is completed."""
        origin = self.live(call, "transfer", script=True)
        if not body.transfer_to:
            raise InvalidRequest(
                "The 'call' resource property 'transferTo' is required but was not specified",
                code="missing-property",
            )
        if not (E164.match(body.transfer_to) or SIP_URI.match(body.transfer_to)):
            raise Unavailable(
                f"The call {call.id} cannot be transferred to {body.transfer_to}",
                code="call-transfer-error",
            )
        caller_id = body.transfer_caller_id or call.from_
        origin_state = catapult_state(call)
        leg_state = CatapultCallState(
            api_base=origin_state.api_base,
            user_id=origin_state.user_id,
            callback_url=body.callback_url or origin_state.callback_url,
            callback_http_method=origin_state.callback_http_method,
            callback_timeout=origin_state.callback_timeout,
            fallback_url=origin_state.fallback_url,
            transferred_from=call.id,
        )
        leg = place_leg(
            origin,
            call_id=self.ids.call_id(),
            to=body.transfer_to,
            from_=caller_id,
            state=leg_state,
        )
        await self.engine.save(leg)
        self.callbacks.log(leg, "create")
        origin_state.transferring = True
        origin_state.transferred_to = leg.id
        whisper = body.whisper_audio
        origin.start_script(lambda live: self._run_transfer(live, leg, whisper), EndPolicy.STAY_UP)
        return leg

    async def _run_transfer(self, origin: LiveCall, leg: Call, whisper: AudioBody | None) -> None:
        async def answered(b: LiveCall) -> None:
            self._answered(b)
            if whisper is not None and (whisper.sentence or whisper.file_url):
                kind: AudioKind = "speak" if whisper.sentence else "playback"
                self._report_audio(b, kind, "started", whisper.tag)
                await b.play(self.audio.seconds(whisper))
                self._report_audio(b, kind, "done", whisper.tag)

        ring = ParallelRing(
            origin,
            float(catapult_state(origin.call).call_timeout),
            on_answer=answered,
            on_leg_ended=self._ended,
        )
        ring.place(leg)
        try:
            await ring.connect()
        finally:
            catapult_state(origin.call).transferring = False
        if ring.winner is not None:
            origin.end("hangup")

    # -- audio, DTMF, gather --------------------------------------------------------------

    def play_audio(self, account: Account, call_id: str, audio: AudioBody) -> None:
        call = self.get_call(account, call_id)
        self.play_on(self.live(call, "play audio on"), audio)

    def play_to_bridge(self, account: Account, bridge_id: str, audio: AudioBody) -> None:
        """Audio to a bridge: every answered call in it hears it, reported by its own events."""
        for live in self.bridges.audio_members(account, bridge_id):
            self.play_on(live, audio)

    def play_on(self, live: LiveCall, audio: AudioBody) -> None:
        """Audio to one call (also a bridge's or a member's), reported by its own events."""

        def report(kind: AudioKind, status: str, tag: str | None) -> None:
            self._report_audio(live, kind, status, tag)

        if is_stop(audio) and not self.audio.playing(live):
            raise Forbidden(
                f"The audio of call {live.call.id} has already finished or does not exist",
                code="call-audio-invalid-state",
            )
        self.audio.play(live, audio, report)

    def _report_audio(self, live: LiveCall, kind: AudioKind, status: str, tag: str | None) -> None:
        fields: dict[str, Any] = {"callUri": call_uri(live.call), "status": status}
        if kind == "speak":
            fields["state"] = "PLAYBACK_START" if status == "started" else "PLAYBACK_STOP"
        if tag:
            fields["tag"] = tag
        data = "start" if status == "started" else "done"
        self.callbacks.call_event(live.call, kind, fields, base=False, data=data)

    async def send_dtmf(self, account: Account, call_id: str, digits: str) -> None:
        if not DTMF_OUT.match(digits):
            raise InvalidRequest(
                f"The 'dtmf' resource property 'dtmfOut' has an invalid value: {digits!r}",
                code="validation-error",
            )
        call = self.get_call(account, call_id)
        live = self.live(call, "send DTMF on")
        live.media.play(dtmf_seconds(digits, TONE_MS, TONE_MS))

    def start_gather(self, account: Account, call_id: str, body: GatherBody) -> Gather:
        call = self.get_call(account, call_id)
        return self.gathers.start(self.live(call, "gather on", script=True), body)

    def get_gather(self, account: Account, call_id: str, gather_id: str) -> Gather:
        call = self.get_call(account, call_id)
        return self.gathers.get(call.id, gather_id)

    def stop_gather(self, account: Account, call_id: str, gather_id: str) -> None:
        call = self.get_call(account, call_id)
        gather = self.gathers.get(call.id, gather_id)
        self.gathers.stop(self.engine.live.get(call.id), gather)


async def _refuse(live: LiveCall) -> None:
    live.end("rejected")


def _matches(call: Call, query: Mapping[str, str]) -> bool:
    state = catapult_state(call)
    if query.get("from") and call.from_ != query["from"]:
        return False
    if query.get("to") and call.to != query["to"]:
        return False
    if query.get("bridgeId") and state.bridge_id != query["bridgeId"]:
        return False
    return not (query.get("conferenceId") and state.conference_id != query["conferenceId"])
