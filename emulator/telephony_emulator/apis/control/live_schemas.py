"""Control API models of the live views: call lists with activity, timelines, the event stream."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from .schemas import CallOut

#: ``state`` filter values of ``GET /_emulator/calls``: a call state, or ``live`` (not ended).
CALL_STATES = ("queued", "initiated", "answered", "disconnected", "live")


class ActivityOut(BaseModel):
    """What a live call is doing now, from its events, and what it is connected to."""

    what: str = Field(description="placed, ringing, answered, bridged, in conference, …")
    since: datetime
    seconds: float = Field(description="virtual seconds since it began")
    doing: str | None = Field(description="what a …Started event began and nothing ended yet")
    doing_seconds: float | None
    step: str | None = Field(description="the controller's current step: a BXML verb, …")
    step_seconds: float | None
    bridge_id: str | None
    conference_id: str | None
    playing: bool = Field(description="the call's media channel is playing or speaking now")


class CallDetailOut(CallOut):
    activity: ActivityOut | None = Field(description="null once the call has ended")


class CallListResponse(BaseModel):
    """Newest first; pass ``next_cursor`` as ``after`` for the next page."""

    calls: list[CallDetailOut]
    has_more: bool
    next_cursor: str | None


class FeedItemOut(BaseModel):
    """One entry of the live event feed (also each Server-Sent Event's ``data``)."""

    seq: int = Field(description="increasing number; the stream's event id")
    type: str = Field(description="CallPlaced, CallAnswered, WebhookAttempted, ClockChanged, …")
    kind: Literal["call", "recording", "message", "webhook", "clock", "reset"]
    at: float = Field(description="virtual POSIX seconds")
    time: str
    call_id: str | None
    account_id: str | None
    data: dict[str, Any]


class TimelineResponse(BaseModel):
    """A call's retained events and webhook attempts, oldest first."""

    call_id: str
    events: list[FeedItemOut]


def _query(name: str, description: str, kind: str = "string") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


_CALL_ID = {"name": "call_id", "in": "path", "required": True, "schema": {"type": "string"}}
_NAME = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
_FEED_FILTERS = [
    _query("account_id", "only this account's items (and resets)"),
    _query("call_id", "only this call's items"),
    _query("type", "comma-separated item types, e.g. CallAnswered,WebhookAttempted"),
    _query("kind", "comma-separated kinds: call, recording, message, webhook, clock, reset"),
    _query("after", "first replay retained items numbered above this", "integer"),
]
#: Paths answering with Server-Sent Events, each event's data one response model.
STREAMS = frozenset({"/events"})
#: Entries of the control API's OpenAPI document (emulator/apis/control/openapi.py).
OPERATIONS: list[tuple[str, str, str, Any, int, Any, list[dict[str, Any]]]] = [
    (
        "get",
        "/calls",
        "Calls of every surface, newest first, with what each live one is doing",
        None,
        200,
        CallListResponse,
        [
            _query("account_id", "only this account's calls"),
            _query("state", "queued, initiated, answered, disconnected or live (not ended)"),
            _query("surface", "only calls placed through this surface, e.g. bandwidth_v2"),
            _query("after", "the next_cursor of the previous page"),
            _query("limit", "page size, 1 to 1000 (default 100)", "integer"),
        ],
    ),
    (
        "get",
        "/calls/{call_id}/events",
        "A call's timeline: its retained events and webhook attempts, oldest first",
        None,
        200,
        TimelineResponse,
        [_CALL_ID],
    ),
    (
        "get",
        "/events",
        "The live event stream (text/event-stream): call events, webhook attempts, clock "
        "changes and resets, each as a FeedItemOut in an event's data",
        None,
        200,
        FeedItemOut,
        _FEED_FILTERS,
    ),
    ("get", "/ui/", "The web dashboard (HTML)", None, 200, None, []),
    ("get", "/ui/{name}", "A file of the dashboard", None, 200, None, [_NAME]),
]
