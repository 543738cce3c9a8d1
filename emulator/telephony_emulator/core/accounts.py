"""Accounts (tenants), their per-surface credentials, applications and owned numbers."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telephony_emulator.ids import IdFactory


class CredentialKind(enum.StrEnum):
    """The logins an account has; one per surface family."""

    BANDWIDTH = "bandwidth"  # Voice v2 and Messaging v2 API user (HTTP Basic)
    CATAPULT = "catapult"  # Catapult v1 API token and secret (HTTP Basic)
    RINGCENTRAL_USER = "ringcentral_user"  # main number + extension + password
    RINGCENTRAL_APP = "ringcentral_app"  # REST client id + client secret


@dataclass(frozen=True)
class BandwidthCredentials:
    account_id: str
    username: str
    password: str


@dataclass(frozen=True)
class CatapultCredentials:
    user_id: str
    api_token: str
    api_secret: str


@dataclass(frozen=True)
class RingCentralCredentials:
    account_id: str
    extension_id: str
    username: str  # the main company number, E.164
    extension: str
    password: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class ForwardingNumber:
    """A phone of a RingCentral user that RingOut can ring first (legacy ``list``)."""

    id: str
    phone_number: str  # E.164
    label: str
    type: str = "Other"  # the spec's ForwardingPhoneNumberTypeEnum


@dataclass(frozen=True)
class RingCentralSettings:
    """What a RingCentral user may do, and its own phones."""

    forwarding_numbers: tuple[ForwardingNumber, ...] = ()
    #: RingCentral accounts start with international calling off; RingOut and fax to a
    #: non-NANP number then fail with "International calls disabled" (reference §1.1, code 7).
    international_calling: bool = False
    faxing: bool = True
    #: Destinations the account may not call (code 8); N11 and 900/976 numbers always are.
    blocked_numbers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> RingCentralSettings:
        data = dict(data or {})
        forwarding = tuple(ForwardingNumber(**item) for item in data.pop("forwarding_numbers", ()))
        blocked = tuple(data.pop("blocked_numbers", ()))
        return cls(forwarding_numbers=forwarding, blocked_numbers=blocked, **data)


@dataclass(frozen=True)
class Application:
    id: str
    account_id: str
    name: str
    service_type: str  # "voice" or "messaging"
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnedNumber:
    number: str
    account_id: str
    application_id: str | None
    label: str = ""


@dataclass(frozen=True)
class VoiceLimits:
    """Outbound call limits; Bandwidth's defaults (reference bandwidth-v2.md §1-2).

    Calls wait in a queue dequeued at ``calls_per_second``; the queue holds five minutes of it.
    ``messages_per_second`` and ``requests_per_second`` (every other API request) are the
    emulator's own defaults for the surfaces that refuse beyond a rate; they are generous, so
    only a test that lowers them meets them.
    """

    calls_per_second: float = 5.0
    max_queue_size: int = 1500
    max_active_calls: int = 100
    messages_per_second: float = 100.0
    requests_per_second: float = 1000.0


@dataclass(frozen=True)
class Account:
    """A tenant with a login on every surface; ``id`` is its Bandwidth account id."""

    id: str
    name: str
    created_at: datetime
    bandwidth: BandwidthCredentials
    catapult: CatapultCredentials
    ringcentral: RingCentralCredentials
    limits: VoiceLimits = field(default_factory=VoiceLimits)
    ringcentral_settings: RingCentralSettings = field(default_factory=RingCentralSettings)


@dataclass(frozen=True)
class AccountBundle:
    """An account with everything created alongside it."""

    account: Account
    applications: list[Application]
    numbers: list[OwnedNumber]


def generate_account(ids: IdFactory, now: datetime, *, name: str, numbers: int) -> AccountBundle:
    """A fresh account with random credentials, a voice and a messaging application, numbers."""
    account_id = ids.digits(7)
    rc_number = ids.nanp_number()
    account = Account(
        id=account_id,
        name=name,
        created_at=now,
        bandwidth=BandwidthCredentials(account_id, f"api-user-{ids.token(8)}", ids.token(24)),
        catapult=CatapultCredentials(ids.catapult_id("u"), ids.catapult_id("t"), ids.token(40)),
        ringcentral=RingCentralCredentials(
            account_id=ids.digits(9),
            extension_id=ids.digits(9),
            username=rc_number,
            extension="101",
            password=ids.token(16),
            client_id=ids.token(22),
            client_secret=ids.token(40),
        ),
    )
    account = dataclasses.replace(
        account,
        ringcentral_settings=RingCentralSettings(
            forwarding_numbers=tuple(
                ForwardingNumber(ids.digits(9), ids.nanp_number(), label, kind)
                for label, kind in (("Home", "Home"), ("Mobile", "Mobile"), ("Business", "Work"))
            )
        ),
    )
    voice = Application(ids.uuid(), account_id, "Voice application", "voice", {})
    messaging = Application(ids.uuid(), account_id, "Messaging application", "messaging", {})
    owned = [OwnedNumber(ids.nanp_number(), account_id, voice.id) for _ in range(numbers)]
    return AccountBundle(account, [voice, messaging], owned)


class AccountRegistry:
    """The in-memory index of every account: authentication and routing read only this."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._accounts: dict[str, Account] = {}
        self._by_bandwidth_user: dict[str, Account] = {}
        self._by_catapult_token: dict[str, Account] = {}
        self._by_catapult_user: dict[str, Account] = {}
        self._by_rc_login: dict[tuple[str, str], Account] = {}
        self._by_rc_client: dict[str, Account] = {}
        self._by_rc_account: dict[str, Account] = {}
        self._applications: dict[str, Application] = {}
        self._numbers: dict[str, OwnedNumber] = {}
        self._applications_by_account: dict[str, dict[str, Application]] = {}
        self._numbers_by_account: dict[str, dict[str, OwnedNumber]] = {}

    def add(self, bundle: AccountBundle) -> None:
        self.set_account(bundle.account)
        for application in bundle.applications:
            self.set_application(application)
        for number in bundle.numbers:
            self.set_number(number)

    def set_account(self, account: Account) -> None:
        """Replace an account's record (its logins do not change)."""
        self._accounts[account.id] = account
        self._by_bandwidth_user[account.bandwidth.username] = account
        self._by_catapult_token[account.catapult.api_token] = account
        self._by_catapult_user[account.catapult.user_id] = account
        rc = account.ringcentral
        self._by_rc_login[(national_number(rc.username), rc.extension)] = account
        self._by_rc_client[rc.client_id] = account
        self._by_rc_account[rc.account_id] = account

    def set_application(self, application: Application) -> None:
        self._applications[application.id] = application
        own = self._applications_by_account.setdefault(application.account_id, {})
        own[application.id] = application

    def remove_application(self, application: Application) -> None:
        self._applications.pop(application.id, None)
        self._applications_by_account.get(application.account_id, {}).pop(application.id, None)

    def set_number(self, number: OwnedNumber) -> None:
        """Own a new number, or replace an owned number's record (same owner)."""
        self._numbers[number.number] = number
        self._numbers_by_account.setdefault(number.account_id, {})[number.number] = number

    def remove_number(self, number: OwnedNumber) -> None:
        self._numbers.pop(number.number, None)
        self._numbers_by_account.get(number.account_id, {}).pop(number.number, None)

    def is_taken(self, bundle: AccountBundle) -> bool:
        """Whether any id, login or number of ``bundle`` is already used by another account."""
        account = bundle.account
        rc = account.ringcentral
        return (
            account.id in self._accounts
            or account.bandwidth.username in self._by_bandwidth_user
            or account.catapult.user_id in self._by_catapult_user
            or account.catapult.api_token in self._by_catapult_token
            or (national_number(rc.username), rc.extension) in self._by_rc_login
            or rc.client_id in self._by_rc_client
            or rc.account_id in self._by_rc_account
            or any(number.number in self._numbers for number in bundle.numbers)
        )

    def get(self, account_id: str) -> Account | None:
        return self._accounts.get(account_id)

    def all(self) -> list[Account]:
        return list(self._accounts.values())

    def by_bandwidth_user(self, username: str) -> Account | None:
        return self._by_bandwidth_user.get(username)

    def by_catapult_token(self, token: str) -> Account | None:
        return self._by_catapult_token.get(token)

    def by_catapult_user(self, user_id: str) -> Account | None:
        return self._by_catapult_user.get(user_id)

    def by_ringcentral_login(self, number: str, extension: str) -> Account | None:
        return self._by_rc_login.get((national_number(number), extension))

    def by_ringcentral_client(self, client_id: str) -> Account | None:
        return self._by_rc_client.get(client_id)

    def by_ringcentral_account(self, account_id: str) -> Account | None:
        return self._by_rc_account.get(account_id)

    def applications_of(self, account_id: str) -> list[Application]:
        """Voice applications first, then by name."""
        found = self._applications_by_account.get(account_id, {}).values()
        return sorted(found, key=lambda app: (app.service_type != "voice", app.name, app.id))

    def application(self, application_id: str) -> Application | None:
        return self._applications.get(application_id)

    def numbers_of(self, account_id: str) -> list[OwnedNumber]:
        return list(self._numbers_by_account.get(account_id, {}).values())

    def owner_of(self, number: str) -> OwnedNumber | None:
        return self._numbers.get(number)


def national_number(number: str) -> str:
    """Logins by phone number match with or without ``+``/country code formatting."""
    digits = ascii_digits(number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def ascii_digits(text: str) -> str:
    """The ASCII digits of ``text``, in order (``str.isdigit`` also takes other scripts')."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
