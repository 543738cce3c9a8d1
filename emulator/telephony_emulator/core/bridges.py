"""Bridges as resources: ids, changeable members, and the registry every surface shares."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

from telephony_emulator.core.bridging import Engagement
from telephony_emulator.core.events import JoinedBridge, LeftBridge

if TYPE_CHECKING:
    from telephony_emulator.core.engine import CallEngine
    from telephony_emulator.core.live_call import LiveCall

#: Why a call left a bridge: its member set no longer lists it, it joined another bridge, or
#: it ended.
LeaveReason = Literal["removed", "moved", "ended"]


class BridgeIds(Protocol):
    """The part of an id policy (``ids.IdPolicy``) a bridge registry needs."""

    def bridge_id(self) -> str: ...


class BridgeRefused(Exception):
    """A member change that may not happen: the bridge is completed, or a call cannot join."""


@dataclass(eq=False)
class BridgeResource:
    """A bridge with an id; its members (call ids, in joining order) change over its life.

    Joining or leaving never touches a member's script or media channel: whatever controls the
    call keeps doing so, and a call left out of the bridge stays up (its :class:`EndPolicy`
    decides that). ``activated_at`` is when two calls were first joined; ``completed_at`` is
    when the last member left (hung up or removed), after which the members cannot change.
    """

    id: str
    account_id: str
    created_at: datetime
    bridge_audio: bool = True
    members: list[str] = field(default_factory=list)
    activated_at: datetime | None = None
    completed_at: datetime | None = None
    #: Whether any call has been a member (a bridge that never had one is not completed).
    ever_joined: bool = False

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


class BridgeRegistry:
    """Every bridge resource of the engine, and which bridge each call is in (at most one)."""

    def __init__(self, engine: CallEngine) -> None:
        self._engine = engine
        self._bridges: dict[str, BridgeResource] = {}
        self._of_call: dict[str, BridgeResource] = {}

    def __iter__(self) -> Iterator[BridgeResource]:
        return iter(self._bridges.values())

    def get(self, bridge_id: str) -> BridgeResource | None:
        return self._bridges.get(bridge_id)

    def of_call(self, call_id: str) -> BridgeResource | None:
        """The bridge ``call_id`` is a member of, if any."""
        return self._of_call.get(call_id)

    def clear(self) -> None:
        """Forget every bridge (reset)."""
        self._bridges.clear()
        self._of_call.clear()

    def create(
        self,
        account_id: str,
        calls: Sequence[LiveCall],
        ids: BridgeIds,
        *,
        bridge_audio: bool = True,
    ) -> BridgeResource:
        """A new bridge of ``calls`` (any number, none included), named by ``ids``."""
        self._check(account_id, calls)
        bridge = BridgeResource(
            id=ids.bridge_id(),
            account_id=account_id,
            created_at=self._engine.clock.now(),
            bridge_audio=bridge_audio,
        )
        self._bridges[bridge.id] = bridge
        self.set_members(bridge, calls)
        return bridge

    def set_members(self, bridge: BridgeResource, calls: Sequence[LiveCall]) -> None:
        """Replace ``bridge``'s members with ``calls``: members not listed leave, listed calls
        that are not members join (leaving any other bridge first), in the order given.

        Refused as a whole (nothing changes) when the bridge is completed or a call cannot
        join (:meth:`_check`).
        """
        if bridge.completed:
            raise BridgeRefused(f"Bridge {bridge.id} is completed")
        self._check(bridge.account_id, calls)
        wanted = {live.call.id for live in calls}
        emptied = [bridge]
        for call_id in [member for member in bridge.members if member not in wanted]:
            self._leave(bridge, call_id, "removed")
        for live in calls:
            if live.call.id in bridge.members:
                continue
            previous = self._of_call.get(live.call.id)
            if previous is not None:
                self._leave(previous, live.call.id, "moved")
                emptied.append(previous)
            self._join(bridge, live)
        for touched in emptied:
            self._complete_if_emptied(touched)

    def set_audio(self, bridge: BridgeResource, on: bool) -> None:
        """Whether the members hear each other (false puts the bridge on hold)."""
        bridge.bridge_audio = on

    def remove(self, live: LiveCall) -> None:
        """``live`` ended: it leaves its bridge, if it is in one."""
        bridge = self._of_call.get(live.call.id)
        if bridge is not None:
            self._leave(bridge, live.call.id, "ended")
            self._complete_if_emptied(bridge)

    def close(self, bridge: BridgeResource, *, forget: bool = False) -> None:
        """Every member leaves (``ended`` for a call that has ended, else ``removed``) and the
        bridge completes; ``forget`` also drops it from the registry (a bridge no API can
        look up). Closing a completed bridge does nothing."""
        if bridge.completed:
            return
        for call_id in list(bridge.members):
            live = self._engine.live.get(call_id)
            self._leave(bridge, call_id, "ended" if live is None or live.ended else "removed")
        bridge.completed_at = self._engine.clock.now()
        if forget:
            self._bridges.pop(bridge.id, None)

    # -- internals ------------------------------------------------------------------------

    def _check(self, account_id: str, calls: Sequence[LiveCall]) -> None:
        """Refuse a call of another account, an ended call, a call listed twice, and a call
        tied up in something other than a bridge resource (a conference, a forward...)."""
        seen: set[str] = set()
        for live in calls:
            call_id = live.call.id
            if call_id in seen:
                raise BridgeRefused(f"Call {call_id} is listed twice")
            seen.add(call_id)
            if live.call.account_id != account_id:
                raise BridgeRefused(f"Call {call_id} belongs to another account")
            if live.ended:
                raise BridgeRefused(f"Call {call_id} has already ended")
            engagement = live.engagement
            if engagement is not None and engagement.resource is None:
                raise BridgeRefused(f"Call {call_id} is busy ({engagement.kind})")

    def _join(self, bridge: BridgeResource, live: LiveCall) -> None:
        bridge.members.append(live.call.id)
        bridge.ever_joined = True
        self._of_call[live.call.id] = bridge
        live.engagement = Engagement("bridged", resource=bridge)
        if bridge.activated_at is None and len(bridge.members) >= 2:
            bridge.activated_at = self._engine.clock.now()
        self._emit(JoinedBridge(live.call.id, self._engine.clock.time(), bridge.id))

    def _leave(self, bridge: BridgeResource, call_id: str, reason: LeaveReason) -> None:
        bridge.members.remove(call_id)
        if self._of_call.get(call_id) is bridge:
            del self._of_call[call_id]
        live = self._engine.live.get(call_id)
        if live is not None and live.engagement is not None and live.engagement.resource is bridge:
            live.engagement = None
        self._emit(LeftBridge(call_id, self._engine.clock.time(), bridge.id, reason))

    def _complete_if_emptied(self, bridge: BridgeResource) -> None:
        """A bridge whose last member has left is completed; one that never had any is not."""
        if not bridge.members and bridge.ever_joined and bridge.completed_at is None:
            bridge.completed_at = self._engine.clock.now()

    def _emit(self, event: JoinedBridge | LeftBridge) -> None:
        events = self._engine.events
        if events.listening(event.call_id):
            events.emit(event)
