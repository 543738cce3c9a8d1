"""Far-end scenarios: how the phone at a number behaves when one account's calls reach it."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: E.164 with ASCII digits only (``\d`` takes any script's digits); the one check every surface
#: uses, as a pattern to compose and compiled (``\Z``: ``$`` would let a trailing newline in).
E164_PATTERN = r"\+[1-9][0-9]{1,14}"
E164 = re.compile(rf"\A{E164_PATTERN}\Z")
SIP_URI = re.compile(r"\Asips?:[^@\s]+@[^@\s]+\Z")
DTMF = re.compile(r"\A[0-9*#A-Da-d]+\Z")

FarEndAction = Literal["answer", "busy", "no_answer", "reject", "machine"]
MachineDetectionValue = Literal["human", "answering-machine", "silence", "timeout", "error"]
#: What becomes of a message sent to the number (core/messages.py ``FailureReason`` values).
MessageFailure = Literal[
    "unreachable", "carrier_rejected", "spam", "opted_out", "invalid_destination"
]


def _unset(value: object) -> bool:
    return value is None


def check_number(number: str) -> str:
    """Accept an E.164 number or a SIP URI, the two kinds of address a call can reach."""
    if not (E164.match(number) or SIP_URI.match(number)):
        raise ValueError(f"{number!r} is neither an E.164 number (+15551234567) nor a SIP URI")
    return number


class DigitPress(BaseModel):
    """The far end presses ``digits`` ``at`` seconds after the call is answered.

    With ``after="gather"`` the press waits for the next digit collection (a ``<Gather>``) to
    start and comes ``at`` seconds into it; such presses are used up in order, one per gather.
    """

    model_config = ConfigDict(extra="forbid")
    at: float = Field(ge=0, le=86_400)
    digits: str
    after: Literal["answer", "gather"] = "answer"

    @field_validator("digits")
    @classmethod
    def _dtmf(cls, value: str) -> str:
        if not DTMF.match(value):
            raise ValueError("digits may only contain 0-9, *, # and A-D")
        return value


class FarEndRule(BaseModel):
    """What the far end does: ring for ``answer_after`` s, then act; optionally hang up later.

    ``machine_detection`` and ``detection_seconds`` override what answering-machine detection
    reports (by default: ``answering-machine`` for the ``machine`` action, else ``human``).
    ``transcript`` is what the far end says when it is recorded, and ``speech_seconds`` how
    long it talks before falling silent (by default the time the transcript takes to say).
    """

    model_config = ConfigDict(extra="forbid")
    action: FarEndAction = "answer"
    answer_after: float = Field(default=1.0, ge=0, le=3_600)
    hangup_after: float | None = Field(default=None, gt=0, le=86_400)
    digits: list[DigitPress] = Field(default_factory=list, max_length=100)
    machine_detection: MachineDetectionValue | None = None
    detection_seconds: float | None = Field(default=None, gt=0, le=600)
    transcript: str | None = Field(default=None, min_length=1, max_length=5_000)
    speech_seconds: float | None = Field(default=None, gt=0, le=10_800)
    #: Messages to the number fail this way (None: they are delivered) ...
    message_failure: MessageFailure | None = Field(default=None, exclude_if=_unset)
    #: ... this many seconds after they were sent (None: the default delay). Both are left
    #: out of the rule's JSON while unset, so call-only rules read as they always did.
    message_delay: float | None = Field(default=None, ge=0, le=86_400, exclude_if=_unset)


class ScenarioBook:
    """The rules in force, by (account, number); the database holds their durable copy."""

    def __init__(self) -> None:
        self._rules: dict[tuple[str, str], FarEndRule] = {}

    def clear(self) -> None:
        self._rules.clear()

    def set(self, account_id: str, number: str, rule: FarEndRule) -> None:
        self._rules[(account_id, number)] = rule

    def remove(self, account_id: str, number: str) -> bool:
        return self._rules.pop((account_id, number), None) is not None

    def remove_account(self, account_id: str) -> None:
        for key in [key for key in self._rules if key[0] == account_id]:
            del self._rules[key]

    def rule_for(self, account_id: str, number: str) -> FarEndRule | None:
        return self._rules.get((account_id, number))

    def of_account(self, account_id: str) -> dict[str, FarEndRule]:
        return {num: rule for (acc, num), rule in self._rules.items() if acc == account_id}
