"""The BXML parser: every verb, its defaults, the SDK's output, SSML, and every refusal."""

import dataclasses
from typing import Any

import pytest
from bandwidth.models import bxml as sdk
from telephony_emulator.bxml import verbs
from telephony_emulator.bxml.parser import MAX_BXML_BYTES, BxmlError, parse_bxml
from telephony_emulator.bxml.verbs import (
    Bridge,
    Conference,
    Connect,
    CustomParam,
    Document,
    Endpoint,
    Forward,
    Gather,
    Hangup,
    Pause,
    PauseRecording,
    PhoneNumber,
    PlayAudio,
    Record,
    Redirect,
    Refer,
    ResumeRecording,
    Ring,
    SendDtmf,
    SipUri,
    SpeakSentence,
    StartGather,
    StartRecording,
    StartStream,
    StartTranscription,
    StopGather,
    StopRecording,
    StopStream,
    StopTranscription,
    StreamParam,
    Tag,
    Transfer,
    Verb,
)
from telephony_emulator.webhooks.target import WebhookTarget


def parse_one(fragment: str) -> Verb:
    """Parse one verb wrapped in a <Response>."""
    parsed = parse_bxml(f"<Response>{fragment}</Response>").verbs
    assert len(parsed) == 1
    return parsed[0]


def refusal(document: str | bytes) -> str:
    with pytest.raises(BxmlError) as caught:
        parse_bxml(document)
    return str(caught.value)


# --- documents ----------------------------------------------------------------------------


def test_both_roots_with_and_without_prolog() -> None:
    for root in ("Response", "Bxml"):
        bare = parse_bxml(f"<{root}><Hangup/></{root}>")
        prolog = parse_bxml(f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}><Hangup/></{root}>')
        assert bare == prolog == Document(root=root, verbs=(Hangup(),))


def test_whitespace_comments_bytes_and_empty_root() -> None:
    document = (
        '\n  <?xml version="1.0"?>\n<Response>\n  <!-- a comment -->\n  <Pause/>\n</Response>\n'
    )
    assert parse_bxml(document).verbs == (Pause(),)
    assert parse_bxml(document.encode()).verbs == (Pause(),)
    assert parse_bxml("\ufeff<Response/>") == Document(root="Response", verbs=())
    assert parse_bxml(b"\xef\xbb\xbf<Response/>") == Document(root="Response", verbs=())


def test_verbs_keep_their_order() -> None:
    document = "<Response><Tag>a</Tag><Pause/><Ring/><Hangup/></Response>"
    assert parse_bxml(document).verbs == (Tag("a"), Pause(), Ring(), Hangup())


def test_document_at_exactly_the_size_limit_is_accepted() -> None:
    document = "<Response>" + " " * (MAX_BXML_BYTES - len("<Response></Response>")) + "</Response>"
    assert len(document.encode()) == MAX_BXML_BYTES
    assert parse_bxml(document).verbs == ()


# --- every verb with every attribute --------------------------------------------------------

ALL_ATTRIBUTES: list[tuple[str, Verb]] = [
    (
        '<SpeakSentence voice="julie" gender="male" locale="en_GB">Hi there</SpeakSentence>',
        SpeakSentence(text="Hi there", voice="julie", gender="male", locale="en_GB"),
    ),
    (
        '<PlayAudio username="u" password="p">https://x.test/a.wav</PlayAudio>',
        PlayAudio(url="https://x.test/a.wav", username="u", password="p"),
    ),
    ('<Pause duration="2.5"/>', Pause(duration=2.5)),
    ('<Ring duration="0.1" answerCall="FALSE"/>', Ring(duration=0.1, answer_call=False)),
    (
        '<SendDtmf toneDuration="50" toneInterval="5000">12,w3#*aD</SendDtmf>',
        SendDtmf(digits="12,w3#*aD", tone_duration=50, tone_interval=5000),
    ),
    ("<Tag>  new tag  </Tag>", Tag(value="new tag")),
    ("<Hangup/>", Hangup()),
    (
        '<Redirect redirectUrl="/next" redirectMethod="get" redirectFallbackUrl="http://f.test/x"'
        ' redirectFallbackMethod="Post" username="u" password="p" fallbackUsername="fu"'
        ' fallbackPassword="fp" tag="t"/>',
        Redirect(
            redirect=WebhookTarget(
                url="/next",
                method="GET",
                fallback_url="http://f.test/x",
                fallback_method="POST",
                username="u",
                password="p",
                fallback_username="fu",
                fallback_password="fp",
            ),
            tag="t",
        ),
    ),
    (
        '<StartGather dtmfUrl="/dtmf" dtmfMethod="GET" username="u" password="p" tag=""/>',
        StartGather(
            dtmf=WebhookTarget(url="/dtmf", method="GET", username="u", password="p"), tag=""
        ),
    ),
    ("<StopGather/>", StopGather()),
    (
        '<Bridge bridgeCompleteUrl="/bc" bridgeCompleteMethod="GET"'
        ' bridgeCompleteFallbackUrl="/bcf" bridgeCompleteFallbackMethod="GET"'
        ' bridgeTargetCompleteUrl="/btc"'
        ' bridgeTargetCompleteMethod="GET" bridgeTargetCompleteFallbackUrl="/btcf"'
        ' bridgeTargetCompleteFallbackMethod="GET" username="u" password="p" fallbackUsername="fu"'
        ' fallbackPassword="fp" tag="t"> c-123 </Bridge>',
        Bridge(
            target_call_id="c-123",
            # The verb's credentials go with each of its webhooks.
            bridge_complete=WebhookTarget("/bc", "GET", "/bcf", "GET", "u", "p", "fu", "fp"),
            bridge_target_complete=WebhookTarget(
                "/btc", "GET", "/btcf", "GET", "u", "p", "fu", "fp"
            ),
            tag="t",
        ),
    ),
    ("<PauseRecording/>", PauseRecording()),
    ("<ResumeRecording/>", ResumeRecording()),
    ("<StopRecording/>", StopRecording()),
    ('<StopStream name="s1" wait="true"/>', StopStream(name="s1", wait=True)),
    ('<StopTranscription name="t1"/>', StopTranscription(name="t1")),
    ("<StopTranscription/>", StopTranscription(name=None)),
]


