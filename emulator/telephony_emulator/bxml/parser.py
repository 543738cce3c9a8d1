"""Parse BXML documents into the typed verbs of ``bxml.verbs``, validating every limit."""

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields
from typing import Any, get_args, get_type_hints
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import fromstring

from telephony_emulator.bxml import verbs as v
from telephony_emulator.core.scenarios import E164_PATTERN
from telephony_emulator.webhooks.target import WebhookTarget

MAX_BXML_BYTES = 65_536
_MAX_URL = 2048


class BxmlError(ValueError):
    """The document is not valid BXML; str(error) says why, for a human."""


class _Invalid(ValueError):
    """A converter refused a value; the message completes a sentence naming where it was."""


Converter = Callable[[str], object]
Content = Callable[[Element, str], dict[str, object]]


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _number(lo: float, hi: float, *, whole: bool = False) -> Converter:
    kind = "a whole number" if whole else "a number"

    def convert(raw: str) -> float:
        if not _DECIMAL.fullmatch(raw) or (whole and not float(raw).is_integer()):
            raise _Invalid(f"must be {kind}, got {raw!r}")
        value = float(raw)
        if not lo <= value <= hi:
            raise _Invalid(f"must be between {lo:g} and {hi:g}, got {raw}")
        return int(value) if whole else value

    return convert


def _boolean(raw: str) -> bool:
    if raw.lower() not in ("true", "false"):
        raise _Invalid(f"must be true or false, got {raw!r}")
    return raw.lower() == "true"


def _method(raw: str) -> str:
    if raw.upper() not in ("GET", "POST"):
        raise _Invalid(f"must be GET or POST, got {raw!r}")
    return raw.upper()


def _choice(*options: str) -> Converter:
    def convert(raw: str) -> str:
        if raw not in options:
            raise _Invalid(f"must be one of {', '.join(options)}; got {raw!r}")
        return raw

    return convert


def _matching(pattern: str, description: str, max_len: int | None = None) -> Converter:
    compiled = re.compile(pattern)

    def convert(raw: str) -> str:
        if not raw and not compiled.fullmatch(raw):
            raise _Invalid("must not be empty")
        if max_len is not None and len(raw) > max_len:
            raise _Invalid(f"must be at most {max_len} characters, got {len(raw)}")
        if not compiled.fullmatch(raw):
            raise _Invalid(f"must be {description}, got {raw!r}")
        return raw

    return convert


def _url(*schemes: str, absolute: bool = False) -> Converter:
    kinds = " or ".join(schemes)

    def convert(raw: str) -> str:
        if not raw:
            raise _Invalid("must not be empty")
        if any(char.isspace() for char in raw):
            raise _Invalid(f"must not contain whitespace, got {raw!r}")
        if len(raw) > _MAX_URL:
            raise _Invalid(f"must be at most {_MAX_URL} characters, got {len(raw)}")
        scheme = _SCHEME.match(raw)
        if absolute and (scheme is None or scheme[1].lower() not in schemes):
            raise _Invalid(f"must be an absolute {kinds} URL, got {raw!r}")
        if scheme is not None and scheme[1].lower() not in schemes:
            raise _Invalid(f"must be relative or use {kinds}, got {raw!r}")
        return raw

    return convert


def _blank_is_none(convert: Converter) -> Converter:
    return lambda raw: convert(raw) if raw.strip() else None


def _comma_list(raw: str) -> tuple[str, ...]:
    if not raw.strip():
        return ()
    items = tuple(item.strip() for item in raw.split(","))
    if not all(items):
        raise _Invalid(f"must be a comma-separated list without empty items, got {raw!r}")
    return items


def _text_upto(max_len: int) -> Converter:
    return _matching(r"(?s).*", "text", max_len)


