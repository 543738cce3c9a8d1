"""What the legacy classic-ASP pages share: case-blind paths and merged request parameters."""

from __future__ import annotations

from aiohttp import web
from multidict import MultiDict

from telephony_emulator.forms import form_fields


def any_case(page: str) -> str:
    """A route path matching ``page`` in any letter case, as classic ASP pages did."""
    pattern = "".join(
        f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else "\\" + ch if ch == "." else ch
        for ch in page
    )
    return "/{page:" + pattern + "}"


async def legacy_params(request: web.Request) -> MultiDict[str]:
    """Query and form parameters merged, names lower-cased; file parts are skipped."""
    params: MultiDict[str] = MultiDict()
    for name, value in request.query.items():
        params.add(name.lower(), value)
    if request.method == "POST" and request.can_read_body:
        for field_name, field_value in await form_fields(request):
            params.add(field_name.lower(), field_value)
    return params
