"""A call's outgoing audio: a queue of timed playbacks that an interrupt stops and clears."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from telephony_emulator.core import media
from telephony_emulator.core.scheduler import Scheduler, TimerHandle

PlaybackWatcher = Callable[[bool], None]
#: Told when a playback starts (``completed`` None) and when it is over (True or False).
ChannelListener = Callable[["Playback", bool | None], None]


class Playback:
    """One queued item lasting ``seconds``; its watchers learn whether it played to the end.

    ``kind`` (``audio`` or ``speech``) and ``tag`` say what it is to whoever reports it."""

    __slots__ = ("_watchers", "completed", "kind", "seconds", "started", "tag")

    def __init__(self, seconds: float, kind: str = "audio", tag: str | None = None) -> None:
        self.seconds = seconds
        self.kind = kind
        self.tag = tag
        #: Whether it got to play at all (a queued item dropped by an interrupt never did).
        self.started = False
        #: None while queued or playing; True when it played to the end, False when cut.
        self.completed: bool | None = None
        self._watchers: list[PlaybackWatcher] = []

    @property
    def over(self) -> bool:
        return self.completed is not None

    def watch(self, watcher: PlaybackWatcher) -> None:
        """Call ``watcher(completed)`` when the playback is over (at once if it is)."""
        if self.completed is not None:
            watcher(self.completed)
        else:
            self._watchers.append(watcher)

    def _finish(self, completed: bool) -> None:
        self.completed = completed
        watchers, self._watchers = self._watchers, []
        for watcher in watchers:
            watcher(completed)


class MediaChannel:
    """Plays its queue one item after another on the virtual clock, with no task of its own.

    It knows nothing of the script driving the call or of bridges: playing, queueing and
    interrupting never cancel either.
    """

    def __init__(self, scheduler: Scheduler, listener: ChannelListener | None = None) -> None:
        self._scheduler = scheduler
        self._listener = listener
        self._queue: deque[Playback] = deque()
        self._current: Playback | None = None
        self._timer: TimerHandle | None = None

    @property
    def current(self) -> Playback | None:
        """What is playing now, if anything."""
        return self._current

    @property
    def queued(self) -> int:
        """How many playbacks wait behind the current one."""
        return len(self._queue)

    def play(self, seconds: float, kind: str = "audio", tag: str | None = None) -> Playback:
        """Queue ``seconds`` of audio; it starts at once when nothing plays."""
        playback = Playback(seconds, kind, tag)
        self._queue.append(playback)
        if self._current is None:
            self._start_next()
        return playback

    def speak(self, text: str, tag: str | None = None) -> Playback:
        """Queue ``text`` spoken at the emulator's speech rate (core/media.py)."""
        return self.play(media.speech_seconds(text), "speech", tag)

    def interrupt(self) -> None:
        """Stop what is playing and drop everything queued."""
        stopped = [self._stop_current(), *self._queue]
        self._queue.clear()
        for playback in stopped:
            if playback is not None:
                self._finish(playback, False)

    def cancel(self, playback: Playback) -> None:
        """Stop ``playback`` alone (playing or queued); the queue carries on behind it."""
        if playback is self._current:
            self._stop_current()
            self._start_next()
        elif playback in self._queue:
            self._queue.remove(playback)
        else:
            return
        self._finish(playback, False)

    def _stop_current(self) -> Playback | None:
        current, self._current = self._current, None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return current

    def _start_next(self) -> None:
        if not self._queue:
            return
        playback = self._current = self._queue.popleft()
        self._timer = self._scheduler.call_later(playback.seconds, self._finish_current)
        playback.started = True
        if self._listener is not None:
            self._listener(playback, None)

    def _finish_current(self) -> None:
        # The next item starts before watchers run, so one that queues more lands behind it.
        current, self._current, self._timer = self._current, None, None
        self._start_next()
        if current is not None:
            self._finish(current, True)

    def _finish(self, playback: Playback, completed: bool) -> None:
        if self._listener is not None and playback.started:
            self._listener(playback, completed)
        playback._finish(completed)
