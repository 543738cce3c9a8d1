"""Voice v2 recordings and their transcriptions: the recording verbs' host and the REST rules.

The lifecycle (one background recording per owner, pause/resume/stop, publishing, timing,
transcriptions) is the core :class:`~telephony_emulator.core.recorder.Recorder`'s; this module
words it for Voice v2: it turns the recorder's events into webhooks and serves the REST API.

- A call has at most one background recording (``<StartRecording>``); a second is ignored, and
  pause/resume/stop do nothing without one (reference bandwidth-v2.md §4). ``<Record>`` makes
  its own recordings beside it.
- A recording becomes available when it stops or its call ends: ``recordingAvailable`` goes to
  its URL, then a requested transcription is ready :data:`TRANSCRIPTION_SECONDS` later (virtual
  time) and ``transcriptionAvailable`` follows (§3).
- Every lookup is scoped to the account: another account's ids are "not found".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telephony_emulator.apis.bandwidth_v2.callbacks import SURFACE, VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.ids import VoiceIds
from telephony_emulator.apis.bandwidth_v2.recording_schemas import (
    RecordingsQuery,
    TranscribeRequest,
)
from telephony_emulator.apis.bandwidth_v2.render import (
    iso_duration,
    media_url,
    recording_event_fields,
)
from telephony_emulator.apis.bandwidth_v2.state import (
    StoredEndpoint,
    VoiceRecordingState,
    VoiceTranscriptionState,
    conference_state,
    recording_state,
    transcription_state,
)
from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.call_state import voice_state
from telephony_emulator.core import audio_files
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.calls import Call, CallStatus
from telephony_emulator.core.conferences import Conference, ConferenceStore
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.events import RecordingAvailable, RecordingEvent, TranscriptionReady
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.core.recorder import OwnerKind, Recorder, TranscriptionLimits
from telephony_emulator.core.recordings import (
    Recording,
    RecordingStore,
    Transcription,
    TranscriptionStatus,
    far_end_speech,
)
from telephony_emulator.errors import Conflict, NotFound
from telephony_emulator.iso_time import timestamp, to_millis
from telephony_emulator.webhooks.models import Endpoint
from telephony_emulator.webhooks.target import WebhookTarget

#: How long (virtual seconds) a transcription takes once requested.
TRANSCRIPTION_SECONDS = 5.0
#: Only recordings of 0.5 s to 4 h can be transcribed (reference §2, transcribeCallRecording).
MIN_TRANSCRIBED_SECONDS = 0.5
MAX_TRANSCRIBED_SECONDS = 4 * 3600.0
#: The confidence every simulated transcript reports.
CONFIDENCE = 0.93
LIST_LIMIT = 1000


@dataclass(frozen=True)
class Media:
    """A recording's media, ready to stream."""

    content_type: str
    size: int
    chunks: Iterator[bytes]


