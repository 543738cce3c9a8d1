"""<Transfer>, <Forward> and <Bridge>: the verbs that join a call with another party.

Reference bandwidth-v2.md §3 and §4. The new legs are real calls of the engine, placed at once
(not through the account's queue), each ringing per its own far-end rule; placing them, the
first-answer-wins ring and forwarding are the core's (core/transfer.py), and this module adds
the BXML: the legs' settings and the transferAnswer/transferDisconnect/transferComplete webhooks.

``<Bridge>`` joins the two calls in a core bridge resource (core/bridges.py, the one Catapult's
``/bridges`` uses), so membership and the JoinedBridge/LeftBridge events are the same for every
surface; a two-party :class:`Bridge` on top gives BXML's rule that the first side to leave ends
it for both, which closes the resource. Voice v2 has no bridge API, so the resource is named
after its two calls (drawing no random id keeps the seeded id sequence as it was) and is
forgotten once closed. ``<Transfer>`` and ``<Forward>`` keep a plain two-party bridge.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.call_state import Diversion, TransferInfo, VoiceCallState, voice_state
from telephony_emulator.bxml.requests import (
    BridgeComplete,
    BridgeFailure,
    BridgeTargetComplete,
    TransferAnswer,
    TransferComplete,
    TransferDisconnect,
)
from telephony_emulator.bxml.verb_handler import VerbHandler
from telephony_emulator.core.bridges import BridgeRefused, BridgeResource
from telephony_emulator.core.bridging import Bridge, engage, release
from telephony_emulator.core.calls import Call, CallDirection
from telephony_emulator.core.live_call import Ending, LiveCall
from telephony_emulator.core.transfer import (
    AdmissionRefusal,
    ParallelRing,
    bridge_admission,
    forward,
    place_leg,
)
from telephony_emulator.webhooks.target import WebhookTarget

if TYPE_CHECKING:
    from telephony_emulator.bxml.interpreter import Interpreter, Next

#: Verbs a transferAnswer reply may not contain (reference §4); such a reply is refused whole.
NOT_IN_TRANSFER_ANSWER = frozenset({"Bridge", "Conference", "Forward", "Transfer"})
#: Why a <Bridge> target that is tied up elsewhere cannot be bridged (cause ``busy``).
ENGAGED = {
    "bridged": "is already bridged with another call",
    "forwarding": "is being forwarded",
    "transferring": "is being transferred",
    "conferencing": "is in a conference",
}
#: Why else a <Bridge> target cannot be bridged (cause ``unknown``).
REFUSED = {
    AdmissionRefusal.NOT_FOUND: "was not found",
    AdmissionRefusal.SELF: "cannot be bridged with itself",
    AdmissionRefusal.NOT_ANSWERED: "has not been answered yet",
    AdmissionRefusal.ENDED: "has already ended",
}


def handlers(interp: Interpreter) -> dict[type[v.Verb], VerbHandler]:
    """The interpreter's handlers for the two-party verbs."""

    async def transfer(verb: v.Transfer, base_url: str) -> Next | None:
        return await _Transfer(interp, verb, base_url).run()

    async def forward(verb: v.Forward, base_url: str) -> Next | None:
        await _forward(interp.live, verb)
        return None

    async def bridge(verb: v.Bridge, base_url: str) -> Next | None:
        return await _bridge(interp, verb, base_url)

    return {v.Transfer: transfer, v.Forward: forward, v.Bridge: bridge}


# -- shared helpers -----------------------------------------------------------------------


def _remote_party(call: Call) -> str:
    """The number at the far end of ``call``: the caller of an inbound call, else the callee."""
    return call.from_ if call.direction is CallDirection.INBOUND else call.to


def _diversion(
    call: Call, treatment: v.DiversionTreatment, reason: v.DiversionReason
) -> tuple[Diversion, ...]:
    """Diversion headers the new leg carries; only inbound calls have any to pass on (§4)."""
    if call.direction is not CallDirection.INBOUND or treatment == "none":
        return ()
    entries = voice_state(call).diversion
    if treatment == "stack":
        entries = (*entries, Diversion(orig_to=call.to, reason=reason))
    return entries


def _new_leg(
    a: LiveCall, *, from_: str, to: str, parent: bool, tag: str | None, state: VoiceCallState
) -> Call:
    """Register an outbound leg started by ``a``'s BXML; it is placed at once, not queued."""
    origin_state = voice_state(a.call)
    state = dataclasses.replace(
        state, api_base=origin_state.api_base, callback_timeout=origin_state.callback_timeout
    )
    call_id = a.engine.ids.bandwidth_id("c")
    return place_leg(a, call_id=call_id, to=to, from_=from_, state=state, parent=parent, tag=tag)


