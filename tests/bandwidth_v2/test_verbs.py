"""Each executed BXML verb on an outbound call: its effect and virtual duration, via webhooks."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.webhooks import ReceivedWebhook

from tests.bandwidth_v2.conftest import ANSWERED_OUTBOUND_FIELDS as COMMON
from tests.bandwidth_v2.conftest import (
    Voice,
    assert_callback,
    basic,
    instant,
    start_on_whole_second,
)

CALLEE = "+15551230000"


@dataclass
class Outcome:
    """What one call did: its webhooks, the SDK's CallState, times relative to the answer."""

    call_id: str
    hooks: list[ReceivedWebhook]
    state: bandwidth.CallState

    @property
    def answered(self) -> datetime:
        return instant(self.hooks[0].payload["answerTime"])

    @property
    def disconnect(self) -> dict[str, Any]:
        (payload,) = self.payloads("disconnect")
        return payload

    @property
    def duration(self) -> float:
        """Seconds from the answer to the end of the call (the disconnect's endTime)."""
        return self.offset(self.disconnect["endTime"])

    def offset(self, stamp: str) -> float:
        return (instant(stamp) - self.answered).total_seconds()

    def payloads(self, event_type: str) -> list[dict[str, Any]]:
        return [hook.payload for hook in self.hooks if hook.event_type == event_type]

    def times(self, event_type: str) -> list[float]:
        """When each webhook of ``event_type`` was sent, in seconds after the answer."""
        return [self.offset(payload["eventTime"]) for payload in self.payloads(event_type)]


def run_bxml(
    voice: Voice, verbs: str, *, digits: list[dict[str, Any]] | None = None, **create: Any
) -> Outcome:
    """Answer a call with ``<Response>{verbs}</Response>`` and run it to its end."""
    if digits is not None:
        voice.emu.set_scenario(CALLEE, digits=digits)
    voice.hooks.reply(f"<Response>{verbs}</Response>", path="/answer")
    start_on_whole_second(voice.emu)
    call_id = voice.create_call(CALLEE, **create).call_id
    voice.run()
    hooks = voice.hooks.received
    assert hooks[0].event_type == "answer"
    assert hooks[-1].event_type == "disconnect"
    return Outcome(call_id, hooks, voice.state(call_id))


def gather_digits(outcome: Outcome) -> list[tuple[str, str, float]]:
    """(digits, terminatingDigit, seconds after the answer) of each gather webhook."""
    return [
        (p["digits"], p["terminatingDigit"], outcome.offset(p["eventTime"]))
        for p in outcome.payloads("gather")
    ]


def presses(*pairs: tuple[float, str]) -> list[dict[str, Any]]:
    """Far-end presses timed from the answer."""
    return [{"at": when, "digits": digits} for when, digits in pairs]


# -- media verbs: how long they take ------------------------------------------------------


