"""Voice v2's typed state on core objects, and its decoders registered for storage."""

from __future__ import annotations

from telephony_emulator.apis.bandwidth_v2.errors import VOICE
from telephony_emulator.bxml.call_state import Diversion, TransferInfo, VoiceCallState
from telephony_emulator.core import surface_state

__all__ = ["Diversion", "TransferInfo", "VoiceCallState"]

surface_state.register(VOICE.name, "call", VoiceCallState.from_data)
