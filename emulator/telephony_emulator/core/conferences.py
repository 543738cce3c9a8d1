"""Conferences: many calls joined under a name, their members, and the store that keeps them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telephony_emulator.core.memory_store import MemoryStore
from telephony_emulator.core.repositories import Repository
from telephony_emulator.core.surface_state import SurfaceState
from telephony_emulator.iso_time import from_stored, to_stored


@dataclass(eq=False)
class Member:
    """One call's membership; it stays listed (with ``left_at``) after the call leaves."""

    call_id: str
    from_: str
    to: str
    joined_at: datetime
    mute: bool = False
    hold: bool = False
    call_ids_to_coach: tuple[str, ...] = ()
    left_at: datetime | None = None

    @property
    def present(self) -> bool:
        return self.left_at is None

    def to_data(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "from": self.from_,
            "to": self.to,
            "joined_at": to_stored(self.joined_at),
            "mute": self.mute,
            "hold": self.hold,
            "call_ids_to_coach": list(self.call_ids_to_coach),
            "left_at": to_stored(self.left_at),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Member:
        joined = from_stored(data["joined_at"])
        assert joined is not None
        return cls(
            call_id=data["call_id"],
            from_=data["from"],
            to=data["to"],
            joined_at=joined,
            mute=bool(data.get("mute")),
            hold=bool(data.get("hold")),
            call_ids_to_coach=tuple(data.get("call_ids_to_coach") or ()),
            left_at=from_stored(data.get("left_at")),
        )


@dataclass(eq=False)
class Conference:
    """One conference. ``surface_state`` holds the surface's typed settings (event URL,
    credentials...).

    It is created by the first call that asks for its name and completes when its last member
    leaves (or it is ended); the name then gets a new conference the next time it is used. The
    membership rules are :class:`~telephony_emulator.core.conference_rooms.ConferenceRooms`'.
    """

    id: str
    account_id: str
    surface: str
    name: str
    created_at: datetime
    tag: str | None = None
    completed_at: datetime | None = None
    members: dict[str, Member] = field(default_factory=dict)
    surface_state: SurfaceState | None = None
    seq: int = 0
    #: Resolved when the conference completes (live conferences only; members wait in the room).
    ended: asyncio.Future[None] | None = field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.completed_at is None

    def present_members(self) -> list[Member]:
        return [member for member in self.members.values() if member.present]

    def coach(self) -> Member | None:
        """The member coaching others, if any (one per conference, reference §4)."""
        for member in self.present_members():
            if member.call_ids_to_coach:
                return member
        return None


class ConferenceStore(MemoryStore[Conference]):
    """Every conference, served from memory; each change is written behind to the database."""

    def __init__(self, repository: Repository[Conference]) -> None:
        super().__init__(repository)

    def clear(self) -> None:
        super().clear()
        self._active: dict[tuple[str, str, str], Conference] = {}

    async def load(self, on_interrupted: Callable[[Conference], None]) -> None:
        """Index stored conferences; ``on_interrupted`` completes those active at the stop
        (their members' calls ended with the server)."""
        for conference in await self.load_items():
            if conference.active:
                on_interrupted(conference)

    def add(self, conference: Conference) -> None:
        """Keep a new, active conference; it is the one its name stands for until it ends."""
        conference.ended = asyncio.get_running_loop().create_future()
        self._number(conference)
        self._active[_key(conference)] = conference
        self.changed(conference)

    def changed(self, conference: Conference) -> None:
        if not conference.active:
            self._active.pop(_key(conference), None)
        self._write(conference)

    def active_named(self, account_id: str, surface: str, name: str) -> Conference | None:
        return self._active.get((account_id, surface, name))


def _key(conference: Conference) -> tuple[str, str, str]:
    return conference.account_id, conference.surface, conference.name