@pytest.mark.parametrize(
    ("verbs", "seconds"),
    [
        pytest.param("<SpeakSentence>Hi</SpeakSentence>", 0.5, id="one-word-minimum"),
        pytest.param("<SpeakSentence>one two</SpeakSentence>", 0.8, id="two-words"),
        pytest.param(
            "<SpeakSentence>one two three four five six seven eight nine ten</SpeakSentence>",
            4.0,
            id="ten-words",
        ),
        pytest.param(
            '<SpeakSentence voice="kate">Hello <break time="2s"/> world</SpeakSentence>',
            2.8,
            id="ssml-break-2s",
        ),
        pytest.param(
            '<SpeakSentence>Wait<break time="500ms"/></SpeakSentence>', 1.0, id="ssml-break-ms"
        ),
        pytest.param(
            "<SpeakSentence><emphasis>really</emphasis> <prosody rate='slow'>sure"
            "</prosody> now</SpeakSentence>",
            1.2,
            id="ssml-markup-words",
        ),
        pytest.param(
            "<SpeakSentence>one two</SpeakSentence><SpeakSentence>three</SpeakSentence>",
            1.3,
            id="two-sentences",
        ),
        pytest.param(
            "<PlayAudio>https://media.example/prompt.wav#duration=3.5</PlayAudio>",
            3.5,
            id="play-fragment-duration",
        ),
        pytest.param(
            "<PlayAudio>https://media.example/prompt.mp3?duration=12</PlayAudio>",
            12.0,
            id="play-query-duration",
        ),
        pytest.param(
            "<PlayAudio>https://media.example/prompt.wav</PlayAudio>", 5.0, id="play-default"
        ),
        pytest.param("<PlayAudio>audio/prompt.mp3#duration=2</PlayAudio>", 2.0, id="play-relative"),
        pytest.param('<Pause duration="2.5"/>', 2.5, id="pause"),
        pytest.param("<Pause/>", 1.0, id="pause-default"),
        pytest.param('<Ring duration="3"/>', 3.0, id="ring"),
        pytest.param("<Ring/>", 5.0, id="ring-default"),
        pytest.param('<Ring duration="1.5" answerCall="false"/>', 1.5, id="ring-answered-call"),
        pytest.param("<SendDtmf>123</SendDtmf>", 1.8, id="dtmf-default-tones"),
        pytest.param("<SendDtmf>1,2</SendDtmf>", 1.7, id="dtmf-comma"),
        pytest.param("<SendDtmf>1w2W</SendDtmf>", 2.7, id="dtmf-w-and-W"),
        pytest.param(
            '<SendDtmf toneDuration="100" toneInterval="50">12*#</SendDtmf>', 0.6, id="dtmf-tones"
        ),
        pytest.param("<Tag>free</Tag>", 0.0, id="tag-takes-no-time"),
        pytest.param(
            '<Pause duration="2"/><Hangup/><SpeakSentence>never spoken</SpeakSentence>',
            2.0,
            id="hangup-ends-at-once",
        ),
    ],
)
def test_verb_duration(voice: Voice, verbs: str, seconds: float) -> None:
    outcome = run_bxml(voice, verbs)

    assert [hook.event_type for hook in outcome.hooks] == ["answer", "disconnect"]
    assert outcome.duration == seconds
    assert outcome.disconnect["cause"] == "hangup"
    assert "errorMessage" not in outcome.disconnect
    assert outcome.state.disconnect_cause == "hangup"
    assert (outcome.state.end_time - outcome.state.answer_time).total_seconds() == seconds


def test_verbs_run_in_sequence(voice: Voice) -> None:
    outcome = run_bxml(
        voice,
        "<SpeakSentence>one two three</SpeakSentence>"  # 1.2
        "<PlayAudio>https://media.example/a.wav#duration=1.5</PlayAudio>"  # 1.5
        '<Pause duration="0.3"/>'  # 0.3
        "<SendDtmf>9</SendDtmf>"  # 0.6
        '<Ring duration="2"/>'  # 2
        '<Gather gatherUrl="gather" firstDigitTimeout="1"/>',  # 1 with no digit
    )
    assert gather_digits(outcome) == [("", "", 6.6)]
    assert outcome.duration == 6.6


def test_play_audio_of_an_unsupported_format_is_an_application_error(voice: Voice) -> None:
    outcome = run_bxml(
        voice, "<SpeakSentence>one two</SpeakSentence><PlayAudio>audio/hold.ogg</PlayAudio>"
    )

    message = (
        f"Unsupported audio format '.ogg' in <PlayAudio> {voice.hooks.url_for('/audio/hold.ogg')}"
    )
    disconnect = outcome.disconnect
    assert set(disconnect) == COMMON | {"endTime", "cause", "errorMessage", "errorId"}
    assert (disconnect["cause"], disconnect["errorMessage"]) == ("application-error", message)
    assert uuid.UUID(disconnect["errorId"])
    assert outcome.duration == 0.8
    assert_callback(disconnect)
    state = outcome.state
    assert (state.disconnect_cause, state.error_message) == ("application-error", message)
    assert state.error_id == disconnect["errorId"]


# -- Tag, Hangup, Redirect ----------------------------------------------------------------


def test_tag_verb_sets_and_clears_the_tag_of_later_webhooks(voice: Voice) -> None:
    voice.hooks.reply('<Response><Tag/><Redirect redirectUrl="two"/></Response>', path="/one")
    voice.hooks.reply("<Response><Tag>second</Tag><Hangup/></Response>", path="/two")
    outcome = run_bxml(voice, '<Tag>first</Tag><Redirect redirectUrl="one"/>')

    assert [(h.path, h.payload.get("tag")) for h in outcome.hooks] == [
        ("/answer", None),
        ("/one", "first"),
        ("/two", None),
        ("/disconnect", "second"),
    ]
    assert outcome.duration == 0.0


def test_verbs_after_redirect_are_ignored(voice: Voice) -> None:
    voice.hooks.reply('<Response><Pause duration="1"/></Response>', path="/redirect")
    outcome = run_bxml(
        voice,
        '<Pause duration="2"/><Redirect redirectUrl="redirect"/>'
        '<Pause duration="30"/><Tag>unreached</Tag>',
    )

    assert [h.event_type for h in outcome.hooks] == ["answer", "redirect", "disconnect"]
    assert outcome.times("redirect") == [2.0]
    assert outcome.duration == 3.0
    assert "tag" not in outcome.disconnect


