"""Fixtures for Voice v2 tests: the official SDK aimed at a fresh account, and call helpers."""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import bandwidth
import pytest
from pytest_telephony_emulator.control import TelephonyEmulator
from pytest_telephony_emulator.webhooks import WebhookInbox

from tests.specs import assert_matches

#: The spec schema of each voice event's body.
CALLBACK_SCHEMAS = {
    "answer": "answerCallback",
    "disconnect": "disconnectCallback",
    "dtmf": "dtmfCallback",
    "gather": "gatherCallback",
    "initiate": "initiateCallback",
    "machineDetectionComplete": "machineDetectionCompleteCallback",
    "redirect": "redirectCallback",
}


#: The common fields of an answered outbound call's events (no tag set).
#: The common fields of an inbound call's events before it is answered (initiate has these).
INBOUND_FIELDS = {
    "eventType",
    "eventTime",
    "accountId",
    "applicationId",
    "from",
    "to",
    "direction",
    "callId",
    "callUrl",
    "startTime",
}
ANSWERED_INBOUND_FIELDS = INBOUND_FIELDS | {"answerTime"}
ANSWERED_OUTBOUND_FIELDS = ANSWERED_INBOUND_FIELDS | {"enqueuedTime"}
ISO_MILLIS_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def instant(value: str | datetime) -> datetime:
    """A webhook's ISO time (``...123Z``) or an SDK datetime, as an aware datetime."""
    if isinstance(value, datetime):
        return value
    assert ISO_MILLIS_Z.fullmatch(value), value
    return datetime.fromisoformat(value)


def seconds(later: str | datetime | None, earlier: str | datetime | None) -> float:
    """``later - earlier`` in seconds (both must be set)."""
    assert later is not None
    assert earlier is not None
    return (instant(later) - instant(earlier)).total_seconds()


def events(voice: Voice) -> list[tuple[str | None, str]]:
    """(eventType, path) of every webhook the test received, in order."""
    return [(item.event_type, item.path) for item in voice.hooks.received]


def basic(username: str, password: str) -> str:
    """The Authorization header Basic credentials should produce (computed independently)."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def align_clock(emu: TelephonyEmulator, fraction: float = 0.0) -> None:
    """Advance the shared virtual clock to ``fraction`` of a second past the next whole second,
    so millisecond timestamps subtract exactly."""
    time = float(emu.clock()["time"])
    emu.advance(math.ceil(time) - time + fraction)


def start_on_whole_second(emu: TelephonyEmulator) -> datetime:
    """Move the shared clock to a whole second and return that instant."""
    whole = math.ceil(float(emu.clock()["time"]))
    align_clock(emu)
    return datetime.fromtimestamp(whole, tz=UTC)


def assert_callback(payload: dict[str, Any]) -> None:
    """Validate a webhook body against the official spec's schema for its event type."""
    assert_matches("bandwidth.yml", CALLBACK_SCHEMAS[payload["eventType"]], payload)


@dataclass
class Voice:
    """The SDK's CallsApi on a fresh account, plus shortcuts the tests share."""

    emu: TelephonyEmulator
    hooks: WebhookInbox
    api: bandwidth.CallsApi

    @property
    def account_id(self) -> str:
        return self.emu.account_id

    def create_call(self, to: str = "+15551230000", **fields: Any) -> bandwidth.CreateCallResponse:
        """createCall through the SDK; answer and disconnect go to the test's inbox."""
        fields.setdefault("answer_url", self.hooks.url_for("/answer"))
        fields.setdefault("disconnect_url", self.hooks.url_for("/disconnect"))
        body = bandwidth.CreateCall(
            to=to,
            var_from=self.emu.numbers[0],
            application_id=self.emu.application_id(),
            **fields,
        )
        return self.api.create_call(self.account_id, body)

    def state(self, call_id: str) -> bandwidth.CallState:
        return self.api.get_call_state(self.account_id, call_id)

    def run(self) -> dict[str, Any]:
        """Run the simulation until nothing is scheduled; fail if a limit stopped it."""
        report = self.emu.run_until_idle()
        assert report["stopped_by"] is None, report
        return report


@pytest.fixture
def voice(
    telephony_emulator: TelephonyEmulator, telephony_webhooks: WebhookInbox
) -> Iterator[Voice]:
    config = telephony_emulator.bandwidth.sdk_configuration()
    with bandwidth.ApiClient(config) as client:
        yield Voice(telephony_emulator, telephony_webhooks, bandwidth.CallsApi(client))


@pytest.fixture
def whole_milliseconds(voice: Voice) -> Iterator[None]:
    """Start half a second past a whole second (so time differences are exact); at the end,
    finish every call the test left, so none rings into the next test on the shared server."""
    align_clock(voice.emu, 0.5)
    yield
    voice.emu.run_until_idle()


# -- conferences ------------------------------------------------------------------------

ROOM = "weekly-sync"
MEMBER_NUMBERS = ("+15551230001", "+15551230002", "+15551230003")
CONFERENCE_SCHEMAS = {
    "conferenceCreated": "conferenceCreatedCallback",
    "conferenceMemberJoin": "conferenceMemberJoinCallback",
    "conferenceMemberExit": "conferenceMemberExitCallback",
    "conferenceRedirect": "conferenceRedirectCallback",
    "conferenceCompleted": "conferenceCompletedCallback",
    "conferenceRecordingAvailable": "conferenceRecordingAvailableCallback",
}
CONFERENCE_FIELDS = {"eventType", "eventTime", "conferenceId", "name", "tag"}
MEMBER_FIELDS = CONFERENCE_FIELDS | {"from", "to", "callId"}


@dataclass
class Conf:
    """The SDK's ConferencesApi on the test's account, plus the voice helpers."""

    voice: Voice
    api: bandwidth.ConferencesApi

    @property
    def account_id(self) -> str:
        return self.voice.account_id

    def join(self, to: str, bxml: str) -> str:
        """Place a call whose answer BXML is ``bxml``; run until it is in; its call id."""
        path = f"/answer-{to[-4:]}"
        self.voice.hooks.reply(f"<Response>{bxml}</Response>", path=path)
        call_id = self.voice.create_call(to, answer_url=self.voice.hooks.url_for(path)).call_id
        self.voice.run()
        return str(call_id)

    def hang_up(self, call_id: str) -> None:
        self.voice.api.update_call(
            self.account_id, call_id, bandwidth.UpdateCall(state=bandwidth.CallStateEnum.COMPLETED)
        )
        self.voice.run()

    def conference_events(self, path: str = "/conference") -> list[dict[str, Any]]:
        """Payloads posted to ``path``, each checked against its spec schema."""
        found = []
        for hook in self.voice.hooks.received:
            if hook.path != path:
                continue
            assert hook.method == "POST"
            assert_matches(
                "bandwidth.yml", CONFERENCE_SCHEMAS[hook.payload["eventType"]], hook.payload
            )
            found.append(hook.payload)
        return found

    def only(self, name: str = ROOM) -> bandwidth.Conference:
        (conference,) = self.api.list_conferences(self.account_id, name=name)
        return self.api.get_conference(self.account_id, conference.id)


@pytest.fixture
def conf(voice: Voice) -> Iterator[Conf]:
    config = voice.emu.bandwidth.sdk_configuration()
    with bandwidth.ApiClient(config) as client:
        yield Conf(voice, bandwidth.ConferencesApi(client))


def conference_verb(**attributes: str) -> str:
    attributes.setdefault("conferenceEventUrl", "conference")
    text = " ".join(f'{name}="{value}"' for name, value in attributes.items())
    return f"<Conference {text}>{ROOM}</Conference>"
