"""Simulated answering-machine detection: what a far end's rule makes it report, and when."""

from __future__ import annotations

from telephony_emulator.core.scenarios import FarEndRule

#: How long each result takes to be known, unless the far end's rule says otherwise.
HUMAN_DETECTION_SECONDS = 2.0
MACHINE_DETECTION_SECONDS = 4.0


def detect_machine(
    rule: FarEndRule, *, greeting_end_silence: float | None, timeout: float
) -> tuple[str, float]:
    """The detection result and after how long it is known.

    With ``greeting_end_silence`` an answering machine's result waits for its greeting to end
    and that much silence after it; a result not known within ``timeout`` is ``timeout``.
    """
    value = rule.machine_detection or ("answering-machine" if rule.action == "machine" else "human")
    seconds = rule.detection_seconds or (
        MACHINE_DETECTION_SECONDS if value == "answering-machine" else HUMAN_DETECTION_SECONDS
    )
    if value == "answering-machine" and greeting_end_silence is not None:
        seconds += greeting_end_silence
    if seconds > timeout:
        return "timeout", timeout
    return value, seconds
