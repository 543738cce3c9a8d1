"""Catapult media (§2.10): the core media store's files, recordings and transcripts."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import timedelta

from telephony_emulator.apis.bandwidth_v1.recordings import CatapultRecordings
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.core.media_store import MediaStore
from telephony_emulator.errors import Forbidden, NotFound

#: Uploads are kept until deleted.
FOREVER = timedelta.max
MAX_BYTES = 65 * 1024 * 1024
#: Sent by the seed's gem (Faraday's default) with the raw bytes: not the file's type.
_FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class MediaContent:
    name: str
    content_type: str
    content: bytes
    cache_control: str | None = None


class CatapultMedia:
    """Uploads are kept until deleted (Catapult's storage is unlimited); call recordings and
    transcription texts are served by name beside them."""

    def __init__(
        self, store: MediaStore, recordings: CatapultRecordings, clock: VirtualClock
    ) -> None:
        self._store = store
        self._recordings = recordings
        self._clock = clock

    def listing(self, account: Account) -> list[tuple[str, int]]:
        """``(name, size)`` of every file, uploads and recordings, by name."""
        now = self._clock.now()
        found = {
            item.name: len(item.content) for item in self._store.listing(account.id, now, FOREVER)
        }
        for recording in self._recordings.media_files(account):
            found.setdefault(recording.name, recording.size)
        return sorted(found.items())

    async def upload(
        self,
        account: Account,
        name: str,
        content_type: str | None,
        content: bytes,
        cache_control: str | None = None,
    ) -> None:
        if len(content) > MAX_BYTES:
            raise Forbidden(
                f"The media file {name} is larger than {MAX_BYTES} bytes",
                code="media-size-overflow",
            )
        await self._store.put(
            account.id,
            name,
            _content_type(name, content_type),
            content,
            self._clock.now(),
            cache_control,
        )

    def download(self, account: Account, name: str) -> MediaContent:
        item = self._store.find(account.id, name, self._clock.now(), FOREVER)
        if item is not None:
            return MediaContent(name, item.content_type, item.content, item.cache_control)
        generated = self._recordings.media_file(account, name)
        if generated is None:
            raise _not_found(name)
        return MediaContent(name, generated.content_type, b"".join(generated.chunks))

    async def delete(self, account: Account, name: str) -> None:
        written = self._store.delete(account.id, name, self._clock.now(), FOREVER)
        if written is None:
            raise _not_found(name)
        await written


def _content_type(name: str, given: str | None) -> str:
    """The type the upload names; for none or a form type, the one its name suggests."""
    if given and not given.startswith(_FORM_TYPE):
        return given
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _not_found(name: str) -> NotFound:
    return NotFound(f"Media {name} not found", code="media-not-found")
