"""``<Conference>``, and the runner of the BXML a conference itself plays (reference §3, §4).

A call running ``<Conference>`` joins the named conference (the surface's
:class:`ConferenceHost` creates it on first use and sends its events) and stays until the call
leaves (hang-up, or a redirect through updateCall) or the conference is ended through the API,
after which the call goes on with the next verb. BXML sent to the conference (event replies,
updateConferenceBxml) may hold only :data:`CONFERENCE_VERBS`; the :class:`ConferenceRunner`
runs those documents in order, never overlapping, and skips a verb that fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import TYPE_CHECKING, Protocol

from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.media_length import UnsupportedAudio, media_seconds
from telephony_emulator.bxml.verb_handler import VerbHandler
from telephony_emulator.core.conferences import Conference
from telephony_emulator.core.live_call import LiveCall
from telephony_emulator.core.scheduler import Scheduler

if TYPE_CHECKING:
    from telephony_emulator.bxml.interpreter import Interpreter, Next

log = logging.getLogger(__name__)
#: The only verbs a conference runs; a document with any other is refused whole (§4).
CONFERENCE_VERBS = (
    "PlayAudio",
    "SpeakSentence",
    "StartRecording",
    "StopRecording",
    "PauseRecording",
    "ResumeRecording",
)


def refuse_outside_conference(document: v.Document) -> str | None:
    """Why ``document`` cannot run in a conference, or None if it can."""
    for verb in document.verbs:
        if verb.xml_name not in CONFERENCE_VERBS:
            return (
                f"<{verb.xml_name}> is not allowed in a conference; only "
                f"{', '.join(CONFERENCE_VERBS)} are"
            )
    return None


class ConferenceHost(Protocol):
    """What ``<Conference>`` needs from the surface."""

    async def attend(self, live: LiveCall, verb: v.Conference, base_url: str) -> None:
        """Join the conference (creating it when needed); return once the conference was
        ended from outside. Cancelling the wait makes the call leave."""
        ...


def handlers(interpreter: Interpreter) -> dict[type[v.Verb], VerbHandler]:
    async def conference(verb: v.Conference, base_url: str) -> Next | None:
        interpreter.live.answer_if_ringing()
        await interpreter.host.conferences.attend(interpreter.live, verb, base_url)
        return None

    return {v.Conference: conference}


class ConferenceMedia(Protocol):
    """What the conference's own verbs act on: audio lengths and its recording."""

    def audio_seconds(self, url: str) -> float: ...

    def start_recording(
        self, conference: Conference, verb: v.StartRecording, base_url: str
    ) -> None: ...

    def pause_recording(self, conference: Conference) -> None: ...

    def resume_recording(self, conference: Conference) -> None: ...

    def stop_recording(self, conference: Conference) -> None: ...


class ConferenceRunner:
    """Plays the BXML queued for one conference, one document after another."""

    def __init__(self, conference: Conference, scheduler: Scheduler, media: ConferenceMedia):
        self.conference = conference
        self._scheduler = scheduler
        self._media = media
        self._queue: deque[tuple[v.Document, str]] = deque()
        self._task: asyncio.Task[None] | None = None

    def queue(self, document: v.Document, base_url: str) -> None:
        self._queue.append((document, base_url))
        if self._task is None or self._task.done():
            self._task = self._scheduler.spawn(self._run(), name=f"conference {self.conference.id}")

    def stop(self) -> None:
        """The conference ended: whatever was playing or queued is dropped."""
        self._queue.clear()
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        while self._queue:
            document, base_url = self._queue.popleft()
            for verb in document.verbs:
                try:
                    await self._play(verb, base_url)
                except UnsupportedAudio as error:
                    # "If an error happens when executing a verb, it will continue to the
                    # next verb normally" (reference §4).
                    log.info("conference %s skipped a verb: %s", self.conference.id, error)

    async def _play(self, verb: v.Verb, base_url: str) -> None:
        media, conference = self._media, self.conference
        if isinstance(verb, v.SpeakSentence | v.PlayAudio):
            await self._scheduler.sleep(media_seconds(verb, base_url, media.audio_seconds))
        elif isinstance(verb, v.StartRecording):
            media.start_recording(conference, verb, base_url)
        elif isinstance(verb, v.PauseRecording):
            media.pause_recording(conference)
        elif isinstance(verb, v.ResumeRecording):
            media.resume_recording(conference)
        elif isinstance(verb, v.StopRecording):
            media.stop_recording(conference)
