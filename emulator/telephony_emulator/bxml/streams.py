"""The media verbs ``<StartStream>``, ``<StopStream>``, ``<StartTranscription>`` and
``<StopTranscription>`` (reference bandwidth-v2.md §4); the surface's :class:`StreamHost`
keeps the streams and transcriptions and sends their events. No WebSocket is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.verb_handler import VerbHandler
from telephony_emulator.core.live_call import LiveCall

if TYPE_CHECKING:
    from telephony_emulator.bxml.interpreter import Interpreter, Next


class StreamHost(Protocol):
    """What the media verbs need from the surface."""

    def start_stream(self, live: LiveCall, verb: v.StartStream, base_url: str) -> None:
        """Start a media stream, or reject it (duplicate name, track limit)."""
        ...

    def stop_stream(self, live: LiveCall, name: str) -> None:
        """Stop the active stream of that name; nothing happens without one."""
        ...

    def start_transcription(
        self, live: LiveCall, verb: v.StartTranscription, base_url: str
    ) -> None:
        """Start a real-time transcription, or reject it (duplicate name, track limit)."""
        ...

    def stop_transcription(self, live: LiveCall, name: str | None) -> None:
        """Stop the active transcription of that name, or all of them without a name."""
        ...


def handlers(interpreter: Interpreter) -> dict[type[v.Verb], VerbHandler]:
    """The media verbs' handlers, bound to one interpreter."""
    live = interpreter.live

    def host() -> StreamHost:
        return interpreter.host.streams

    async def start_stream(verb: v.StartStream, base_url: str) -> Next | None:
        live.answer_if_ringing()
        host().start_stream(live, verb, base_url)
        return None

    async def stop_stream(verb: v.StopStream, base_url: str) -> Next | None:
        host().stop_stream(live, verb.name)
        return None

    async def start_transcription(verb: v.StartTranscription, base_url: str) -> Next | None:
        live.answer_if_ringing()
        host().start_transcription(live, verb, base_url)
        return None

    async def stop_transcription(verb: v.StopTranscription, base_url: str) -> Next | None:
        host().stop_transcription(live, verb.name)
        return None

    return {
        v.StartStream: start_stream,
        v.StopStream: stop_stream,
        v.StartTranscription: start_transcription,
        v.StopTranscription: stop_transcription,
    }
