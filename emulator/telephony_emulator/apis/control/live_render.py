"""Turning calls, their activity and feed items into the live views' responses."""

from __future__ import annotations

from datetime import UTC, datetime

from telephony_emulator.core.calls import Call
from telephony_emulator.core.engine import CallEngine

from .feed import EventFeed
from .live_schemas import ActivityOut, CallDetailOut
from .render import call_out


def call_detail(call: Call, engine: CallEngine, feed: EventFeed) -> CallDetailOut:
    """The call with what it is doing now (from the feed) while it is live."""
    live = engine.live.get(call.id)
    base = call_out(call, live is not None and live.ringing)
    activity = feed.activity(call.id)
    if live is None or live.ended or activity is None:
        return CallDetailOut(**base.model_dump(), activity=None)
    now = engine.clock.time()
    doing_since, step_since = activity.doing_since, activity.step_since
    return CallDetailOut(
        **base.model_dump(),
        activity=ActivityOut(
            what=activity.what,
            since=datetime.fromtimestamp(activity.since, tz=UTC),
            seconds=round(now - activity.since, 3),
            doing=activity.doing,
            doing_seconds=None if doing_since is None else round(now - doing_since, 3),
            step=activity.step,
            step_seconds=None if step_since is None else round(now - step_since, 3),
            bridge_id=activity.bridge_id,
            conference_id=activity.conference_id,
            playing=live.media.current is not None,
        ),
    )
