"""The user's error log (``/errors``): asynchronous failures the flows record."""

from __future__ import annotations

from collections.abc import Mapping

from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.model import UserError
from telephony_emulator.apis.bandwidth_v1.storage import RecordStore
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.errors import NotFound


class UserErrors:
    def __init__(self, errors: RecordStore[UserError], ids: CatapultIds, clock: VirtualClock):
        self.errors = errors
        self._ids = ids
        self._clock = clock

    def record(
        self,
        account_id: str,
        code: str,
        message: str,
        details: Mapping[str, str] | None = None,
        category: str = "unavailable",
    ) -> None:
        """Log a failure now, e.g. ``record(a, "no-application-for-number", "No application
        is configured for number +1…", {"number": "+1…"})`` (the voice flows' ``ErrorSink``)."""
        error = UserError(
            id=self._ids.error_id(),
            account_id=account_id,
            created_at=self._clock.now(),
            category=category,
            code=code,
            message=message,
            details=[
                (self._ids.error_detail_id(), name, value)
                for name, value in (details or {}).items()
            ],
        )
        self.errors.add(error)
        self.errors.changed(error)

    def newest_first(self, account: Account) -> list[UserError]:
        """Newest first."""
        return list(reversed(self.errors.of_account(account.id)))

    def get(self, account: Account, error_id: str) -> UserError:
        error = self.errors.get(error_id)
        if error is None or error.account_id != account.id:
            raise NotFound(
                f"The user error {error_id} could not be found", code="user-error-not-found"
            )
        return error
