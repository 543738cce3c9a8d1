"""The typed state of a call run by BXML (Voice v2): its webhooks, timeouts and transfer facts."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from telephony_emulator.core.calls import Call
from telephony_emulator.webhooks.target import WebhookTarget


@dataclass(frozen=True)
class TransferInfo:
    """What a ``<Transfer>`` B-leg's events repeat of the original call (reference §3)."""

    from_: str
    to: str
    parent_call_id: str
    transfer_caller_id: str
    transfer_to: str

    def to_data(self) -> dict[str, Any]:
        return {
            "from": self.from_,
            "to": self.to,
            "parent_call_id": self.parent_call_id,
            "transfer_caller_id": self.transfer_caller_id,
            "transfer_to": self.transfer_to,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TransferInfo:
        """Also reads rows written when the event's camelCase fields were stored."""
        return cls(
            from_=data["from"],
            to=data["to"],
            parent_call_id=data.get("parent_call_id") or data["parentCallId"],
            transfer_caller_id=data.get("transfer_caller_id") or data["transferCallerId"],
            transfer_to=data.get("transfer_to") or data["transferTo"],
        )


@dataclass(frozen=True)
class Diversion:
    """One Diversion header a leg carries: the number first called, and why it moved on."""

    orig_to: str
    reason: str

    def to_data(self) -> dict[str, str]:
        return {"orig_to": self.orig_to, "reason": self.reason}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Diversion:
        return cls(orig_to=data.get("orig_to") or data["origTo"], reason=data["reason"])


@dataclass(frozen=True)
class VoiceCallState:
    """A Voice v2 call's settings: createCall's fields, an inbound call's application settings,
    or what the BXML that placed a leg gave it."""

    api_base: str = ""
    callback_timeout: float = 15.0
    call_timeout: float = 30
    #: createCall's answerUrl with its method, fallback and credentials.
    answer: WebhookTarget | None = None
    disconnect: WebhookTarget | None = None
    #: createCall's reply shows disconnectMethod even without a disconnectUrl.
    disconnect_method: str = "POST"
    priority: int = 5
    privacy: bool | None = None
    display_name: str | None = None
    uui: str | None = None
    #: createCall's machineDetection settings (snake_case names), when asked for.
    machine_detection: dict[str, Any] | None = None
    stir_shaken: dict[str, Any] | None = None
    #: An inbound call's voice application settings (the control API's names).
    application: dict[str, Any] | None = None
    transfer: TransferInfo | None = None
    forwarded_call_id: str | None = None
    diversion: tuple[Diversion, ...] = ()
    #: False from the moment the call's disconnect webhook is queued until it was delivered (or
    #: finally failed); a restart sends it again when still False.
    end_reported: bool = True

    def to_data(self) -> dict[str, Any]:
        return self._data

    @functools.cached_property
    def _data(self) -> dict[str, Any]:
        # The state is frozen and its row is rebuilt on every write of the call: build it once.
        data: dict[str, Any] = {}
        fields = self.__dict__
        for name in _FIELD_NAMES:
            value = fields[name]
            if value is None:
                continue
            if name in _NESTED:
                value = value.to_data()
            elif name == "diversion":
                if not value:
                    continue
                value = [entry.to_data() for entry in value]
            data[name] = value
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VoiceCallState:
        """Also reads rows written when the webhooks' fields were stored one by one."""
        known = {item.name for item in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known and value is not None}
        values.update(_flat_targets(data))
        for name in ("answer", "disconnect"):
            if isinstance(values.get(name), Mapping):
                values[name] = WebhookTarget.from_data(values[name])
        if "transfer" in values:
            values["transfer"] = TransferInfo.from_data(values["transfer"])
        if "diversion" in values:
            values["diversion"] = tuple(Diversion.from_data(entry) for entry in values["diversion"])
        return cls(**values)


_FIELD_NAMES = tuple(item.name for item in dataclasses.fields(VoiceCallState))
#: The fields holding a value with its own stored form (a WebhookTarget or TransferInfo).
_NESTED = frozenset({"answer", "disconnect", "transfer"})


def _flat_targets(data: Mapping[str, Any]) -> dict[str, WebhookTarget]:
    """The targets of a row that stored ``answer_url``, ``disconnect_url`` and the rest flat."""
    targets = {}
    if data.get("answer_url"):
        targets["answer"] = WebhookTarget.of_mapping(data, "answer")
    if data.get("disconnect_url"):
        targets["disconnect"] = WebhookTarget.of_mapping(data, "disconnect", fallback=False)
    return targets


def voice_state(call: Call) -> VoiceCallState:
    """``call``'s Voice state; the defaults when it has none of that kind."""
    state = call.surface_state
    return state if isinstance(state, VoiceCallState) else VoiceCallState()
