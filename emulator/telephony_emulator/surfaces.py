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
    """Finds the surface owning a path, falling back to the default surface's renderer."""

    def __init__(self) -> None:
        self.default: Surface | None = None
        self._surfaces: list[Surface] = []

    def add(self, surface: Surface, *, default: bool = False) -> None:
        """``default``: this surface also renders errors of paths no surface owns."""
        self._surfaces.append(surface)
        if default:
            self.default = surface

    def for_path(self, path: str) -> Surface:
        if self.default is None:
            raise RuntimeError("no default surface was set up")
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
