"""pytest fixtures for telephony-emulator (registered through the ``pytest11`` entry point)."""