class VoiceRecordings:
    """Recordings of Voice v2 calls and conferences: the recorder's Voice v2 adapter."""

    def __init__(
        self,
        store: RecordingStore,
        conferences: ConferenceStore,
        engine: CallEngine,
        callbacks: VoiceCallbacks,
    ) -> None:
        self.store = store
        self.conferences = conferences  # conference recordings' events name their conference
        self.engine = engine
        self.ids = VoiceIds(engine.ids)
        self.callbacks = callbacks
        self.recorder = Recorder(
            store,
            engine.clock,
            engine.scheduler,
            self.ids,
            SURFACE,
            transcription=TranscriptionLimits(
                TRANSCRIPTION_SECONDS, MIN_TRANSCRIBED_SECONDS, MAX_TRANSCRIBED_SECONDS
            ),
            listener=self._on_event,
            events=engine.events,
        )

    # -- lifecycle ------------------------------------------------------------------------

    async def load(self) -> None:
        """Recordings running when the server stopped end at once (their calls ended too);
        transcriptions in progress start over."""
        await self.recorder.load()

    def clear(self) -> None:
        self.recorder.clear()

    async def close(self) -> None:
        await self.store.close()

    # -- the verbs' host ------------------------------------------------------------------

    def begin_record(self, live: LiveCall, verb: v.Record, base_url: str) -> Recording:
        call = live.call
        return self.recorder.begin(
            call.id,
            call.account_id,
            file_format=verb.file_format,
            name=verb.recording_name,
            speech=far_end_speech(live.far_end),
            surface_state=_call_state(call, _webhook_state(base_url, verb)),
        )

    def start(self, live: LiveCall, verb: v.StartRecording, base_url: str) -> None:
        call = live.call
        if self.recorder.refusal(call.id) is not None:
            return  # only one can be active; a second <StartRecording> is ignored (§4)
        self.recorder.start(
            call.id,
            call.account_id,
            file_format=verb.file_format,
            channels=2 if verb.multi_channel else 1,
            name=verb.recording_name,
            speech=far_end_speech(live.far_end),
            surface_state=_call_state(call, _webhook_state(base_url, verb)),
        )

    def start_conference(
        self, conference: Conference, verb: v.StartRecording, base_url: str
    ) -> None:
        """``<StartRecording>`` played in a conference: one channel, no transcription, and
        ``conferenceRecordingAvailable`` when it is ready (reference §4)."""
        if self.recorder.refusal(conference.id) is not None:
            return
        state = dataclasses.replace(
            _webhook_state(base_url, verb),
            api_base=conference_state(conference).api_base,
            conference_name=conference.name,
            tag=verb.tag if verb.tag is not None else conference.tag,
            transcribe=False,
            callback_timeout=conference_state(conference).callback_timeout,
        )
        self.recorder.start(
            conference.id,
            conference.account_id,
            owner=OwnerKind.CONFERENCE,
            file_format=verb.file_format,
            name=verb.recording_name,
            surface_state=state,
        )

    def pause(self, live: LiveCall) -> None:
        self.recorder.pause(live.call.id)

    def resume(self, live: LiveCall) -> None:
        self.recorder.resume(live.call.id)

    def stop(self, live: LiveCall) -> None:
        self.recorder.stop(live.call.id)

    def pause_owner(self, owner_id: str) -> None:
        """Pause the active recording of a call or conference, if it has one."""
        self.recorder.pause(owner_id)

    def resume_owner(self, owner_id: str) -> None:
        self.recorder.resume(owner_id)

    def stop_owner(self, owner_id: str) -> None:
        """The active recording of a call or conference stops and becomes available."""
        self.recorder.stop(owner_id)

    def finish(self, recording: Recording) -> None:
        self.recorder.finish(recording)

    def call_ended(self, call: Call) -> None:
        """The call's recordings stop; those not yet available become so (after disconnect)."""
        self.recorder.finish_owner(call.id)

    def publish(self, recording: Recording) -> None:
        """Make a stopped recording available (once): ``recordingAvailable``, transcription."""
        self.recorder.publish(recording)

    # -- the recorder's events as Voice v2 webhooks ---------------------------------------

    def _on_event(self, event: RecordingEvent) -> None:
        if isinstance(event, RecordingAvailable):
            self._available(event.recording)
        elif isinstance(event, TranscriptionReady):
            self._transcribed(event.recording, event.transcription)

    def _available(self, recording: Recording) -> None:
        state = recording_state(recording)
        if recording.conference_id is not None:
            self._conference_available(recording)
            return
        call = self.engine.registry.get(recording.call_id or "")
        if call is not None and state.recording_available is not None:
            fields = recording_event_fields(recording, self.engine.clock)
            fields["status"] = "complete"
            primary = state.recording_available.endpoint()
            self._send(call, "recordingAvailable", fields, primary, None)
        if state.transcribe:
            self.recorder.transcribe(recording, _transcription_state(state))

    def _conference_available(self, recording: Recording) -> None:
        state = recording_state(recording)
        conference = self.conferences.get(recording.conference_id or "")
        if conference is None or state.recording_available is None:
            return
        fields = recording_event_fields(recording, self.engine.clock)
        fields.update(
            accountId=recording.account_id,
            startTime=timestamp(recording.started_at),
            status="complete",
        )
        primary = state.recording_available.endpoint()
        self.callbacks.send(
            self.callbacks.conference_request(
                conference, "conferenceRecordingAvailable", fields, primary, tag=state.tag
            )
        )

    def complete_fields(self, recording: Recording) -> dict[str, Any]:
        return recording_event_fields(recording, self.engine.clock)

    def _send(
        self,
        call: Call,
        event_type: str,
        fields: dict[str, Any],
        primary: Endpoint,
        tag: str | None,
        timeout: float | None = None,
    ) -> None:
        request = self.callbacks.request(call, event_type, fields, primary)
        payload = dict(request.payload)
        payload.pop("answerTime", None)  # recordingAvailable/transcriptionAvailable lack it
        if tag is not None:
            payload["tag"] = tag
        changes: dict[str, Any] = {"payload": payload}
        if timeout is not None:
            changes["timeout"] = timeout
        self.callbacks.send(dataclasses.replace(request, **changes))

    # -- transcriptions -------------------------------------------------------------------

    def _transcribed(self, recording: Recording, transcription: Transcription) -> None:
        state = transcription_state(transcription)
        call = self.engine.registry.get(recording.call_id or "")
        if call is None or state.transcription_available is None:
            return
        fields = recording_event_fields(recording, self.engine.clock)
        del fields["channels"]  # not in the transcriptionAvailable event (spec)
        fields["transcription"] = self._event_transcription(recording, transcription)
        primary = state.transcription_available.endpoint()
        self._send(call, "transcriptionAvailable", fields, primary, state.tag, state.timeout)

    def _event_transcription(
        self, recording: Recording, transcription: Transcription
    ) -> dict[str, Any]:
        # The docs show the metadata shape {id, url, status, completedTime}, the spec the
        # transcript shape {text, confidence}; the event carries both (reference §3, note 2).
        body = transcription_metadata(recording, transcription)
        first = transcripts(recording)[0]
        body.update(text=first["text"], confidence=first["confidence"])
        return body

    # -- REST -----------------------------------------------------------------------------

    def list_account(self, account: Account, query: RecordingsQuery) -> list[dict[str, Any]]:
        now = self.engine.clock.time()
        found = []
        for recording in self.store.of_account(account.id):
            if (
                recording.surface == SURFACE
                and recording.call_id is not None
                and _matches(recording, query)
            ):
                found.append(recording_metadata(recording, now))
                if len(found) == LIST_LIMIT:
                    break
        return found

    def list_call(self, account: Account, call_id: str) -> list[dict[str, Any]]:
        now = self.engine.clock.time()
        return [
            recording_metadata(recording, now)
            for recording in self.store.of_owner(call_id)
            if recording.account_id == account.id and recording.surface == SURFACE
        ]

    def get(self, account: Account, call_id: str, recording_id: str) -> Recording:
        recording = self.store.get(recording_id)
        if recording is None or recording.call_id != call_id:
            raise NotFound(f"Recording [{recording_id}] not found")
        return self._of_account(account, recording)

    def get_of_conference(
        self, account: Account, conference_id: str, recording_id: str
    ) -> Recording:
        recording = self.store.get(recording_id)
        if recording is None or recording.conference_id != conference_id:
            raise NotFound(f"Recording [{recording_id}] not found")
        return self._of_account(account, recording)

    @staticmethod
    def _of_account(account: Account, recording: Recording) -> Recording:
        if recording.account_id != account.id or recording.surface != SURFACE:
            raise NotFound(f"Recording [{recording.id}] not found")
        return recording

    def list_conference(self, account: Account, conference_id: str) -> list[dict[str, Any]]:
        now = self.engine.clock.time()
        return [
            conference_recording_metadata(recording, now)
            for recording in self.store.of_owner(conference_id)
            if recording.account_id == account.id and recording.surface == SURFACE
        ]

    def conference_metadata(
        self, account: Account, conference_id: str, recording_id: str
    ) -> dict[str, Any]:
        recording = self.get_of_conference(account, conference_id, recording_id)
        return conference_recording_metadata(recording, self.engine.clock.time())

    def metadata(self, account: Account, call_id: str, recording_id: str) -> dict[str, Any]:
        recording = self.get(account, call_id, recording_id)
        return recording_metadata(recording, self.engine.clock.time())

    def media(self, account: Account, call_id: str, recording_id: str) -> Media:
        return recording_media(self.get(account, call_id, recording_id))

    def conference_media(self, account: Account, conference_id: str, recording_id: str) -> Media:
        return recording_media(self.get_of_conference(account, conference_id, recording_id))

    def delete(self, account: Account, call_id: str, recording_id: str) -> None:
        """Metadata, media and transcription all go (§2, deleteRecording)."""
        recording = self.get(account, call_id, recording_id)
        if not recording.stopped:
            raise Conflict(f"Recording [{recording_id}] is in progress and cannot be deleted")
        recording.removed = True
        self.store.changed(recording)

    def delete_media(self, account: Account, call_id: str, recording_id: str) -> None:
        recording = self.get(account, call_id, recording_id)
        if not recording.stopped:
            raise Conflict(f"Recording [{recording_id}] is in progress and cannot be deleted")
        recording.media_deleted = True
        self.store.changed(recording)

    def transcribe(
        self, account: Account, call_id: str, recording_id: str, body: TranscribeRequest
    ) -> None:
        recording = self.get(account, call_id, recording_id)
        if not recording.available or recording.media_deleted:
            raise NotFound(f"Media for recording [{recording_id}] not found")
        target = None
        if body.callback_url:
            target = StoredEndpoint(
                body.callback_url, body.callback_method, body.username, body.password
            )
        state = VoiceTranscriptionState(target, tag=body.tag, timeout=body.callback_timeout)
        self.recorder.transcribe(recording, state)

    def transcription(self, account: Account, call_id: str, recording_id: str) -> dict[str, Any]:
        recording = self.get(account, call_id, recording_id)
        transcription = recording.transcription
        if transcription is None or transcription.status is not TranscriptionStatus.AVAILABLE:
            raise NotFound(f"Transcription for recording [{recording_id}] not found")
        found = transcripts(recording)
        speech = recording.speech
        end = min(speech.seconds, recording.recorded)
        clip = {**found[0], "startTimeSeconds": 0.0, "endTimeSeconds": round(end, 3)}
        return {"transcripts": found, "clips": [clip]}

    def delete_transcription(self, account: Account, call_id: str, recording_id: str) -> None:
        recording = self.get(account, call_id, recording_id)
        if recording.transcription is None:
            raise NotFound(f"Transcription for recording [{recording_id}] not found")
        recording.transcription = None
        self.store.changed(recording)

    def update_state(self, call: Call, state: str) -> None:
        """updateCallRecordingState: pause or resume the call's ``<StartRecording>``."""
        live = self.engine.live.get(call.id)
        if call.status is not CallStatus.ANSWERED or live is None or live.ended:
            raise Conflict(f"Call [{call.id}] cannot be modified in its current state")
        if self.recorder.active(call.id) is None:
            raise Conflict(f"Call [{call.id}] has no recording in progress")
        if state == "paused":
            self.pause(live)
        else:
            self.resume(live)


