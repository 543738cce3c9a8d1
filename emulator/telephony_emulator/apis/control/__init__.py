"""The control plane under ``/_emulator/``: our own API, snake_case JSON."""
