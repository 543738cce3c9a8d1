"""Where one webhook goes: URL and fallback, their methods and Basic credentials, as a value."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin

from pydantic import BaseModel

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
        if isinstance(source, BaseModel):
            # A request body: its fields are in its __dict__, and getattr of an absent one
            # (``disconnect_fallback_url``) goes through pydantic's costly AttributeError.
            values = source.__dict__
            return cls._from([values.get(name) for name in _names(event)], fallback)
        return cls._from([getattr(source, name, None) for name in _names(event)], fallback)

    @classmethod
    def of_mapping(
        cls, source: Mapping[str, Any], event: str, *, fallback: bool = True
    ) -> WebhookTarget:
        """:meth:`of` for values held by their snake_case names (parsed attributes, old rows)."""
        return cls._from([source.get(name) for name in _names(event)], fallback)

    @classmethod
    def _from(cls, values: list[Any], fallback: bool) -> WebhookTarget:
        """From the eight values in :func:`_names` order."""
        url, method, fallback_url, fallback_method, user, password, fallback_user, fallback_pw = (
            values
        )
        return cls(
            url=url or "",
            method=method or "POST",
            fallback_url=fallback_url if fallback else None,
            fallback_method=fallback_method or "POST",
            username=user,
            password=password,
            fallback_username=fallback_user if fallback else None,
            fallback_password=fallback_pw if fallback else None,
        )

    def to_data(self) -> dict[str, str]:
        """The stored form: the fields that hold a value."""
        # Not dataclasses.asdict: it deep-copies, and this runs for every call's stored row.
        data = {
            "url": self.url,
            "method": self.method,
            "fallback_url": self.fallback_url,
            "fallback_method": self.fallback_method,
            "username": self.username,
            "password": self.password,
            "fallback_username": self.fallback_username,
            "fallback_password": self.fallback_password,
        }
        return {name: value for name, value in data.items() if value is not None}

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


@functools.cache
@functools.cache
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
