"""Where one webhook goes: URL and fallback, their methods and Basic credentials, as a value."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin

from telephony_emulator.webhooks.models import Endpoint, basic_auth


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    """The eight fields every Bandwidth webhook is configured with (calls, conferences, BXML)."""

    url: str
    method: str = "POST"
    fallback_url: str | None = None
    fallback_method: str = "POST"
    username: str | None = None
    password: str | None = None
    fallback_username: str | None = None
    fallback_password: str | None = None

    @classmethod
    def of(cls, source: object, event: str, *, fallback: bool = True) -> WebhookTarget:
        """From an object naming them ``<event>_url``, ``<event>_method``,
        ``<event>_fallback_url``, ``<event>_fallback_method`` plus the shared credentials
        (a request body); without ``fallback`` the event has no fallback, nor its credentials."""
        fields = {name: getattr(source, name, None) for name in _names(event)}
        return cls._from(fields, event, fallback)

    @classmethod
    def of_mapping(
        cls, source: Mapping[str, Any], event: str, *, fallback: bool = True
    ) -> WebhookTarget:
        """:meth:`of` for values held by their snake_case names (parsed attributes, old rows)."""
        return cls._from({name: source.get(name) for name in _names(event)}, event, fallback)

    @classmethod
    def _from(cls, fields: Mapping[str, Any], event: str, fallback: bool) -> WebhookTarget:
        target = cls(
            url=fields[f"{event}_url"] or "",
            method=fields[f"{event}_method"] or "POST",
            fallback_url=fields[f"{event}_fallback_url"],
            fallback_method=fields[f"{event}_fallback_method"] or "POST",
            username=fields["username"],
            password=fields["password"],
            fallback_username=fields["fallback_username"],
            fallback_password=fields["fallback_password"],
        )
        if fallback:
            return target
        return dataclasses.replace(
            target, fallback_url=None, fallback_username=None, fallback_password=None
        )

    def to_data(self) -> dict[str, str]:
        """The stored form: the fields that hold a value."""
        return {key: value for key, value in dataclasses.asdict(self).items() if value is not None}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> WebhookTarget:
        return cls(**{name: data[name] for name in _FIELDS if name in data})

    def endpoints(self, base_url: str = "") -> tuple[Endpoint, Endpoint | None]:
        """The primary and fallback endpoints; relative URLs resolve against ``base_url``."""
        primary = Endpoint(
            urljoin(base_url, self.url),
            _method(self.method),
            basic_auth(self.username, self.password),
        )
        if not self.fallback_url:
            return primary, None
        fallback = Endpoint(
            urljoin(base_url, self.fallback_url),
            _method(self.fallback_method),
            basic_auth(self.fallback_username, self.fallback_password),
        )
        return primary, fallback

    def primary(self, base_url: str = "") -> Endpoint:
        """Only the primary endpoint (events without a fallback)."""
        return self.endpoints(base_url)[0]


def _names(event: str) -> tuple[str, ...]:
    return (
        f"{event}_url",
        f"{event}_method",
        f"{event}_fallback_url",
        f"{event}_fallback_method",
        "username",
        "password",
        "fallback_username",
        "fallback_password",
    )


_FIELDS = tuple(field.name for field in dataclasses.fields(WebhookTarget))


def _method(method: str) -> Literal["POST", "GET"]:
    return "GET" if method.upper() == "GET" else "POST"
