"""Catapult v1's id policy: a prefix plus lower-case base32 (reference bandwidth-v1.md §6)."""

from __future__ import annotations

from telephony_emulator.ids import IdFactory


class CatapultIds:
    """The :class:`~telephony_emulator.ids.IdPolicy` of Catapult v1: ``c-`` + 23 characters for
    calls, ``conf-`` + 17 for conferences, ``brg-`` + 11 for bridges (9 to 11 are seen);
    ``rec-`` is only seen in placeholders, so recordings take the common 23."""

    def __init__(self, factory: IdFactory) -> None:
        self._factory = factory

    def call_id(self) -> str:
        return self._factory.catapult_id("c")

    def conference_id(self) -> str:
        return self._factory.catapult_id("conf", 17)

    def recording_id(self) -> str:
        return self._factory.catapult_id("rec")

    def bridge_id(self) -> str:
        return self._factory.catapult_id("brg", 11)

    def application_id(self) -> str:
        return self._factory.catapult_id("a")

    def number_id(self) -> str:
        return self._factory.catapult_id("n")

    def message_id(self) -> str:
        return self._factory.catapult_id("m")

    def transaction_id(self) -> str:
        """``pptx-``: the seed's README shows ``pptx-wqfnffduxiki4fd5ubhv77a``."""
        return self._factory.catapult_id("pptx")

    def error_id(self) -> str:
        return self._factory.catapult_id("ue")

    def error_detail_id(self) -> str:
        return self._factory.catapult_id("ued", 14)

    def domain_id(self) -> str:
        return self._factory.catapult_id("rd")

    def endpoint_id(self) -> str:
        return self._factory.catapult_id("re")

    def endpoint_token(self) -> str:
        return self._factory.hex(40)
