"""Typed BXML verbs: frozen dataclasses named after their attributes; each webhook is a target."""

from dataclasses import dataclass
from typing import ClassVar, Literal

from telephony_emulator.webhooks.target import WebhookTarget

Method = Literal["GET", "POST"]
Tracks = Literal["inbound", "outbound", "both"]
FileFormat = Literal["wav", "mp3"]
DiversionTreatment = Literal["none", "propagate", "stack"]
DiversionReason = Literal[
    "unknown",
    "user-busy",
    "no-answer",
    "unavailable",
    "unconditional",
    "time-of-day",
    "do-not-disturb",
    "deflection",
    "follow-me",
    "out-of-service",
    "away",
]


@dataclass(frozen=True, slots=True)
class Verb:
    """Base class of every BXML element; ``xml_name`` is its tag."""

    xml_name: ClassVar[str]


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed BXML document: its root element's name and its verbs in order."""

    root: Literal["Response", "Bxml"]
    verbs: tuple[Verb, ...]


@dataclass(frozen=True, slots=True)
class SpeakSentence(Verb):
    """Text to speech; ``text`` has SSML stripped, ``break_seconds`` sums its ``<break>``s."""

    xml_name: ClassVar[str] = "SpeakSentence"
    text: str
    break_seconds: float = 0.0
    voice: str | None = None
    gender: Literal["female", "male"] | None = None
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class PlayAudio(Verb):
    xml_name: ClassVar[str] = "PlayAudio"
    url: str
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True, slots=True)
class Pause(Verb):
    xml_name: ClassVar[str] = "Pause"
    duration: float = 1.0


@dataclass(frozen=True, slots=True)
class Ring(Verb):
    xml_name: ClassVar[str] = "Ring"
    duration: float = 5.0
    answer_call: bool = True


@dataclass(frozen=True, slots=True)
class SendDtmf(Verb):
    """``tone_duration`` and ``tone_interval`` are in milliseconds."""

    xml_name: ClassVar[str] = "SendDtmf"
    digits: str
    tone_duration: float = 200.0
    tone_interval: float = 400.0


@dataclass(frozen=True, slots=True)
class Tag(Verb):
    """Sets the call's tag; ``""`` clears it."""

    xml_name: ClassVar[str] = "Tag"
    value: str = ""


@dataclass(frozen=True, slots=True)
class Hangup(Verb):
    xml_name: ClassVar[str] = "Hangup"


@dataclass(frozen=True, slots=True)
class Redirect(Verb):
    xml_name: ClassVar[str] = "Redirect"
    redirect: WebhookTarget
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class Gather(Verb):
    xml_name: ClassVar[str] = "Gather"
    gather: WebhookTarget | None = None
    tag: str | None = None
    terminating_digits: str = ""
    max_digits: int = 50
    inter_digit_timeout: float = 5.0
    first_digit_timeout: float = 5.0
    repeat_count: int = 1
    prompts: tuple[SpeakSentence | PlayAudio, ...] = ()
    input: Literal["dtmf", "speech", "dtmf_speech"] = "dtmf"
    hints: str | None = None
    language: str | None = None
    speech_model: str | None = None
    partial_result_callback: str | None = None
    partial_result_callback_method: Method = "POST"
    profanity_filter: bool = True
    speech_timeout: float = 5.0


@dataclass(frozen=True, slots=True)
class StartGather(Verb):
    xml_name: ClassVar[str] = "StartGather"
    dtmf: WebhookTarget
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class StopGather(Verb):
    xml_name: ClassVar[str] = "StopGather"


@dataclass(frozen=True, slots=True)
class Forward(Verb):
    xml_name: ClassVar[str] = "Forward"
    to: str
    from_: str | None = None
    call_timeout: float = 30.0
    diversion_treatment: DiversionTreatment = "none"
    diversion_reason: DiversionReason = "unknown"
    uui: str | None = None
    privacy: bool = False
    caller_display_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferTarget:
    """What ``<PhoneNumber>`` and ``<SipUri>`` share: the new leg's webhooks, tag and UUI."""

    transfer_answer: WebhookTarget | None = None
    transfer_disconnect: WebhookTarget | None = None
    tag: str | None = None
    uui: str | None = None


@dataclass(frozen=True, slots=True)
class PhoneNumber(TransferTarget, Verb):
    """A ``<Transfer>`` target; ``number`` is E.164."""

    xml_name: ClassVar[str] = "PhoneNumber"
    number: str


@dataclass(frozen=True, slots=True)
class SipUri(TransferTarget, Verb):
    """A ``<Transfer>`` or ``<Refer>`` target; ``uri`` starts with ``sip:`` or ``sips:``."""

    xml_name: ClassVar[str] = "SipUri"
    uri: str


