"""Runs an emulator in a background thread with its own event loop, for sync and async tests."""

from __future__ import annotations

import asyncio
import threading

from telephony_emulator.settings import Settings


class EmulatorThread:
    """One emulator on an ephemeral port; ``start()`` returns its URL, ``stop()`` ends it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = ""
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="telephony-emulator", daemon=True)

    def start(self, timeout: float = 60.0) -> str:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"telephony-emulator did not start within {timeout:g} s")
        if self._error is not None:
            raise RuntimeError(
                f"telephony-emulator failed to start: {self._error}"
            ) from self._error
        return self.url

    def stop(self, timeout: float = 30.0) -> None:
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # reported to start(); the thread must not die silently
            self._error = error
            self._ready.set()

    async def _serve(self) -> None:
        from aiohttp import web
        from telephony_emulator.app import create_app, make_runner

        app = create_app(self.settings)
        runner = make_runner(app)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            await site.start()
            port = runner.addresses[0][1]
            self.url = f"http://{self.settings.host}:{port}"
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._ready.set()
            await self._stop.wait()
        finally:
            await runner.cleanup()
