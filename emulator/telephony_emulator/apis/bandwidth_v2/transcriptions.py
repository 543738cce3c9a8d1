"""Voice v2 media streams and real-time transcriptions: the media verbs' host and the REST rules.

- At most 4 concurrent tracks per call for streams, and 4 for transcriptions (``both`` counts
  as 2); an active one with the same name is a duplicate. Either refusal is a ``...Rejected``
  event (reference bandwidth-v2.md §3 notes 3-4, §4).
- Events go only to the verb's event URL. A stream or transcription stops with its verb or
  when the call ends (cause ``closed``); a transcription is then ready to download
  :data:`PROCESSING_SECONDS` later (virtual time): ``realTimeTranscriptionAvailable``.
- The inbound track says the far end's scenario ``transcript``; the emulator does not
  transcribe what is played into the call (an empty outbound transcript).
- Kept in memory only: lost when the server restarts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telephony_emulator.apis.bandwidth_v2.callbacks import VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.ids import VoiceIds
from telephony_emulator.apis.bandwidth_v2.render import call_url, iso_duration
from telephony_emulator.bxml import verbs as v
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.calls import Call
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.core.recordings import far_end_speech
from telephony_emulator.errors import NotFound
from telephony_emulator.iso_time import timestamp
from telephony_emulator.webhooks.models import Endpoint

#: Concurrent tracks per call (reference §4); ``both`` counts as 2.
TRACK_LIMIT = 4
#: How long (virtual seconds) a stopped transcription takes to become available.
PROCESSING_SECONDS = 5.0
CONFIDENCE = 0.93
LANGUAGE = "en-US"


@dataclass(eq=False)
class _Media:
    """One media stream or real-time transcription of a call."""

    id: str
    name: str
    tracks: tuple[str, ...]
    started_at: datetime
    started: float
    event: Endpoint | None
    #: The verb's fields that its events repeat (destination, stabilized).
    extra: dict[str, Any] = field(default_factory=dict)
    stopped: float | None = None
    transcript: str = ""
    available: bool = False
    removed: bool = False
    is_stream: bool = False  # a media stream, else a real-time transcription


def _tracks(tracks: str) -> tuple[str, ...]:
    return ("inbound", "outbound") if tracks == "both" else (tracks,)


class VoiceStreams:
    """Media streams and real-time transcriptions of Voice v2 calls."""

    def __init__(self, engine: CallEngine, callbacks: VoiceCallbacks) -> None:
        self.engine = engine
        self.ids = VoiceIds(engine.ids)
        self.callbacks = callbacks
        self._streams: dict[str, list[_Media]] = {}
        self._transcriptions: dict[str, list[_Media]] = {}

    def clear(self) -> None:
        self._streams.clear()
        self._transcriptions.clear()

    # -- the verbs' host ------------------------------------------------------------------

    def start_stream(self, live: LiveCall, verb: v.StartStream, base_url: str) -> None:
        stream = self._new(live, "s", verb.name, verb.tracks, base_url, verb)
        stream.extra = {"destination": verb.destination}
        streams = self._streams.setdefault(live.call.id, [])
        self._begin(live.call, streams, stream, "mediaStream", "originalMediaStream")

    def _begin(
        self, call: Call, running: list[_Media], media: _Media, kind: str, original_key: str
    ) -> None:
        """Start ``media`` beside the ``running`` ones (``kind``Started), or refuse it
        (``kind``Rejected, naming the original a duplicate clashes with)."""
        refusal = _refusal(running, media)
        if refusal is None:
            running.append(media)
            self._event(call, f"{kind}Started", media, {})
            return
        cause, message, original = refusal
        fields: dict[str, Any] = {"cause": cause, "errorMessage": message}
        if original is not None:
            fields[original_key] = _body(original)
        self._event(call, f"{kind}Rejected", media, fields)

    def stop_stream(self, live: LiveCall, name: str) -> None:
        for stream in self._active(self._streams, live.call.id):
            if stream.name == name:
                self._stop_stream(live.call, stream)

    def _stop_stream(self, call: Call, stream: _Media) -> None:
        stream.stopped = self.engine.clock.time()
        self._event(call, "mediaStreamStopped", stream, {"cause": "closed"})

    def start_transcription(
        self, live: LiveCall, verb: v.StartTranscription, base_url: str
    ) -> None:
        transcription = self._new(live, "t", verb.name, verb.tracks, base_url, verb)
        if verb.destination is not None:
            # stabilized only means something with a destination (reference §4)
            transcription.extra = {
                "destination": verb.destination,
                "stabilized": verb.stabilized,
            }
        transcription.transcript = far_end_speech(live.far_end).text
        found = self._transcriptions.setdefault(live.call.id, [])
        self._begin(
            live.call, found, transcription, "realTimeTranscription", "originalTranscription"
        )

    def stop_transcription(self, live: LiveCall, name: str | None) -> None:
        for transcription in self._active(self._transcriptions, live.call.id):
            if name is None or transcription.name == name:
                self._stop_transcription(live.call, transcription)

    def _stop_transcription(self, call: Call, transcription: _Media) -> None:
        transcription.stopped = self.engine.clock.time()
        fields = {
            "duration": iso_duration(transcription.stopped - transcription.started),
            "cause": "closed",
        }
        self._event(call, "realTimeTranscriptionStopped", transcription, fields)
        self.engine.scheduler.call_later(
            PROCESSING_SECONDS, lambda: self._available(call, transcription)
        )

    def _available(self, call: Call, transcription: _Media) -> None:
        if transcription.removed:
            return
        transcription.available = True
        fields = {
            "status": "available",
            "url": _transcription_url(call, transcription),
            "completedTime": timestamp(self.engine.clock.now()),
        }
        self._event(call, "realTimeTranscriptionAvailable", transcription, fields)

    def call_ended(self, call: Call) -> None:
        """Everything still running stops with the call (after its disconnect)."""
        for stream in self._active(self._streams, call.id):
            self._stop_stream(call, stream)
        for transcription in self._active(self._transcriptions, call.id):
            self._stop_transcription(call, transcription)

    def _new(
        self,
        live: LiveCall,
        prefix: str,
        name: str | None,
        tracks: str,
        base_url: str,
        verb: v.StartStream | v.StartTranscription,
    ) -> _Media:
        target = verb.stream_event if isinstance(verb, v.StartStream) else verb.transcription_event
        event = None if target is None else target.primary(base_url)
        media_id = self.ids.media_id(prefix)
        clock = self.engine.clock
        return _Media(
            id=media_id,
            name=name or media_id,  # the name defaults to the id (reference §4)
            tracks=_tracks(tracks),
            started_at=clock.now(),
            started=clock.time(),
            event=event,
            is_stream=isinstance(verb, v.StartStream),
        )

    @staticmethod
    def _active(by_call: dict[str, list[_Media]], call_id: str) -> list[_Media]:
        return [media for media in by_call.get(call_id, []) if media.stopped is None]

    def _event(self, call: Call, event_type: str, media: _Media, fields: dict[str, Any]) -> None:
        if media.event is None:
            return
        key = "mediaStream" if media.is_stream else "realTimeTranscription"
        body = {key: _body(media)}
        request = self.callbacks.request(call, event_type, {**body, **fields}, media.event)
        self.callbacks.send(request)

    # -- REST -----------------------------------------------------------------------------

    def _ready(self, call: Call) -> list[_Media]:
        return [
            transcription
            for transcription in self._transcriptions.get(call.id, [])
            if transcription.available and not transcription.removed
        ]

    def list_call(self, call: Call) -> list[dict[str, Any]]:
        return [
            {
                "transcriptionId": transcription.id,
                "transcriptionName": transcription.name,
                "transcriptionUrl": _transcription_url(call, transcription),
            }
            for transcription in self._ready(call)
        ]

    def _find(self, call: Call, transcription_id: str) -> _Media:
        for transcription in self._ready(call):
            if transcription.id == transcription_id:
                return transcription
        raise NotFound(f"Transcription [{transcription_id}] not found")

    def get(self, account: Account, call: Call, transcription_id: str) -> dict[str, Any]:
        transcription = self._find(call, transcription_id)
        return {
            "accountId": account.id,
            "callId": call.id,
            "transcriptionId": transcription.id,
            "tracks": [
                {
                    "detectedLanguage": LANGUAGE,
                    "track": track,
                    "transcript": transcription.transcript if track == "inbound" else "",
                    "confidence": CONFIDENCE,
                }
                for track in transcription.tracks
            ],
        }

    def delete(self, call: Call, transcription_id: str) -> None:
        self._find(call, transcription_id).removed = True


# -- rendering and rules ------------------------------------------------------------------


def _refusal(running: list[_Media], new: _Media) -> tuple[str, str, _Media | None] | None:
    """Why ``new`` cannot start beside the active ones: (cause, message, original) or None."""
    active = [media for media in running if media.stopped is None]
    for media in active:
        if media.name == new.name:
            return "duplicate", f"The name [{new.name}] is already in use on this call", media
    if sum(len(media.tracks) for media in active) + len(new.tracks) > TRACK_LIMIT:
        return "track-limit", f"At most {TRACK_LIMIT} tracks can run at once on a call", None
    return None


def _common(media: _Media) -> dict[str, Any]:
    return {
        "id": media.id,
        "name": media.name,
        "startTime": timestamp(media.started_at),
        "tracks": list(media.tracks),
    }


def _stream_body(stream: _Media) -> dict[str, Any]:
    body = _common(stream)
    body.update(destination=stream.extra["destination"], type="WebSocket")
    if stream.stopped is not None:
        body["duration"] = iso_duration(stream.stopped - stream.started)
    return body


def _transcription_body(transcription: _Media) -> dict[str, Any]:
    body = _common(transcription)
    body.update(transcription.extra)
    return body


def _body(media: _Media) -> dict[str, Any]:
    return _stream_body(media) if media.is_stream else _transcription_body(media)


def _transcription_url(call: Call, transcription: _Media) -> str:
    return f"{call_url(call)}/transcriptions/{transcription.id}"
