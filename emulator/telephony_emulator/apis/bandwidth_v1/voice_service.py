"""Catapult's voice services wired on the core: calls, audio, gathers, bridges, conferences,
recordings and their callbacks."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v1.bridges import CatapultBridges
from telephony_emulator.apis.bandwidth_v1.call_audio import CallAudio
from telephony_emulator.apis.bandwidth_v1.callbacks import CatapultCallbacks, Charges, ErrorSink
from telephony_emulator.apis.bandwidth_v1.conferences import CatapultConferences
from telephony_emulator.apis.bandwidth_v1.gathers import CatapultGathers
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.recordings import CatapultRecordings
from telephony_emulator.apis.bandwidth_v1.voice import CatapultVoice
from telephony_emulator.core.repositories import Durability
from telephony_emulator.core_services import Core


def build_catapult_voice(core: Core, charges: Charges, errors: ErrorSink) -> CatapultVoice:
    """The voice services; their stores beside the calls are memory only (README
    "Durability"): the calls themselves are the engine's, stored with every other call."""
    engine = core.engine
    ids = CatapultIds(core.ids)
    callbacks = CatapultCallbacks(core.dispatcher, core.clock, core.ids, errors)
    audio = CallAudio(core.settings.audio_seconds)
    gathers = CatapultGathers(callbacks, audio, core.clock, core.ids)
    recordings = CatapultRecordings(engine, callbacks, ids, charges)
    bridges = CatapultBridges(engine, audio, ids)
    conferences = CatapultConferences(engine, callbacks, audio, ids)
    voice = CatapultVoice(
        core.state, engine, callbacks, audio, gathers, recordings, bridges, conferences, charges
    )

    def clear() -> None:
        for part in (callbacks, audio, gathers, recordings, bridges, conferences):
            part.clear()

    core.lifecycle.register("catapult voice", Durability.MEMORY_ONLY, clear=clear)
    return voice