_E164 = E164_PATTERN
_SIP = r"sips?:\S+"
_ANONYMOUS = "Restricted|Anonymous|Private|Unavailable"
_URL = _url("http", "https")
_WSS = _url("wss", absolute=True)
_CREDENTIAL = _text_upto(1024)
_TAG = _text_upto(256)
_NAME = _matching(r"(?s).*\S.*", "non-blank text", 256)
_KEYPAD = _matching(r"[0-9*#]*", "digits from 0-9, * and #")
_CALLER_ID = _matching(
    f"{_E164}|{_ANONYMOUS}",
    "an E.164 number like +15551234567 or one of Restricted, Anonymous, Private, Unavailable",
)
_DISPLAY_NAME = _matching(r"[^\x00-\x1f\x7f]*", "text without control characters", 256)
_TRACKS = _choice("inbound", "outbound", "both")
_FILE_FORMAT = _choice("wav", "mp3")
_AUTH: dict[str, Converter] = {"username": _CREDENTIAL, "password": _CREDENTIAL}
_FALLBACK_AUTH: dict[str, Converter] = {
    "fallbackUsername": _CREDENTIAL,
    "fallbackPassword": _CREDENTIAL,
}
_DIVERSION: dict[str, Converter] = {
    "diversionTreatment": _choice("none", "propagate", "stack"),
    "diversionReason": _choice(*get_args(v.DiversionReason)),
}


def _webhook(prefix: str, *, fallback: bool = True) -> dict[str, Converter]:
    """``{prefix}Url`` and ``{prefix}Method``, plus their ``Fallback`` twins."""
    hook = {f"{prefix}Url": _URL, f"{prefix}Method": _method}
    if fallback:
        hook |= {f"{prefix}FallbackUrl": _URL, f"{prefix}FallbackMethod": _method}
    return hook


_CREDENTIALS = frozenset({"username", "password", "fallback_username", "fallback_password"})


@dataclass(frozen=True, slots=True)
class _Hook:
    """A verb's :class:`WebhookTarget` field ``name``, built from the attributes parsed as
    ``{name}_url``, ``{name}_method``, their fallback twins and the verb's credentials."""

    name: str
    fallback: bool

    @property
    def parts(self) -> set[str]:
        return {
            f"{self.name}_{kind}" for kind in ("url", "method", "fallback_url", "fallback_method")
        }

    def target(self, values: Mapping[str, object]) -> WebhookTarget | None:
        """None without the URL: then none of the webhook's attributes matter."""
        if values.get(f"{self.name}_url") is None:
            return None
        return WebhookTarget.of_mapping(values, self.name, fallback=self.fallback)


@dataclass(frozen=True, slots=True)
class _Spec:
    """How to parse one element: ``attrs`` maps each XML attribute to (field, converter);
    ``hooks`` gather their parsed attributes into targets, and ``grouped`` names those parts
    that are no field of the verb."""

    make: Callable[..., v.Verb]
    attrs: Mapping[str, tuple[str, Converter]]
    required: tuple[str, ...]
    content: Content
    check: Callable[[Any], str | None] | None
    hooks: tuple[_Hook, ...] = ()
    grouped: frozenset[str] = frozenset()


def _field_name(attribute: str) -> str:
    if attribute == "from":
        return "from_"
    return re.sub(r"[A-Z]", lambda upper: "_" + upper[0].lower(), attribute)


def _tag(element: Element) -> str:
    if element.tag.startswith("{"):
        uri, local = element.tag[1:].split("}", 1)
        raise BxmlError(f"<{local}> is in XML namespace {uri!r}; BXML does not use namespaces")
    return element.tag


def _reject_text(text: str | None, name: str) -> None:
    if text and text.strip():
        shown = text.strip()
        shown = shown if len(shown) <= 40 else shown[:40] + "..."
        raise BxmlError(f"<{name}> must not contain text, got {shown!r}")


def _no_content(element: Element, name: str) -> dict[str, object]:
    _reject_text(element.text, name)
    if len(element):
        raise BxmlError(f"<{name}> must not contain elements, got <{_tag(element[0])}>")
    return {}


def _text(field: str, label: str, convert: Converter) -> Content:
    def parse(element: Element, name: str) -> dict[str, object]:
        if len(element):
            raise BxmlError(f"<{name}> must contain only text, got element <{_tag(element[0])}>")
        try:
            return {field: convert((element.text or "").strip())}
        except _Invalid as error:
            raise BxmlError(f"<{name}> {label} {error}") from None

    return parse


