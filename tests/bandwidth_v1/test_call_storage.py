"""A Catapult call's state is stored with the call and read back as Catapult's own type."""

from __future__ import annotations

from datetime import UTC, datetime

from telephony_emulator.apis.bandwidth_v1.call_state import CatapultCallState
from telephony_emulator.apis.bandwidth_v1.errors import CATAPULT
from telephony_emulator.core.calls import Call, CallDirection
from telephony_emulator.storage.codecs import CALL


def test_a_catapult_call_state_survives_a_codec_round_trip() -> None:
    state = CatapultCallState(
        api_base="http://emulator",
        user_id="u-x",
        callback_url="http://app/events",
        callback_http_method="GET",
        callback_timeout=2000,
        bridge_id="brg-1",
        recording_enabled=True,
        recording_file_format="mp3",
        sip_headers={"X-Ticket": "42"},
        rejected=True,
        auto_answer=False,
        recordings_made=2,
    )
    call = Call(
        id="c-1",
        account_id="9900000",
        surface=CATAPULT.name,
        direction=CallDirection.INBOUND,
        from_="+15551230001",
        to="+15551230002",
        created_at=datetime(2026, 1, 2, tzinfo=UTC),
        surface_state=state,
    )
    assert CALL.from_row(CALL.to_row(call)).surface_state == state
