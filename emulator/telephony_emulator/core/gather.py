"""Collecting digits on a live call: prompts cut by a digit, timeouts, max and end digits."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from telephony_emulator.core.events import GatherDone
from telephony_emulator.core.live_call import LiveCall


class GatherEnd(enum.Enum):
    """Why a gather stopped collecting.

    ``HUNG_UP`` is reported when a wait ran out after the call ended; usually the hang-up
    cancels the script inside the wait instead, and no result comes back at all.
    """

    MAX_DIGITS = "max-digits"
    TERMINATING_DIGIT = "terminating-digit"
    INTER_DIGIT_TIMEOUT = "inter-digit-timeout"
    NO_INPUT = "no-input"
    HUNG_UP = "hung-up"


@dataclass(frozen=True)
class GatherSpec:
    """How to collect: at most ``max_digits``; a digit in ``terminating_digits`` ends it (and is
    not kept); ``first_digit_timeout`` seconds of silence after the prompts means no input;
    ``inter_digit_timeout`` seconds between digits ends it; the prompts play ``repeat_count``
    times, each pass followed by the first-digit wait."""

    max_digits: int
    terminating_digits: str = ""
    first_digit_timeout: float = 5.0
    inter_digit_timeout: float = 5.0
    repeat_count: int = 1


@dataclass(frozen=True)
class Prompt:
    """A prompt lasting ``seconds``: ``audio`` or ``speech`` (what the playback events say)."""

    seconds: float
    kind: str = "audio"


#: A prompt given as plain seconds is audio.
PromptItem = float | Prompt


@dataclass(frozen=True)
class GatherResult:
    """The digits kept, the terminating digit pressed ('' if none) and why it ended."""

    digits: str
    terminating_digit: str
    reason: GatherEnd


async def collect_digits(
    live: LiveCall,
    spec: GatherSpec,
    *,
    prompt_seconds: Sequence[PromptItem] | Callable[[], Iterable[PromptItem]] = (),
) -> GatherResult:
    """Play the prompts (cut off by the first digit) and collect digits per ``spec``.

    Digits are kept by the call's collector, one subscriber of ``live.digits`` among any others
    (an always-on DTMF listener sees the same digits). The result is also a
    :class:`GatherDone` event on the engine's bus.
    """
    result = await _collect(live, spec, prompt_seconds)
    events = live.engine.events
    if events.listening(live.call.id):
        events.emit(
            GatherDone(
                live.call.id,
                live.engine.clock.time(),
                result.digits,
                result.terminating_digit,
                result.reason.value,
            )
        )
    return result


async def _collect(
    live: LiveCall,
    spec: GatherSpec,
    prompt_seconds: Sequence[PromptItem] | Callable[[], Iterable[PromptItem]],
) -> GatherResult:
    live.begin_collecting()
    try:
        heard = False
        for _ in range(spec.repeat_count):
            prompts = prompt_seconds() if callable(prompt_seconds) else prompt_seconds
            for item in prompts:
                prompt = item if isinstance(item, Prompt) else Prompt(item)
                if await live.play(prompt.seconds, kind=prompt.kind, cut_by_digit=True):
                    heard = True
                    break
            if heard or await live.wait_digit(spec.first_digit_timeout):
                heard = True
                break
        if not heard:
            return GatherResult("", "", _unless_hung_up(live, GatherEnd.NO_INPUT))
        digits = ""
        while True:
            digit = await live.next_digit(spec.inter_digit_timeout)
            if digit is None:
                return GatherResult(
                    digits, "", _unless_hung_up(live, GatherEnd.INTER_DIGIT_TIMEOUT)
                )
            if digit in spec.terminating_digits:
                return GatherResult(digits, digit, GatherEnd.TERMINATING_DIGIT)
            digits += digit
            if len(digits) >= spec.max_digits:
                return GatherResult(digits, "", GatherEnd.MAX_DIGITS)
    finally:
        live.end_collecting()


def _unless_hung_up(live: LiveCall, reason: GatherEnd) -> GatherEnd:
    return GatherEnd.HUNG_UP if live.ended else reason