def test_redirect_credentials_arrive_as_basic_auth(voice: Voice) -> None:
    voice.hooks.reply("<Response><Hangup/></Response>", path="/redirect")
    outcome = run_bxml(
        voice, '<Redirect redirectUrl="redirect" username="ivr-user" password="s3cr:et"/>'
    )

    answer, redirect, disconnect = outcome.hooks
    assert "Authorization" not in answer.headers
    assert redirect.headers["Authorization"] == basic("ivr-user", "s3cr:et")
    assert "Authorization" not in disconnect.headers
    (delivery,) = voice.emu.ledger(call_id=outcome.call_id, event_type="redirect")
    assert delivery["request_headers"]["Authorization"] == basic("ivr-user", "s3cr:et")


def test_redirect_fallback_uses_the_fallback_credentials(voice: Voice) -> None:
    voice.hooks.reply("", status=503, path="/redirect")
    voice.hooks.reply("<Response><Hangup/></Response>", path="/backup")
    outcome = run_bxml(
        voice,
        '<Redirect redirectUrl="redirect" username="a" password="b"'
        ' redirectFallbackUrl="backup" redirectFallbackMethod="GET"'
        ' fallbackUsername="c" fallbackPassword="d"/>',
    )

    assert [(h.method, h.path) for h in outcome.hooks] == [
        ("POST", "/answer"),
        ("POST", "/redirect"),
        ("GET", "/backup"),
        ("POST", "/disconnect"),
    ]
    assert outcome.hooks[1].headers["Authorization"] == basic("a", "b")
    assert outcome.hooks[2].headers["Authorization"] == basic("c", "d")
    assert outcome.disconnect["cause"] == "hangup"


def test_redirect_with_get_sends_the_payload_as_query_parameters(voice: Voice) -> None:
    voice.hooks.reply('<Response><Pause duration="1"/></Response>', path="/redirect")
    outcome = run_bxml(
        voice,
        '<Tag>t1</Tag><Pause duration="1"/>'
        '<Redirect redirectUrl="redirect?x=1" redirectMethod="GET"/>',
    )

    redirect = outcome.hooks[1]
    assert (redirect.method, redirect.path, redirect.body) == ("GET", "/redirect", b"")
    post = outcome.hooks[0].payload
    expected = {
        **{key: post[key] for key in COMMON - {"eventType", "eventTime"}},
        "eventType": "redirect",
        "tag": "t1",
        "x": "1",
    }
    assert redirect.query == {**expected, "eventTime": redirect.query["eventTime"]}
    assert outcome.offset(redirect.query["eventTime"]) == 1.0
    assert_callback({k: v for k, v in redirect.query.items() if k != "x"})
    assert outcome.duration == 2.0


# -- Gather -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "digits", "expected"),
    [
        pytest.param(
            'terminatingDigits="#"', presses((1, "12#")), ("12", "#", 1.0), id="terminated"
        ),
        pytest.param(
            'terminatingDigits="*#"', presses((1, "*")), ("", "*", 1.0), id="terminator-only"
        ),
        pytest.param('maxDigits="3"', presses((1, "12345")), ("123", "", 1.0), id="max-digits"),
        pytest.param(
            'maxDigits="3" terminatingDigits="#"',
            presses((1, "1#2")),
            ("1", "#", 1.0),
            id="terminator-before-max",
        ),
        pytest.param(
            'interDigitTimeout="2"',
            presses((1, "1"), (2.5, "2")),
            ("12", "", 4.5),
            id="inter-digit-timeout",
        ),
        pytest.param(
            'interDigitTimeout="2"',
            presses((1, "1"), (3.5, "2")),
            ("1", "", 3.0),
            id="late-digit-missed",
        ),
        pytest.param("", presses((1, "4")), ("4", "", 6.0), id="default-inter-digit-5s"),
        pytest.param('firstDigitTimeout="3"', None, ("", "", 3.0), id="first-digit-timeout"),
        pytest.param("", None, ("", "", 5.0), id="default-first-digit-5s"),
        pytest.param(
            'firstDigitTimeout="2" interDigitTimeout="1"',
            presses((1.9, "5")),
            ("5", "", 2.9),
            id="digit-just-in-time",
        ),
    ],
)
def test_gather_ends(
    voice: Voice,
    attributes: str,
    digits: list[dict[str, Any]] | None,
    expected: tuple[str, str, float],
) -> None:
    outcome = run_bxml(voice, f'<Gather gatherUrl="gather" {attributes}/>', digits=digits)

    assert gather_digits(outcome) == [expected]
    (gather,) = outcome.payloads("gather")
    assert set(gather) == COMMON | {"digits", "terminatingDigit"}
    assert_callback(gather)
    assert outcome.duration == expected[2]  # the empty reply to the gather hangs up


