"""Catapult gathers: one at a time per call, run by the core's digit collection.

A gather is the call's script while it runs (the call stays up when it ends: REST control),
so a hang-up cancels it; the far end's digits reach it and the always-on ``dtmf`` events alike
(core/digits.py). Catapult has one timeout: ``interDigitTimeout`` also bounds the wait for the
first digit, and silence ends the gather with ``inter-digit-timeout``. A bargeable prompt
(the default) is cut by the first digit, which the gather keeps; a prompt that is not bargeable
plays to its end before digits count.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from telephony_emulator.apis.bandwidth_v1.call_audio import CallAudio
from telephony_emulator.apis.bandwidth_v1.callbacks import CatapultCallbacks, call_uri
from telephony_emulator.apis.bandwidth_v1.voice_schemas import GatherBody
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.gather import GatherEnd, GatherSpec, collect_digits
from telephony_emulator.core.live_call import EndPolicy, LiveCall
from telephony_emulator.errors import Conflict, NotFound
from telephony_emulator.ids import IdFactory

#: The core's reasons as Catapult's (no input is an inter-digit timeout: one timeout, §4).
REASONS = {
    GatherEnd.MAX_DIGITS: "max-digits",
    GatherEnd.TERMINATING_DIGIT: "terminating-digit",
    GatherEnd.INTER_DIGIT_TIMEOUT: "inter-digit-timeout",
    GatherEnd.NO_INPUT: "inter-digit-timeout",
    GatherEnd.HUNG_UP: "hung-up",
}


@dataclass(eq=False)
class Gather:
    id: str
    call_id: str
    created_at: datetime
    body: GatherBody
    state: str = "started"
    reason: str | None = None
    digits: str = ""
    terminating_digit: str = ""
    completed_at: datetime | None = None
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    @property
    def running(self) -> bool:
        return self.state != "completed"


class CatapultGathers:
    """Every gather of every Catapult call, by call."""

    def __init__(
        self,
        callbacks: CatapultCallbacks,
        audio: CallAudio,
        clock: VirtualClock,
        ids: IdFactory,
    ) -> None:
        self._callbacks = callbacks
        self._audio = audio
        self._clock = clock
        self._ids = ids
        self._of_call: dict[str, dict[str, Gather]] = {}

    def clear(self) -> None:
        self._of_call.clear()

    def get(self, call_id: str, gather_id: str) -> Gather:
        gather = self._of_call.get(call_id, {}).get(gather_id)
        if gather is None:
            raise NotFound(f"The gather {gather_id} could not be found", code="resource-not-found")
        return gather

    def start(self, live: LiveCall, body: GatherBody) -> Gather:
        """Start gathering on ``live`` (it is active); 409 while another gather runs."""
        call_id = live.call.id
        gathers = self._of_call.setdefault(call_id, {})
        if any(gather.running for gather in gathers.values()):
            raise Conflict(
                f"DTMF digits are already being gathered for call {call_id}",
                code="call-duplicate-gather-error",
            )
        gather = Gather(self._ids.hex(12), call_id, self._clock.now(), body)
        gathers[gather.id] = gather
        live.start_script(lambda live: self._run(live, gather), EndPolicy.STAY_UP)
        return gather

    def stop(self, live: LiveCall | None, gather: Gather) -> None:
        """``state: completed``: the gather ends now (``cancelled``); the call stays up."""
        if not gather.running:
            return
        if live is not None and not live.ended:
            live.start_script(_idle, EndPolicy.STAY_UP)  # cancels the gather where it waits

    async def _run(self, live: LiveCall, gather: Gather) -> None:
        body = gather.body
        spec = GatherSpec(
            max_digits=body.max_digits,
            terminating_digits=body.terminating_digits,
            first_digit_timeout=body.inter_digit_timeout,
            inter_digit_timeout=body.inter_digit_timeout,
        )
        prompts: list[float] = []
        if body.prompt is not None and (body.prompt.sentence or body.prompt.file_url):
            seconds = self._audio.seconds(body.prompt)
            if body.prompt.bargeable:
                prompts.append(seconds)
            else:
                await live.play(seconds)
        try:
            result = await collect_digits(live, spec, prompt_seconds=prompts)
        except asyncio.CancelledError:
            if gather.running:
                # Stopped by the application, or replaced by a transfer: the call is still up.
                reason = "hung-up" if live.ended else "cancelled"
                self._complete(live, gather, "", "", reason)
            raise
        self._complete(
            live, gather, result.digits, result.terminating_digit, REASONS[result.reason]
        )

    def _complete(
        self, live: LiveCall, gather: Gather, digits: str, terminating: str, reason: str
    ) -> None:
        gather.state = "completed"
        gather.digits = digits
        gather.terminating_digit = terminating
        gather.reason = reason
        gather.completed_at = self._clock.now()
        if not gather.done.done():
            gather.done.set_result(None)
        call = live.call
        fields = {
            "callUri": call_uri(call),
            "gatherId": gather.id,
            "state": "completed",
            "digits": digits,
            "reason": reason,
        }
        if gather.body.tag:
            fields["tag"] = gather.body.tag
        self._callbacks.call_event(call, "gather", fields, base=False, data=digits)


async def _idle(live: LiveCall) -> None:
    """The script of a REST-controlled call between commands: nothing (it stays up)."""
