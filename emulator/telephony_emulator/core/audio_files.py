"""Recording media made on demand: silent WAV (PCM) and MP3 files of an exact duration.

- WAV: 16-bit PCM at 8 kHz (telephone audio), mono or 2 channels, ``round(seconds * 8000)``
  frames of silence.
- MP3: MPEG-1 Layer III, 48 kHz, 32 kbit/s, silent frames of 24 ms each (``round(seconds /
  0.024)`` frames); every frame has a valid header, so players and parsers accept the file.

Both are produced in chunks, so a three-hour recording is never held in memory at once.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

WAV_RATE = 8000
WAV_SAMPLE_BYTES = 2
WAV_CONTENT_TYPE = "audio/vnd.wave"
MP3_CONTENT_TYPE = "audio/mpeg"
MP3_FRAME_SECONDS = 1152 / 48000
_MP3_FRAME_BYTES = 144 * 32000 // 48000  # 96: no padding is ever needed at 48 kHz
#: Frame header: sync, MPEG-1, Layer III, no CRC | 32 kbit/s, 48 kHz | channel mode, original.
_MP3_HEADER = {1: bytes((0xFF, 0xFB, 0x14, 0xC4)), 2: bytes((0xFF, 0xFB, 0x14, 0x04))}
_CHUNK = 64 * 1024


def wav_frames(seconds: float) -> int:
    return round(seconds * WAV_RATE)


def wav_size(seconds: float, channels: int) -> int:
    return 44 + wav_frames(seconds) * channels * WAV_SAMPLE_BYTES


def wav_chunks(seconds: float, channels: int) -> Iterator[bytes]:
    """A RIFF/WAVE file of silence, header first."""
    data_size = wav_frames(seconds) * channels * WAV_SAMPLE_BYTES
    block = channels * WAV_SAMPLE_BYTES
    yield b"".join(
        (
            b"RIFF",
            struct.pack("<I", 36 + data_size),
            b"WAVEfmt ",
            struct.pack("<IHHIIHH", 16, 1, channels, WAV_RATE, WAV_RATE * block, block, 16),
            b"data",
            struct.pack("<I", data_size),
        )
    )
    yield from _zeros(data_size)


def mp3_frames(seconds: float) -> int:
    return round(seconds / MP3_FRAME_SECONDS)


def mp3_size(seconds: float) -> int:
    return mp3_frames(seconds) * _MP3_FRAME_BYTES


def mp3_chunks(seconds: float, channels: int) -> Iterator[bytes]:
    """Silent MP3 frames: a header, all-zero side information and main data (no sound)."""
    frame = _MP3_HEADER[2 if channels == 2 else 1].ljust(_MP3_FRAME_BYTES, b"\x00")
    per_chunk = _CHUNK // _MP3_FRAME_BYTES
    left = mp3_frames(seconds)
    while left > 0:
        count = min(left, per_chunk)
        yield frame * count
        left -= count


def _zeros(size: int) -> Iterator[bytes]:
    chunk = bytes(_CHUNK)
    while size > 0:
        yield chunk if size >= _CHUNK else bytes(size)
        size -= _CHUNK
