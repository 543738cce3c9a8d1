"""Catapult audio commands on a call's media channel: queued, looped, stopped, reported.

Audio sent to a call (or to a bridge, conference or member, which play on their calls) waits
behind the audio sent before it and plays on the call's media channel, so it never disturbs a
gather, a bridge or a conference. A ``sentence`` or ``fileUrl`` of ``""`` stops what plays and
drops what waits (reference §2.6). ``loopEnabled`` audio repeats until it is stopped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from telephony_emulator.apis.bandwidth_v1.voice_schemas import AudioBody
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.core.media import audio_seconds, speech_seconds
from telephony_emulator.core.media_channel import Playback

AudioKind = Literal["speak", "playback"]
#: Told when an item starts (``started``) and when it is over (``done``).
AudioReport = Callable[[AudioKind, Literal["started", "done"], str | None], None]


@dataclass(eq=False)
class _Item:
    kind: AudioKind
    seconds: float
    loop: bool
    tag: str | None
    report: AudioReport
    playback: Playback | None = None


@dataclass(eq=False)
class _CallQueue:
    live: LiveCall
    waiting: deque[_Item] = field(default_factory=deque)
    current: _Item | None = None


def is_stop(audio: AudioBody) -> bool:
    """``""`` as the sentence or file stops the audio (and nothing else was asked for)."""
    return audio.sentence == "" or (audio.file_url == "" and not audio.sentence)


def audio_kind(audio: AudioBody) -> AudioKind | None:
    if audio.sentence:
        return "speak"
    if audio.file_url:
        return "playback"
    return None


class CallAudio:
    """The Catapult audio of every call; ``default_seconds`` is the length of audio files
    whose URL does not say (``#duration=N``)."""

    def __init__(self, default_seconds: float) -> None:
        self._default = default_seconds
        self._queues: dict[str, _CallQueue] = {}

    def clear(self) -> None:
        self._queues.clear()

    def seconds(self, audio: AudioBody) -> float:
        if audio.sentence:
            return speech_seconds(audio.sentence)
        return audio_seconds(audio.file_url or "", self._default)

    def play(self, live: LiveCall, audio: AudioBody, report: AudioReport) -> None:
        """Queue ``audio`` on ``live`` (or stop its audio for a ``""`` sentence or file)."""
        if is_stop(audio):
            self.stop(live)
            return
        kind = audio_kind(audio)
        if kind is None:
            return
        queue = self._queues.setdefault(live.call.id, _CallQueue(live))
        queue.waiting.append(
            _Item(kind, self.seconds(audio), audio.loop_enabled, audio.tag, report)
        )
        if queue.current is None:
            self._next(queue)

    def playing(self, live: LiveCall) -> bool:
        queue = self._queues.get(live.call.id)
        return queue is not None and (queue.current is not None or bool(queue.waiting))

    def stop(self, live: LiveCall) -> None:
        """Stop the call's current audio (it reports ``done``) and drop what waits."""
        queue = self._queues.pop(live.call.id, None)
        if queue is None:
            return
        queue.waiting.clear()
        current, queue.current = queue.current, None
        if current is not None and current.playback is not None:
            live.media.cancel(current.playback)
            current.report(current.kind, "done", current.tag)

    def call_ended(self, live: LiveCall) -> None:
        """The call hung up: its current audio is over (``done``), the rest is dropped."""
        self.stop(live)

    def _next(self, queue: _CallQueue) -> None:
        if not queue.waiting or queue.live.ended:
            queue.current = None
            if self._queues.get(queue.live.call.id) is queue:
                del self._queues[queue.live.call.id]
            return
        item = queue.current = queue.waiting.popleft()
        item.report(item.kind, "started", item.tag)
        self._start(queue, item)

    def _start(self, queue: _CallQueue, item: _Item) -> None:
        playback = item.playback = queue.live.media.play(item.seconds)

        def over(completed: bool) -> None:
            if queue.current is not item:
                return  # stopped: ``stop`` has reported it
            if completed and item.loop and not queue.live.ended:
                self._start(queue, item)
                return
            queue.current = None
            item.report(item.kind, "done", item.tag)
            self._next(queue)

        playback.watch(over)
