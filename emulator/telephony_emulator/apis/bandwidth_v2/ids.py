"""Voice v2's id policy: ``c-``, ``conf-``, ``r-``, ``t-``, ``brg-`` + 8 hex + a UUID's tail."""

from __future__ import annotations

from telephony_emulator.ids import IdFactory


class VoiceIds:
    """The :class:`~telephony_emulator.ids.IdPolicy` of Voice v2 (``IdFactory.bandwidth_id``)."""

    def __init__(self, factory: IdFactory) -> None:
        self._factory = factory

    def call_id(self) -> str:
        return self._factory.bandwidth_id("c")

    def conference_id(self) -> str:
        return self._factory.bandwidth_id("conf")

    def recording_id(self) -> str:
        return self._factory.bandwidth_id("r")

    def bridge_id(self) -> str:
        return self._factory.bandwidth_id("brg")

    def transcription_id(self) -> str:
        return self._factory.bandwidth_id("t")

    def media_id(self, prefix: str) -> str:
        """A stream's or real-time transcription's id, by its kind's prefix."""
        return self._factory.bandwidth_id(prefix)
