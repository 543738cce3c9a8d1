"""Where one webhook goes: URL and fallback, their methods and Basic credentials, as a value."""

from __future__ import annotations

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
    def of(cls, source: object, event: str, url: str | None = None) -> WebhookTarget:
        """From an object naming them ``<event>_url``, ``<event>_method``,
        ``<event>_fallback_url``, ``<event>_fallback_method`` plus the shared credentials
        (a BXML verb, a request body); ``url`` overrides ``<event>_url``."""
        fields = {name: getattr(source, name, None) for name in _names(event)}
        return cls._from(fields, event, url)

    @classmethod
    def of_mapping(cls, source: Mapping[str, Any], event: str) -> WebhookTarget:
        """:meth:`of` for settings stored by their snake_case names."""
        return cls._from({name: source.get(name) for name in _names(event)}, event, None)

    @classmethod
    def _from(cls, fields: Mapping[str, Any], event: str, url: str | None) -> WebhookTarget:
        return cls(
            url=url if url is not None else fields[f"{event}_url"] or "",
            method=fields[f"{event}_method"] or "POST",
            fallback_url=fields[f"{event}_fallback_url"],
            fallback_method=fields[f"{event}_fallback_method"] or "POST",
            username=fields["username"],
            password=fields["password"],
            fallback_username=fields["fallback_username"],
            fallback_password=fields["fallback_password"],
        )

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


def endpoints(
    base_url: str,
    url: str,
    method: str,
    fallback_url: str | None,
    fallback_method: str,
    username: str | None = None,
    password: str | None = None,
    fallback_username: str | None = None,
    fallback_password: str | None = None,
) -> tuple[Endpoint, Endpoint | None]:
    """:class:`WebhookTarget` given field by field; relative URLs resolve against ``base_url``."""
    target = WebhookTarget(
        url,
        method,
        fallback_url,
        fallback_method,
        username,
        password,
        fallback_username,
        fallback_password,
    )
    return target.endpoints(base_url)


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


def _method(method: str) -> Literal["POST", "GET"]:
    return "GET" if method.upper() == "GET" else "POST"
