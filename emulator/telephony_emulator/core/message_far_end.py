"""What becomes of a message at a number: scenario rules, then magic numbers, then delivered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telephony_emulator.core.messages import FailureReason
from telephony_emulator.core.scenarios import ScenarioBook

#: Seconds from sending to the handset's delivery receipt when nothing says otherwise.
DEFAULT_DELAY = 1.0
#: Magic numbers (README "Magic numbers", beside the voice ones, which they do not overlap):
#: +15005554001..005 fail as below, +15005555NNN is delivered after NNN seconds.
_FAILURES = {
    "001": FailureReason.UNREACHABLE,
    "002": FailureReason.CARRIER_REJECTED,
    "003": FailureReason.SPAM,
    "004": FailureReason.OPTED_OUT,
    "005": FailureReason.INVALID_DESTINATION,
}
_PATTERN = re.compile(r"^\+1500555([45])(\d{3})$")


@dataclass(frozen=True)
class MessageOutcome:
    """Delivered (``failure`` None) or failed, ``delay`` seconds after sending."""

    failure: FailureReason | None = None
    delay: float = DEFAULT_DELAY


DELIVERED = MessageOutcome()


def magic_outcome(number: str) -> MessageOutcome | None:
    """The outcome a magic number stands for, or None for an ordinary number."""
    match = _PATTERN.match(number)
    if match is None:
        return None
    group, tail = match.groups()
    if group == "4":
        failure = _FAILURES.get(tail)
        return None if failure is None else MessageOutcome(failure)
    return MessageOutcome(delay=float(int(tail)))


def message_outcome(scenarios: ScenarioBook, account_id: str, number: str) -> MessageOutcome:
    """What happens to a message of ``account_id`` sent to ``number``."""
    rule = scenarios.rule_for(account_id, number)
    if rule is not None and (rule.message_failure or rule.message_delay is not None):
        failure = FailureReason(rule.message_failure) if rule.message_failure else None
        delay = DEFAULT_DELAY if rule.message_delay is None else rule.message_delay
        return MessageOutcome(failure, delay)
    return magic_outcome(number) or DELIVERED
