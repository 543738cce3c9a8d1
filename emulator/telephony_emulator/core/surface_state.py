"""Typed per-surface state on core objects, and the decoders surfaces register to reload it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

#: What a state belongs to: each kind of stored core object carries its own.
Kind = Literal["call", "conference", "recording", "transcription"]


class SurfaceState(Protocol):
    """A surface's own fields on a core object; ``to_data`` is its stored JSON form."""

    def to_data(self) -> dict[str, Any]: ...


@dataclass
class RawState:
    """Stored state no registered surface claims (an unknown or retired surface): kept as is,
    so it is written back unchanged."""

    data: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return dict(self.data)


Decoder = Callable[[Mapping[str, Any]], SurfaceState]

_decoders: dict[tuple[str, Kind], Decoder] = {}


def register(surface: str, kind: Kind, from_data: Decoder) -> None:
    """Let storage rebuild ``surface``'s state of ``kind`` from its stored JSON."""
    _decoders[(surface, kind)] = from_data


def to_data(state: SurfaceState | None) -> dict[str, Any]:
    return {} if state is None else state.to_data()


def from_data(surface: str, kind: Kind, data: Mapping[str, Any] | None) -> SurfaceState | None:
    """The state stored as ``data``: decoded by ``surface``'s decoder, else kept raw."""
    if not data:
        return None
    decoder = _decoders.get((surface, kind))
    return RawState(dict(data)) if decoder is None else decoder(data)
