"""A per-call loop guard: too many controller steps within one virtual second end the call.

A controller that keeps stepping without letting virtual time move (a document that redirects
to itself, a REST client answering every event with a command that takes no time) would keep
the simulation busy forever: ``advance`` never returns and webhooks pile up. Each surface calls
:meth:`LoopGuard.step` where its controller takes a step (fetches a document, runs a command)
and ends the call with :data:`LOOP_CAUSE` and the text it returns.
"""

from __future__ import annotations

from collections import deque

from telephony_emulator.core.clock import VirtualClock

#: Steps one call may take within one virtual second, unless the settings say otherwise.
DEFAULT_STEPS_PER_SECOND = 100
#: The disconnect cause of a call the guard ends.
LOOP_CAUSE = "error"


class LoopGuard:
    """Counts one call's steps in a sliding window of one virtual second."""

    def __init__(self, clock: VirtualClock, limit: int = DEFAULT_STEPS_PER_SECOND) -> None:
        self._clock = clock
        self.limit = limit  # 0 turns the guard off
        self._recent: deque[float] = deque(maxlen=limit or 1)

    def step(self, what: str) -> str | None:
        """Count one step (``what`` names such steps, for the message). Returns why the call
        must end when this step is one more than the limit allows within one virtual second."""
        if self.limit <= 0:
            return None
        now = self._clock.time()
        if len(self._recent) == self.limit and now - self._recent[0] < 1.0:
            return (
                f"Ended by the emulator's loop guard: more than {self.limit} {what} within one "
                "virtual second (a loop?); raise --loop-guard-steps to allow more"
            )
        self._recent.append(now)
        return None
