"""Two-party mechanics: what a call is tied up in with another call, and bridges between calls.

A :class:`Bridge` joins two live calls. Each side's script waits in :meth:`Bridge.hold`; a side
leaves when its script is cancelled (its call ended, or a redirect replaced the script), and the
first side to leave ends the bridge, which the other side's :meth:`Bridge.hold` then returns.
While joined (or while forwarding or transferring) a call carries an :class:`Engagement`, which
is what refuses a second bridge, a redirect of a forwarded call, and the like. Bridges with ids
and changeable members are resources of core/bridges.py; a two-party bridge may sit on one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from telephony_emulator.core.live_call import LiveCall

if TYPE_CHECKING:
    from telephony_emulator.core.bridges import BridgeResource

EngagementKind = Literal["forwarding", "transferring", "bridged", "conferencing"]


@dataclass(frozen=True)
class Engagement:
    """What a call is tied up in: forwarding, ringing a transfer's targets, a bridge, or a
    conference. ``bridge`` is a two-party :class:`Bridge`; ``resource`` a bridge resource
    (core/bridges.py) the call is a member of."""

    kind: EngagementKind
    bridge: Bridge | None = None
    resource: BridgeResource | None = None


def engage(live: LiveCall, kind: EngagementKind) -> None:
    live.engagement = Engagement(kind)


def release(live: LiveCall, kind: EngagementKind) -> None:
    """Clear ``live``'s engagement if it still is of ``kind``."""
    if live.engagement is not None and live.engagement.kind == kind:
        live.engagement = None


class Bridge:
    """Two calls joined: media flows both ways until one of them leaves.

    With a ``resource`` (a bridge resource whose members are these two calls) the first side
    to leave closes the resource too, and the registry forgets it.
    """

    def __init__(
        self,
        first: LiveCall,
        second: LiveCall,
        kind: EngagementKind = "bridged",
        resource: BridgeResource | None = None,
    ) -> None:
        self.sides = (first, second)
        self.resource = resource
        self._left: asyncio.Future[LiveCall] = asyncio.get_running_loop().create_future()
        for side in self.sides:
            side.engagement = Engagement(kind, self, resource)

    @property
    def over(self) -> bool:
        return self._left.done()

    def other(self, side: LiveCall) -> LiveCall:
        first, second = self.sides
        return second if side is first else first

    def leave(self, side: LiveCall) -> None:
        """``side`` leaves; the first to leave ends the bridge for both."""
        if not self._left.done():
            self._left.set_result(side)
            if self.resource is not None:
                side.engine.bridges.close(self.resource, forget=True)
        for call in self.sides:
            if call.engagement is not None and call.engagement.bridge is self:
                call.engagement = None

    async def hold(self, side: LiveCall) -> LiveCall:
        """Keep ``side`` in the bridge until a side leaves; returns the side that left.

        Cancelling the waiting script (the call ended or was redirected) makes ``side`` leave.
        """
        try:
            left = await side.engine.scheduler.wait(self._left)
        except asyncio.CancelledError:
            self.leave(side)
            raise
        self.leave(side)
        return left