@dataclass(frozen=True, slots=True)
class Transfer(Verb):
    xml_name: ClassVar[str] = "Transfer"
    targets: tuple[PhoneNumber | SipUri, ...] = ()
    transfer_caller_id: str | None = None
    transfer_caller_display_name: str | None = None
    privacy: bool = False
    call_timeout: float = 30.0
    transfer_complete: WebhookTarget | None = None
    tag: str | None = None
    diversion_treatment: DiversionTreatment = "none"
    diversion_reason: DiversionReason = "unknown"


@dataclass(frozen=True, slots=True)
class Bridge(Verb):
    xml_name: ClassVar[str] = "Bridge"
    target_call_id: str
    bridge_complete: WebhookTarget | None = None
    bridge_target_complete: WebhookTarget | None = None
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class Conference(Verb):
    """``callback_timeout`` None means: inherit the creating call's webhook timeout;
    ``conference_event_method`` is kept without a URL too, as getConference shows it."""

    xml_name: ClassVar[str] = "Conference"
    name: str
    mute: bool = False
    hold: bool = False
    call_ids_to_coach: tuple[str, ...] = ()
    conference_event: WebhookTarget | None = None
    conference_event_method: Method = "POST"
    tag: str | None = None
    callback_timeout: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordingSettings:
    """What ``<Record>`` and ``<StartRecording>`` share: the recording's and its
    transcription's webhooks, its format and name."""

    recording_available: WebhookTarget | None = None
    transcribe: bool = False
    detect_language: bool = False
    transcription_available: WebhookTarget | None = None
    tag: str | None = None
    file_format: FileFormat = "wav"
    recording_name: str | None = None


@dataclass(frozen=True, slots=True)
class Record(RecordingSettings, Verb):
    xml_name: ClassVar[str] = "Record"
    record_complete: WebhookTarget | None = None
    terminating_digits: str = "#"
    max_duration: float = 60.0
    silence_timeout: float = 0.0


@dataclass(frozen=True, slots=True)
class StartRecording(RecordingSettings, Verb):
    xml_name: ClassVar[str] = "StartRecording"
    multi_channel: bool = False


@dataclass(frozen=True, slots=True)
class PauseRecording(Verb):
    xml_name: ClassVar[str] = "PauseRecording"


@dataclass(frozen=True, slots=True)
class ResumeRecording(Verb):
    xml_name: ClassVar[str] = "ResumeRecording"


@dataclass(frozen=True, slots=True)
class StopRecording(Verb):
    xml_name: ClassVar[str] = "StopRecording"


@dataclass(frozen=True, slots=True)
class StreamParam(Verb):
    xml_name: ClassVar[str] = "StreamParam"
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class StartStream(Verb):
    xml_name: ClassVar[str] = "StartStream"
    destination: str
    name: str | None = None
    tracks: Tracks = "inbound"
    mode: Literal["unidirectional", "bidirectional"] = "unidirectional"
    destination_username: str | None = None
    destination_password: str | None = None
    stream_event: WebhookTarget | None = None
    params: tuple[StreamParam, ...] = ()


@dataclass(frozen=True, slots=True)
class StopStream(Verb):
    xml_name: ClassVar[str] = "StopStream"
    name: str
    wait: bool = False


@dataclass(frozen=True, slots=True)
class CustomParam(Verb):
    xml_name: ClassVar[str] = "CustomParam"
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class StartTranscription(Verb):
    xml_name: ClassVar[str] = "StartTranscription"
    name: str | None = None
    tracks: Tracks = "inbound"
    transcription_event: WebhookTarget | None = None
    destination: str | None = None
    stabilized: bool = True
    detect_language: bool = False
    preferred_languages: str | None = None
    params: tuple[CustomParam, ...] = ()


@dataclass(frozen=True, slots=True)
class StopTranscription(Verb):
    """Without a name, every real-time transcription on the call stops."""

    xml_name: ClassVar[str] = "StopTranscription"
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoint(Verb):
    xml_name: ClassVar[str] = "Endpoint"
    endpoint_id: str


@dataclass(frozen=True, slots=True)
class Connect(Verb):
    xml_name: ClassVar[str] = "Connect"
    endpoints: tuple[Endpoint, ...] = ()
    event_callback_url: str | None = None
    event_fallback_url: str | None = None


@dataclass(frozen=True, slots=True)
class Refer(Verb):
    xml_name: ClassVar[str] = "Refer"
    target: SipUri
    refer_complete: WebhookTarget | None = None
    tag: str | None = None