@pytest.mark.parametrize(("fragment", "expected"), ALL_ATTRIBUTES)
def test_verb_with_all_attributes(fragment: str, expected: Verb) -> None:
    assert parse_one(fragment) == expected


def test_gather_with_all_attributes_and_prompts() -> None:
    gather = parse_one(
        '<Gather gatherUrl="/g" gatherMethod="get" gatherFallbackUrl="/gf"'
        ' gatherFallbackMethod="GET" username="u" password="p" fallbackUsername="fu"'
        ' fallbackPassword="fp" tag="t"'
        ' terminatingDigits="#*" maxDigits="4" interDigitTimeout="1.5" firstDigitTimeout="0"'
        ' repeatCount="2" input="dtmf_speech" hints="yes,no" language="en-US" speechModel="phone"'
        ' partialResultCallback="/partial" partialResultCallbackMethod="get"'
        ' profanityFilter="false" speechTimeout="3">'
        "  <SpeakSentence>Press one</SpeakSentence>"
        "  <PlayAudio>beep.wav</PlayAudio>"
        "</Gather>"
    )
    assert gather == Gather(
        gather=WebhookTarget("/g", "GET", "/gf", "GET", "u", "p", "fu", "fp"),
        tag="t",
        terminating_digits="#*",
        max_digits=4,
        inter_digit_timeout=1.5,
        first_digit_timeout=0,
        repeat_count=2,
        prompts=(SpeakSentence(text="Press one"), PlayAudio(url="beep.wav")),
        input="dtmf_speech",
        hints="yes,no",
        language="en-US",
        speech_model="phone",
        partial_result_callback="/partial",
        partial_result_callback_method="GET",
        profanity_filter=False,
        speech_timeout=3,
    )
    assert isinstance(gather, Gather)
    assert isinstance(gather.max_digits, int)
    assert isinstance(gather.repeat_count, int)


def test_transfer_with_all_attributes_and_targets() -> None:
    target_attributes = (
        'transferAnswerUrl="/ta" transferAnswerMethod="GET" transferAnswerFallbackUrl="/taf"'
        ' transferAnswerFallbackMethod="GET" transferDisconnectUrl="/td"'
        ' transferDisconnectMethod="GET" username="u" password="p" fallbackUsername="fu"'
        ' fallbackPassword="fp" tag="b" uui="abc;encoding=base64"'
    )
    transfer = parse_one(
        '<Transfer transferCallerId="+15550001111" transferCallerDisplayName="Front desk"'
        ' privacy="true" callTimeout="12.5" transferCompleteUrl="/tc" transferCompleteMethod="GET"'
        ' transferCompleteFallbackUrl="/tcf" transferCompleteFallbackMethod="GET" username="u"'
        ' password="p" fallbackUsername="fu" fallbackPassword="fp" tag="t"'
        ' diversionTreatment="stack" diversionReason="user-busy">'
        f"<PhoneNumber {target_attributes}>+15552223333</PhoneNumber>"
        f"<SipUri {target_attributes}>sip:agent@pbx.test</SipUri>"
        "</Transfer>"
    )
    shared: dict[str, Any] = {
        "transfer_answer": WebhookTarget("/ta", "GET", "/taf", "GET", "u", "p", "fu", "fp"),
        # transferDisconnect has no fallback, so no fallback credentials either.
        "transfer_disconnect": WebhookTarget("/td", "GET", username="u", password="p"),
        "tag": "b",
        "uui": "abc;encoding=base64",
    }
    assert transfer == Transfer(
        targets=(
            PhoneNumber(number="+15552223333", **shared),
            SipUri(uri="sip:agent@pbx.test", **shared),
        ),
        transfer_caller_id="+15550001111",
        transfer_caller_display_name="Front desk",
        privacy=True,
        call_timeout=12.5,
        transfer_complete=WebhookTarget("/tc", "GET", "/tcf", "GET", "u", "p", "fu", "fp"),
        tag="t",
        diversion_treatment="stack",
        diversion_reason="user-busy",
    )


def test_forward_with_all_attributes() -> None:
    forward = parse_one(
        '<Forward to="sip:bob@pbx.test" from="Anonymous" callTimeout="300"'
        ' diversionTreatment="propagate" diversionReason="away" uui="x" privacy="true"'
        ' callerDisplayName="Reception"/>'
    )
    assert forward == Forward(
        to="sip:bob@pbx.test",
        from_="Anonymous",
        call_timeout=300,
        diversion_treatment="propagate",
        diversion_reason="away",
        uui="x",
        privacy=True,
        caller_display_name="Reception",
    )


def test_conference_with_all_attributes() -> None:
    conference = parse_one(
        '<Conference mute="true" hold="true" callIdsToCoach="c-1, c-2" conferenceEventUrl="/ce"'
        ' conferenceEventMethod="GET" conferenceEventFallbackUrl="/cef"'
        ' conferenceEventFallbackMethod="GET" username="u" password="p" fallbackUsername="fu"'
        ' fallbackPassword="fp" tag="t" callbackTimeout="25">my-room_1.a</Conference>'
    )
    assert conference == Conference(
        name="my-room_1.a",
        mute=True,
        hold=True,
        call_ids_to_coach=("c-1", "c-2"),
        conference_event=WebhookTarget("/ce", "GET", "/cef", "GET", "u", "p", "fu", "fp"),
        conference_event_method="GET",
        tag="t",
        callback_timeout=25,
    )


def test_start_stream_with_all_attributes_and_params() -> None:
    stream = parse_one(
        '<StartStream destination="wss://ws.test/media" name="s1" tracks="both"'
        ' mode="bidirectional" destinationUsername="du" destinationPassword="dp"'
        ' streamEventUrl="/se" streamEventMethod="GET" username="u" password="p">'
        '<StreamParam name="a" value="1"/><StreamParam name="b" value=""/>'
        "</StartStream>"
    )
    assert stream == StartStream(
        destination="wss://ws.test/media",
        name="s1",
        tracks="both",
        mode="bidirectional",
        destination_username="du",
        destination_password="dp",
        stream_event=WebhookTarget("/se", "GET", username="u", password="p"),
        params=(StreamParam(name="a", value="1"), StreamParam(name="b", value="")),
    )


