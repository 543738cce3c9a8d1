"""Catapult bridges: the core's bridge resources (core/bridges.py) under Catapult's rules.

A bridge holds at most two calls; ``callIds`` replaces the members (``[]`` removes all) and a
call left out stays up (REST control). A call that is not placed yet (queued), or that was
created with ``bridgeId``, joins when it answers. The last member leaving completes the
bridge, which can then not be changed (reference §2.7, §5).
"""

from __future__ import annotations

from collections.abc import Sequence

from telephony_emulator.apis.bandwidth_v1.call_audio import CallAudio
from telephony_emulator.apis.bandwidth_v1.call_state import catapult_state
from telephony_emulator.apis.bandwidth_v1.callbacks import SURFACE
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.bridges import BridgeRefused, BridgeResource
from telephony_emulator.core.calls import Call
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.errors import Conflict, Forbidden, InvalidRequest, NotFound

MAX_CALLS = 2


class CatapultBridges:
    """Every Catapult bridge, with the calls each one has held."""

    def __init__(self, engine: CallEngine, audio: CallAudio, ids: CatapultIds) -> None:
        self._engine = engine
        self._audio = audio
        self._ids = ids
        self._mine: dict[str, BridgeResource] = {}
        #: Every call each bridge has held (or is to hold once it answers), in order.
        self._history: dict[str, list[str]] = {}
        #: Calls listed but not placed yet: they join when they answer.
        self._pending: dict[str, list[str]] = {}

    def clear(self) -> None:
        self._mine.clear()
        self._history.clear()
        self._pending.clear()

    # -- reading --------------------------------------------------------------------------

    def get(self, account: Account, bridge_id: str) -> BridgeResource:
        bridge = self._mine.get(bridge_id)
        if bridge is None or bridge.account_id != account.id:
            raise NotFound(f"The bridge {bridge_id} could not be found", code="bridge-not-found")
        return bridge

    def of_account(self, account: Account) -> list[BridgeResource]:
        """Newest first."""
        return [bridge for bridge in self._mine.values() if bridge.account_id == account.id][::-1]

    def call_ids(self, bridge: BridgeResource) -> list[str]:
        """The calls in the bridge now, with those waiting to join."""
        return [*bridge.members, *self._pending.get(bridge.id, ())]

    def calls(self, bridge: BridgeResource) -> list[Call]:
        """The calls on the bridge; once it is completed, the calls it held."""
        ids = self.call_ids(bridge) if not bridge.completed else self._history.get(bridge.id, [])
        calls = [self._engine.registry.get(call_id) for call_id in ids]
        return [call for call in calls if call is not None]

    @staticmethod
    def state(bridge: BridgeResource) -> str:
        if bridge.completed:
            return "completed"
        if bridge.activated_at is None:
            return "created"
        return "active" if bridge.bridge_audio else "hold"

    # -- changing -------------------------------------------------------------------------

    def create(
        self, account: Account, call_ids: Sequence[str] | None, bridge_audio: bool | None
    ) -> BridgeResource:
        joining, pending = self._admit(account, None, call_ids or ())
        try:
            bridge = self._engine.bridges.create(
                account.id, joining, self._ids, bridge_audio=bridge_audio is not False
            )
        except BridgeRefused as refused:
            raise Conflict(str(refused), code="bridge-update-conflict") from None
        self._mine[bridge.id] = bridge
        self._pending[bridge.id] = pending
        self._remember(bridge, [*(live.call.id for live in joining), *pending])
        return bridge

    def update(
        self,
        account: Account,
        bridge_id: str,
        call_ids: Sequence[str] | None,
        bridge_audio: bool | None,
    ) -> None:
        bridge = self.get(account, bridge_id)
        if bridge.completed:
            raise InvalidRequest(
                f"The bridge {bridge.id} is completed and cannot be updated",
                code="bridge-invalid-state",
            )
        if call_ids is not None:
            joining, pending = self._admit(account, bridge, call_ids)
            try:
                self._engine.bridges.set_members(bridge, joining)
            except BridgeRefused as refused:
                raise Conflict(str(refused), code="bridge-update-conflict") from None
            self._pending[bridge.id] = pending
            self._remember(bridge, call_ids)
            if not bridge.members and not pending and bridge.ever_joined:
                bridge.completed_at = bridge.completed_at or self._engine.clock.now()
        if bridge_audio is not None:
            self._engine.bridges.set_audio(bridge, bridge_audio)

    def audio_members(self, account: Account, bridge_id: str) -> list[LiveCall]:
        """The answered calls of the bridge, to play audio to; 400 when there are none."""
        bridge = self.get(account, bridge_id)
        members = [self._engine.live.get(call_id) for call_id in bridge.members]
        active = [live for live in members if live is not None and live.answered]
        if bridge.completed or not active:
            raise InvalidRequest("No active calls in the bridge", code="bridge-invalid-operation")
        return active

    def join_on_answer(self, live: LiveCall, bridge_id: str) -> None:
        """A call created with ``bridgeId`` (or listed while queued) answered: it joins."""
        bridge = self._mine.get(bridge_id)
        pending = self._pending.get(bridge_id, [])
        if live.call.id in pending:
            pending.remove(live.call.id)
        if bridge is None or bridge.completed or live.ended:
            return
        try:
            self._engine.bridges.set_members(bridge, [*self._members(bridge), live])
        except BridgeRefused:
            return
        self._remember(bridge, [live.call.id])

    # -- internals ------------------------------------------------------------------------

    def _members(self, bridge: BridgeResource) -> list[LiveCall]:
        found = [self._engine.live.get(call_id) for call_id in bridge.members]
        return [live for live in found if live is not None]

    def _admit(
        self, account: Account, bridge: BridgeResource | None, call_ids: Sequence[str]
    ) -> tuple[list[LiveCall], list[str]]:
        """The live calls that join now and the ids that join when they answer."""
        if len(call_ids) > MAX_CALLS:
            raise Forbidden(
                "Only two calls are allowed in a bridge", code="bridge-callIds-overflow"
            )
        joining: list[LiveCall] = []
        pending: list[str] = []
        for call_id in call_ids:
            call = self._engine.registry.get(call_id)
            if call is None or call.account_id != account.id or call.surface != SURFACE:
                raise NotFound(f"The call {call_id} could not be found", code="call-not-found")
            if call.ended:
                raise Forbidden(
                    f"Unable to bridge call {call_id}. Invalid call state completed",
                    code="call-invalid-state",
                )
            current = self._engine.bridges.of_call(call_id)
            waiting = any(
                call_id in ids
                for bid, ids in self._pending.items()
                if bridge is None or bid != bridge.id
            )
            if (current is not None and current is not bridge) or waiting:
                raise InvalidRequest(
                    f"The callId {call_id} is already in another bridge",
                    code="bridge-bridged-callId",
                )
            live = self._engine.live.get(call_id)
            if live is None or not live.answered:
                pending.append(call_id)
                catapult_state(call).bridge_id = None if bridge is None else bridge.id
            else:
                joining.append(live)
        return joining, pending

    def _remember(self, bridge: BridgeResource, call_ids: Sequence[str]) -> None:
        history = self._history.setdefault(bridge.id, [])
        for call_id in call_ids:
            if call_id not in history:
                history.append(call_id)
            call = self._engine.registry.get(call_id)
            if call is not None:
                catapult_state(call).bridge_id = bridge.id
                self._engine.registry.changed(call, self._engine.clock.now())
