"""The Voice v2 services a surface setup wires: calls, callbacks, recordings, conferences."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v2.callbacks import VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
from telephony_emulator.apis.bandwidth_v2.transcriptions import VoiceStreams
from telephony_emulator.apis.bandwidth_v2.voice import VoiceService
from telephony_emulator.core.conferences import ConferenceStore
from telephony_emulator.core.recordings import RecordingStore
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core
from telephony_emulator.storage import repository

__all__ = ["VoiceConferences", "VoiceRecordings", "VoiceService", "build_voice"]


def build_voice(core: Core) -> tuple[VoiceService, VoiceRecordings, VoiceConferences]:
    """The Voice v2 services on ``core``, with the callbacks pointing back at each of them."""
    callbacks = VoiceCallbacks(core.dispatcher, core.scheduler, core.settings.audio_seconds)
    voice = VoiceService(core.state, core.engine, callbacks)
    callbacks.call_limit_refusal = voice.call_limit_refusal
    conference_store = ConferenceStore(repository.conferences(core.database))
    recording_store = RecordingStore(repository.recordings(core.database))
    recordings = VoiceRecordings(recording_store, conference_store, core.engine, callbacks)
    callbacks.recordings = recordings
    callbacks.streams = VoiceStreams(core.engine, callbacks)
    conferences = VoiceConferences(conference_store, core.engine, callbacks, recordings)
    callbacks.conferences = conferences
    lifecycle = core.lifecycle
    lifecycle.register("voice streams", Durability.MEMORY_ONLY, clear=callbacks.streams.clear)
    lifecycle.register_store("recordings", recording_store.repository.durability, recordings)
    lifecycle.register_store("conferences", conference_store.repository.durability, conferences)
    return voice, recordings, conferences
