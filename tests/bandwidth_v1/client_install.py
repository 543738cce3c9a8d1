"""Installs a vendor client for the tests once per machine, into a cache folder of its own."""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path


def client_folder(variable: str, name: str) -> Path:
    """``$variable`` when set, else ``name`` in the user's cache folder."""
    configured = os.environ.get(variable)
    if configured:
        return Path(configured)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "telephony-emulator-tests" / name


def install_once(folder: Path, command: Sequence[str]) -> Path:
    """Run ``command`` (which installs into ``folder``) unless a previous run has; a file lock
    lets concurrent xdist workers wait for the one that installs."""
    done = folder / ".installed"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            done.touch()
    return folder
