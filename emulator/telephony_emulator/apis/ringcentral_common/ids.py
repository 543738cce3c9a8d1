"""RingCentral's id policy: call legs (RingOut, fax transmissions) are named by UUIDs."""

from __future__ import annotations

from telephony_emulator.ids import IdFactory


class RingCentralIds:
    """The :class:`~telephony_emulator.ids.IdPolicy` of the RingCentral surfaces; they place
    calls only, so conference, recording and bridge ids are refused rather than made up."""

    def __init__(self, factory: IdFactory) -> None:
        self._factory = factory

    def call_id(self) -> str:
        return self._factory.uuid()

    def conference_id(self) -> str:
        raise NotImplementedError("the RingCentral surfaces create no conferences")

    def recording_id(self) -> str:
        raise NotImplementedError("the RingCentral surfaces create no recordings")

    def bridge_id(self) -> str:
        raise NotImplementedError("the RingCentral surfaces create no bridges")