def test_connect_and_refer() -> None:
    connect = parse_one(
        '<Connect eventCallbackUrl="/ev" eventFallbackUrl="https://f.test/ev">'
        "<Endpoint> e-1 </Endpoint><Endpoint>e-2</Endpoint></Connect>"
    )
    assert connect == Connect(
        endpoints=(Endpoint("e-1"), Endpoint("e-2")),
        event_callback_url="/ev",
        event_fallback_url="https://f.test/ev",
    )
    refer = parse_one(
        '<Refer referCompleteUrl="/rc" referCompleteMethod="GET" tag="t">'
        '<SipUri uui="u">sips:x@y.test</SipUri></Refer>'
    )
    assert refer == Refer(
        target=SipUri(uri="sips:x@y.test", uui="u"),
        refer_complete=WebhookTarget("/rc", "GET"),
        tag="t",
    )


# --- defaults -------------------------------------------------------------------------------


def test_defaults_are_applied() -> None:
    assert parse_one("<Pause/>") == Pause(duration=1)
    assert parse_one("<Ring/>") == Ring(duration=5, answer_call=True)
    assert parse_one("<SendDtmf>1</SendDtmf>") == SendDtmf(
        "1", tone_duration=200, tone_interval=400
    )
    assert parse_one("<Tag/>") == Tag(value="")
    assert parse_one('<Redirect redirectUrl="/r"/>') == Redirect(
        WebhookTarget("/r", method="POST", fallback_method="POST"), tag=None
    )
    speak = parse_one("<SpeakSentence>Hi</SpeakSentence>")
    assert speak == SpeakSentence("Hi", break_seconds=0, voice=None, gender=None, locale=None)


def test_gather_defaults() -> None:
    gather = parse_one("<Gather/>")
    assert isinstance(gather, Gather)
    expected = {
        "gather": None,
        "tag": None,
        "terminating_digits": "",
        "max_digits": 50,
        "inter_digit_timeout": 5,
        "first_digit_timeout": 5,
        "repeat_count": 1,
        "prompts": (),
        "input": "dtmf",
        "partial_result_callback_method": "POST",
        "profanity_filter": True,
        "speech_timeout": 5,
    }
    assert {name: getattr(gather, name) for name in expected} == expected
    with_url = parse_one('<Gather gatherUrl="/g"/>')
    assert isinstance(with_url, Gather)
    assert with_url.gather == WebhookTarget("/g", method="POST", fallback_method="POST")


def test_a_webhook_without_its_url_is_no_target() -> None:
    transfer = parse_one(
        '<Transfer transferCompleteMethod="GET" transferCompleteFallbackUrl="/f" username="u">'
        '<PhoneNumber transferAnswerMethod="GET" transferDisconnectMethod="GET">+15550001111'
        "</PhoneNumber></Transfer>"
    )
    assert transfer == Transfer(targets=(PhoneNumber("+15550001111"),))
    # getConference shows conferenceEventMethod even without a URL, so the verb keeps it.
    conference = parse_one('<Conference conferenceEventMethod="GET">r</Conference>')
    assert conference == Conference("r", conference_event=None, conference_event_method="GET")


def test_other_defaults() -> None:
    record = parse_one("<Record/>")
    assert isinstance(record, Record)
    assert (record.terminating_digits, record.max_duration, record.silence_timeout) == ("#", 60, 0)
    assert (record.file_format, record.transcribe, record.detect_language) == ("wav", False, False)
    start = parse_one("<StartRecording/>")
    assert isinstance(start, StartRecording)
    assert (start.multi_channel, start.file_format, start.transcribe) == (False, "wav", False)
    forward = parse_one('<Forward to="+15550001111"/>')
    assert isinstance(forward, Forward)
    assert (forward.from_, forward.call_timeout, forward.privacy) == (None, 30, False)
    assert (forward.diversion_treatment, forward.diversion_reason) == ("none", "unknown")
    conference = parse_one("<Conference>room</Conference>")
    assert conference == Conference("room", mute=False, hold=False, call_ids_to_coach=())
    assert isinstance(conference, Conference)
    assert conference.callback_timeout is None
    stream = parse_one('<StartStream destination="wss://w.test"/>')
    assert stream == StartStream("wss://w.test", tracks="inbound", mode="unidirectional")
    transcription = parse_one("<StartTranscription/>")
    assert transcription == StartTranscription(tracks="inbound", stabilized=True)
    assert parse_one('<StopStream name="s"/>') == StopStream("s", wait=False)
    transfer = parse_one("<Transfer><PhoneNumber>+15550001111</PhoneNumber></Transfer>")
    assert isinstance(transfer, Transfer)
    assert (transfer.call_timeout, transfer.transfer_caller_id, transfer.privacy) == (
        30,
        None,
        False,
    )


def test_attribute_conventions() -> None:
    assert parse_one('<Redirect redirectUrl="/r" redirectMethod="gEt"/>') == Redirect(
        WebhookTarget("/r", method="GET")
    )
    assert parse_one('<Ring answerCall="True"/>') == Ring(answer_call=True)
    assert parse_one('<Gather maxDigits="5.0" repeatCount="+2"/>') == Gather(
        max_digits=5, repeat_count=2
    )
    assert parse_one('<Pause duration=".5"/>') == Pause(duration=0.5)
    assert parse_one('<Pause duration="86400"/>') == Pause(duration=86400)
    assert parse_one('<Redirect redirectUrl="/r" tag=""/>') == Redirect(WebhookTarget("/r"), tag="")
    assert parse_one(f'<Redirect redirectUrl="/r" tag="{"t" * 256}"/>') == Redirect(
        WebhookTarget("/r"), tag="t" * 256
    )
    # A blank transferCallerId passes the remote party's number through, as if absent.
    transfer = parse_one('<Transfer transferCallerId=""><SipUri>sip:a@b.test</SipUri></Transfer>')
    assert transfer == Transfer(targets=(SipUri("sip:a@b.test"),), transfer_caller_id=None)
    assert parse_one('<Conference callIdsToCoach="">r</Conference>') == Conference("r")
    assert parse_one("<Tag>\n  </Tag>") == Tag("")


@pytest.mark.parametrize(
    "url",
    ["/relative", "relative/path?x=1", "http://h.test/a", "HTTPS://h.test/a", "u" * 2048],
)
def test_urls_may_be_relative_or_http(url: str) -> None:
    assert parse_one(f'<Redirect redirectUrl="{url}"/>') == Redirect(WebhookTarget(url))
    assert parse_one(f"<PlayAudio>{url}</PlayAudio>") == PlayAudio(url)


