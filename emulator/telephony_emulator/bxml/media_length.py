"""How long a ``<SpeakSentence>`` or ``<PlayAudio>`` plays, for calls and conferences alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from telephony_emulator.bxml import verbs as v
from telephony_emulator.core import media

#: PlayAudio plays WAV and MP3 only (reference §4); anything else is an application error.
AUDIO_EXTENSIONS = frozenset({".wav", ".mp3"})


class UnsupportedAudio(ValueError):
    """A ``<PlayAudio>`` URL names a format other than WAV or MP3."""


def media_seconds(
    verb: v.SpeakSentence | v.PlayAudio, base_url: str, audio_seconds: Callable[[str], float]
) -> float:
    """Seconds the verb plays; ``audio_seconds`` measures an audio URL."""
    if isinstance(verb, v.SpeakSentence):
        return media.speech_seconds(verb.text, verb.break_seconds)
    url = urljoin(base_url, verb.url)
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix and suffix not in AUDIO_EXTENSIONS:
        raise UnsupportedAudio(f"Unsupported audio format {suffix!r} in <PlayAudio> {url}")
    return audio_seconds(url)
