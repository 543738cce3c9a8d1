"""Catapult applications: the core's applications of service type ``catapult``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.schemas import (
    ApplicationFields,
    CreateApplication,
    check_url,
)
from telephony_emulator.core.accounts import Account, Application
from telephony_emulator.errors import InvalidRequest, NotFound
from telephony_emulator.state import EmulatorState

SERVICE_TYPE = "catapult"
#: Callback timeouts are milliseconds, 10 s at most (reference bandwidth-v1.md §4).
MAX_CALLBACK_TIMEOUT_MS = 10_000
_URL_FIELDS = (
    "incomingCallUrl",
    "incomingCallFallbackUrl",
    "incomingMessageUrl",
    "incomingMessageFallbackUrl",
)


@dataclass(frozen=True)
class CatapultApplication:
    """An application's settings, typed: what the voice and message flows read."""

    id: str
    name: str
    incoming_call_url: str | None
    incoming_call_fallback_url: str | None
    incoming_call_timeout_ms: int
    incoming_message_url: str | None
    incoming_message_fallback_url: str | None
    incoming_message_timeout_ms: int
    callback_http_method: str  # "GET" or "POST"
    auto_answer: bool

    @classmethod
    def of(cls, application: Application) -> CatapultApplication:
        settings = application.settings
        return cls(
            id=application.id,
            name=application.name,
            incoming_call_url=settings.get("incomingCallUrl"),
            incoming_call_fallback_url=settings.get("incomingCallFallbackUrl"),
            incoming_call_timeout_ms=int(
                settings.get("incomingCallUrlCallbackTimeout") or MAX_CALLBACK_TIMEOUT_MS
            ),
            incoming_message_url=settings.get("incomingMessageUrl"),
            incoming_message_fallback_url=settings.get("incomingMessageFallbackUrl"),
            incoming_message_timeout_ms=int(
                settings.get("incomingMessageUrlCallbackTimeout") or MAX_CALLBACK_TIMEOUT_MS
            ),
            callback_http_method=str(settings.get("callbackHttpMethod") or "POST"),
            auto_answer=bool(settings.get("autoAnswer", True)),
        )


class Applications:
    """Create, read, update and delete the user's Catapult applications.

    Where inbound calls and messages of the user's numbers go; they are the core's
    applications, so a number's application is found the same way for every surface, and their
    settings keep Catapult's wire names."""

    def __init__(self, state: EmulatorState, ids: CatapultIds) -> None:
        self._state = state
        self._ids = ids

    async def create(self, account: Account, body: CreateApplication) -> Application:
        settings = _checked({"autoAnswer": True, "callbackHttpMethod": "POST"}, body)
        settings["seq"] = self._next_seq(account)
        application = Application(
            self._ids.application_id(), account.id, body.name, SERVICE_TYPE, settings
        )
        await self._state.add_application(application)
        return application

    def get(self, account: Account, application_id: str) -> Application:
        found = self._state.accounts.application(application_id)
        if found is None or found.account_id != account.id or found.service_type != SERVICE_TYPE:
            raise NotFound(
                f"The application {application_id} could not be found",
                code="application-not-found",
            )
        return found

    def find(self, application_id: str) -> CatapultApplication | None:
        """Any user's application by id (for inbound calls and messages), typed."""
        found = self._state.accounts.application(application_id)
        if found is None or found.service_type != SERVICE_TYPE:
            return None
        return CatapultApplication.of(found)

    def of_account(self, account: Account) -> list[Application]:
        """The user's applications in creation order."""
        own = [
            app
            for app in self._state.accounts.applications_of(account.id)
            if app.service_type == SERVICE_TYPE
        ]
        return sorted(own, key=lambda app: int(app.settings.get("seq", 0)))

    async def update(
        self, account: Account, application_id: str, body: ApplicationFields
    ) -> Application:
        current = self.get(account, application_id)
        settings = _checked(dict(current.settings), body)
        updated = dataclasses.replace(current, name=body.name or current.name, settings=settings)
        await self._state.replace_application(updated)
        return updated

    async def delete(self, account: Account, application_id: str) -> None:
        self.get(account, application_id)
        await self._state.delete_application(account.id, application_id)

    def _next_seq(self, account: Account) -> int:
        return (
            max((int(app.settings.get("seq", 0)) for app in self.of_account(account)), default=0)
            + 1
        )


def _checked(settings: dict[str, Any], body: ApplicationFields) -> dict[str, Any]:
    """``settings`` with the fields of ``body`` applied, validated as a whole (§2.9)."""
    changes = body.model_dump(by_alias=True, exclude_none=True, exclude={"name"})
    merged = {**settings, **changes}
    for name in _URL_FIELDS:
        check_url(merged.get(name), name)
    if not merged.get("incomingCallUrl") and not merged.get("incomingMessageUrl"):
        raise InvalidRequest("Your application must have a least one callback URL.")
    for kind, key in (
        ("Call", "incomingCallUrlCallbackTimeout"),
        ("Message", "incomingMessageUrlCallbackTimeout"),
    ):
        timeout = merged.get(key)
        if timeout is not None and timeout <= 0:
            raise InvalidRequest(f"Incoming {kind} callback timeout must be greater than 0")
        if timeout is not None and timeout > MAX_CALLBACK_TIMEOUT_MS:
            raise InvalidRequest(
                f"Incoming {kind} callback timeout must not surpass {MAX_CALLBACK_TIMEOUT_MS}"
            )
    if merged.get("incomingCallFallbackUrl") and not merged.get("incomingCallUrl"):
        raise InvalidRequest(
            "Your application must have a call callback URL in order to have a fallback URL."
        )
    if merged.get("incomingMessageFallbackUrl") and not merged.get("incomingMessageUrl"):
        raise InvalidRequest(
            "Your application must have a message callback URL in order to have a fallback URL."
        )
    return merged