# --- SSML -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "text", "seconds"),
    [
        ("Hello world", "Hello world", 0),
        ("  Hello \n\t  world  ", "Hello world", 0),
        ('Hello <break time="2s"/> world', "Hello world", 2),
        ('Hello<break time="500ms"/>world', "Hello world", 0.5),
        ('a <break time="1.5s"/> b <break time="250ms"/> c', "a b c", 1.75),
        ("a <break/> b", "a b", 0.5),
        ('a <break strength="none"/> b', "a b", 0),
        ('a <break strength="x-weak"/> b', "a b", 0.1),
        ('a <break strength="weak"/> b', "a b", 0.25),
        ('a <break strength="medium"/> b', "a b", 0.5),
        ('a <break strength="strong"/> b', "a b", 0.75),
        ('a <break strength="x-strong"/> b', "a b", 1.0),
        ('a <break strength="weak" time="3s"/> b', "a b", 3),
        (
            'Say <emphasis level="strong">this</emphasis>, <say-as interpret-as="digits">123'
            '</say-as> and <sub alias="World Wide Web">WWW</sub>.',
            "Say this, 123 and WWW.",
            0,
        ),
        ("<p>One</p><p>Two</p><s>Three</s>", "One Two Three", 0),
        (
            '<prosody rate="slow">slow <break time="1s"/> down</prosody>'
            ' <lang xml:lang="fr-FR">Bonjour</lang>'
            ' <phoneme alphabet="ipa" ph="pɪˈkɑːn">pecan</phoneme>',
            "slow down Bonjour pecan",
            1,
        ),
    ],
)
def test_speak_sentence_ssml(content: str, text: str, seconds: float) -> None:
    speak = parse_one(f"<SpeakSentence>{content}</SpeakSentence>")
    assert isinstance(speak, SpeakSentence)
    assert speak.text == text
    assert speak.break_seconds == pytest.approx(seconds)


# --- the official SDK's output parses ---------------------------------------------------------

AUTH: dict[str, Any] = {"username": "u", "password": "p"}
HOOK: dict[str, Any] = {**AUTH, "fallback_username": "fu", "fallback_password": "fp", "tag": "t"}


def hook(url: str, fallback_url: str | None = None) -> WebhookTarget:
    """What a webhook the SDK cases give (GET, with the credentials above) parses into."""
    if fallback_url is None:
        return WebhookTarget(url, "GET", username="u", password="p")
    return WebhookTarget(url, "GET", fallback_url, "GET", "u", "p", "fu", "fp")


def sdk_hook(name: str, url: str, fallback_url: str | None = None) -> dict[str, str]:
    """The SDK's arguments for a webhook that parses into ``hook(url, fallback_url)``."""
    arguments = {f"{name}_url": url, f"{name}_method": "GET"}
    if fallback_url is not None:
        arguments |= {f"{name}_fallback_url": fallback_url, f"{name}_fallback_method": "GET"}
    return arguments


TARGET: dict[str, Any] = {
    **HOOK,
    **sdk_hook("transfer_answer", "/ta", "/taf"),
    **sdk_hook("transfer_disconnect", "/td"),
    "uui": "abc",
}
PARSED_TARGET: dict[str, Any] = {
    "transfer_answer": hook("/ta", "/taf"),
    "transfer_disconnect": hook("/td"),
    "tag": "t",
    "uui": "abc",
}
REDIRECT: dict[str, Any] = {
    "redirect_method": "GET",
    "redirect_fallback_url": "/rf",
    "redirect_fallback_method": "GET",
}
GATHERING: dict[str, Any] = {
    "terminating_digits": "#",
    "max_digits": 3,
    "inter_digit_timeout": 2,
    "first_digit_timeout": 4,
    "repeat_count": 3,
    "input": "speech",
    "hints": "a,b",
    "language": "en-US",
    "partial_result_callback": "/p",
    "partial_result_callback_method": "GET",
    "profanity_filter": False,
    "speech_model": "default",
    "speech_timeout": 7,
}
GATHER: dict[str, Any] = {
    **HOOK,
    **sdk_hook("gather", "/g", "/gf"),
    **GATHERING,
}
FORWARD: dict[str, Any] = {
    "to": "+15550001111",
    "call_timeout": 20,
    "diversion_treatment": "stack",
    "diversion_reason": "no-answer",
    "uui": "x",
    "privacy": True,
    "caller_display_name": "Bob",
}
TRANSFERRING: dict[str, Any] = {
    "transfer_caller_id": "Private",
    "transfer_caller_display_name": "Desk",
    "call_timeout": 45,
    "diversion_treatment": "propagate",
    "diversion_reason": "deflection",
    "privacy": False,
}
TRANSFER: dict[str, Any] = {
    **HOOK,
    **TRANSFERRING,
    **sdk_hook("transfer_complete", "/tc", "/tcf"),
}
BRIDGE: dict[str, Any] = {
    **HOOK,
    **sdk_hook("bridge_complete", "/bc", "/bcf"),
    **sdk_hook("bridge_target_complete", "/btc", "/btcf"),
}
CONFERENCING: dict[str, Any] = {"mute": True, "hold": False, "callback_timeout": 10}
CONFERENCE: dict[str, Any] = {
    **HOOK,
    **CONFERENCING,
    **sdk_hook("conference_event", "/ce", "/cef"),
}
RECORDING_OPTIONS: dict[str, Any] = {
    "tag": "t",
    "transcribe": True,
    "file_format": "mp3",
    "detect_language": True,
    "recording_name": "vm",
}
RECORDING: dict[str, Any] = {
    **AUTH,
    **RECORDING_OPTIONS,
    **sdk_hook("recording_available", "/ra"),
    **sdk_hook("transcription_available", "/ta"),
}
PARSED_RECORDING: dict[str, Any] = {
    **RECORDING_OPTIONS,
    "recording_available": hook("/ra"),
    "transcription_available": hook("/ta"),
}
RECORDING_LIMITS: dict[str, Any] = {
    "terminating_digits": "*",
    "max_duration": 120,
    "silence_timeout": 5,
}
RECORD: dict[str, Any] = {
    **RECORDING,
    **HOOK,
    **RECORDING_LIMITS,
    **sdk_hook("record_complete", "/rc", "/rcf"),
}
STREAMING: dict[str, Any] = {
    "destination_username": "du",
    "destination_password": "dp",
    "name": "s",
    "mode": "bidirectional",
    "tracks": "both",
}
STREAM: dict[str, Any] = {
    **AUTH,
    **STREAMING,
    **sdk_hook("stream_event", "/se"),
}
TRANSCRIBING: dict[str, Any] = {
    "name": "t",
    "tracks": "both",
    "destination": "wss://w.test/t",
    "stabilized": False,
    "detect_language": True,
    "preferred_languages": "en-US",
}
TRANSCRIPTION: dict[str, Any] = {
    **AUTH,
    **TRANSCRIBING,
    **sdk_hook("transcription_event", "/te"),
}
REFER: dict[str, Any] = {**sdk_hook("refer_complete", "/rc"), "tag": "t"}
SSML = 'Hi <break time="1s"/> there'
VOICE: dict[str, Any] = {"voice": "julie", "gender": "female", "locale": "en_US"}

