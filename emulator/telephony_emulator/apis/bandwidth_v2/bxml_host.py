"""The interpreter's host for Voice v2: webhooks from the callbacks, and the services verbs use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telephony_emulator.apis.bandwidth_v2.callbacks import VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
from telephony_emulator.apis.bandwidth_v2.transcriptions import VoiceStreams


@dataclass(frozen=True)
class VoiceBxmlHost:
    """Everything is given at construction: no attribute is set on anything afterwards."""

    webhooks: VoiceCallbacks
    recordings: VoiceRecordings
    streams: VoiceStreams
    conferences: VoiceConferences
    limit_refusal: Callable[[str], str | None]

    def audio_seconds(self, url: str) -> float:
        return self.webhooks.audio_seconds(url)

    def call_limit_refusal(self, account_id: str) -> str | None:
        return self.limit_refusal(account_id)
