"""Request wire models of the conference endpoints: updateConference, updateConferenceMember
and the listConferences query (spec schemas ``updateConference``, ``updateConferenceMember``).
Parsed like the call requests (schemas.py): unknown fields ignored, ``null`` is "not sent",
errors in the vendor's wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator

from telephony_emulator.apis.bandwidth_v2.schemas import (
    DEFAULT_PAGE_SIZE,
    RedirectRequest,
    VoiceBody,
    check_json_content_type,
    check_redirect,
    describer,
    null_is_default,
    query_page_size,
    query_time,
)
from telephony_emulator.apis.common.validation import validate_json

#: listConferences returns at most 1000 per page (reference §2).
MAX_CONFERENCE_PAGE_SIZE = 1000
ConferenceStatus = Literal["active", "completed"]


class UpdateConferenceRequest(RedirectRequest):
    """The field really is ``status`` (the prose says "state"; reference §2)."""

    status: Annotated[ConferenceStatus, BeforeValidator(null_is_default)] = "active"


class UpdateConferenceMemberRequest(VoiceBody):
    """Each field changes the member only when sent (``null`` counts as not sent)."""

    mute: bool | None = None
    hold: bool | None = None
    call_ids_to_coach: list[str] | None = None


@dataclass(frozen=True, slots=True)
class ListConferencesQuery:
    name: str | None = None
    min_created_time: datetime | None = None
    max_created_time: datetime | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    page_token: str | None = None


_UPDATE_ERRORS = describer(UpdateConferenceRequest)
_MEMBER_ERRORS = describer(UpdateConferenceMemberRequest)


def parse_update_conference(raw: bytes, content_type: str | None) -> UpdateConferenceRequest:
    check_json_content_type(content_type)
    body = validate_json(UpdateConferenceRequest, raw, _UPDATE_ERRORS)
    check_redirect(body, "status")
    return body


def parse_update_member(raw: bytes, content_type: str | None) -> UpdateConferenceMemberRequest:
    check_json_content_type(content_type)
    body = validate_json(UpdateConferenceMemberRequest, raw, _MEMBER_ERRORS)
    for name in ("mute", "hold", "call_ids_to_coach"):
        if getattr(body, name) is None:
            body.model_fields_set.discard(name)
    return body


def parse_list_conferences_query(query: Mapping[str, str]) -> ListConferencesQuery:
    return ListConferencesQuery(
        name=query.get("name") or None,
        min_created_time=query_time(query, "minCreatedTime"),
        max_created_time=query_time(query, "maxCreatedTime"),
        page_size=query_page_size(query.get("pageSize"), MAX_CONFERENCE_PAGE_SIZE),
        page_token=query.get("pageToken") or None,
    )