def _children(element: Element, name: str, kinds: tuple[str, ...]) -> list[v.Verb]:
    _reject_text(element.text, name)
    children = []
    for child in element:
        children.append(_parse_element(child, name, kinds))
        _reject_text(child.tail, name)
    return children


def _nested(
    field: str, kinds: tuple[str, ...], lo: int, hi: int | None, *, single: bool = False
) -> Content:
    what = " or ".join(f"<{kind}>" for kind in kinds)

    def parse(element: Element, name: str) -> dict[str, object]:
        children = _children(element, name, kinds)
        count = len(children)
        if lo == hi and count != lo:
            raise BxmlError(f"<{name}> must contain exactly {lo} {what} element, got {count}")
        if count < lo:
            raise BxmlError(f"<{name}> must contain at least {lo} {what} element, got {count}")
        if hi is not None and count > hi:
            raise BxmlError(f"<{name}> must contain at most {hi} {what} elements, got {count}")
        return {field: children[0] if single else tuple(children)}

    return parse


_SSML = ("break", "emphasis", "lang", "p", "phoneme", "prosody", "s", "say-as", "sub")
_SSML_SEPARATORS = ("break", "p", "s")
_BREAK_TIME = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ms|s)")
_BREAK_STRENGTHS = {
    "none": 0.0,
    "x-weak": 0.1,
    "weak": 0.25,
    "medium": 0.5,
    "strong": 0.75,
    "x-strong": 1.0,
}


def _break_seconds(element: Element, name: str) -> float:
    where = f"<break> in <{name}>"
    if len(element) or (element.text or "").strip():
        raise BxmlError(f"{where} must be empty")
    time = element.get("time")
    if time is not None:
        match = _BREAK_TIME.fullmatch(time.strip())
        if match is None:
            raise BxmlError(f"{where} attribute time must be like 2s or 500ms, got {time!r}")
        return float(match[1]) / (1000 if match[2] == "ms" else 1)
    strength = element.get("strength", "medium")
    if strength not in _BREAK_STRENGTHS:
        allowed = ", ".join(_BREAK_STRENGTHS)
        raise BxmlError(f"{where} attribute strength must be one of {allowed}; got {strength!r}")
    return _BREAK_STRENGTHS[strength]


def _collect_ssml(element: Element, name: str, parts: list[str]) -> float:
    """Append the element's spoken text to ``parts``; return the seconds of its breaks."""
    parts.append(element.text or "")
    seconds = 0.0
    for child in element:
        tag = _tag(child)
        if tag not in _SSML:
            raise BxmlError(
                f"<{name}> contains <{tag}>, which is not a supported SSML element"
                f" (allowed: {', '.join(_SSML)})"
            )
        gap = " " if tag in _SSML_SEPARATORS else ""
        parts.append(gap)
        if tag == "break":
            seconds += _break_seconds(child, name)
        else:
            seconds += _collect_ssml(child, name, parts)
        parts.append(gap + (child.tail or ""))
    return seconds


def _speech(element: Element, name: str) -> dict[str, object]:
    parts: list[str] = []
    seconds = _collect_ssml(element, name, parts)
    text = " ".join("".join(parts).split())
    if not text:
        raise BxmlError(f"<{name}> must contain text to speak")
    return {"text": text, "break_seconds": seconds}


def _check_gather(gather: v.Gather) -> str | None:
    plays = gather.repeat_count * len(gather.prompts)
    if plays > 20:
        return (
            f"<Gather> repeatCount × number of prompts must be at most 20,"
            f" got {gather.repeat_count} × {len(gather.prompts)} = {plays}"
        )
    return None


