"""Catapult's typed state on core calls: callbacks, timeouts, recording, bridge and conference."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from telephony_emulator.apis.bandwidth_v1.errors import CATAPULT
from telephony_emulator.core import surface_state
from telephony_emulator.core.calls import Call
from telephony_emulator.webhooks.models import Endpoint

#: Catapult's default and largest callback timeout, in milliseconds (reference §4).
CALLBACK_TIMEOUT_MS = 10000


@dataclass
class CatapultCallState:
    """What a Catapult call was created with, plus what its REST commands changed since.

    Mutable: a recording toggle or a new callback URL changes it in place, and the call's row
    is rebuilt from it on the next write.
    """

    api_base: str = ""
    user_id: str = ""
    callback_url: str | None = None
    callback_http_method: str = "POST"
    callback_timeout: int = CALLBACK_TIMEOUT_MS
    fallback_url: str | None = None
    call_timeout: int = 60
    bridge_id: str | None = None
    conference_id: str | None = None
    recording_enabled: bool = False
    recording_file_format: str = "wav"
    recording_max_duration: int = 3600
    transcription_enabled: bool = False
    sip_headers: dict[str, str] | None = None
    #: An inbound call the application rejected shows ``rejected`` rather than ``completed``.
    rejected: bool = False
    transferring: bool = False
    #: The leg a transfer placed, and the call a transfer leg was placed for.
    transferred_to: str | None = None
    transferred_from: str | None = None
    recordings_made: int = 0
    #: An inbound call's application answers it at once (``autoAnswer``, the default).
    auto_answer: bool = True
    #: False while the call's ``hangup`` event is still to be delivered (sent again after a
    #: restart if the stop cut it short).
    end_reported: bool = True

    def endpoints(self) -> tuple[Endpoint, Endpoint | None] | None:
        """Where the call's events go (None: nowhere)."""
        if not self.callback_url:
            return None
        method: Literal["GET", "POST"] = (
            "GET" if self.callback_http_method.upper() == "GET" else "POST"
        )
        primary = Endpoint(self.callback_url, method)
        fallback = Endpoint(self.fallback_url, method) if self.fallback_url else None
        return primary, fallback

    def to_data(self) -> dict[str, Any]:
        return {key: value for key, value in dataclasses.asdict(self).items() if value is not None}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> CatapultCallState:
        names = {item.name for item in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


def catapult_state(call: Call) -> CatapultCallState:
    """``call``'s Catapult state (a fresh default one if it has none)."""
    state = call.surface_state
    if isinstance(state, CatapultCallState):
        return state
    state = CatapultCallState()
    call.surface_state = state
    return state


def chargeable_duration(call: Call) -> int:
    """Seconds from answer to end, billed by the started minute (the seed shows 60 for a
    three-second call)."""
    if call.answered_at is None or call.ended_at is None:
        return 0
    seconds = (call.ended_at - call.answered_at).total_seconds()
    return 60 * max(1, math.ceil(seconds / 60))


surface_state.register(CATAPULT.name, "call", CatapultCallState.from_data)