@pytest.mark.parametrize(
    ("prompts", "attributes", "digits", "expected"),
    [
        pytest.param(
            "<SpeakSentence>one two</SpeakSentence>",
            'firstDigitTimeout="2"',
            None,
            ("", "", 2.8),
            id="wait-starts-after-prompt",
        ),
        pytest.param(
            "<SpeakSentence>one two</SpeakSentence>"
            "<PlayAudio>https://media.example/menu.wav#duration=2</PlayAudio>",
            'firstDigitTimeout="1"',
            None,
            ("", "", 3.8),
            id="prompts-in-order",
        ),
        pytest.param(
            "<SpeakSentence>one two</SpeakSentence>",
            'firstDigitTimeout="1" repeatCount="3"',
            None,
            ("", "", 5.4),
            id="repeat-count",
        ),
        pytest.param(
            "<SpeakSentence>one two</SpeakSentence>",
            'firstDigitTimeout="1" repeatCount="3" interDigitTimeout="1"',
            presses((2.0, "9")),
            ("9", "", 3.0),
            id="digit-in-second-repeat",
        ),
        pytest.param(
            "<SpeakSentence>one two three four five six seven eight nine ten</SpeakSentence>",
            'maxDigits="1"',
            presses((1, "3")),
            ("3", "", 1.0),
            id="first-digit-cuts-prompt",
        ),
        pytest.param(
            "<PlayAudio>https://media.example/long.wav#duration=60</PlayAudio>"
            "<SpeakSentence>never reached</SpeakSentence>",
            'interDigitTimeout="1"',
            presses((2, "7")),
            ("7", "", 3.0),
            id="digit-skips-later-prompts",
        ),
    ],
)
def test_gather_prompts(
    voice: Voice,
    prompts: str,
    attributes: str,
    digits: list[dict[str, Any]] | None,
    expected: tuple[str, str, float],
) -> None:
    outcome = run_bxml(
        voice, f'<Gather gatherUrl="gather" {attributes}>{prompts}</Gather>', digits=digits
    )
    assert gather_digits(outcome) == [expected]


def test_gather_with_gather_url_ends_the_document(voice: Voice) -> None:
    voice.hooks.reply('<Response><Pause duration="2"/></Response>', path="/gather")
    outcome = run_bxml(
        voice,
        '<Gather gatherUrl="gather" maxDigits="1"/><Pause duration="30"/>',
        digits=presses((1, "8")),
    )
    assert [h.event_type for h in outcome.hooks] == ["answer", "gather", "disconnect"]
    assert outcome.duration == 3.0


def test_gather_without_gather_url_discards_digits_and_continues(voice: Voice) -> None:
    outcome = run_bxml(
        voice,
        '<Gather maxDigits="2"><SpeakSentence>enter two digits</SpeakSentence></Gather>'
        "<SpeakSentence>after the gather</SpeakSentence>"  # 1.2 s
        '<Gather gatherUrl="gather" firstDigitTimeout="1"/>',
        digits=presses((1, "123")),
    )
    # "12" ends the first gather at 1 s; the leftover "3" is not carried into the second one.
    assert [h.event_type for h in outcome.hooks] == ["answer", "gather", "disconnect"]
    assert gather_digits(outcome) == [("", "", 3.2)]


def test_gather_presses_are_used_one_per_gather(voice: Voice) -> None:
    voice.hooks.reply(
        '<Response><Gather gatherUrl="second" maxDigits="2"/></Response>', path="/first"
    )
    outcome = run_bxml(
        voice,
        '<Pause duration="3"/><Gather gatherUrl="first" maxDigits="1"/>',
        digits=[
            {"at": 0.5, "digits": "1", "after": "gather"},
            {"at": 2, "digits": "42", "after": "gather"},
        ],
    )
    assert gather_digits(outcome) == [("1", "", 3.5), ("42", "", 5.5)]


# -- StartGather / StopGather -------------------------------------------------------------