def _spec(
    cls: type[v.Verb],
    attrs: Mapping[str, Converter],
    content: Content = _no_content,
    check: Callable[[Any], str | None] | None = None,
) -> tuple[str, _Spec]:
    own = {f.name for f in fields(cls)}
    no_default = {f.name for f in fields(cls) if f.default is MISSING}
    named = {key: (_field_name(key), convert) for key, convert in attrs.items()}
    parsed = {field for field, _ in named.values()}
    hooks = tuple(
        _Hook(name, fallback=f"{name}_fallback_url" in parsed)
        for name, kind in get_type_hints(cls).items()
        if WebhookTarget in (kind, *get_args(kind))
    )
    needed = no_default | {f"{hook.name}_url" for hook in hooks if hook.name in no_default}
    required = tuple(key for key, (field, _) in named.items() if field in needed)
    parts = {part for hook in hooks for part in hook.parts}
    if hooks:
        parts |= _CREDENTIALS
    return cls.xml_name, _Spec(cls, named, required, content, check, hooks, frozenset(parts - own))


_TRANSFER_TARGET: dict[str, Converter] = {
    **_webhook("transferAnswer"),
    **_webhook("transferDisconnect", fallback=False),
    **_AUTH,
    **_FALLBACK_AUTH,
    "tag": _TAG,
    "uui": _text_upto(350),
}
_PARAM: dict[str, Converter] = {"name": _NAME, "value": _text_upto(2048)}

