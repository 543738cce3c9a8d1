"""The interpreter's host for Voice v2: webhooks from the callbacks, and the services verbs use."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from telephony_emulator.apis.bandwidth_v2.callbacks import VoiceCallbacks
from telephony_emulator.apis.bandwidth_v2.conferences import VoiceConferences
from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
from telephony_emulator.apis.bandwidth_v2.transcriptions import VoiceStreams
from telephony_emulator.bxml.interpreter import Next
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.webhooks.models import DeliveryOutcome, Endpoint


@dataclass(frozen=True)
class VoiceBxmlHost:
    """Everything is given at construction: no attribute is set on anything afterwards."""

    callbacks: VoiceCallbacks
    recordings: VoiceRecordings
    streams: VoiceStreams
    conferences: VoiceConferences
    limit_refusal: Callable[[str], str | None]

    async def fetch_bxml(
        self,
        live: LiveCall,
        event_type: str,
        fields: Mapping[str, Any],
        primary: Endpoint,
        fallback: Endpoint | None,
    ) -> Next:
        return await self.callbacks.fetch_bxml(live, event_type, fields, primary, fallback)

    def send_event(
        self, live: LiveCall, event_type: str, fields: Mapping[str, Any], primary: Endpoint
    ) -> None:
        self.callbacks.send_event(live, event_type, fields, primary)

    def notify(
        self, live: LiveCall, event_type: str, fields: Mapping[str, Any], primary: Endpoint
    ) -> asyncio.Future[DeliveryOutcome]:
        return self.callbacks.notify(live, event_type, fields, primary)

    def ending_fields(self, live: LiveCall) -> dict[str, Any]:
        return self.callbacks.ending_fields(live)

    def audio_seconds(self, url: str) -> float:
        return self.callbacks.audio_seconds(url)

    def call_limit_refusal(self, account_id: str) -> str | None:
        return self.limit_refusal(account_id)
