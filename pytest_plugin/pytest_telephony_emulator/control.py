"""A small synchronous client for the control API, and the per-test handle built on it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, cast


class ControlError(AssertionError):
    """The control API refused a request; the message carries its status and explanation."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"control API answered {status}: {message}")
        self.status = status
        self.message = message


class ControlClient:
    """Calls ``/_emulator/...`` on one server (in-process or external) with the stdlib."""

    def __init__(self, base_url: str, timeout: float = 120.0, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.token = token  # the server's --control-token, sent as a bearer token

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        query: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Send one request; the JSON object answered (``{}`` for an empty reply)."""
        url = f"{self.base_url}/_emulator{path}"
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                message = json.loads(raw)["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = raw.decode(errors="replace")
            raise ControlError(error.code, message) from None
        return cast(dict[str, Any], json.loads(raw)) if raw else {}

    def health(self) -> dict[str, Any]:
        return self.request("GET", "/health")

    def reset(self) -> dict[str, Any]:
        return self.request("POST", "/reset")

    def create_account(self, name: str = "Test account", numbers: int = 2) -> dict[str, Any]:
        return self.request("POST", "/accounts", {"name": name, "numbers": numbers})

    def clock(self) -> dict[str, Any]:
        return self.request("GET", "/clock")

    def advance(self, seconds: float) -> dict[str, Any]:
        return self.request("POST", "/clock/advance", {"seconds": seconds})

    def run_until_idle(self, **limits: float) -> dict[str, Any]:
        return self.request("POST", "/clock/run-until-idle", dict(limits))

    def set_rate(self, rate: float) -> dict[str, Any]:
        return self.request("PUT", "/clock/rate", {"rate": rate})

    def ledger(self, **filters: Any) -> list[dict[str, Any]]:
        return cast(
            list[dict[str, Any]], self.request("GET", "/webhooks", query=filters)["deliveries"]
        )

    def clear_ledger(self, **filters: Any) -> int:
        return int(self.request("DELETE", "/webhooks", query=filters)["deleted"])


def _scenario_path(account_id: str, number: str) -> str:
    return f"/accounts/{account_id}/scenarios/{urllib.parse.quote(number, safe='')}"


@dataclass(frozen=True)
class BandwidthLogin:
    """Voice/Messaging v2: ``bandwidth.Configuration(host=voice_url, ignore_operation_servers=True,
    username=username, password=password)``."""

    account_id: str
    username: str
    password: str
    voice_url: str
    messaging_url: str

    def sdk_configuration(self) -> Any:
        """A ``bandwidth.Configuration`` of the ``bandwidth-sdk`` package aimed at the emulator."""
        import bandwidth  # type: ignore[import-not-found, unused-ignore]

        return bandwidth.Configuration(
            host=self.voice_url,
            ignore_operation_servers=True,
            username=self.username,
            password=self.password,
        )


@dataclass(frozen=True)
class CatapultLogin:
    user_id: str
    api_token: str
    api_secret: str
    base_url: str


@dataclass(frozen=True)
class RingCentralLogin:
    """REST: ``SDK(client_id, client_secret, server_url)``, then ``platform.login(jwt=jwt)`` or
    ``platform.login(username, extension, password)``; legacy: the two ``.asp`` URLs."""

    account_id: str
    extension_id: str
    username: str
    extension: str
    password: str
    client_id: str
    client_secret: str
    jwt: str
    server_url: str
    legacy_ringout_url: str
    legacy_fax_url: str

    def sdk(self) -> Any:
        """A ``ringcentral.SDK`` (PyPI ``ringcentral``) aimed at the emulator, not logged in."""
        from ringcentral import SDK  # type: ignore[import-untyped, import-not-found, unused-ignore]

        return SDK(self.client_id, self.client_secret, self.server_url)

    def authorization_code(self, redirect_uri: str, **params: str) -> str:
        """A code for ``platform.login(code=…, redirect_uri=…)``: the emulator's authorize
        endpoint approves at once and redirects; ``params`` adds e.g. ``code_challenge``."""
        query = {"response_type": "code", "client_id": self.client_id}
        query.update(redirect_uri=redirect_uri, **params)
        url = f"{self.server_url}/restapi/oauth/authorize?{urllib.parse.urlencode(query)}"
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(url, timeout=30)
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location", "")
            if error.code == 302 and location:
                return urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["code"][0]
            raise ControlError(error.code, error.read().decode(errors="replace")) from None
        raise ControlError(200, "the authorize endpoint did not redirect")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class TelephonyEmulator:
    """A fresh account on a running emulator, with the controls a test needs."""

    url: str
    control: ControlClient
    account: dict[str, Any] = field(repr=False)

    @property
    def account_id(self) -> str:
        return str(self.account["account_id"])

    @property
    def bandwidth(self) -> BandwidthLogin:
        return BandwidthLogin(**self.account["bandwidth"])

    @property
    def catapult(self) -> CatapultLogin:
        return CatapultLogin(**self.account["catapult"])

    @property
    def ringcentral(self) -> RingCentralLogin:
        return RingCentralLogin(**self.account["ringcentral"])

    @property
    def numbers(self) -> list[str]:
        """The numbers this account owns."""
        return [item["number"] for item in self.account["numbers"]]

    def application_id(self, service_type: str = "voice") -> str:
        for application in self.account["applications"]:
            if application["service_type"] == service_type:
                return str(application["id"])
        raise LookupError(f"the account has no {service_type} application")

    def update_application(
        self, service_type: str = "voice", *, name: str | None = None, **settings: Any
    ) -> dict[str, Any]:
        """Set callback URLs and credentials of the account's voice or messaging application."""
        path = f"/accounts/{self.account_id}/applications/{self.application_id(service_type)}"
        body: dict[str, Any] = {"settings": settings}
        if name is not None:
            body["name"] = name
        return self.control.request("PATCH", path, body)

    # -- virtual time ------------------------------------------------------------------

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move virtual time forward, running every timer that falls due, in order."""
        return self.control.advance(seconds)

    def run_until_idle(self, **limits: float) -> dict[str, Any]:
        """Jump through all scheduled work (``max_timers=``, ``max_seconds=`` bound it)."""
        return self.control.run_until_idle(**limits)

    def clock(self) -> dict[str, Any]:
        return self.control.clock()

    # -- far end -----------------------------------------------------------------------

    def set_scenario(self, number: str, action: str = "answer", **rule: Any) -> dict[str, Any]:
        """How the far end at ``number`` behaves, e.g. ``set_scenario(n, "busy")``."""
        body = {"action": action, **rule}
        return self.control.request("PUT", _scenario_path(self.account_id, number), body)

    def clear_scenario(self, number: str) -> None:
        self.control.request("DELETE", _scenario_path(self.account_id, number))

    def scenarios(self) -> list[dict[str, Any]]:
        path = f"/accounts/{self.account_id}/scenarios"
        return cast(list[dict[str, Any]], self.control.request("GET", path)["scenarios"])

    def set_limits(self, **limits: float) -> dict[str, Any]:
        """Outbound limits: ``calls_per_second``, ``max_queue_size``, ``max_active_calls``,
        ``messages_per_second``, ``requests_per_second``."""
        return self.control.request("PATCH", f"/accounts/{self.account_id}/limits", dict(limits))

    # -- calls -------------------------------------------------------------------------

    def add_transaction(self, amount: str, type: str = "payment") -> dict[str, Any]:
        """A ``payment``, ``credit`` or ``charge`` of ``amount`` dollars on the account's
        Catapult statement; the answer carries the balance after it."""
        body = {"amount": amount, "type": type}
        return self.control.request("POST", f"/accounts/{self.account_id}/transactions", body)

    def place_inbound_call(
        self,
        to: str,
        from_: str = "+15550001234",
        *,
        hangup_after: float | None = None,
        digits: list[dict[str, Any]] | None = None,
        transcript: str | None = None,
        speech_seconds: float | None = None,
    ) -> dict[str, Any]:
        """A call from ``from_`` arrives at the owned number ``to``; returns the call.

        The caller hangs up ``hangup_after`` seconds after the call is answered and presses
        ``digits`` (``[{"at": 2, "digits": "1"}]``, timed from the answer). When recorded, it
        says ``transcript`` and talks for ``speech_seconds`` (by default as long as the words
        take) before falling silent.
        """
        body: dict[str, Any] = {"from": from_, "to": to, "digits": digits or []}
        for name, value in (
            ("hangup_after", hangup_after),
            ("transcript", transcript),
            ("speech_seconds", speech_seconds),
        ):
            if value is not None:
                body[name] = value
        return self.control.request("POST", "/inbound-calls", body)

    def call(self, call_id: str) -> dict[str, Any]:
        """A call as the emulator sees it (state, ringing, cause, ...)."""
        return self.control.request("GET", f"/calls/{call_id}")

    def answer(self, call_id: str) -> dict[str, Any]:
        """The far end answers the ringing call now."""
        return self.control.request("POST", f"/calls/{call_id}/answer")

    def reject(self, call_id: str) -> dict[str, Any]:
        return self.control.request("POST", f"/calls/{call_id}/reject")

    def busy(self, call_id: str) -> dict[str, Any]:
        return self.control.request("POST", f"/calls/{call_id}/busy")

    def hangup(self, call_id: str) -> dict[str, Any]:
        """The far end hangs up now."""
        return self.control.request("POST", f"/calls/{call_id}/hangup")

    def press(self, call_id: str, digits: str) -> dict[str, Any]:
        """The far end presses DTMF ``digits`` now."""
        return self.control.request("POST", f"/calls/{call_id}/digits", {"digits": digits})

    def ringout(self, ringout_id: str) -> dict[str, Any]:
        """A RingCentral RingOut (legacy session id or REST id): its legs' ``caller_call_id``
        and ``callee_call_id`` (drive them with answer/reject/busy/hangup/press) and statuses."""
        return self.control.request("GET", f"/ringouts/{ringout_id}")

    def faxes(self) -> list[dict[str, Any]]:
        """This account's RingCentral faxes, oldest first; each recipient's ``call_id`` is the
        call carrying its transmission (drive it with answer/reject/busy/hangup)."""
        path = f"/accounts/{self.account_id}/faxes"
        return cast(list[dict[str, Any]], self.control.request("GET", path)["faxes"])

    def fax(self, message_id: str | int) -> dict[str, Any]:
        return self.control.request("GET", f"/faxes/{message_id}")

    def fail_fax(
        self, message_id: str | int, recipient: int = 0, error_code: str = "CallFailed"
    ) -> dict[str, Any]:
        """Sending fax ``message_id`` to its ``recipient``-th number (from 0) fails now."""
        path = f"/faxes/{message_id}/recipients/{recipient}/fail"
        return self.control.request("POST", path, {"error_code": error_code})

    # -- messages ----------------------------------------------------------------------

    def place_inbound_message(
        self,
        to: str | list[str],
        from_: str = "+15550001234",
        text: str = "",
        *,
        media: list[dict[str, str] | str] | None = None,
    ) -> list[dict[str, Any]]:
        """An SMS (or, with ``media``, an MMS) from ``from_`` arrives at owned ``to``; returns
        one message per owned recipient (a group message lists several numbers).

        ``media`` items are URLs, or files ``{"name", "content_type", "content_base64"}``
        that the emulator then serves from the receiving account's media store.
        """
        recipients = [to] if isinstance(to, str) else list(to)
        body = {"from": from_, "to": recipients, "text": text, "media": media or []}
        return cast(
            list[dict[str, Any]],
            self.control.request("POST", "/inbound-messages", body)["messages"],
        )

    def messages(self, **filters: str) -> list[dict[str, Any]]:
        """This account's messages as sent and received, oldest first, text included
        (filters: ``direction``, ``from``, ``to``, ``status``, ``surface``)."""
        query = {"account_id": self.account_id, **filters}
        return cast(
            list[dict[str, Any]], self.control.request("GET", "/messages", query=query)["messages"]
        )

    # -- webhook ledger ----------------------------------------------------------------

    def ledger(self, **filters: Any) -> list[dict[str, Any]]:
        """This account's webhook attempts, oldest first (filters: call_id, event_type)."""
        return self.control.ledger(account_id=self.account_id, **filters)

    def clear_ledger(self) -> int:
        return self.control.clear_ledger(account_id=self.account_id)
