"""Keeps web pages out of the control API: Host and Origin checks, JSON writes, optional token."""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler

from telephony_emulator import errors
from telephony_emulator.keys import SETTINGS
from telephony_emulator.settings import Settings

CONTROL_PREFIX = "/_emulator"
#: Answered without a token (container health checks); the Host check still applies.
OPEN_PATHS = frozenset({CONTROL_PREFIX + "/health"})
TOKEN_HEADER = "X-Emulator-Token"
TOKEN_COOKIE = "emulator_token"
TOKEN_QUERY = "token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


@dataclass(frozen=True)
class ControlPolicy:
    """Who may use the control API, from the settings."""

    allowed_hosts: frozenset[str]  # lower-case names; "*" allows any
    token: str | None

    @classmethod
    def of(cls, settings: Settings) -> ControlPolicy:
        hosts = {host.strip().lower() for host in settings.allowed_hosts if host.strip()}
        if settings.public_url:
            public = urlsplit(settings.public_url).hostname
            if public:
                hosts.add(public.lower())
        return cls(frozenset(hosts), settings.control_token or None)

    def host_allowed(self, host: str) -> bool:
        """Loopback names, IP literals (DNS rebinding needs a name), and configured names."""
        name = host_name(host)
        if name in _LOOPBACK_NAMES or name.endswith(".localhost") or _is_ip(name):
            return True
        return "*" in self.allowed_hosts or name in self.allowed_hosts


def host_name(host: str) -> str:
    """The name part of a ``Host`` header: no port, no IPv6 brackets, lower case, no final dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server off the network."""
    name = host_name(host) if host.startswith("[") else host.strip().lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_problem(settings: Settings) -> str | None:
    """Why the server must not start as configured: a network bind with an open control API."""
    if is_loopback(settings.host) or settings.control_token or settings.insecure_open_control:
        return None
    return (
        f"--host {settings.host} makes the control API reachable from the network, where anyone "
        "could reset the emulator or read every account's passwords: set --control-token (or "
        "EMULATOR_CONTROL_TOKEN), or accept the risk with --insecure-open-control"
    )


def exposure_warning(settings: Settings) -> str | None:
    """The banner's warning when the server listens beyond loopback."""
    if is_loopback(settings.host):
        return None
    if settings.control_token:
        return (
            f"  WARNING: listening on {settings.host}: reachable from the network; the control "
            "API needs the control token"
        )
    return (
        f"  WARNING: listening on {settings.host} with --insecure-open-control: anyone on the "
        "network can drive the control API and read every account's passwords"
    )


def _presented_token(request: web.Request) -> str | None:
    authorization = request.headers.get("Authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE)


def _same_origin(origin: str, host: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower()


@web.middleware
async def guard_control(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse control requests a web page could have sent; ask for the token when one is set.

    Browsers send any page's ``text/plain``/form posts and body-less posts cross-site without
    asking, and DNS rebinding makes a foreign name resolve to this server; JSON bodies, the
    ``Origin`` and the ``Host`` tell those apart from the CLI, the plugin and the dashboard.
    """
    if not request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    policy: ControlPolicy = request.app[POLICY]
    host = request.headers.get("Host")
    if host is not None and not policy.host_allowed(host):
        raise errors.Forbidden(
            f"Host {host!r} is not allowed to reach the control API; allow it with "
            "--allowed-hosts (EMULATOR_ALLOWED_HOSTS)"
        )
    origin = request.headers.get("Origin")
    cross_site = request.headers.get("Sec-Fetch-Site") == "cross-site"
    if cross_site or (origin is not None and not _same_origin(origin, host or request.host)):
        raise errors.Forbidden("the control API does not answer requests from other origins")
    writes_a_body = request.method not in _SAFE_METHODS and request.body_exists
    if writes_a_body and request.content_type != "application/json":
        raise errors.UnsupportedMediaType(
            f"control API requests with a body must be application/json, "
            f"got {request.content_type!r}"
        )
    if policy.token is None or request.path in OPEN_PATHS:
        return await handler(request)
    query_token = request.query.get(TOKEN_QUERY)
    if query_token is not None and request.method == "GET" and _matches(query_token, policy):
        # A browser opened a link with the token: keep it in a same-site cookie, drop it from
        # the address bar (the dashboard's later requests and event stream carry the cookie).
        redirect = web.HTTPSeeOther(request.rel_url.without_query_params(TOKEN_QUERY))
        redirect.set_cookie(
            TOKEN_COOKIE, query_token, path=CONTROL_PREFIX, httponly=True, samesite="Strict"
        )
        raise redirect
    presented = _presented_token(request)
    if presented is None or not _matches(presented, policy):
        raise errors.Unauthenticated(
            "the control API needs its token: send Authorization: Bearer <token> (or "
            f"{TOKEN_HEADER}), or open a page once with ?{TOKEN_QUERY}=<token>"
        )
    return await handler(request)


def _matches(presented: str, policy: ControlPolicy) -> bool:
    assert policy.token is not None
    return hmac.compare_digest(presented.encode(), policy.token.encode())


POLICY = web.AppKey("control_policy", ControlPolicy)


def setup(app: web.Application) -> None:
    """Read the policy from the app's settings (call after they are set)."""
    app[POLICY] = ControlPolicy.of(app[SETTINGS])
