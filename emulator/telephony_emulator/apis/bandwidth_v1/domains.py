"""Catapult SIP domains and their endpoints (§2.12), with endpoint auth tokens."""

from __future__ import annotations

import re
from datetime import timedelta

from telephony_emulator.apis.bandwidth_v1.applications import Applications
from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.model import Domain, Endpoint
from telephony_emulator.apis.bandwidth_v1.schemas import (
    CreateDomain,
    CreateEndpoint,
    EndpointFields,
)
from telephony_emulator.apis.bandwidth_v1.storage import RecordStore
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.errors import Conflict, Forbidden, InvalidRequest, NotFound

MAX_DOMAINS = 100
MIN_PASSWORD = 6
#: Where a domain's endpoints register (the docs' form; the Python client's docs say bwsip.io).
SIP_HOST = "bwapp.bwsipp.io"
_DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)
_SIP_USER = re.compile(r"^[A-Za-z0-9_.!~*'()&=+$,;?/-]{1,64}$")


def realm(domain: Domain) -> str:
    return f"{domain.name}.{SIP_HOST}"


class Domains:
    def __init__(
        self,
        domains: RecordStore[Domain],
        endpoints: RecordStore[Endpoint],
        applications: Applications,
        ids: CatapultIds,
        clock: VirtualClock,
    ) -> None:
        self.domains = domains
        self.endpoints = endpoints
        self._applications = applications
        self._ids = ids
        self._clock = clock

    # -- domains ----------------------------------------------------------------------

    async def create(self, account: Account, body: CreateDomain) -> Domain:
        if not _DNS_LABEL.match(body.name):
            raise InvalidRequest(
                f"The domain name {body.name} must be letters, digits and hyphens (at most 63)"
            )
        live = self.domains_of(account)
        if any(domain.name.lower() == body.name.lower() for domain in live):
            raise Conflict(f"The domain {body.name} already exists", code="domain-already-exists")
        if len(live) >= MAX_DOMAINS:
            raise Forbidden(
                f"An account may have at most {MAX_DOMAINS} domains", code="domain-limit-reached"
            )
        domain = Domain(
            id=self._ids.domain_id(),
            account_id=account.id,
            name=body.name,
            created_at=self._clock.now(),
            description=body.description,
        )
        self.domains.add(domain)
        await self.domains.save(domain)
        return domain

    def domains_of(self, account: Account) -> list[Domain]:
        return [item for item in self.domains.of_account(account.id) if not item.deleted]

    def get(self, account: Account, domain_id: str) -> Domain:
        domain = self.domains.get(domain_id)
        if domain is None or domain.account_id != account.id or domain.deleted:
            raise NotFound(f"The domain {domain_id} could not be found", code="domain-not-found")
        return domain

    async def update(self, account: Account, domain_id: str, description: str | None) -> None:
        domain = self.get(account, domain_id)
        if description is not None:
            domain.description = description
            await self.domains.save(domain)

    async def delete(self, account: Account, domain_id: str) -> None:
        """The domain and its endpoints."""
        domain = self.get(account, domain_id)
        for endpoint in self.endpoints_of(account, domain_id):
            endpoint.deleted = True
            self.endpoints.changed(endpoint)
        domain.deleted = True
        await self.domains.save(domain)

    # -- endpoints --------------------------------------------------------------------

    async def create_endpoint(
        self, account: Account, domain_id: str, body: CreateEndpoint
    ) -> Endpoint:
        domain = self.get(account, domain_id)
        if not _SIP_USER.match(body.name):
            raise InvalidRequest(f"The endpoint name {body.name} is not a valid SIP user name")
        if any(item.name == body.name for item in self.endpoints_of(account, domain_id)):
            raise Conflict(
                f"The endpoint {body.name} already exists in domain {domain.name}",
                code="endpoint-already-exists",
            )
        password = _password(body.credentials.password)
        assert password is not None, "a password is required on create"
        if body.application_id:
            self._applications.get(account, body.application_id)
        endpoint = Endpoint(
            id=self._ids.endpoint_id(),
            account_id=account.id,
            domain_id=domain.id,
            name=body.name,
            created_at=self._clock.now(),
            password=password,
            description=body.description,
            application_id=body.application_id or None,
            enabled=True if body.enabled is None else body.enabled,
        )
        self.endpoints.add(endpoint)
        await self.endpoints.save(endpoint)
        return endpoint

    def endpoints_of(self, account: Account, domain_id: str) -> list[Endpoint]:
        self.get(account, domain_id)
        return [
            item
            for item in self.endpoints.of_account(account.id)
            if item.domain_id == domain_id and not item.deleted
        ]

    def endpoint(self, account: Account, domain_id: str, endpoint_id: str) -> Endpoint:
        self.get(account, domain_id)
        endpoint = self.endpoints.get(endpoint_id)
        if endpoint is None or endpoint.domain_id != domain_id or endpoint.deleted:
            raise NotFound(
                f"The endpoint {endpoint_id} could not be found", code="endpoint-not-found"
            )
        return endpoint

    async def update_endpoint(
        self, account: Account, domain_id: str, endpoint_id: str, body: EndpointFields
    ) -> None:
        endpoint = self.endpoint(account, domain_id, endpoint_id)
        if body.application_id:
            self._applications.get(account, body.application_id)
        if body.application_id is not None:
            endpoint.application_id = body.application_id or None
        if body.description is not None:
            endpoint.description = body.description
        if body.enabled is not None:
            endpoint.enabled = body.enabled
        # The Python client sends credentials {password: null} when it is unchanged (§2.12).
        password = _password(body.credentials.password if body.credentials else None)
        if password is not None:
            endpoint.password = password
        await self.endpoints.save(endpoint)

    async def delete_endpoint(self, account: Account, domain_id: str, endpoint_id: str) -> None:
        endpoint = self.endpoint(account, domain_id, endpoint_id)
        endpoint.deleted = True
        await self.endpoints.save(endpoint)

    async def create_token(
        self, account: Account, domain_id: str, endpoint_id: str, expires: int
    ) -> str:
        endpoint = self.endpoint(account, domain_id, endpoint_id)
        token = self._ids.endpoint_token()
        endpoint.tokens[token] = self._clock.now() + timedelta(seconds=expires)
        await self.endpoints.save(endpoint)
        return token

    async def delete_token(
        self, account: Account, domain_id: str, endpoint_id: str, token: str
    ) -> None:
        endpoint = self.endpoint(account, domain_id, endpoint_id)
        if endpoint.tokens.pop(token, None) is None:
            raise NotFound(f"The token {token} could not be found", code="token-not-found")
        await self.endpoints.save(endpoint)


def _password(value: str | None) -> str | None:
    if value is not None and len(value) < MIN_PASSWORD:
        raise InvalidRequest(
            f"The endpoint password must be at least {MIN_PASSWORD} characters long"
        )
    return value
