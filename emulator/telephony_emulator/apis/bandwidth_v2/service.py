"""The Voice v2 services a surface setup wires: calls, callbacks, recordings, conferences."""

from __future__ import annotations

import functools

from telephony_emulator.apis.bandwidth_v2.bxml_host import VoiceBxmlHost
from telephony_emulator.apis.bandwidth_v2.callbacks import VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
from telephony_emulator.apis.bandwidth_v2.transcriptions import VoiceStreams
from telephony_emulator.apis.bandwidth_v2.voice import VoiceService, call_limit_refusal
from telephony_emulator.core.conferences import ConferenceStore
from telephony_emulator.core.recordings import RecordingStore
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core
from telephony_emulator.storage import repository

__all__ = ["VoiceConferences", "VoiceRecordings", "VoiceService", "build_voice"]


def build_voice(core: Core) -> tuple[VoiceService, VoiceRecordings, VoiceConferences]:
    """The Voice v2 services on ``core``, each given what it uses when it is built."""
    callbacks = VoiceCallbacks(core.dispatcher, core.scheduler, core.settings.audio_seconds)
    conference_store = ConferenceStore(repository.conferences(core.database))
    recording_store = RecordingStore(repository.recordings(core.database))
    recordings = VoiceRecordings(recording_store, conference_store, core.engine, callbacks)
    streams = VoiceStreams(core.engine, callbacks)
    conferences = VoiceConferences(conference_store, core.engine, callbacks, recordings)
    limit_refusal = functools.partial(call_limit_refusal, core.state, core.engine)
    host = VoiceBxmlHost(callbacks, recordings, streams, conferences, limit_refusal)
    voice = VoiceService(core.state, core.engine, callbacks, host)
    lifecycle = core.lifecycle
    lifecycle.register("voice streams", Durability.MEMORY_ONLY, clear=streams.clear)
    lifecycle.register_store("recordings", recording_store.repository.durability, recordings)
    lifecycle.register_store("conferences", conference_store.repository.durability, conferences)
    return voice, recordings, conferences