# -- rendering ----------------------------------------------------------------------------


def recording_media(recording: Recording) -> Media:
    """The recording's audio, generated at its recorded length (404 until it is available)."""
    if not recording.available or recording.media_deleted:
        raise NotFound(f"Media for recording [{recording.id}] not found")
    seconds, channels = recording.recorded, recording.channels
    if recording.file_format == "mp3":
        return Media(
            audio_files.MP3_CONTENT_TYPE,
            audio_files.mp3_size(seconds),
            audio_files.mp3_chunks(seconds, channels),
        )
    return Media(
        audio_files.WAV_CONTENT_TYPE,
        audio_files.wav_size(seconds, channels),
        audio_files.wav_chunks(seconds, channels),
    )


def _recording_url(recording: Recording) -> str:
    return media_url(recording).removesuffix("/media")


def recording_status(recording: Recording) -> str:
    if recording.media_deleted:
        return "deleted"
    return "complete" if recording.available else "processing"


def transcription_metadata(recording: Recording, transcription: Transcription) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": transcription.id,
        "status": transcription.status.value,
        "url": _recording_url(recording) + "/transcription",
    }
    if transcription.completed_at is not None:
        body["completedTime"] = timestamp(transcription.completed_at)
    return body


def transcripts(recording: Recording) -> list[dict[str, Any]]:
    """What the transcription says: the far end's words, then (multi-channel) the audio
    played into the call, which the emulator does not transcribe (an empty text)."""
    found = [{"speaker": 0, "text": recording.speech.text, "confidence": CONFIDENCE}]
    if recording.channels == 2:
        found.append({"speaker": 1, "text": "", "confidence": CONFIDENCE})
    return found


