"""Voice v2 conferences: the host of ``<Conference>``, their events, and the REST rules.

Reference bandwidth-v2.md §2, §3 and §4:
- The first call to use a name creates the conference; its ``conferenceEventUrl``, credentials,
  timeout and tag are the ones every later event uses (later joiners' values are ignored).
- Events: conferenceCreated, conferenceMemberJoin, conferenceMemberExit, conferenceRedirect
  (updateConference with status=active), conferenceCompleted. All but the last may be answered
  with BXML of :data:`CONFERENCE_VERBS`, which the conference plays; a reply with another verb
  is refused (the fallback URL is tried) and, failing that, nothing is played.
- updateConference status=completed ejects every member (each goes on with its next verb), then
  the conference completes. So does reaching :data:`MAX_SECONDS`.
- At most :data:`MAX_MEMBERS` calls may be in a conference, and one of them may coach.
- Every lookup is scoped to the account: another account's ids are "not found".

Joining, leaving, the limits and the end are core/conference_rooms.py's rules; this adapter
passes the limits in, words the refusals and turns the room's events into the events above.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from telephony_emulator.apis.bandwidth_v2.callbacks import SURFACE, VoiceCallbacks, bxml_reply
from telephony_emulator.apis.bandwidth_v2.conference_schemas import (
    ListConferencesQuery,
    UpdateConferenceMemberRequest,
    UpdateConferenceRequest,
)
from telephony_emulator.apis.bandwidth_v2.ids import VoiceIds
from telephony_emulator.apis.bandwidth_v2.recordings import VoiceRecordings
from telephony_emulator.apis.bandwidth_v2.state import (
    StoredEndpoint,
    VoiceConferenceState,
    conference_state,
)
from telephony_emulator.apis.common.paging import Page, page_of
from telephony_emulator.bxml import verbs as v
from telephony_emulator.bxml.call_state import voice_state
from telephony_emulator.bxml.conference import ConferenceRunner, refuse_outside_conference
from telephony_emulator.bxml.parser import BxmlError, parse_bxml
from telephony_emulator.core.conference_rooms import (
    ConferenceLimits,
    ConferenceRefusal,
    ConferenceRefused,
    ConferenceRooms,
)
from telephony_emulator.core.conferences import Conference, ConferenceStore, Member
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.events import (
    CallEvent,
    ConferenceCompleted,
    JoinedConference,
    LeftConference,
)
from telephony_emulator.core.live_call import CallFailed, LiveCall
from telephony_emulator.errors import Conflict, InvalidRequest, NotFound
from telephony_emulator.iso_time import to_millis
from telephony_emulator.webhooks.models import DeliveryOutcome, Endpoint

#: At most 20 calls may be in one conference, and it lasts at most 24 hours (reference §4).
MAX_MEMBERS = 20
MAX_SECONDS = 24 * 3600.0
LIMITS = ConferenceLimits(max_members=MAX_MEMBERS, max_seconds=MAX_SECONDS)

#: Events whose reply may carry BXML for the conference (conferenceCompleted's may not).
BXML_EVENTS = frozenset(
    {"conferenceCreated", "conferenceMemberJoin", "conferenceMemberExit", "conferenceRedirect"}
)


class VoiceConferences:
    """Conferences of Voice v2 calls."""

    def __init__(
        self,
        store: ConferenceStore,
        engine: CallEngine,
        callbacks: VoiceCallbacks,
        recordings: VoiceRecordings,
    ) -> None:
        self.store = store
        self.engine = engine
        self.ids = VoiceIds(engine.ids)
        self.callbacks = callbacks
        self.recordings = recordings
        self.rooms = ConferenceRooms(store, engine, self._on_room_event)
        self._runners: dict[str, ConferenceRunner] = {}

    # -- lifecycle ------------------------------------------------------------------------

    async def load(self) -> None:
        """Conferences active when the server stopped complete at once: their calls ended."""
        self._forget_runtime()
        await self.store.load(self.rooms.interrupt)

    def clear(self) -> None:
        self._forget_runtime()
        self.store.clear()

    def _forget_runtime(self) -> None:
        for runner in self._runners.values():
            runner.stop()
        self._runners.clear()
        self.rooms.clear()

    async def close(self) -> None:
        await self.store.close()

    # -- <Conference> ---------------------------------------------------------------------

    async def attend(self, live: LiveCall, verb: v.Conference, base_url: str) -> None:
        call = live.call
        conference = self.store.active_named(call.account_id, SURFACE, verb.name)
        if conference is None:
            conference = self._create(live, verb, base_url)
        try:
            # Returns when the conference is ended from outside; the call goes on (§4).
            await self.rooms.attend(
                conference,
                live,
                mute=verb.mute,
                hold=verb.hold,
                coaching=verb.call_ids_to_coach,
            )
        except ConferenceRefused as refused:
            raise CallFailed("application-error", _refusal_text(refused)) from None

    def _create(self, live: LiveCall, verb: v.Conference, base_url: str) -> Conference:
        call = live.call
        events: StoredEndpoint | None = None
        fallback_events: StoredEndpoint | None = None
        if verb.conference_event is not None:
            primary, fallback = verb.conference_event.endpoints(base_url)
            events = StoredEndpoint.of(primary)
            fallback_events = None if fallback is None else StoredEndpoint.of(fallback)
        state = VoiceConferenceState(
            api_base=voice_state(call).api_base,
            callback_timeout=verb.callback_timeout or float(voice_state(call).callback_timeout),
            event_method=verb.conference_event_method,
            events=events,
            fallback=fallback_events,
        )
        tag = verb.tag if verb.tag is not None else call.tag
        conference = Conference(
            id=self.ids.conference_id(),
            account_id=call.account_id,
            surface=SURFACE,
            name=verb.name,
            created_at=self.engine.clock.now(),
            tag=tag or None,
            surface_state=state,
        )
        self.rooms.open(conference, LIMITS)
        self._runners[conference.id] = ConferenceRunner(conference, self.engine.scheduler, self)
        self._event(conference, "conferenceCreated", {})
        return conference

    def _on_room_event(self, conference: Conference, event: CallEvent) -> None:
        """The room's events as Voice v2 webhooks (and the end of the conference's media)."""
        if isinstance(event, JoinedConference):
            member = conference.members[event.call_id]
            self._event(conference, "conferenceMemberJoin", _member_fields(member))
        elif isinstance(event, LeftConference):
            member = conference.members[event.call_id]
            self._event(conference, "conferenceMemberExit", _member_fields(member))
        elif isinstance(event, ConferenceCompleted):
            runner = self._runners.pop(conference.id, None)
            if runner is not None:
                runner.stop()
            self._event(conference, "conferenceCompleted", {})
            self.stop_recording(conference)  # conferenceRecordingAvailable follows

    # -- events ---------------------------------------------------------------------------

    def _event(
        self,
        conference: Conference,
        event_type: str,
        fields: dict[str, Any],
        target: tuple[Endpoint, Endpoint | None] | None = None,
    ) -> None:
        """Send a conference event (to the creator's URL unless ``target`` says otherwise);
        BXML in the reply is queued for the conference to play."""
        if target is None:
            state = conference_state(conference)
            if state.events is None:
                return  # no conferenceEventUrl: no conference events
            fallback = state.fallback
            target = state.events.endpoint(), None if fallback is None else fallback.endpoint()
        primary, fallback_endpoint = target
        parsed: dict[str, v.Document] = {}
        wants_bxml = event_type in BXML_EVENTS
        request = self.callbacks.conference_request(
            conference,
            event_type,
            fields,
            primary,
            fallback_endpoint,
            tag=conference.tag,  # the creator's (reference §3)
            validate_reply=bxml_reply(parsed, refuse_outside_conference) if wants_bxml else None,
        )
        delivery = self.callbacks.send(request)
        if wants_bxml:
            delivery.add_done_callback(functools.partial(self._play_reply, conference, parsed))

    def _play_reply(
        self,
        conference: Conference,
        parsed: dict[str, v.Document],
        delivery: asyncio.Future[DeliveryOutcome],
    ) -> None:
        if delivery.cancelled() or delivery.exception() is not None:
            return
        outcome = delivery.result()
        runner = self._runners.get(conference.id)
        if not outcome.ok or outcome.reply is None or runner is None:
            return
        document = parsed.get(outcome.reply.url)
        if document is not None and document.verbs:
            runner.queue(document, outcome.reply.url)

    # -- the conference's own verbs (bxml.conference.ConferenceMedia) ----------------------

    def audio_seconds(self, url: str) -> float:
        return self.callbacks.audio_seconds(url)

    def start_recording(
        self, conference: Conference, verb: v.StartRecording, base_url: str
    ) -> None:
        self.recordings.start_conference(conference, verb, base_url)

    def pause_recording(self, conference: Conference) -> None:
        self.recordings.pause_owner(conference.id)

    def resume_recording(self, conference: Conference) -> None:
        self.recordings.resume_owner(conference.id)

    def stop_recording(self, conference: Conference) -> None:
        self.recordings.stop_owner(conference.id)

    # -- REST -----------------------------------------------------------------------------

    def get(self, account_id: str, conference_id: str) -> Conference:
        conference = self.store.get(conference_id)
        if (
            conference is None
            or conference.account_id != account_id
            or conference.surface != SURFACE
        ):
            raise NotFound(f"Conference [{conference_id}] not found")
        return conference

    def list(self, account_id: str, query: ListConferencesQuery) -> Page[Conference]:
        return page_of(
            self.store.of_account(account_id),
            lambda conference: _matches(conference, query),
            kind="conferences",
            account_id=account_id,
            page_size=query.page_size,
            page_token=query.page_token,
        )

    def update(self, account_id: str, conference_id: str, body: UpdateConferenceRequest) -> None:
        conference = self._active(account_id, conference_id)
        if body.status == "completed":
            self.rooms.end(conference)
            return
        target = body.redirect_endpoints()  # the schema requires redirectUrl when active
        self._event(conference, "conferenceRedirect", {}, target)

    def update_bxml(self, account_id: str, conference_id: str, raw: bytes) -> None:
        """Queue the document for the conference; relative URLs resolve against its event URL."""
        conference = self._active(account_id, conference_id)
        try:
            document = parse_bxml(raw)
        except BxmlError as error:
            raise InvalidRequest(str(error)) from None
        refusal = refuse_outside_conference(document)
        if refusal is not None:
            raise InvalidRequest(refusal)
        runner = self._runners.get(conference.id)
        if runner is not None and document.verbs:
            events = conference_state(conference).events
            runner.queue(document, events.url if events else "")

    def member(self, account_id: str, conference_id: str, member_id: str) -> Member:
        return _member_of(self.get(account_id, conference_id), member_id)

    def update_member(
        self,
        account_id: str,
        conference_id: str,
        member_id: str,
        body: UpdateConferenceMemberRequest,
    ) -> None:
        conference = self.get(account_id, conference_id)
        member = _member_of(conference, member_id)
        sent = body.model_fields_set
        coaching = tuple(body.call_ids_to_coach or ()) if "call_ids_to_coach" in sent else None
        try:
            self.rooms.set_member(
                conference,
                member.call_id,
                mute=bool(body.mute) if "mute" in sent else None,
                hold=bool(body.hold) if "hold" in sent else None,
                coaching=coaching,
            )
        except ConferenceRefused as refused:
            if refused.reason is ConferenceRefusal.COACH_TAKEN:
                raise InvalidRequest(
                    f"Conference [{conference_id}] already has a coach ({refused.coach}); "
                    "only one is allowed"
                ) from None
            raise Conflict(
                f"Member [{member_id}] is no longer in conference [{conference_id}]"
            ) from None

    def _active(self, account_id: str, conference_id: str) -> Conference:
        conference = self.get(account_id, conference_id)
        if not conference.active:
            raise Conflict(f"Conference [{conference_id}] cannot be modified in its current state")
        return conference


# -- helpers ------------------------------------------------------------------------------


def _member_of(conference: Conference, member_id: str) -> Member:
    member = conference.members.get(member_id)
    if member is None:
        raise NotFound(f"Member [{member_id}] not found in conference [{conference.id}]")
    return member


def _refusal_text(refused: ConferenceRefused) -> str:
    """Why ``<Conference>`` could not join, in Voice v2's words."""
    name = refused.conference.name
    if refused.reason is ConferenceRefusal.COACH_TAKEN:
        return f"Conference {name} already has a coach ({refused.coach}); only one is allowed"
    if refused.reason is ConferenceRefusal.FULL:
        return f"Conference {name} is full: at most {refused.limit} calls may be in it"
    return f"Conference {name} has completed"


def _member_fields(member: Member) -> dict[str, Any]:
    return {"from": member.from_, "to": member.to, "callId": member.call_id}


def _matches(conference: Conference, query: ListConferencesQuery) -> bool:
    if conference.surface != SURFACE:
        return False
    if query.name is not None and conference.name != query.name:
        return False
    created = to_millis(conference.created_at)
    if query.min_created_time is not None and created < query.min_created_time:
        return False
    return query.max_created_time is None or created <= query.max_created_time