_SPECS: dict[str, _Spec] = dict(
    [
        _spec(
            v.SpeakSentence,
            {"voice": _NAME, "gender": _choice("female", "male"), "locale": _NAME},
            _speech,
        ),
        _spec(v.PlayAudio, _AUTH, _text("url", "URL", _URL)),
        _spec(v.Pause, {"duration": _number(0.1, 86400)}),
        _spec(v.Ring, {"duration": _number(0.1, 86400), "answerCall": _boolean}),
        _spec(
            v.SendDtmf,
            {"toneDuration": _number(50, 5000), "toneInterval": _number(50, 5000)},
            _text(
                "digits",
                "digits",
                _matching(r"[0-9*#a-dA-D,wW]+", "made of 0-9 * # a-d A-D , w W", 50),
            ),
        ),
        _spec(v.Tag, {}, _text("value", "text", _TAG)),
        _spec(v.Hangup, {}),
        _spec(v.Redirect, {**_webhook("redirect"), **_AUTH, **_FALLBACK_AUTH, "tag": _TAG}),
        _spec(
            v.Gather,
            {
                **_webhook("gather"),
                **_AUTH,
                **_FALLBACK_AUTH,
                "tag": _TAG,
                "terminatingDigits": _KEYPAD,
                "maxDigits": _number(1, 50, whole=True),
                "interDigitTimeout": _number(1, 60),
                "firstDigitTimeout": _number(0, 60),
                "repeatCount": _number(1, 20, whole=True),
                "input": _choice("dtmf", "speech", "dtmf_speech"),
                "hints": _text_upto(2048),
                "language": _NAME,
                "speechModel": _NAME,
                "partialResultCallback": _URL,
                "partialResultCallbackMethod": _method,
                "profanityFilter": _boolean,
                "speechTimeout": _number(0, 60),
            },
            _nested("prompts", ("SpeakSentence", "PlayAudio"), 0, 20),
            _check_gather,
        ),
        _spec(v.StartGather, {**_webhook("dtmf", fallback=False), **_AUTH, "tag": _TAG}),
        _spec(v.StopGather, {}),
        _spec(
            v.Forward,
            {
                "to": _matching(
                    f"{_E164}|{_SIP}", "an E.164 number like +15551234567 or a SIP URI"
                ),
                "from": _CALLER_ID,
                "callTimeout": _number(1, 300),
                **_DIVERSION,
                "uui": _text_upto(256),
                "privacy": _boolean,
                "callerDisplayName": _DISPLAY_NAME,
            },
        ),
        _spec(
            v.PhoneNumber,
            _TRANSFER_TARGET,
            _text("number", "number", _matching(_E164, "an E.164 number like +15551234567")),
        ),
        _spec(v.SipUri, _TRANSFER_TARGET, _text("uri", "URI", _matching(_SIP, "a sip: URI"))),
        _spec(
            v.Transfer,
            {
                "transferCallerId": _blank_is_none(
                    _CALLER_ID
                ),  # blank: show the remote party's number
                "transferCallerDisplayName": _DISPLAY_NAME,
                "privacy": _boolean,
                "callTimeout": _number(1, 300),
                **_webhook("transferComplete"),
                **_AUTH,
                **_FALLBACK_AUTH,
                "tag": _TAG,
                **_DIVERSION,
            },
            _nested("targets", ("PhoneNumber", "SipUri"), 1, 8),
        ),
        _spec(
            v.Bridge,
            {
                **_webhook("bridgeComplete"),
                **_webhook("bridgeTargetComplete"),
                **_AUTH,
                **_FALLBACK_AUTH,
                "tag": _TAG,
            },
            _text("target_call_id", "call id", _matching(r"\S+", "a call id without spaces")),
        ),
        _spec(
            v.Conference,
            {
                "mute": _boolean,
                "hold": _boolean,
                "callIdsToCoach": _comma_list,
                **_webhook("conferenceEvent"),
                **_AUTH,
                **_FALLBACK_AUTH,
                "tag": _TAG,
                "callbackTimeout": _number(1, 25),
            },
            _text(
                "name",
                "name",
                _matching(r"[A-Za-z0-9_.-]+", "letters, digits, '-', '_' and '.' only", 100),
            ),
        ),
        _spec(
            v.Record,
            {
                **_webhook("recordComplete"),
                **_webhook("recordingAvailable", fallback=False),
                "transcribe": _boolean,
                "detectLanguage": _boolean,
                **_webhook("transcriptionAvailable", fallback=False),
                **_AUTH,
                **_FALLBACK_AUTH,
                "tag": _TAG,
                "terminatingDigits": _KEYPAD,
                "maxDuration": _number(1, 10800),
                "silenceTimeout": _number(0, 10800),
                "fileFormat": _FILE_FORMAT,
                "recordingName": _NAME,
            },
        ),
        _spec(
            v.StartRecording,
            {
                **_webhook("recordingAvailable", fallback=False),
                "transcribe": _boolean,
                "detectLanguage": _boolean,
                **_webhook("transcriptionAvailable", fallback=False),
                **_AUTH,
                "tag": _TAG,
                "fileFormat": _FILE_FORMAT,
                "multiChannel": _boolean,
                "recordingName": _NAME,
            },
        ),
        _spec(v.PauseRecording, {}),
        _spec(v.ResumeRecording, {}),
        _spec(v.StopRecording, {}),
        _spec(v.StreamParam, _PARAM),
        _spec(
            v.StartStream,
            {
                "destination": _WSS,
                "name": _NAME,
                "tracks": _TRACKS,
                "mode": _choice("unidirectional", "bidirectional"),
                "destinationUsername": _CREDENTIAL,
                "destinationPassword": _CREDENTIAL,
                **_webhook("streamEvent", fallback=False),
                **_AUTH,
            },
            _nested("params", ("StreamParam",), 0, 12),
        ),
        _spec(v.StopStream, {"name": _NAME, "wait": _boolean}),
        _spec(v.CustomParam, _PARAM),
        _spec(
            v.StartTranscription,
            {
                "name": _NAME,
                "tracks": _TRACKS,
                **_webhook("transcriptionEvent", fallback=False),
                **_AUTH,
                "destination": _WSS,
                "stabilized": _boolean,
                "detectLanguage": _boolean,
                "preferredLanguages": _NAME,
            },
            _nested("params", ("CustomParam",), 0, 12),
        ),
        _spec(v.StopTranscription, {"name": _NAME}),
        _spec(v.Endpoint, {}, _text("endpoint_id", "endpoint id", _matching(r"\S+", "an id"))),
        _spec(
            v.Connect,
            {"eventCallbackUrl": _URL, "eventFallbackUrl": _URL},
            _nested("endpoints", ("Endpoint",), 1, None),
        ),
        _spec(
            v.Refer,
            {**_webhook("referComplete", fallback=False), "tag": _TAG},
            _nested("target", ("SipUri",), 1, 1, single=True),
        ),
    ]
)
_PARENTS = {
    "PhoneNumber": "<Transfer>",
    "SipUri": "<Transfer> or <Refer>",
    "StreamParam": "<StartStream>",
    "CustomParam": "<StartTranscription>",
    "Endpoint": "<Connect>",
}
_TOP_LEVEL = tuple(name for name in _SPECS if name not in _PARENTS)
_BY_LOWER = {name.lower(): name for name in _SPECS}


