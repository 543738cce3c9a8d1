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
- Every lookup is scoped to the account: another account's ids are "not found".
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
from telephony_emulator.core.bridging import engage, release
from telephony_emulator.core.conferences import (
    MAX_MEMBERS,
    MAX_SECONDS,
    Conference,
    ConferenceStore,
    Member,
)
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import CallFailed, LiveCall
from telephony_emulator.core.scheduler import TimerHandle
from telephony_emulator.errors import Conflict, InvalidRequest, NotFound
from telephony_emulator.iso_time import to_millis
from telephony_emulator.webhooks.models import DeliveryOutcome, Endpoint
from telephony_emulator.webhooks.target import WebhookTarget

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
        self._runners: dict[str, ConferenceRunner] = {}
        self._deadlines: dict[str, TimerHandle] = {}

    # -- lifecycle ------------------------------------------------------------------------

    async def load(self) -> None:
        """Conferences active when the server stopped complete at once: their calls ended."""
        now = self.engine.clock.now()

        def interrupted(conference: Conference) -> None:
            for member in conference.present_members():
                member.left_at = now
            conference.completed_at = now
            self.store.changed(conference)

        self._forget_runtime()
        await self.store.load(interrupted)

    def clear(self) -> None:
        self._forget_runtime()
        self.store.clear()

    def _forget_runtime(self) -> None:
        for runner in self._runners.values():
            runner.stop()
        for deadline in self._deadlines.values():
            deadline.cancel()
        self._runners.clear()
        self._deadlines.clear()

    async def close(self) -> None:
        await self.store.close()

    # -- <Conference> ---------------------------------------------------------------------

    async def attend(self, live: LiveCall, verb: v.Conference, base_url: str) -> None:
        call = live.call
        conference = self.store.active_named(call.account_id, SURFACE, verb.name)
        if conference is None:
            conference = self._create(live, verb, base_url)
        elif len(conference.present_members()) >= MAX_MEMBERS:
            raise CallFailed(
                "application-error",
                f"Conference {verb.name} is full: at most {MAX_MEMBERS} calls may be in it",
            )
        coach = conference.coach()
        if verb.call_ids_to_coach and coach is not None:
            raise CallFailed(
                "application-error",
                f"Conference {verb.name} already has a coach ({coach.call_id}); "
                "only one is allowed",
            )
        member = Member(
            call_id=call.id,
            from_=call.from_,
            to=call.to,
            joined_at=self.engine.clock.now(),
            mute=verb.mute,
            hold=verb.hold,
            call_ids_to_coach=verb.call_ids_to_coach,
        )
        conference.members.pop(call.id, None)  # a call that left and comes back
        conference.members[call.id] = member
        self.store.changed(conference)
        self._event(conference, "conferenceMemberJoin", _member_fields(member))
        assert conference.ended is not None
        engage(live, "conferencing")
        try:
            # Returns when the conference is ended from outside; the call goes on (§4).
            await self.engine.scheduler.wait(conference.ended)
        except asyncio.CancelledError:
            # Hung up, or redirected through updateCall. A reset or shutdown cancels too, but
            # then the conference is dropped or completed at the next start, without events.
            if not self.engine.scheduler.cancelling:
                self._leave(conference, member)
            raise
        finally:
            release(live, "conferencing")

    def _create(self, live: LiveCall, verb: v.Conference, base_url: str) -> Conference:
        call = live.call
        events: StoredEndpoint | None = None
        fallback_events: StoredEndpoint | None = None
        if verb.conference_event_url:
            primary, fallback = WebhookTarget.of(verb, "conference_event").endpoints(base_url)
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
        self.store.add(conference)
        self._runners[conference.id] = ConferenceRunner(conference, self.engine.scheduler, self)
        self._deadlines[conference.id] = self.engine.scheduler.call_later(
            MAX_SECONDS, functools.partial(self._end, conference), background=True
        )
        self._event(conference, "conferenceCreated", {})
        return conference

    def _leave(self, conference: Conference, member: Member) -> None:
        if not member.present:
            return
        member.left_at = self.engine.clock.now()
        self.store.changed(conference)
        self._event(conference, "conferenceMemberExit", _member_fields(member))
        if not conference.present_members():
            self._complete(conference)

    def _end(self, conference: Conference) -> None:
        """Eject every member, then complete the conference."""
        for member in conference.present_members():
            member.left_at = self.engine.clock.now()
            self._event(conference, "conferenceMemberExit", _member_fields(member))
        self._complete(conference)

    def _complete(self, conference: Conference) -> None:
        if not conference.active:
            return
        conference.completed_at = self.engine.clock.now()
        self.store.changed(conference)
        runner = self._runners.pop(conference.id, None)
        if runner is not None:
            runner.stop()
        deadline = self._deadlines.pop(conference.id, None)
        if deadline is not None:
            deadline.cancel()
        self._event(conference, "conferenceCompleted", {})
        self.stop_recording(conference)  # conferenceRecordingAvailable follows
        if conference.ended is not None and not conference.ended.done():
            conference.ended.set_result(None)

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
            self._end(conference)
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
        if not conference.active or not member.present:
            raise Conflict(f"Member [{member_id}] is no longer in conference [{conference_id}]")
        sent = body.model_fields_set
        if "call_ids_to_coach" in sent and body.call_ids_to_coach:
            coach = conference.coach()
            if coach is not None and coach is not member:
                raise InvalidRequest(
                    f"Conference [{conference_id}] already has a coach ({coach.call_id}); "
                    "only one is allowed"
                )
        if "mute" in sent:
            member.mute = bool(body.mute)
        if "hold" in sent:
            member.hold = bool(body.hold)
        if "call_ids_to_coach" in sent:
            member.call_ids_to_coach = tuple(body.call_ids_to_coach or ())
        self.store.changed(conference)

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