def test_start_gather_sends_one_dtmf_webhook_per_digit(voice: Voice) -> None:
    voice.hooks.reply("<Response><Hangup/></Response>", path="/dtmf")  # ignored: async event
    outcome = run_bxml(
        voice,
        '<StartGather dtmfUrl="dtmf"/><Pause duration="10"/>',
        digits=presses((2, "12"), (5, "#")),
    )

    dtmf = outcome.payloads("dtmf")
    assert [(p["digit"], outcome.offset(p["eventTime"])) for p in dtmf] == [
        ("1", 2.0),
        ("2", 2.0),
        ("#", 5.0),
    ]
    assert {hook.path for hook in outcome.hooks if hook.event_type == "dtmf"} == {"/dtmf"}
    for payload in dtmf:
        assert set(payload) == COMMON | {"digit"}
        assert payload["callId"] == outcome.call_id
        assert_callback(payload)
    assert outcome.duration == 10.0
    assert outcome.disconnect["cause"] == "hangup"


def test_start_gather_pauses_while_a_gather_runs(voice: Voice) -> None:
    outcome = run_bxml(
        voice,
        '<StartGather dtmfUrl="dtmf" username="u" password="p"/><Pause duration="2"/>'
        '<Gather maxDigits="1" firstDigitTimeout="3"/><Pause duration="3"/>',
        digits=presses((1, "1"), (3, "2"), (5, "3")),
    )

    # 1 is heard by StartGather, 2 by the Gather (2 s to 3 s), 3 by StartGather again.
    assert [(p["digit"], outcome.offset(p["eventTime"])) for p in outcome.payloads("dtmf")] == [
        ("1", 1.0),
        ("3", 5.0),
    ]
    assert {hook.headers["Authorization"] for hook in outcome.hooks[1:-1]} == {basic("u", "p")}
    assert outcome.duration == 6.0


def test_stop_gather_ends_dtmf_webhooks(voice: Voice) -> None:
    outcome = run_bxml(
        voice,
        '<StartGather dtmfUrl="dtmf"/><Pause duration="2"/><StopGather/><Pause duration="2"/>',
        digits=presses((1, "1"), (3, "2")),
    )

    assert [h.event_type for h in outcome.hooks] == ["answer", "dtmf", "disconnect"]
    assert outcome.payloads("dtmf")[0]["digit"] == "1"
    assert outcome.duration == 4.0


def test_start_gather_survives_a_redirect(voice: Voice) -> None:
    voice.hooks.reply('<Response><Pause duration="3"/></Response>', path="/redirect")
    outcome = run_bxml(
        voice,
        '<StartGather dtmfUrl="dtmf"/><Redirect redirectUrl="redirect"/>',
        digits=presses((2, "5")),
    )
    assert [h.event_type for h in outcome.hooks] == ["answer", "redirect", "dtmf", "disconnect"]
    assert outcome.times("dtmf") == [2.0]


# -- verbs that are not emulated ------------------------------------------------------------

UNSUPPORTED = [
    ("Connect", "<Connect><Endpoint>e-1</Endpoint></Connect>"),
    ("Refer", "<Refer><SipUri>sip:agent@pbx.example</SipUri></Refer>"),
]


@pytest.mark.parametrize(("name", "verb"), UNSUPPORTED, ids=[name for name, _ in UNSUPPORTED])
def test_unsupported_verb_ends_the_call_with_application_error(
    voice: Voice, name: str, verb: str
) -> None:
    outcome = run_bxml(voice, f"<SpeakSentence>one two</SpeakSentence>{verb}<Pause duration='5'/>")

    message = f"<{name}> is not emulated yet by telephony-emulator"
    disconnect = outcome.disconnect
    assert [h.event_type for h in outcome.hooks] == ["answer", "disconnect"]
    assert set(disconnect) == COMMON | {"endTime", "cause", "errorMessage", "errorId"}
    assert (disconnect["cause"], disconnect["errorMessage"]) == ("application-error", message)
    assert uuid.UUID(disconnect["errorId"])
    assert_callback(disconnect)
    assert outcome.duration == 0.8
    state = outcome.state
    assert state.state == "disconnected"
    assert (state.disconnect_cause, state.error_message) == ("application-error", message)
    assert state.error_id == disconnect["errorId"]
    assert state.end_time == instant(disconnect["endTime"])
    (delivery,) = voice.emu.ledger(call_id=outcome.call_id, event_type="disconnect")
    assert (delivery["outcome"], delivery["response_status"]) == ("delivered", 204)
    assert delivery["url"] == voice.hooks.url_for("/disconnect")
    assert json.loads(delivery["request_body"]) == disconnect