def recording_metadata(recording: Recording, now: float) -> dict[str, Any]:
    """callRecordingMetadata; absent optional values are left out, nullable ones are null."""
    state = recording_state(recording)
    available = recording.available and not recording.media_deleted
    body: dict[str, Any] = {
        "applicationId": state.application_id,
        "accountId": recording.account_id,
        "callId": recording.call_id,
    }
    if state.parent_call_id:
        body["parentCallId"] = state.parent_call_id
    body.update(
        {
            "recordingId": recording.id,
            "to": state.to,
            "from": state.from_,
            "duration": iso_duration(recording.duration(now)),
            "direction": state.direction,
            "channels": recording.channels,
            "startTime": timestamp(recording.started_at),
        }
    )
    if recording.ended_at is not None:
        body["endTime"] = timestamp(recording.ended_at)
    body.update(
        {
            "fileFormat": recording.file_format,
            "status": recording_status(recording),
            "mediaUrl": media_url(recording) if available else None,
            "transcription": None
            if recording.transcription is None
            else transcription_metadata(recording, recording.transcription),
        }
    )
    if recording.name:
        body["recordingName"] = recording.name
    return body


#: conferenceRecordingMetadata's fields that a call recording's metadata has too (spec).
_CONFERENCE_RECORDING_KEYS = (
    "recordingId",
    "duration",
    "channels",
    "startTime",
    "endTime",
    "fileFormat",
    "status",
    "mediaUrl",
    "recordingName",
)