def _unknown(name: str, parent: str) -> BxmlError:
    known = _BY_LOWER.get(name.lower())
    hint = f" (did you mean <{known}>? names are case-sensitive)" if known else ""
    return BxmlError(f"unknown element <{name}> in <{parent}>{hint}")


def _misplaced(name: str, parent: str, kinds: tuple[str, ...]) -> BxmlError:
    if name in _PARENTS:
        hint = f"; it belongs in {_PARENTS[name]}"
    elif kinds != _TOP_LEVEL:
        hint = f"; only {' or '.join(f'<{kind}>' for kind in kinds)} may appear there"
    else:
        hint = ""
    return BxmlError(f"<{name}> is not allowed in <{parent}>{hint}")


def _attribute(spec: _Spec, name: str, key: str) -> tuple[str, Converter]:
    if key.startswith("{"):
        uri, local = key[1:].split("}", 1)
        raise BxmlError(f"<{name}> attribute {local} is in XML namespace {uri!r}")
    if key not in spec.attrs:
        allowed = ", ".join(spec.attrs) or "none"
        raise BxmlError(f"<{name}> has unknown attribute {key!r} (allowed: {allowed})")
    return spec.attrs[key]


def _parse_element(element: Element, parent: str, kinds: tuple[str, ...]) -> v.Verb:
    name = _tag(element)
    spec = _SPECS.get(name)
    if spec is None:
        raise _unknown(name, parent)
    if name not in kinds:
        raise _misplaced(name, parent, kinds)
    values: dict[str, object] = {}
    for key, raw in element.attrib.items():
        field, convert = _attribute(spec, name, key)
        try:
            values[field] = convert(raw)
        except _Invalid as error:
            raise BxmlError(f"<{name}> attribute {key} {error}") from None
    for key in spec.required:
        if key not in element.attrib:
            raise BxmlError(f"<{name}> is missing required attribute {key}")
    values.update(spec.content(element, name))
    for hook in spec.hooks:
        values[hook.name] = hook.target(values)
    for part in spec.grouped:
        values.pop(part, None)
    verb = spec.make(**values)
    problem = spec.check(verb) if spec.check else None
    if problem:
        raise BxmlError(problem)
    return verb


def oversize(size: int | None) -> str:
    """What is wrong with a document of ``size`` bytes (None: unknown, over the limit)."""
    told = f"{size} bytes" if size is not None else f"over {MAX_BXML_BYTES} bytes"
    return f"the BXML document is {told}; at most {MAX_BXML_BYTES} are allowed"


def _parse_xml(document: str | bytes) -> Element:
    try:
        size = len(document.encode() if isinstance(document, str) else document)
    except UnicodeEncodeError:
        raise BxmlError("the BXML document is not valid Unicode text") from None
    if size > MAX_BXML_BYTES:
        raise BxmlError(oversize(size))
    text = document.lstrip("\ufeff").strip() if isinstance(document, str) else document.strip()
    try:
        root: Element = fromstring(text, forbid_dtd=True)
    except DTDForbidden:
        raise BxmlError("BXML must not contain a document type declaration (<!DOCTYPE>)") from None
    except DefusedXmlException as error:
        raise BxmlError(f"BXML must not declare or reference external entities: {error}") from None
    except ParseError as error:
        raise BxmlError(f"the BXML document is not well-formed XML: {error}") from None
    return root


def parse_bxml(document: str | bytes) -> v.Document:
    """Parse and validate a BXML document; raise BxmlError naming the first problem."""
    root = _parse_xml(document)
    name = _tag(root)
    if name not in ("Response", "Bxml"):
        raise BxmlError(f"the root element must be <Response> or <Bxml>, got <{name}>")
    if root.attrib:
        raise BxmlError(f"<{name}> must not have attributes, got {', '.join(root.attrib)}")
    verbs = tuple(_children(root, name, _TOP_LEVEL))
    return v.Document("Response" if name == "Response" else "Bxml", verbs)
