"""Hostile BXML replies from a local receiver: undecodable text and documents over 64 KB."""

from __future__ import annotations

import pytest

from tests.bandwidth_v2.conftest import Voice
from tests.bandwidth_v2.test_failures import assert_error_ending, attempts

pytestmark = pytest.mark.usefixtures("whole_milliseconds")
VALID = b'<?xml version="1.0" encoding="UTF-8"?><Response><Pause duration="3"/></Response>'


def test_a_reply_that_is_not_utf8_is_invalid_bxml(voice: Voice) -> None:
    voice.hooks.reply(b"<Response><SpeakSentence>caf\xe9 \xff</SpeakSentence></Response>")
    call_id = voice.create_call().call_id
    voice.run()

    assert [outcome for *_, outcome in attempts(voice, call_id)] == ["invalid_reply"]
    message = "Invalid BXML: the reply is not valid utf-8 text (byte 0xe9 at position 28)"
    assert_error_ending(voice, call_id, "invalid-bxml", message)


def test_a_reply_in_an_unknown_charset_is_invalid_bxml(voice: Voice) -> None:
    voice.hooks.reply(VALID, content_type="application/xml; charset=bogus-9")
    call_id = voice.create_call().call_id
    voice.run()

    message = "Invalid BXML: the reply's charset bogus-9 is unknown"
    assert_error_ending(voice, call_id, "invalid-bxml", message)


def test_a_valid_document_padded_past_64_kb_is_refused(voice: Voice) -> None:
    padded = VALID + b" " * (10 * 1024 * 1024)
    voice.hooks.reply(padded)
    call_id = voice.create_call().call_id
    voice.run()

    message = f"Invalid BXML: the BXML document is {len(padded)} bytes; at most 65536 are allowed"
    assert_error_ending(voice, call_id, "invalid-bxml", message)
    (row,) = voice.emu.ledger(call_id=call_id, event_type="answer")
    assert len(row["response_body"].encode()) == 64 * 1024  # the ledger keeps the first 64 KiB


@pytest.mark.parametrize("extra", [1, 10_000])
def test_any_document_over_64_kb_gets_the_size_message(voice: Voice, extra: int) -> None:
    pauses = b'<Pause duration="0.1"/>' * (65_536 // 23 + extra)
    document = b"<Response>" + pauses + b"</Response>"
    voice.hooks.reply(document)
    call_id = voice.create_call().call_id
    voice.run()

    message = f"Invalid BXML: the BXML document is {len(document)} bytes; at most 65536 are allowed"
    assert_error_ending(voice, call_id, "invalid-bxml", message)


def test_a_document_of_exactly_64_kb_runs(voice: Voice) -> None:
    document = VALID[:-11] + b" " * (65_536 - len(VALID)) + VALID[-11:]
    assert len(document) == 65_536
    voice.hooks.reply(document, path="/answer")
    call_id = voice.create_call().call_id
    voice.run()

    assert voice.state(call_id).disconnect_cause == "hangup"