# -- <Transfer> ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Leg:
    """One B-leg: its target element, its call, and (once ended) its transferDisconnect."""

    target: v.PhoneNumber | v.SipUri
    live: LiveCall
    ended: asyncio.Future[asyncio.Future[Any] | None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    @property
    def number(self) -> str:
        return _address(self.target)


def _address(target: v.PhoneNumber | v.SipUri) -> str:
    return target.number if isinstance(target, v.PhoneNumber) else target.uri


def _refuse_in_transfer_answer(document: v.Document) -> str | None:
    for verb in document.verbs:
        if verb.xml_name in NOT_IN_TRANSFER_ANSWER:
            return f"<{verb.xml_name}> is not allowed in reply to transferAnswer"
    return None


class _Transfer:
    """One run of ``<Transfer>``: the core's parallel ring (core/transfer.py) over every
    target, with the BXML webhooks on top.

    The A-leg waits until the transfer is decided: a bridge with the winner, or a leg whose
    end decides it (the winner hanging up before the bridge, or the last of the legs failing).
    """

    def __init__(self, interp: Interpreter, verb: v.Transfer, base_url: str) -> None:
        self.interp = interp
        self.verb = verb
        self.base_url = base_url
        self.a = interp.live
        # A blank transferCallerId passes on the remote party's number (§4).
        self.caller_id = verb.transfer_caller_id or _remote_party(self.a.call)
        self.legs: dict[str, _Leg] = {}
        self.ring = ParallelRing(
            self.a, verb.call_timeout, on_answer=self._answered, on_leg_ended=self._leg_ended
        )

    async def run(self) -> Next | None:
        a = self.a
        scheduler = a.engine.scheduler
        a.answer_if_ringing()
        a.set_tag(self.verb.tag)
        engage(a, "transferring")
        try:
            for target in self.verb.targets:
                self._place(target)
            live = await self.ring.connect()
            decided = self.legs[live.call.id]
            # Every ended leg's transferDisconnect goes out before transferComplete.
            for leg in self.legs.values():
                if leg.live.ended:
                    delivery = await scheduler.wait(leg.ended)
                    if delivery is not None:
                        await scheduler.wait(delivery)
        except BaseException:
            self.ring.abandon()
            raise
        finally:
            release(a, "transferring")
        return await self._complete(decided)

    def _place(self, target: v.PhoneNumber | v.SipUri) -> None:
        origin, verb = self.a.call, self.verb
        number = _address(target)
        # A leg beyond the account's concurrent-call limit fails at once; when every leg
        # fails so, transferComplete says account-limit ("rate limited", reference §3).
        refusal = self.interp.host.call_limit_refusal(origin.account_id)
        call = _new_leg(
            self.a,
            from_=self.caller_id,
            to=number,
            parent=True,
            tag=target.tag if target.tag is not None else origin.tag,
            state=VoiceCallState(
                call_timeout=verb.call_timeout,
                transfer=TransferInfo(
                    from_=origin.from_,
                    to=origin.to,
                    parent_call_id=origin.id,
                    transfer_caller_id=self.caller_id,
                    transfer_to=number,
                ),
                uui=target.uui,
                display_name=verb.transfer_caller_display_name,
                privacy=verb.privacy or None,
                diversion=_diversion(origin, verb.diversion_treatment, verb.diversion_reason),
            ),
        )
        live = self.ring.place(call, None if refusal is None else ("account-limit", refusal))
        self.legs[call.id] = _Leg(target, live)

    async def _answered(self, b: LiveCall) -> None:
        """The winning B-leg hears its transferAnswer BXML before it is bridged."""
        target = self.legs[b.call.id].target
        if target.transfer_answer is not None:
            await self._transfer_answer(target.transfer_answer, b)

    async def _transfer_answer(self, answer: WebhookTarget, b: LiveCall) -> None:
        primary, fallback = answer.endpoints(self.base_url)
        host = self.interp.host
        step = await host.webhooks.fetch_bxml(b, TransferAnswer(), primary, fallback)
        runner = type(self.interp)(b, host)
        runner.check_document = _refuse_in_transfer_answer
        await runner.run(step.document, step.base_url)

    def _leg_ended(self, b: LiveCall, ending: Ending) -> None:
        """A B-leg ended: send its transferDisconnect (the ring then sees if that decides)."""
        leg = self.legs[b.call.id]
        target = leg.target
        delivery = None
        if target.transfer_disconnect is not None:
            primary = target.transfer_disconnect.primary(self.base_url)
            delivery = self.interp.host.webhooks.notify(b, TransferDisconnect(), primary)
        leg.ended.set_result(delivery)

    async def _complete(self, leg: _Leg) -> Next | None:
        """transferComplete to the A-leg (with BXML for it), or on to the next verb."""
        verb = self.verb
        if verb.transfer_complete is None:
            return None
        complete = TransferComplete(leg.live.call, self.caller_id, leg.number)
        primary, fallback = verb.transfer_complete.endpoints(self.base_url)
        return await self.interp.host.webhooks.fetch_bxml(self.a, complete, primary, fallback)


# -- <Forward> ----------------------------------------------------------------------------


async def _forward(a: LiveCall, verb: v.Forward) -> None:
    """Place the forwarded leg and join it with ``a`` (core/transfer.py's forward); the
    application has no further control, and both calls end together (reference §4)."""
    origin = a.call
    call = _new_leg(
        a,
        from_=verb.from_ or origin.to,
        to=verb.to,
        parent=False,
        tag=None,
        state=VoiceCallState(
            call_timeout=verb.call_timeout,
            forwarded_call_id=origin.id,
            uui=verb.uui,
            display_name=verb.caller_display_name,
            privacy=verb.privacy or None,
            diversion=_diversion(origin, verb.diversion_treatment, verb.diversion_reason),
        ),
    )
    await forward(a, call, verb.call_timeout)


# -- <Bridge> -----------------------------------------------------------------------------


def _bridge_refusal(a: LiveCall, target_id: str) -> tuple[str, str] | LiveCall:
    """The target's live call, or (cause, errorMessage) saying why it cannot be bridged."""
    admitted = bridge_admission(a, target_id)
    if isinstance(admitted, LiveCall):
        return admitted
    if admitted.reason is AdmissionRefusal.ENGAGED:
        assert admitted.engagement is not None
        return "busy", f"Call {target_id} {ENGAGED[admitted.engagement]}"
    return "unknown", f"Call {target_id} {REFUSED[admitted.reason]}"


@dataclass(frozen=True)
class _VerbBridgeIds:
    """Names a ``<Bridge>`` verb's bridge resource after its two calls."""

    a: LiveCall
    target: LiveCall

    def bridge_id(self) -> str:
        return f"bridge:{self.a.call.id}:{self.target.call.id}"


def _bridge_resource(a: LiveCall, target: LiveCall) -> BridgeResource | None:
    """The two calls' bridge resource; None (a bridge without one, as before resources) in
    the unforeseen case that the registry refuses them, so the verb never fails on it."""
    try:
        return a.engine.bridges.create(a.call.account_id, [a, target], _VerbBridgeIds(a, target))
    except BridgeRefused:
        return None


async def _bridge(interp: Interpreter, verb: v.Bridge, base_url: str) -> Next | None:
    a, host = interp.live, interp.host
    a.answer_if_ringing()
    a.set_tag(verb.tag)

    target = _bridge_refusal(a, verb.target_call_id)
    if isinstance(target, tuple):
        if verb.bridge_complete is None:
            return None
        cause, message = target
        failed = BridgeComplete(BridgeFailure(cause, message, a.engine.ids.uuid()))
        return await host.webhooks.fetch_bxml(a, failed, *verb.bridge_complete.endpoints(base_url))
    target.answer_if_ringing()  # an inbound call still ringing is answered by the bridge
    bridge = Bridge(a, target, resource=_bridge_resource(a, target))
    # The target's own BXML is cancelled (§4); it now waits in the bridge.
    target.start_script(functools.partial(_bridge_target, interp, verb, base_url, bridge))
    await bridge.hold(a)
    if verb.bridge_complete is None:
        return None
    return await host.webhooks.fetch_bxml(
        a, BridgeComplete(), *verb.bridge_complete.endpoints(base_url)
    )


async def _bridge_target(
    interp: Interpreter, verb: v.Bridge, base_url: str, bridge: Bridge, target: LiveCall
) -> None:
    """The target's script while bridged: when the other call leaves, bridgeTargetComplete's
    BXML runs on the target, or (without that URL) the target hangs up."""
    await bridge.hold(target)
    if verb.bridge_target_complete is None:
        return
    primary, fallback = verb.bridge_target_complete.endpoints(base_url)
    host = interp.host
    step = await host.webhooks.fetch_bxml(target, BridgeTargetComplete(), primary, fallback)
    await type(interp)(target, host).run(step.document, step.base_url)