# (what the SDK builds, what we parse its output into)
SDK_CASES: list[tuple[Any, Verb]] = [
    (sdk.SpeakSentence(SSML, **VOICE), SpeakSentence("Hi there", break_seconds=1, **VOICE)),
    (sdk.PlayAudio("a.wav", **AUTH), PlayAudio("a.wav", **AUTH)),
    (sdk.Pause(duration=3), Pause(3)),
    (sdk.Ring(duration=2.5, answer_call=False), Ring(2.5, answer_call=False)),
    (sdk.SendDtmf("123", tone_duration=100, tone_interval=150), SendDtmf("123", 100, 150)),
    (sdk.Tag("label"), Tag("label")),
    (sdk.Tag(), Tag("")),
    (sdk.Hangup(), Hangup()),
    (sdk.Redirect("/r", **REDIRECT, **HOOK), Redirect(hook("/r", "/rf"), tag="t")),
    (
        sdk.Gather(
            [sdk.SpeakSentence("Press 1", **VOICE), sdk.PlayAudio("b.wav", **AUTH)], **GATHER
        ),
        Gather(
            hook("/g", "/gf"),
            tag="t",
            prompts=(SpeakSentence("Press 1", **VOICE), PlayAudio("b.wav", **AUTH)),
            **GATHERING,
        ),
    ),
    (sdk.StartGather("/d", "GET", tag="", **AUTH), StartGather(hook("/d"), tag="")),
    (sdk.StopGather(), StopGather()),
    (sdk.Forward(_from="Restricted", **FORWARD), Forward(from_="Restricted", **FORWARD)),
    (
        sdk.Transfer(
            [sdk.PhoneNumber("+15550003333", **TARGET), sdk.SipUri("sip:a@b.test", **TARGET)],
            **TRANSFER,
        ),
        Transfer(
            targets=(
                PhoneNumber("+15550003333", **PARSED_TARGET),
                SipUri("sip:a@b.test", **PARSED_TARGET),
            ),
            transfer_complete=hook("/tc", "/tcf"),
            tag="t",
            **TRANSFERRING,
        ),
    ),
    (
        sdk.Bridge("c-1", **BRIDGE),
        Bridge(
            "c-1",
            bridge_complete=hook("/bc", "/bcf"),
            bridge_target_complete=hook("/btc", "/btcf"),
            tag="t",
        ),
    ),
    (
        sdk.Conference("room", call_ids_to_coach="c-1,c-2", **CONFERENCE),
        Conference(
            "room",
            call_ids_to_coach=("c-1", "c-2"),
            conference_event=hook("/ce", "/cef"),
            conference_event_method="GET",
            tag="t",
            **CONFERENCING,
        ),
    ),
    (
        sdk.Record(**RECORD),
        Record(record_complete=hook("/rc", "/rcf"), **PARSED_RECORDING, **RECORDING_LIMITS),
    ),
    (
        sdk.StartRecording(multi_channel=True, **RECORDING),
        StartRecording(multi_channel=True, **PARSED_RECORDING),
    ),
    (sdk.PauseRecording(), PauseRecording()),
    (sdk.ResumeRecording(), ResumeRecording()),
    (sdk.StopRecording(), StopRecording()),
    (
        sdk.StartStream("wss://w.test/s", stream_params=[sdk.StreamParam("k", "v")], **STREAM),
        StartStream(
            "wss://w.test/s",
            stream_event=hook("/se"),
            params=(StreamParam("k", "v"),),
            **STREAMING,
        ),
    ),
    (sdk.StopStream("s", wait=True), StopStream("s", wait=True)),
    (
        sdk.StartTranscription(custom_params=[sdk.CustomParam("k", "v")], **TRANSCRIPTION),
        StartTranscription(
            transcription_event=hook("/te"), params=(CustomParam("k", "v"),), **TRANSCRIBING
        ),
    ),
    (sdk.StopTranscription(name="t"), StopTranscription("t")),
    (
        sdk.Connect([sdk.Endpoint("e-1")], event_callback_url="/ev", event_fallback_url="/evf"),
        Connect((Endpoint("e-1"),), event_callback_url="/ev", event_fallback_url="/evf"),
    ),
    (
        sdk.Refer(sdk.SipUri("sip:x@y.test", **TARGET), **REFER),
        Refer(
            SipUri("sip:x@y.test", **PARSED_TARGET),
            refer_complete=WebhookTarget("/rc", "GET"),
            tag="t",
        ),
    ),
]


@pytest.mark.parametrize(("sdk_verb", "expected"), SDK_CASES, ids=lambda case: type(case).__name__)
def test_sdk_output_parses(sdk_verb: Any, expected: Verb) -> None:
    for root in (sdk.Response, sdk.Bxml):
        assert parse_bxml(root([sdk_verb]).to_bxml()).verbs == (expected,)


def _sdk_tree(verb: Any) -> list[Any]:
    children = getattr(verb, "_nested_verbs", None) or []
    return [verb, *(node for child in children for node in _sdk_tree(child))]


def _tree(verb: Verb) -> list[Verb]:
    nodes = [verb]
    for field in dataclasses.fields(verb):
        value = getattr(verb, field.name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, Verb):
                nodes += _tree(child)
    return nodes


