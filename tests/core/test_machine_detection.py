"""Simulated answering-machine detection: results, their timing, the greeting and the timeout."""

from __future__ import annotations

from telephony_emulator.core.machine_detection import detect_machine
from telephony_emulator.core.scenarios import FarEndRule


def test_a_person_is_detected_sooner_than_a_machine() -> None:
    assert detect_machine(FarEndRule(), greeting_end_silence=None, timeout=15) == ("human", 2.0)
    machine = FarEndRule(action="machine")
    assert detect_machine(machine, greeting_end_silence=None, timeout=15) == (
        "answering-machine",
        4.0,
    )


def test_waiting_for_the_greeting_adds_its_silence_only_for_a_machine() -> None:
    machine, person = FarEndRule(action="machine"), FarEndRule()
    assert detect_machine(machine, greeting_end_silence=5.0, timeout=15) == (
        "answering-machine",
        9.0,
    )
    assert detect_machine(person, greeting_end_silence=5.0, timeout=15) == ("human", 2.0)


def test_a_result_later_than_the_timeout_is_a_timeout() -> None:
    slow = FarEndRule(detection_seconds=20.0)
    assert detect_machine(slow, greeting_end_silence=None, timeout=15) == ("timeout", 15)
