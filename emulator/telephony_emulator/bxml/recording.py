"""The recording verbs: ``<Record>``, ``<StartRecording>``, ``<PauseRecording>``,
``<ResumeRecording>`` and ``<StopRecording>`` (reference bandwidth-v2.md §4).

``<Record>`` records until a terminating digit, ``maxDuration``, or ``silenceTimeout`` seconds
of silence after the far end stops talking (it talks for its scenario's ``speech_seconds``);
the wait itself is the core's (core/record_until.py).
With ``recordCompleteUrl`` it sends ``recordComplete`` (only if the call is still up) and the
reply's BXML runs next; without, the document goes on. The other verbs drive the call's one
background recording; the surface's :class:`RecordingHost` keeps it and sends its webhooks.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.requests import RecordComplete
from telephony_emulator.bxml.verb_handler import VerbHandler
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.core.record_until import RecordUntilSpec, record_until
from telephony_emulator.core.recordings import Recording

if TYPE_CHECKING:
    from telephony_emulator.bxml.interpreter import Interpreter, Next


class RecordingHost(Protocol):
    """What the recording verbs need from the surface."""

    def begin_record(self, live: LiveCall, verb: v.Record, base_url: str) -> Recording:
        """A ``<Record>`` starts recording now."""
        ...

    def start(self, live: LiveCall, verb: v.StartRecording, base_url: str) -> None:
        """``<StartRecording>``: ignored while the call has an active recording."""
        ...

    def pause(self, live: LiveCall) -> None: ...

    def resume(self, live: LiveCall) -> None: ...

    def stop(self, live: LiveCall) -> None:
        """``<StopRecording>``: the active recording stops and becomes available."""
        ...

    def finish(self, recording: Recording) -> None:
        """A ``<Record>`` recording stops (it is published separately)."""
        ...

    def publish(self, recording: Recording) -> None:
        """The recording is available: ``recordingAvailable``, then any transcription."""
        ...


def handlers(interpreter: Interpreter) -> dict[type[v.Verb], VerbHandler]:
    """The recording verbs' handlers, bound to one interpreter."""
    live = interpreter.live

    def host() -> RecordingHost:
        return interpreter.host.recordings

    async def record(verb: v.Record, base_url: str) -> Next | None:
        _answer_and_tag(live, verb.tag)
        recordings = host()
        recording = recordings.begin_record(live, verb, base_url)
        try:
            await _record_until_done(live, verb, recording.speech.seconds)
        except asyncio.CancelledError:
            # Hung up (the call's end publishes it) or redirected (published now).
            if not live.ended:
                recordings.finish(recording)
                recordings.publish(recording)
            raise
        recordings.finish(recording)
        if verb.record_complete is None:
            recordings.publish(recording)
            return None
        primary, fallback = verb.record_complete.endpoints(base_url)
        try:
            return await interpreter.host.webhooks.fetch_bxml(
                live, RecordComplete(recording), primary, fallback
            )
        finally:
            if not live.ended:
                recordings.publish(recording)

    async def start_recording(verb: v.StartRecording, base_url: str) -> Next | None:
        _answer_and_tag(live, verb.tag)
        host().start(live, verb, base_url)
        return None

    async def pause_recording(verb: v.PauseRecording, base_url: str) -> Next | None:
        host().pause(live)
        return None

    async def resume_recording(verb: v.ResumeRecording, base_url: str) -> Next | None:
        host().resume(live)
        return None

    async def stop_recording(verb: v.StopRecording, base_url: str) -> Next | None:
        host().stop(live)
        return None

    return {
        v.Record: record,
        v.StartRecording: start_recording,
        v.PauseRecording: pause_recording,
        v.ResumeRecording: resume_recording,
        v.StopRecording: stop_recording,
    }


def _answer_and_tag(live: LiveCall, tag: str | None) -> None:
    """Recording needs media: an inbound call still ringing is answered (reference §3)."""
    live.answer_if_ringing()
    live.set_tag(tag)


async def _record_until_done(live: LiveCall, verb: v.Record, speech_seconds: float) -> None:
    """Wait until a terminating digit, ``maxDuration`` or the silence timeout ends the Record."""
    spec = RecordUntilSpec(
        max_duration=verb.max_duration,
        terminating_digits=verb.terminating_digits,
        silence_timeout=verb.silence_timeout,
    )
    await record_until(live, spec, speech_seconds)
