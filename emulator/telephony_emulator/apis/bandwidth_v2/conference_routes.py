"""Voice v2 conference endpoints, their members and recordings (reference bandwidth-v2.md §2)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v2.auth import voice_account
from telephony_emulator.apis.bandwidth_v2.conference_schemas import (
    parse_list_conferences_query,
    parse_update_conference,
    parse_update_member,
)
from telephony_emulator.apis.bandwidth_v2.keys import CONFERENCES, RECORDINGS
from telephony_emulator.apis.bandwidth_v2.recording_routes import stream_media
from telephony_emulator.apis.bandwidth_v2.render import (
    conference_json,
    json_response,
    member_json,
    next_page_link,
)
from telephony_emulator.apis.bandwidth_v2.schemas import check_xml_content_type

routes: web.RouteTableDef = web.RouteTableDef()
_ONE = "/accounts/{accountId}/conferences/{conferenceId}"


def _conference_id(request: web.Request) -> str:
    return request.match_info["conferenceId"]


@routes.get("/accounts/{accountId}/conferences")
async def list_conferences(request: web.Request) -> web.Response:
    account = voice_account(request)
    query = parse_list_conferences_query(request.query)
    page = request.app[CONFERENCES].list(account.id, query)
    body = [conference_json(conference, with_members=False) for conference in page.items]
    return json_response(body, headers=next_page_link(request, page.next_token))


@routes.get(_ONE)
async def get_conference(request: web.Request) -> web.Response:
    account = voice_account(request)
    conference = request.app[CONFERENCES].get(account.id, _conference_id(request))
    return json_response(conference_json(conference, with_members=True))


@routes.post(_ONE)
async def update_conference(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_update_conference(await request.read(), request.headers.get("Content-Type"))
    request.app[CONFERENCES].update(account.id, _conference_id(request), body)
    return web.Response(status=204)


@routes.put(_ONE + "/bxml")
async def update_conference_bxml(request: web.Request) -> web.Response:
    account = voice_account(request)
    check_xml_content_type(request.headers.get("Content-Type"))
    raw = await request.read()
    request.app[CONFERENCES].update_bxml(account.id, _conference_id(request), raw)
    return web.Response(status=204)


@routes.get(_ONE + "/members/{memberId}")
async def get_conference_member(request: web.Request) -> web.Response:
    account = voice_account(request)
    conferences = request.app[CONFERENCES]
    conference_id, member_id = _conference_id(request), request.match_info["memberId"]
    member = conferences.member(account.id, conference_id, member_id)
    return json_response(member_json(conferences.get(account.id, conference_id), member))


@routes.put(_ONE + "/members/{memberId}")
async def update_conference_member(request: web.Request) -> web.Response:
    account = voice_account(request)
    body = parse_update_member(await request.read(), request.headers.get("Content-Type"))
    request.app[CONFERENCES].update_member(
        account.id, _conference_id(request), request.match_info["memberId"], body
    )
    return web.Response(status=204)


@routes.get(_ONE + "/recordings")
async def list_conference_recordings(request: web.Request) -> web.Response:
    account = voice_account(request)
    conference = request.app[CONFERENCES].get(account.id, _conference_id(request))
    return json_response(request.app[RECORDINGS].list_conference(account, conference.id))


@routes.get(_ONE + "/recordings/{recordingId}")
async def get_conference_recording(request: web.Request) -> web.Response:
    account = voice_account(request)
    metadata = request.app[RECORDINGS].conference_metadata(
        account, _conference_id(request), request.match_info["recordingId"]
    )
    return json_response(metadata)


@routes.get(_ONE + "/recordings/{recordingId}/media")
async def download_conference_recording(request: web.Request) -> web.StreamResponse:
    account = voice_account(request)
    media = request.app[RECORDINGS].conference_media(
        account, _conference_id(request), request.match_info["recordingId"]
    )
    return await stream_media(request, media)