def test_sdk_cases_set_every_attribute_of_every_sdk_verb() -> None:
    """So nothing the SDK can emit is refused, and every dataclass is built at least once."""
    instances = [node for sdk_verb, _ in SDK_CASES for node in _sdk_tree(sdk_verb)]
    for instance in instances:
        unset = [name for name, value in (instance._attributes or {}).items() if value is None]
        assert not unset, f"{type(instance).__name__} leaves {unset} unset"
    sdk_classes = {name for name, obj in vars(sdk.verbs).items() if isinstance(obj, type)}
    assert {type(instance).__name__ for instance in instances} == sdk_classes
    ours = {type(node) for _, expected in SDK_CASES for node in _tree(expected)}
    # Not Verb.__subclasses__(): slots=True leaves the pre-slots classes registered there too.
    every = {obj for obj in vars(verbs).values() if isinstance(obj, type) and issubclass(obj, Verb)}
    assert ours == every - {Verb}
    assert {cls.xml_name for cls in ours} == sdk_classes


def test_whole_sdk_document_parses() -> None:
    document = sdk.Bxml([verb for verb, _ in SDK_CASES]).to_bxml()
    assert parse_bxml(document) == Document("Bxml", tuple(expected for _, expected in SDK_CASES))


# --- refusals -------------------------------------------------------------------------------


def cases(table: str) -> list[tuple[str, str]]:
    """Pairs of lines: a document, then (indented) a fragment of the message it must raise."""
    lines = table.strip("\n").splitlines()
    return [(lines[i], lines[i + 1].strip()) for i in range(0, len(lines), 2)]


DOCUMENT_REFUSALS = [
    *cases("""
hello
    not well-formed XML
<Response><Hangup></Response>
    not well-formed XML: mismatched tag
<Response>&nbsp;</Response>
    undefined entity
<Foo/>
    the root element must be <Response> or <Bxml>, got <Foo>
<response/>
    the root element must be <Response> or <Bxml>, got <response>
<Response id="1"/>
    <Response> must not have attributes, got id
<Response>hello<Hangup/></Response>
    <Response> must not contain text, got 'hello'
<Response><Hangup/>bye</Response>
    <Response> must not contain text, got 'bye'
<Response xmlns="urn:x"><Hangup/></Response>
    <Response> is in XML namespace 'urn:x'
<Response xmlns:b="urn:b"><b:Hangup/></Response>
    <Hangup> is in XML namespace 'urn:b'
"""),
    ("", "not well-formed XML: no element found"),
]

