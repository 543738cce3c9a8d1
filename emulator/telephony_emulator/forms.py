"""Form bodies (urlencoded or multipart) read so that a malformed one is the client's error."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.errors import EmulatorError, InvalidRequest

UNREADABLE = "the request body is not a readable form"


async def form_fields(
    request: web.Request, unreadable: EmulatorError | None = None
) -> list[tuple[str, str]]:
    """The text fields of the body, in order (file parts skipped); ``unreadable`` (by default a
    plain 400) is raised for a body that claims to be a form but cannot be parsed."""
    try:
        form = await request.post()
    except (ValueError, LookupError):  # LookupError: a charset Python does not know
        raise (unreadable or InvalidRequest(UNREADABLE)) from None
    return [(name, value) for name, value in form.items() if isinstance(value, str)]
