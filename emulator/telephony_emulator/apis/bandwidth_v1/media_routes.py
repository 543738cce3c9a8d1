"""Catapult media (§2.10): list, upload (PUT of the raw bytes), download, HEAD, delete."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1 import render
from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.keys import CATAPULT_SERVICES
from telephony_emulator.apis.bandwidth_v1.media import MAX_BYTES
from telephony_emulator.apis.bandwidth_v1.paging import link_header, paged
from telephony_emulator.errors import Forbidden, InvalidRequest

routes = web.RouteTableDef()
PATH = "/users/{userId}/media"
FILE = PATH + "/{mediaName:.+}"


@routes.get(PATH)
async def list_media(request: web.Request) -> web.Response:
    account = user_account(request)
    page = paged(request.app[CATAPULT_SERVICES].media.listing(account), request.query)
    body = [render.media_file(request, account, name, size) for name, size in page.items]
    return render.json_response(body, headers=link_header(request, page))


@routes.put(FILE)
async def upload_media(request: web.Request) -> web.Response:
    account = user_account(request)
    if request.content_length is None:
        raise InvalidRequest("The Content-Length header is required", code="validation-error")
    if request.content_length > MAX_BYTES:
        raise Forbidden(
            f"The media file is larger than {MAX_BYTES} bytes", code="media-size-overflow"
        )
    # Read as a stream, never form-parsed: the seed's gem sends the raw bytes as a form
    # (reference §10), and files up to 65 MB pass the server's request limit.
    content = await request.content.read()
    await request.app[CATAPULT_SERVICES].media.upload(
        account,
        request.match_info["mediaName"],
        request.headers.get("Content-Type"),
        content,
        request.headers.get("Cache-Control"),
    )
    return render.no_content()


@routes.get(FILE)
async def download_media(request: web.Request) -> web.Response:
    account = user_account(request)
    found = request.app[CATAPULT_SERVICES].media.download(account, request.match_info["mediaName"])
    headers = {"Cache-Control": found.cache_control} if found.cache_control else None
    return web.Response(body=found.content, content_type=found.content_type, headers=headers)


@routes.delete(FILE)
async def delete_media(request: web.Request) -> web.Response:
    account = user_account(request)
    await request.app[CATAPULT_SERVICES].media.delete(account, request.match_info["mediaName"])
    return render.no_content()
