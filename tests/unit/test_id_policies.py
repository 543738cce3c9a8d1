"""Each surface's id policy keeps the id formats the surface has always produced."""

from __future__ import annotations

import re

import pytest
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v2.ids import VoiceIds
from telephony_emulator.apis.ringcentral_common.ids import RingCentralIds
from telephony_emulator.ids import IdFactory, IdPolicy

HEX = "[0-9a-f]"
VOICE_TAIL = rf"{HEX}{{8}}-{HEX}{{8}}-{HEX}{{4}}-4{HEX}{{3}}-[89ab]{HEX}{{3}}-{HEX}{{12}}"
UUID = rf"{HEX}{{8}}-{HEX}{{4}}-4{HEX}{{3}}-[89ab]{HEX}{{3}}-{HEX}{{12}}"


def test_voice_ids_have_the_voice_v2_shape() -> None:
    ids = VoiceIds(IdFactory(7))
    assert re.fullmatch(f"c-{VOICE_TAIL}", ids.call_id())
    assert re.fullmatch(f"conf-{VOICE_TAIL}", ids.conference_id())
    assert re.fullmatch(f"r-{VOICE_TAIL}", ids.recording_id())
    assert re.fullmatch(f"t-{VOICE_TAIL}", ids.transcription_id())


def test_voice_ids_are_the_factorys_own_sequence() -> None:
    assert VoiceIds(IdFactory(7)).call_id() == IdFactory(7).bandwidth_id("c")


def test_ringcentral_call_ids_are_uuids_and_it_mints_nothing_else() -> None:
    ids: IdPolicy = RingCentralIds(IdFactory(7))
    assert re.fullmatch(UUID, ids.call_id())
    with pytest.raises(NotImplementedError):
        ids.conference_id()
    with pytest.raises(NotImplementedError):
        ids.recording_id()


def test_catapult_ids_have_the_v1_shape() -> None:
    ids: IdPolicy = CatapultIds(IdFactory(7))
    assert re.fullmatch("c-[a-z2-7]{23}", ids.call_id())
    assert re.fullmatch("conf-[a-z2-7]{17}", ids.conference_id())
    assert re.fullmatch("rec-[a-z2-7]{23}", ids.recording_id())
