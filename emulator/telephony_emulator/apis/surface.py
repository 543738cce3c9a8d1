"""An API surface: the path prefixes it owns and the one place that renders its errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiohttp import web

from telephony_emulator.errors import EmulatorError

ErrorRenderer = Callable[[EmulatorError, web.Request], web.StreamResponse]


@dataclass(frozen=True)
class Surface:
    """``prefixes`` are path prefixes; the longest match across surfaces owns a request."""

    name: str
    prefixes: Sequence[str]
    render_error: ErrorRenderer


class SurfaceRegistry:
    """Finds the surface owning a path, falling back to a default renderer."""

    def __init__(self, default: Surface) -> None:
        self.default = default
        self._surfaces: list[Surface] = []

    def add(self, surface: Surface) -> None:
        self._surfaces.append(surface)

    def for_path(self, path: str) -> Surface:
        best: Surface = self.default
        best_len = -1
        for surface in self._surfaces:
            for prefix in surface.prefixes:
                if _matches(path, prefix) and len(prefix) > best_len:
                    best, best_len = surface, len(prefix)
        return best


def _matches(path: str, prefix: str) -> bool:
    # Case-insensitive: the legacy RingCentral pages are classic ASP, which ignores case.
    path, prefix = path.lower(), prefix.lower().rstrip("/")
    return path == prefix or path.startswith(prefix + "/")
