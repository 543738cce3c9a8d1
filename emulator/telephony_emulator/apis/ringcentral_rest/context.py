"""Who a REST request acts for: its bearer token, the path's account/extension, resource URIs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from aiohttp import web

from telephony_emulator.apis.ringcentral_common.keys import TOKENS
from telephony_emulator.apis.ringcentral_rest.auth import check_bearer
from telephony_emulator.apis.ringcentral_rest.tokens import TokenGrant
from telephony_emulator.core.accounts import Account
from telephony_emulator.errors import InvalidRequest, NotFound, Unauthenticated
from telephony_emulator.keys import SCHEDULER, STATE
from telephony_emulator.public_url import public_base

API_PREFIX = "/restapi/v1.0"
#: The route of one extension's resources; ``~`` stands for the token's own ids.
EXTENSION_PATH = API_PREFIX + "/account/{accountId}/extension/{extensionId}"
T = TypeVar("T")


@dataclass(frozen=True)
class RestCaller:
    """The account behind a valid token, and the base of its resources' URIs."""

    account: Account
    grant: TokenGrant
    base: str  # e.g. http://127.0.0.1:8080/restapi/v1.0

    @property
    def account_uri(self) -> str:
        return f"{self.base}/account/{self.account.ringcentral.account_id}"

    @property
    def extension_uri(self) -> str:
        return f"{self.account_uri}/extension/{self.account.ringcentral.extension_id}"


def rest_caller(request: web.Request) -> RestCaller:
    """Check the bearer token, then that ``accountId``/``extensionId`` in the path are the
    token's own (``~`` or the explicit id); another tenant's ids are not found."""
    grant = check_bearer(request.headers.get("Authorization"), request.app[TOKENS])
    account = request.app[STATE].accounts.get(grant.account_id)
    if account is None:  # the account was deleted by a reset after the login
        raise Unauthenticated("Access token corrupted.", code="OAU-129")
    request.app[SCHEDULER].enter(account.id)
    ids = {
        "accountId": account.ringcentral.account_id,
        "extensionId": account.ringcentral.extension_id,
    }
    for name, own in ids.items():
        given = request.match_info.get(name)
        if given is not None and given not in ("~", own):
            raise not_found(name)
    return RestCaller(account, grant, public_base(request) + API_PREFIX)


def not_found(parameter: str) -> NotFound:
    """CMN-102, the REST API's "not found" for a path parameter (reference ringcentral.md §2.7)."""
    return NotFound(
        f"Resource for parameter [{parameter}] is not found",
        code="CMN-102",
        details={"parameter_name": parameter},
    )


def invalid_parameter(parameter: str) -> InvalidRequest:
    """CMN-101, the REST API's "invalid value" for a request parameter."""
    return InvalidRequest(
        f"Parameter [{parameter}] value is invalid.",
        code="CMN-101",
        details={"parameter_name": parameter},
    )


def query_int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_parameter(name) from None
    if not low <= value <= high:
        raise invalid_parameter(name)
    return value


def query_date(request: web.Request, name: str) -> datetime | None:
    """An ISO 8601 date-time query parameter with a zone (``dateFrom``/``dateTo``)."""
    raw = request.query.get(name)
    return iso_datetime(raw, name) if raw else None


def date_window(request: web.Request, now: datetime) -> tuple[datetime, datetime]:
    """``dateFrom``..``dateTo`` of a list; by default the 24 hours up to now (spec)."""
    date_to = query_date(request, "dateTo") or now
    return query_date(request, "dateFrom") or date_to - timedelta(hours=24), date_to


def iso_datetime(raw: str, name: str) -> datetime:
    """An ISO 8601 date-time with a zone (``Z`` allowed); CMN-101 naming ``name`` otherwise."""
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise invalid_parameter(name) from None
    if when.tzinfo is None:
        raise invalid_parameter(name)
    return when


def paged_list(
    request: web.Request, list_uri: str, records: Sequence[T], render: Any
) -> dict[str, Any]:
    """RingCentral's ``{uri, records, navigation, paging}`` list envelope for ``page``/``perPage``.

    ``render`` turns one item into its JSON record.
    """
    page = query_int(request, "page", 1, 1, 1000)
    per_page = query_int(request, "perPage", 100, 1, 1000)
    total = len(records)
    total_pages = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    shown = records[start : start + per_page]

    def page_uri(number: int) -> dict[str, str]:
        query = {k: v for k, v in request.query.items() if k not in ("page", "perPage")}
        query.update(page=str(number), perPage=str(per_page))
        return {"uri": f"{list_uri}?{urlencode(query)}"}

    navigation = {"firstPage": page_uri(1)}
    if page < total_pages:
        navigation["nextPage"] = page_uri(page + 1)
    if page > 1:
        navigation["previousPage"] = page_uri(page - 1)
    navigation["lastPage"] = page_uri(total_pages)
    paging: dict[str, int] = {"page": page, "perPage": per_page}
    if shown:
        paging.update(pageStart=start, pageEnd=start + len(shown) - 1)
    paging.update(totalPages=total_pages, totalElements=total)
    return {
        "uri": page_uri(page)["uri"],
        "records": [render(item) for item in shown],
        "navigation": navigation,
        "paging": paging,
    }
