"""Runs BXML documents on one live call, verb by verb, on the virtual clock.

Rules (reference bandwidth-v2.md §4): verbs run in order; a document that runs out ends the
call (an unanswered inbound call is then rejected); ``<Redirect>``, ``<Hangup>`` and
``<Gather gatherUrl>`` end the document; relative URLs resolve against the URL the document
came from. ``<Refer>`` and ``<Connect>`` are not emulated: they end the call with
``application-error`` saying so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from telephony_emulator.bxml import conference, recording, streams, two_party
from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.conference import ConferenceHost
from telephony_emulator.bxml.media_length import UnsupportedAudio, media_seconds
from telephony_emulator.bxml.requests import BxmlRequest, Dtmf, GatherComplete, Notice, Redirect
from telephony_emulator.bxml.streams import StreamHost
from telephony_emulator.bxml.verb_handler import VerbHandler
from telephony_emulator.core import media
from telephony_emulator.core.calls import CallDirection
from telephony_emulator.core.events import StepStarted
from telephony_emulator.core.gather import GatherResult, GatherSpec, Prompt, collect_digits
from telephony_emulator.core.live_call import CallFailed, LiveCall
from telephony_emulator.core.loop_guard import LOOP_CAUSE
from telephony_emulator.webhooks.models import Endpoint

#: The digit-bus key of the listener <StartGather> installs and <StopGather> removes.
START_GATHER = "bxml:startGather"


@dataclass(frozen=True)
class Next:
    """Continue with this document, whose relative URLs resolve against ``base_url``."""

    document: v.Document
    base_url: str


class BxmlWebhooks(Protocol):
    """How the surface reports what a document did (bxml/requests.py) to the application."""

    async def fetch_bxml(
        self, live: LiveCall, request: BxmlRequest, primary: Endpoint, fallback: Endpoint | None
    ) -> Next:
        """Send the webhook reporting ``request``; its reply is the next document. Raise
        CallFailed when it cannot be delivered or is not BXML."""
        ...

    def notify(
        self,
        live: LiveCall,
        notice: Notice,
        primary: Endpoint,
        fallback: Endpoint | None = None,
    ) -> asyncio.Future[Any]:
        """Send the webhook reporting ``notice``; the future completes once it was delivered."""
        ...


class BxmlHost(Protocol):
    """What the interpreter needs from the surface: webhooks, media lengths, the services of
    the recording, stream and conference verbs."""

    @property
    def webhooks(self) -> BxmlWebhooks: ...

    def audio_seconds(self, url: str) -> float: ...

    def call_limit_refusal(self, account_id: str) -> str | None:
        """Why the account may not place one more call now (its concurrent-call limit), or
        None when it may."""
        ...

    @property
    def recordings(self) -> recording.RecordingHost:
        """Keeps the call's recordings and sends their webhooks (bxml/recording.py)."""
        ...

    @property
    def streams(self) -> StreamHost:
        """Keeps the call's media streams and real-time transcriptions (bxml/streams.py)."""
        ...

    @property
    def conferences(self) -> ConferenceHost:
        """Keeps the conferences calls join (bxml/conference.py)."""
        ...


_Result = Next | None


class _Stop(Exception):
    """The document ended the call (``<Hangup>``)."""


