"""Who answers a call: per-account scenario rules first, then the magic numbers, then a default.

Magic numbers need no set-up and work for every account (documented in the README):

===================  ==========================================================
``+15005550001``     busy (after 1 s of ringing)
``+15005550002``     never answers: the call times out after ``callTimeout``
``+15005550003``     rejects the call (after 1 s)
``+15005550004``     an answering machine: answers after 1 s, detection says so
``+15005551NNN``     answers after 1 s, hangs up ``NNN`` seconds later
``+15005552NNN``     answers after ``NNN`` seconds of ringing
``+15005553DDD``     answers after 1 s; presses ``DDD`` 1 s into the first ``<Gather>``
anything else        answers after 1 s and stays on the line
===================  ==========================================================
"""

from __future__ import annotations

import re

from telephony_emulator.core.scenarios import DigitPress, FarEndRule, ScenarioBook

MAGIC_PREFIX = "+1500555"
_FIXED = {  # keyed by the last three digits of +15005550NNN
    "001": FarEndRule(action="busy"),
    "002": FarEndRule(action="no_answer"),
    "003": FarEndRule(action="reject"),
    "004": FarEndRule(action="machine"),
}
_PATTERN = re.compile(r"^\+1500555(\d)(\d{3})$")
DEFAULT_RULE = FarEndRule()


def magic_rule(number: str) -> FarEndRule | None:
    """The behaviour a magic number stands for, or None for an ordinary number."""
    match = _PATTERN.match(number)
    if match is None:
        return None
    group, tail = match.groups()
    if group == "0":
        return _FIXED.get(tail)
    if group == "1" and int(tail) > 0:
        return FarEndRule(hangup_after=float(int(tail)))
    if group == "2":
        return FarEndRule(answer_after=float(int(tail)))
    if group == "3":
        return FarEndRule(digits=[DigitPress(at=1.0, digits=tail, after="gather")])
    return None


def far_end_rule(scenarios: ScenarioBook, account_id: str, number: str) -> FarEndRule:
    """How the phone at ``number`` behaves for calls of ``account_id``."""
    return scenarios.rule_for(account_id, number) or magic_rule(number) or DEFAULT_RULE