# Each document is wrapped in <Response>.
VERB_REFUSALS = cases("""
<Pause xmlns:b="urn:b" b:duration="1"/>
    <Pause> attribute duration is in XML namespace 'urn:b'
<Dial/>
    unknown element <Dial> in <Response>
<hangup/>
    unknown element <hangup> in <Response> (did you mean <Hangup>?
<PhoneNumber>+15550001111</PhoneNumber>
    <PhoneNumber> is not allowed in <Response>; it belongs in <Transfer>
<StreamParam name="a" value="b"/>
    <StreamParam> is not allowed in <Response>; it belongs in <StartStream>
<Endpoint>e</Endpoint>
    <Endpoint> is not allowed in <Response>; it belongs in <Connect>
<Gather><Hangup/></Gather>
    <Hangup> is not allowed in <Gather>; only <SpeakSentence> or <PlayAudio> may appear there
<Gather><Gather/></Gather>
    <Gather> is not allowed in <Gather>
<Gather><Foo/></Gather>
    unknown element <Foo> in <Gather>
<Gather>press</Gather>
    <Gather> must not contain text, got 'press'
<Transfer><SpeakSentence>x</SpeakSentence></Transfer>
    <SpeakSentence> is not allowed in <Transfer>
<Refer><PhoneNumber>+15550001111</PhoneNumber></Refer>
    <PhoneNumber> is not allowed in <Refer>
<Hangup>bye</Hangup>
    <Hangup> must not contain text, got 'bye'
<Pause>1</Pause>
    <Pause> must not contain text, got '1'
<StopGather><Hangup/></StopGather>
    <StopGather> must not contain elements, got <Hangup>
<PlayAudio><Hangup/></PlayAudio>
    <PlayAudio> must contain only text, got element <Hangup>
<Tag><b>x</b></Tag>
    <Tag> must contain only text
<Pause durration="1"/>
    <Pause> has unknown attribute 'durration' (allowed: duration)
<Pause Duration="1"/>
    <Pause> has unknown attribute 'Duration'
<Hangup tag="x"/>
    <Hangup> has unknown attribute 'tag' (allowed: none)
<Forward to="+15550001111" _from="+15550002222"/>
    <Forward> has unknown attribute '_from'
<Redirect/>
    <Redirect> is missing required attribute redirectUrl
<StartGather/>
    <StartGather> is missing required attribute dtmfUrl
<Forward/>
    <Forward> is missing required attribute to
<StartStream/>
    <StartStream> is missing required attribute destination
<StopStream/>
    <StopStream> is missing required attribute name
<StartStream destination="wss://w"><StreamParam name="a"/></StartStream>
    <StreamParam> is missing required attribute value
<StartTranscription><CustomParam value="a"/></StartTranscription>
    <CustomParam> is missing required attribute name
<Ring answerCall="yes"/>
    <Ring> attribute answerCall must be true or false, got 'yes'
<Conference mute="1">r</Conference>
    <Conference> attribute mute must be true or false, got '1'
<Pause duration="abc"/>
    <Pause> attribute duration must be a number, got 'abc'
<Pause duration="1e3"/>
    <Pause> attribute duration must be a number, got '1e3'
<Pause duration="nan"/>
    <Pause> attribute duration must be a number, got 'nan'
<Pause duration=" 1"/>
    <Pause> attribute duration must be a number, got ' 1'
<Pause duration="0"/>
    <Pause> attribute duration must be between 0.1 and 86400, got 0
<Pause duration="86400.5"/>
    <Pause> attribute duration must be between 0.1 and 86400, got 86400.5
<Ring duration="0.05"/>
    <Ring> attribute duration must be between 0.1 and 86400, got 0.05
<SendDtmf toneDuration="49">1</SendDtmf>
    <SendDtmf> attribute toneDuration must be between 50 and 5000, got 49
<SendDtmf toneInterval="5001">1</SendDtmf>
    <SendDtmf> attribute toneInterval must be between 50 and 5000, got 5001
<Gather maxDigits="51"/>
    <Gather> attribute maxDigits must be between 1 and 50, got 51
<Gather maxDigits="0"/>
    <Gather> attribute maxDigits must be between 1 and 50, got 0
<Gather maxDigits="2.5"/>
    <Gather> attribute maxDigits must be a whole number, got '2.5'
<Gather interDigitTimeout="0.5"/>
    <Gather> attribute interDigitTimeout must be between 1 and 60, got 0.5
<Gather firstDigitTimeout="61"/>
    <Gather> attribute firstDigitTimeout must be between 0 and 60, got 61
<Gather repeatCount="21"/>
    <Gather> attribute repeatCount must be between 1 and 20, got 21
<Gather input="voice"/>
    <Gather> attribute input must be one of dtmf, speech, dtmf_speech; got 'voice'
<Gather terminatingDigits="#A"/>
    <Gather> attribute terminatingDigits must be digits from 0-9, * and #, got '#A'
<Forward to="+15550001111" callTimeout="301"/>
    <Forward> attribute callTimeout must be between 1 and 300, got 301
<Transfer callTimeout="0.5"><SipUri>sip:a</SipUri></Transfer>
    <Transfer> attribute callTimeout must be between 1 and 300, got 0.5
<Conference callbackTimeout="26">r</Conference>
    <Conference> attribute callbackTimeout must be between 1 and 25, got 26
<Record maxDuration="10801"/>
    <Record> attribute maxDuration must be between 1 and 10800, got 10801
<Record fileFormat="ogg"/>
    <Record> attribute fileFormat must be one of wav, mp3; got 'ogg'
<StartRecording fileFormat="WAV"/>
    <StartRecording> attribute fileFormat must be one of wav, mp3; got 'WAV'
<StartStream destination="wss://w" tracks="Inbound"/>
    <StartStream> attribute tracks must be one of inbound, outbound, both; got 'Inbound'
<StartStream destination="wss://w" mode="duplex"/>
    <StartStream> attribute mode must be one of unidirectional, bidirectional; got 'duplex'
<SpeakSentence gender="other">x</SpeakSentence>
    <SpeakSentence> attribute gender must be one of female, male; got 'other'
<Forward to="+15550001111" diversionTreatment="drop"/>
    <Forward> attribute diversionTreatment must be one of none, propagate, stack; got 'drop'
<Forward to="+15550001111" diversionReason="busy"/>
    <Forward> attribute diversionReason must be one of unknown, user-busy, no-answer
<Redirect redirectUrl="/r" redirectMethod="PUT"/>
    <Redirect> attribute redirectMethod must be GET or POST, got 'PUT'
<Gather gatherMethod=""/>
    <Gather> attribute gatherMethod must be GET or POST, got ''
<Redirect redirectUrl=""/>
    <Redirect> attribute redirectUrl must not be empty
<Redirect redirectUrl="/a b"/>
    <Redirect> attribute redirectUrl must not contain whitespace, got '/a b'
<Redirect redirectUrl="ftp://h/x"/>
    <Redirect> attribute redirectUrl must be relative or use http or https, got 'ftp://h/x'
<Gather gatherUrl="wss://h/x"/>
    <Gather> attribute gatherUrl must be relative or use http or https, got 'wss://h/x'
<PlayAudio>  </PlayAudio>
    <PlayAudio> URL must not be empty
<PlayAudio>file:///etc/passwd</PlayAudio>
    <PlayAudio> URL must be relative or use http or https, got 'file:///etc/passwd'
<StartStream destination="https://w.test"/>
    <StartStream> attribute destination must be an absolute wss URL, got 'https://w.test'
<StartStream destination="/ws"/>
    <StartStream> attribute destination must be an absolute wss URL, got '/ws'
<StartTranscription destination="ws://w.test"/>
    <StartTranscription> attribute destination must be an absolute wss URL, got 'ws://w.test'
<StopStream name=" "/>
    <StopStream> attribute name must be non-blank text, got ' '
<SpeakSentence>   </SpeakSentence>
    <SpeakSentence> must contain text to speak
<SpeakSentence><break time="1s"/></SpeakSentence>
    <SpeakSentence> must contain text to speak
<SpeakSentence>Hi <audio src='x'/></SpeakSentence>
    <SpeakSentence> contains <audio>, which is not a supported SSML element (allowed: break,
<SpeakSentence><speak>Hi</speak></SpeakSentence>
    <SpeakSentence> contains <speak>, which is not a supported SSML element
<SpeakSentence>a <break time="2 seconds"/></SpeakSentence>
    <break> in <SpeakSentence> attribute time must be like 2s or 500ms, got '2 seconds'
<SpeakSentence>a <break strength="loud"/></SpeakSentence>
    <break> in <SpeakSentence> attribute strength must be one of none, x-weak, weak, medium
<SpeakSentence>a <break>b</break></SpeakSentence>
    <break> in <SpeakSentence> must be empty
<SendDtmf></SendDtmf>
    <SendDtmf> digits must not be empty
<SendDtmf>12x</SendDtmf>
    <SendDtmf> digits must be made of 0-9 * # a-d A-D , w W, got '12x'
<Bridge> </Bridge>
    <Bridge> call id must not be empty
<Conference></Conference>
    <Conference> name must not be empty
<Conference>my room</Conference>
    <Conference> name must be letters, digits, '-', '_' and '.' only, got 'my room'
<Conference callIdsToCoach="c-1,,c-2">r</Conference>
    <Conference> attribute callIdsToCoach must be a comma-separated list without empty items
<Transfer><PhoneNumber>5550001111</PhoneNumber></Transfer>
    <PhoneNumber> number must be an E.164 number like +15551234567, got '5550001111'
<Transfer><SipUri>bob@pbx</SipUri></Transfer>
    <SipUri> URI must be a sip: URI, got 'bob@pbx'
<Transfer transferCallerId="anonymous"><SipUri>sip:a</SipUri></Transfer>
    <Transfer> attribute transferCallerId must be an E.164 number like +15551234567 or one of
<Transfer transferCallerDisplayName="a&#10;b"><SipUri>sip:a</SipUri></Transfer>
    <Transfer> attribute transferCallerDisplayName must be text without control characters
<Forward to="5550001111"/>
    <Forward> attribute to must be an E.164 number like +15551234567 or a SIP URI, got '5550001111'
<Forward to="+15550001111" from="Unknown"/>
    <Forward> attribute from must be an E.164 number like +15551234567 or one of Restricted,
<Transfer/>
    <Transfer> must contain at least 1 <PhoneNumber> or <SipUri> element, got 0
<Connect/>
    <Connect> must contain at least 1 <Endpoint> element, got 0
<Refer/>
    <Refer> must contain exactly 1 <SipUri> element, got 0
<Refer><SipUri>sip:a</SipUri><SipUri>sip:b</SipUri></Refer>
    <Refer> must contain exactly 1 <SipUri> element, got 2
""")