def conference_recording_metadata(recording: Recording, now: float) -> dict[str, Any]:
    """conferenceRecordingMetadata: the conference's id and name, then the recording's own."""
    full = recording_metadata(recording, now)
    body: dict[str, Any] = {
        "accountId": recording.account_id,
        "conferenceId": recording.conference_id,
        "name": recording_state(recording).conference_name,
    }
    body.update((key, full[key]) for key in _CONFERENCE_RECORDING_KEYS if key in full)
    return body


# -- helpers ------------------------------------------------------------------------------


def _webhook_state(base_url: str, verb: v.RecordingSettings) -> VoiceRecordingState:
    """The verb's recordingAvailable and transcriptionAvailable targets, resolved."""
    return VoiceRecordingState(
        recording_available=_resolved(verb.recording_available, base_url),
        transcription_available=_resolved(verb.transcription_available, base_url),
        transcribe=verb.transcribe,
    )


def _resolved(target: WebhookTarget | None, base_url: str) -> StoredEndpoint | None:
    return None if target is None else StoredEndpoint.of(target.primary(base_url))


def _call_state(call: Call, state: VoiceRecordingState) -> VoiceRecordingState:
    """The call's details a recording's metadata and events repeat."""
    return dataclasses.replace(
        state,
        api_base=voice_state(call).api_base,
        application_id=call.application_id,
        to=call.to,
        from_=call.from_,
        direction=call.direction.value,
        parent_call_id=call.parent_id,
    )


def _transcription_state(state: VoiceRecordingState) -> VoiceTranscriptionState:
    return VoiceTranscriptionState(state.transcription_available)


def _matches(recording: Recording, query: RecordingsQuery) -> bool:
    state = recording_state(recording)
    if query.to is not None and state.to != query.to:
        return False
    if query.from_ is not None and state.from_ != query.from_:
        return False
    started: datetime = to_millis(recording.started_at)
    if query.min_start_time is not None and started < query.min_start_time:
        return False
    return query.max_start_time is None or started <= query.max_start_time
