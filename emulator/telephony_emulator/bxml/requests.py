"""What each BXML webhook reports, as typed values; the surface's callbacks turn them into
its payloads (apis/bandwidth_v2/callbacks.py), so no payload field is spelled out here."""

from __future__ import annotations

from dataclasses import dataclass

from telephony_emulator.core.calls import Call
from telephony_emulator.core.gather import GatherResult
from telephony_emulator.core.recordings import Recording


@dataclass(frozen=True)
class Detection:
    """What answering-machine detection concluded (``human`` or ``answering-machine``...)
    and how long it listened."""

    value: str
    seconds: float


# -- webhooks that answer with the next document ----------------------------------------


@dataclass(frozen=True)
class Initiate:
    """An inbound call arrived: its first document."""


@dataclass(frozen=True)
class Answer:
    """An outbound call was answered; synchronous machine detection reports with it."""

    detection: Detection | None = None


@dataclass(frozen=True)
class Redirect:
    """``<Redirect>`` or an update of the call asks for a new document."""


@dataclass(frozen=True)
class GatherComplete:
    """``<Gather gatherUrl>`` collected ``result``."""

    result: GatherResult


@dataclass(frozen=True)
class RecordComplete:
    """``<Record recordCompleteUrl>`` stopped ``recording``."""

    recording: Recording


@dataclass(frozen=True)
class TransferAnswer:
    """The winning ``<Transfer>`` leg answered; its document plays before it is bridged."""


@dataclass(frozen=True)
class TransferComplete:
    """The A-leg's ``<Transfer>`` is over: ``leg`` (dialled as ``number``, shown
    ``caller_id``) ended, or none of the legs answered."""

    leg: Call
    caller_id: str
    number: str


@dataclass(frozen=True)
class BridgeFailure:
    """Why ``<Bridge>`` could not join its target (a cause and its message)."""

    cause: str
    message: str
    error_id: str


@dataclass(frozen=True)
class BridgeComplete:
    """The A-leg's ``<Bridge>`` ended: the other call left, or ``failure`` kept it from
    starting."""

    failure: BridgeFailure | None = None


@dataclass(frozen=True)
class BridgeTargetComplete:
    """The bridge target's partner left; the target's next document."""


# -- webhooks whose reply is ignored ----------------------------------------------------


@dataclass(frozen=True)
class Dtmf:
    """``<StartGather>``: the far end pressed ``digit``."""

    digit: str


@dataclass(frozen=True)
class TransferDisconnect:
    """A ``<Transfer>`` leg ended (the leg's own call fields carry how)."""


@dataclass(frozen=True)
class MachineDetectionComplete:
    """Asynchronous machine detection finished."""

    detection: Detection


BxmlRequest = (
    Initiate
    | Answer
    | Redirect
    | GatherComplete
    | RecordComplete
    | TransferAnswer
    | TransferComplete
    | BridgeComplete
    | BridgeTargetComplete
)
Notice = Dtmf | TransferDisconnect | MachineDetectionComplete