PLAY = "<PlayAudio>a.wav</PlayAudio>"
STREAM_PARAM = '<StreamParam name="a" value="b"/>'
CUSTOM_PARAM = '<CustomParam name="a" value="b"/>'
LONG_REFUSALS = [
    (
        f'<Redirect redirectUrl="/{"a" * 2048}"/>',
        "<Redirect> attribute redirectUrl must be at most 2048 characters, got 2049",
    ),
    (f"<PlayAudio>{'a' * 2049}</PlayAudio>", "<PlayAudio> URL must be at most 2048 characters"),
    (
        f'<PlayAudio username="{"u" * 1025}">a.wav</PlayAudio>',
        "<PlayAudio> attribute username must be at most 1024 characters, got 1025",
    ),
    (
        f'<Redirect redirectUrl="/r" fallbackPassword="{"p" * 1025}"/>',
        "<Redirect> attribute fallbackPassword must be at most 1024 characters, got 1025",
    ),
    (
        f'<Redirect redirectUrl="/r" tag="{"t" * 257}"/>',
        "<Redirect> attribute tag must be at most 256 characters, got 257",
    ),
    (f"<Tag>{'t' * 257}</Tag>", "<Tag> text must be at most 256 characters, got 257"),
    (
        f'<StartStream destination="wss://w"><StreamParam name="{"n" * 257}" value="v"/>'
        "</StartStream>",
        "<StreamParam> attribute name must be at most 256 characters, got 257",
    ),
    (
        f'<StartStream destination="wss://w"><StreamParam name="n" value="{"v" * 2049}"/>'
        "</StartStream>",
        "<StreamParam> attribute value must be at most 2048 characters, got 2049",
    ),
    (f"<SendDtmf>{'1' * 51}</SendDtmf>", "<SendDtmf> digits must be at most 50 characters, got 51"),
    (
        f"<Conference>{'r' * 101}</Conference>",
        "<Conference> name must be at most 100 characters, got 101",
    ),
    (
        f'<Transfer><PhoneNumber uui="{"u" * 351}">+15550001111</PhoneNumber></Transfer>',
        "<PhoneNumber> attribute uui must be at most 350 characters, got 351",
    ),
    (
        f'<Forward to="+15550001111" uui="{"u" * 257}"/>',
        "<Forward> attribute uui must be at most 256 characters, got 257",
    ),
    (
        "<Transfer>" + "<SipUri>sip:a</SipUri>" * 9 + "</Transfer>",
        "<Transfer> must contain at most 8 <PhoneNumber> or <SipUri> elements, got 9",
    ),
    (
        f"<Gather>{PLAY * 21}</Gather>",
        "<Gather> must contain at most 20 <SpeakSentence> or <PlayAudio> elements, got 21",
    ),
    (
        f'<Gather repeatCount="3">{PLAY * 7}</Gather>',
        "<Gather> repeatCount × number of prompts must be at most 20, got 3 × 7 = 21",
    ),
    (
        f'<StartStream destination="wss://w">{STREAM_PARAM * 13}</StartStream>',
        "<StartStream> must contain at most 12 <StreamParam> elements, got 13",
    ),
    (
        f"<StartTranscription>{CUSTOM_PARAM * 13}</StartTranscription>",
        "<StartTranscription> must contain at most 12 <CustomParam> elements, got 13",
    ),
]
REFUSALS = DOCUMENT_REFUSALS + [
    (f"<Response>{fragment}</Response>", message)
    for fragment, message in VERB_REFUSALS + LONG_REFUSALS
]


@pytest.mark.parametrize(("document", "message"), REFUSALS, ids=[m for _, m in REFUSALS])
def test_refusals(document: str, message: str) -> None:
    assert message in refusal(document)


def test_gather_prompt_limits_at_the_edge_are_accepted() -> None:
    twenty = parse_one("<Gather>" + "<PlayAudio>a.wav</PlayAudio>" * 20 + "</Gather>")
    assert isinstance(twenty, Gather)
    assert len(twenty.prompts) == 20
    four_by_five = parse_one(
        '<Gather repeatCount="4">' + "<PlayAudio>a</PlayAudio>" * 5 + "</Gather>"
    )
    assert isinstance(four_by_five, Gather)
    assert four_by_five.repeat_count * len(four_by_five.prompts) == 20


def test_size_limit() -> None:
    too_big = "<Response>" + " " * MAX_BXML_BYTES + "</Response>"
    assert "at most 65536" in refusal(too_big)
    assert "at most 65536" in refusal(too_big.encode())
    # The limit is on UTF-8 bytes, not characters.
    text = "é" * ((MAX_BXML_BYTES // 2) + 1)
    assert len(text) < MAX_BXML_BYTES
    assert "bytes" in refusal(f"<Response><!--{text}--></Response>")


def test_doctype_and_entity_attacks_are_refused() -> None:
    billion_laughs = (
        '<?xml version="1.0"?>\n'
        "<!DOCTYPE lolz [\n"
        ' <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
        "]>\n"
        "<Response><SpeakSentence>&lol3;</SpeakSentence></Response>"
    )
    external = (
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<Response><SpeakSentence>&x;</SpeakSentence></Response>"
    )
    plain = '<!DOCTYPE Response SYSTEM "http://evil.test/bxml.dtd"><Response/>'
    for document in (billion_laughs, external, plain):
        assert "document type declaration (<!DOCTYPE>)" in refusal(document)
        assert "document type declaration" in refusal(document.encode())


def test_error_is_a_value_error() -> None:
    assert issubclass(BxmlError, ValueError)
    with pytest.raises(ValueError, match="unknown element <Dial>"):
        parse_bxml("<Response><Dial/></Response>")
