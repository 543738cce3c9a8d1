"""The v1 SDK harness reaches the emulator with the test account's token and secret."""

from __future__ import annotations

import pytest

from tests.bandwidth_v1.catapult_sdk import Catapult, CatapultError


def test_the_v1_sdk_is_the_one_that_answers(catapult: Catapult) -> None:
    # /v1 has no routes yet: the SDK gets Catapult's 404 envelope and raises its own exception.
    with pytest.raises(CatapultError) as raised:
        catapult.voice.get_call("c-doesnotexist")
    assert raised.value.type == "BandwidthVoiceAPIException"
    assert raised.value.status_code == 404
