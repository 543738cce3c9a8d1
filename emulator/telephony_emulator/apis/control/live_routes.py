"""Control API live views: the call list, a call's timeline, and the event stream (SSE)."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

from telephony_emulator.core.calls import Call
from telephony_emulator.errors import InvalidRequest, NotFound
from telephony_emulator.keys import CALLS, STATE

from .feed import FeedFilter
from .keys import FEED
from .live_render import call_detail
from .live_schemas import CALL_STATES, CallListResponse, FeedItemOut, TimelineResponse
from .params import only_known, query_int
from .render import model_response
from .schemas import PREFIX

routes = web.RouteTableDef()
#: A comment line is sent after this many real seconds without items, so dead readers are found.
KEEPALIVE_SECONDS = 15.0


def _names(request: web.Request, name: str) -> frozenset[str] | None:
    raw = request.query.get(name)
    return None if raw is None else frozenset(part for part in raw.split(",") if part)


@routes.get(PREFIX + "/calls")
async def list_calls(request: web.Request) -> web.Response:
    only_known(request, {"account_id", "state", "surface", "after", "limit"})
    account_id = request.query.get("account_id")
    state = request.query.get("state")
    surface = request.query.get("surface")
    if state is not None and state not in CALL_STATES:
        raise InvalidRequest(f"state must be one of {', '.join(CALL_STATES)}, got {state!r}")
    before = query_int(request, "after", 2**62, 0, 2**62)  # the cursor: a call's creation number
    limit = query_int(request, "limit", 100, 1, 1000)
    engine = request.app[CALLS]
    accounts = (
        [account_id]
        if account_id is not None
        else [account.id for account in request.app[STATE].accounts.all()]
    )
    found: list[Call] = []
    for account in accounts:
        for call in engine.registry.of_account(account):
            if call.seq >= before or (surface is not None and call.surface != surface):
                continue
            if state == "live" and call.ended:
                continue
            if state not in (None, "live", call.status.value):
                continue
            found.append(call)
    found.sort(key=lambda call: call.seq, reverse=True)
    page, has_more = found[:limit], len(found) > limit
    feed = request.app[FEED]
    return model_response(
        CallListResponse(
            calls=[call_detail(call, engine, feed) for call in page],
            has_more=has_more,
            next_cursor=str(page[-1].seq) if has_more else None,
        )
    )


@routes.get(PREFIX + "/calls/{call_id}/events")
async def get_call_timeline(request: web.Request) -> web.Response:
    call_id = request.match_info["call_id"]
    if request.app[CALLS].registry.get(call_id) is None:
        raise NotFound(f"call {call_id} not found")
    items = request.app[FEED].recent(FeedFilter(call_id=call_id, resets=False))
    events = [FeedItemOut.model_validate(item.to_json()) for item in items]
    return model_response(TimelineResponse(call_id=call_id, events=events))


def feed_filter(request: web.Request) -> FeedFilter:
    only_known(request, {"account_id", "call_id", "type", "kind", "after"})
    return FeedFilter(
        account_id=request.query.get("account_id"),
        call_id=request.query.get("call_id"),
        types=_names(request, "type"),
        kinds=_names(request, "kind"),
    )


@routes.get(PREFIX + "/events")
async def stream_events(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events: each item as ``id: <seq>`` and ``data: <json>``. New items only,
    unless ``after`` asks for retained ones; a reconnecting browser's ``Last-Event-ID`` wins
    over ``after`` (its URL still says where it first started)."""
    where = feed_filter(request)
    after: int | None = None
    if "after" in request.query:
        after = query_int(request, "after", 0, 0, 2**62)
    if request.headers.get("Last-Event-ID", "").isdigit():
        after = int(request.headers["Last-Event-ID"])
    subscription = request.app[FEED].subscribe(where, after)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    try:
        await response.prepare(request)
        await response.write(b"retry: 1000\n: telephony-emulator events\n\n")
        while True:
            try:
                item = await asyncio.wait_for(subscription.queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if item is None:
                break
            await response.write(f"id: {item.seq}\ndata: {item.line}\n\n".encode())
    except ConnectionResetError:  # the reader went away
        return response
    finally:
        subscription.close()
    if subscription.overflowed:
        with contextlib.suppress(ConnectionResetError):
            await response.write(b": closed: this reader fell behind; resume with after\n\n")
    return response
