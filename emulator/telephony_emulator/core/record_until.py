"""Recording until a terminating digit, a maximum duration, or silence after the speech."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from telephony_emulator.core.live_call import LiveCall


class RecordEnd(enum.Enum):
    """Why a record-until wait stopped."""

    TERMINATING_DIGIT = "terminating-digit"
    MAX_DURATION = "max-duration"
    SILENCE = "silence"


@dataclass(frozen=True)
class RecordUntilSpec:
    """Stop on a digit in ``terminating_digits``, after ``max_duration`` seconds, or (when
    ``silence_timeout`` is positive) that many seconds after the far end stops talking."""

    max_duration: float
    terminating_digits: str = ""
    silence_timeout: float = 0.0


async def record_until(live: LiveCall, spec: RecordUntilSpec, speech_seconds: float) -> RecordEnd:
    """Wait while the call records; the far end talks for ``speech_seconds`` from the start.

    Digits are collected without taking the far end's presses meant for gathers.
    """
    limit = spec.max_duration
    reason = RecordEnd.MAX_DURATION
    if spec.silence_timeout > 0 and speech_seconds + spec.silence_timeout < limit:
        limit = speech_seconds + spec.silence_timeout
        reason = RecordEnd.SILENCE
    clock = live.engine.clock
    deadline = clock.time() + limit
    live.begin_collecting(for_gather=False)
    try:
        while (left := deadline - clock.time()) > 0:
            digit = await live.next_digit(left)
            if digit is None:
                return reason
            if digit in spec.terminating_digits:
                return RecordEnd.TERMINATING_DIGIT
        return reason
    finally:
        live.end_collecting()
