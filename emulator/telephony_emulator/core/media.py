"""How long media takes on the virtual clock: speech, audio files, DTMF tones.

- Speech: 150 words a minute (0.4 s a word), at least 0.5 s, plus any SSML ``<break>`` time.
- Audio: the ``duration`` (seconds) given in the URL's fragment or query
  (``https://host/prompt.wav#duration=12.5``), else the server's default audio length.
- DTMF: each tone lasts ``toneDuration`` and is followed by ``toneInterval`` (milliseconds);
  ``,`` and ``w`` pause 0.5 s, ``W`` pauses 1 s.
"""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlsplit

SECONDS_PER_WORD = 0.4
MIN_SPEECH_SECONDS = 0.5
DEFAULT_AUDIO_SECONDS = 5.0
MAX_AUDIO_SECONDS = 86_400.0


def speech_seconds(text: str, break_seconds: float = 0.0) -> float:
    words = len(text.split())
    return max(MIN_SPEECH_SECONDS, words * SECONDS_PER_WORD) + break_seconds


def audio_seconds(url: str, default: float = DEFAULT_AUDIO_SECONDS) -> float:
    """The length of the audio at ``url``, from its ``duration`` parameter when it has one."""
    parts = urlsplit(url)
    for source in (parts.fragment, parts.query):
        values = parse_qs(source).get("duration")
        if values:
            try:
                seconds = float(values[0])
            except ValueError:
                continue
            if math.isfinite(seconds) and 0 < seconds <= MAX_AUDIO_SECONDS:
                return seconds
    return default


def dtmf_seconds(digits: str, tone_ms: float, interval_ms: float) -> float:
    total = 0.0
    for char in digits:
        if char in ",w":
            total += 0.5
        elif char == "W":
            total += 1.0
        else:
            total += (tone_ms + interval_ms) / 1000
    return total