class Interpreter:
    """Executes documents on ``live`` until one runs out or ends the call."""

    def __init__(self, live: LiveCall, host: BxmlHost) -> None:
        self.live = live
        self.host = host
        self._handlers: dict[type[v.Verb], VerbHandler] = {
            v.SpeakSentence: self._speak,
            v.PlayAudio: self._play_audio,
            v.Pause: self._pause,
            v.Ring: self._ring,
            v.SendDtmf: self._send_dtmf,
            v.Tag: self._tag,
            v.Hangup: self._hangup,
            v.Redirect: self._redirect,
            v.Gather: self._gather,
            v.StartGather: self._start_gather,
            v.StopGather: self._stop_gather,
        }
        self._handlers.update(two_party.handlers(self))
        self._handlers.update(recording.handlers(self))
        self._handlers.update(streams.handlers(self))
        self._handlers.update(conference.handlers(self))
        #: Refuses a whole document in a restricted context (e.g. a transferAnswer reply).
        self.check_document: Callable[[v.Document], str | None] | None = None

    async def run(self, document: v.Document, base_url: str) -> None:
        step: Next | None = Next(document, base_url)
        try:
            while step is not None:
                loop = self.live.loop_guard.step("BXML documents")
                if loop is not None:
                    raise CallFailed(LOOP_CAUSE, loop)
                step = await self._run_document(step)
        except _Stop:
            return
        finally:
            # The table's bound methods and closures hold this interpreter in a cycle that
            # only a full collection would free; nothing runs a verb on it after this.
            self._handlers.clear()
        if not self.live.answered and self.live.call.direction is CallDirection.INBOUND:
            self.live.end("rejected")  # an empty or exhausted document rejects the call

    async def _run_document(self, step: Next) -> Next | None:
        refusal = self.check_document(step.document) if self.check_document else None
        if refusal is not None:
            raise CallFailed("invalid-bxml", refusal)
        for verb in step.document.verbs:
            handler = self._handlers.get(type(verb))
            if handler is None:
                raise CallFailed(
                    "application-error",
                    f"<{verb.xml_name}> is not emulated yet by telephony-emulator",
                )
            events, call_id = self.live.engine.events, self.live.call.id
            if events.listening(call_id):  # what the dashboard shows the call doing
                events.emit(StepStarted(call_id, self.live.engine.clock.time(), verb.xml_name))
            following = await handler(verb, step.base_url)
            if following is not None:
                return following
        return None

    # -- helpers --------------------------------------------------------------------------

    # -- verbs ----------------------------------------------------------------------------

    async def _speak(self, verb: v.SpeakSentence, base_url: str) -> _Result:
        self.live.answer_if_ringing()
        await self.live.play(self._media_seconds(verb, base_url), kind="speech")
        return None

    async def _play_audio(self, verb: v.PlayAudio, base_url: str) -> _Result:
        self.live.answer_if_ringing()
        await self.live.play(self._media_seconds(verb, base_url))
        return None

    def _media_seconds(self, verb: v.SpeakSentence | v.PlayAudio, base_url: str) -> float:
        try:
            return media_seconds(verb, base_url, self.host.audio_seconds)
        except UnsupportedAudio as error:
            raise CallFailed("application-error", str(error)) from None

    async def _pause(self, verb: v.Pause, base_url: str) -> _Result:
        self.live.answer_if_ringing()
        await self.live.pause(verb.duration)
        return None

    async def _ring(self, verb: v.Ring, base_url: str) -> _Result:
        if verb.answer_call:
            self.live.answer_if_ringing()
        await self.live.pause(verb.duration)
        return None

    async def _send_dtmf(self, verb: v.SendDtmf, base_url: str) -> _Result:
        self.live.answer_if_ringing()
        await self.live.pause(
            media.dtmf_seconds(verb.digits, verb.tone_duration, verb.tone_interval)
        )
        return None

    async def _tag(self, verb: v.Tag, base_url: str) -> _Result:
        self.live.set_tag(verb.value)
        return None

    async def _hangup(self, verb: v.Hangup, base_url: str) -> _Result:
        # <Hangup> on an inbound call nobody answered rejects it (reference §4).
        self.live.end("hangup" if self.live.answered else "rejected")
        raise _Stop

    async def _redirect(self, verb: v.Redirect, base_url: str) -> _Result:
        self.live.set_tag(verb.tag)
        primary, fallback = verb.redirect.endpoints(base_url)
        return await self.host.webhooks.fetch_bxml(self.live, Redirect(), primary, fallback)

    async def _gather(self, verb: v.Gather, base_url: str) -> _Result:
        self.live.answer_if_ringing()
        self.live.set_tag(verb.tag)
        result = await self._collect(verb, base_url)
        if verb.gather is None:
            return None  # without gatherUrl the digits are discarded and the document goes on
        primary, fallback = verb.gather.endpoints(base_url)
        return await self.host.webhooks.fetch_bxml(
            self.live, GatherComplete(result), primary, fallback
        )

    async def _collect(self, verb: v.Gather, base_url: str) -> GatherResult:
        """Play the verb's prompts and collect digits with the core gather (core/gather.py)."""
        spec = GatherSpec(
            max_digits=verb.max_digits,
            terminating_digits=verb.terminating_digits,
            first_digit_timeout=verb.first_digit_timeout,
            inter_digit_timeout=verb.inter_digit_timeout,
            repeat_count=verb.repeat_count,
        )

        def prompt_seconds() -> Iterator[Prompt]:
            for prompt in verb.prompts:
                kind = "speech" if isinstance(prompt, v.SpeakSentence) else "audio"
                yield Prompt(self._media_seconds(prompt, base_url), kind)

        return await collect_digits(self.live, spec, prompt_seconds=prompt_seconds)

    async def _start_gather(self, verb: v.StartGather, base_url: str) -> _Result:
        self.live.answer_if_ringing()
        self.live.set_tag(verb.tag)
        primary = verb.dtmf.primary(base_url)
        live, webhooks = self.live, self.host.webhooks

        def on_digit(digit: str) -> None:
            # A <Gather> or <Record> collecting a digit keeps it from the dtmf webhook.
            if not live.collecting:
                webhooks.notify(live, Dtmf(digit), primary)

        live.digits.subscribe(on_digit, key=START_GATHER)
        return None

    async def _stop_gather(self, verb: v.StopGather, base_url: str) -> _Result:
        self.live.digits.unsubscribe(START_GATHER)
        return None
