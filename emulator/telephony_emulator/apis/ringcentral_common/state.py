"""RingCentral's typed state on calls (RingOut legs, fax transmissions), registered for storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from telephony_emulator.core import surface_state
from telephony_emulator.core.calls import Call

RINGOUT_SURFACE = "ringcentral"
FAX_SURFACE = "ringcentral_fax"

Leg = Literal["caller", "callee"]


@dataclass
class RingOutLegState:
    """One leg of a RingOut: which session and leg, the session's numbers, and the dialing
    barrier that stopped it (set when the callee was barred)."""

    ringout_id: str
    leg: Leg
    from_: str
    to: str
    caller_id: str
    barrier: str | None = None

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ringout_id": self.ringout_id,
            "leg": self.leg,
            "from": self.from_,
            "to": self.to,
            "caller_id": self.caller_id,
        }
        if self.barrier is not None:
            data["barrier"] = self.barrier
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RingOutLegState:
        return cls(
            ringout_id=str(data["ringout_id"]),
            leg=cast(Leg, data["leg"]),
            from_=str(data["from"]),
            to=str(data["to"]),
            caller_id=str(data["caller_id"]),
            barrier=data.get("barrier"),
        )


@dataclass(frozen=True)
class FaxCallState:
    """The fax message and recipient a transmission call carries."""

    fax_message_id: str
    fax_recipient_id: str

    def to_data(self) -> dict[str, Any]:
        return {"fax_message_id": self.fax_message_id, "fax_recipient_id": self.fax_recipient_id}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FaxCallState:
        return cls(str(data["fax_message_id"]), str(data["fax_recipient_id"]))


def ringout_leg(call: Call) -> RingOutLegState | None:
    """``call``'s RingOut leg state, when it is a RingOut leg."""
    state = call.surface_state
    return state if isinstance(state, RingOutLegState) else None


surface_state.register(RINGOUT_SURFACE, "call", RingOutLegState.from_data)
surface_state.register(FAX_SURFACE, "call", FaxCallState.from_data)
