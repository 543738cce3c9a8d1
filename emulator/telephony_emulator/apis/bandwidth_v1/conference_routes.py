"""Catapult conference and member endpoints (§2.8; there is no conference list)."""

from __future__ import annotations

from aiohttp import web

from telephony_emulator.apis.bandwidth_v1.auth import user_account
from telephony_emulator.apis.bandwidth_v1.conferences import conference_url, member_url
from telephony_emulator.apis.bandwidth_v1.render import created, json_response, no_content
from telephony_emulator.apis.bandwidth_v1.voice_keys import CATAPULT_VOICE
from telephony_emulator.apis.bandwidth_v1.voice_lists import list_response
from telephony_emulator.apis.bandwidth_v1.voice_render import (
    conference_object,
    for_old_gem,
    gem_conference,
    gem_member,
    member_object,
)
from telephony_emulator.apis.bandwidth_v1.voice_schemas import (
    AudioBody,
    ConferenceBody,
    MemberBody,
    UpdateConferenceBody,
    UpdateMemberBody,
    parse_body,
)
from telephony_emulator.core.conferences import Member
from telephony_emulator.public_url import public_base

routes = web.RouteTableDef()
CONFERENCE = "/users/{userId}/conferences/{conferenceId}"
MEMBER = CONFERENCE + "/members/{memberId}"


@routes.post("/users/{userId}/conferences")
async def create_conference(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(ConferenceBody, await request.read(), "conference")
    voice = request.app[CATAPULT_VOICE]
    conference = voice.conferences.create(account, body, public_base(request))
    return created(conference_url(conference))


@routes.get(CONFERENCE)
async def get_conference(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    conference = voice.conferences.get(account, request.match_info["conferenceId"])
    if for_old_gem(request):
        return json_response(gem_conference(conference, voice.engine.clock.now()))
    return json_response(conference_object(conference))


@routes.post(CONFERENCE)
async def update_conference(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(UpdateConferenceBody, await request.read(), "conference")
    request.app[CATAPULT_VOICE].conferences.update(
        account, request.match_info["conferenceId"], body
    )
    return no_content()


@routes.post(CONFERENCE + "/audio")
async def play_audio_to_conference(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(AudioBody, await request.read(), "audio")
    request.app[CATAPULT_VOICE].conferences.play(account, request.match_info["conferenceId"], body)
    return no_content()


@routes.post(CONFERENCE + "/members")
async def create_conference_member(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(MemberBody, await request.read(), "conferenceMember")
    voice = request.app[CATAPULT_VOICE]
    conference_id = request.match_info["conferenceId"]
    member_id = voice.conferences.add_member(account, conference_id, body)
    conference = voice.conferences.get(account, conference_id)
    return created(member_url(conference, member_id))


@routes.get(CONFERENCE + "/members")
async def list_conference_members(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    conference_id = request.match_info["conferenceId"]
    conference = voice.conferences.get(account, conference_id)
    now = voice.engine.clock.now()
    gem = for_old_gem(request)

    def render(item: tuple[str, Member]) -> dict[str, object]:
        member_id, member = item
        if gem:
            return gem_member(conference, member_id, member, now)
        return member_object(conference, member_id, member)

    members = voice.conferences.members(account, conference_id)
    return list_response(request, members, render, always_paged=False)


@routes.get(MEMBER)
async def get_conference_member(request: web.Request) -> web.Response:
    account = user_account(request)
    voice = request.app[CATAPULT_VOICE]
    member_id = request.match_info["memberId"]
    conference, member = voice.conferences.member(
        account, request.match_info["conferenceId"], member_id
    )
    if for_old_gem(request):
        return json_response(gem_member(conference, member_id, member, voice.engine.clock.now()))
    return json_response(member_object(conference, member_id, member))


@routes.post(MEMBER)
async def update_conference_member(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(UpdateMemberBody, await request.read(), "conferenceMember")
    request.app[CATAPULT_VOICE].conferences.update_member(
        account, request.match_info["conferenceId"], request.match_info["memberId"], body
    )
    return no_content()


@routes.post(MEMBER + "/audio")
async def play_audio_to_conference_member(request: web.Request) -> web.Response:
    account = user_account(request)
    body = parse_body(AudioBody, await request.read(), "audio")
    voice = request.app[CATAPULT_VOICE]
    live = voice.conferences.member_live(
        account, request.match_info["conferenceId"], request.match_info["memberId"]
    )
    voice.play_on(live, body)  # a member's audio reports through its call's events (§4)
    return no_content()
