"""List replies of the voice resources: paged with ``Link`` when the client asks for a page.

The docs page only some lists (calls, bridges, recordings) and leave others whole (a call's
recordings, a bridge's calls, members, calls by ``bridgeId``/``conferenceId``), but the seed's
gem asks every list for ``page``/``size`` and stops only at an empty page (§10): a list asked
for a page is paged, so the gem's enumeration ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged
from telephony_emulator.apis.bandwidth_v1.render import json_response

T = TypeVar("T")


def list_response(
    request: web.Request,
    items: Sequence[T],
    render: Callable[[T], Any],
    *,
    always_paged: bool = True,
) -> web.Response:
    """``items`` rendered: one page (default size 25) unless the list is whole by default and
    no ``page`` or ``size`` was asked for."""
    if not always_paged and "page" not in request.query and "size" not in request.query:
        return json_response([render(item) for item in items])
    page = paged(items, request.query)
    return json_response([render(item) for item in page.items], headers=link_header(request, page))
