"""Messaging v2's rules on the message core: sending, listing, inbound messages, media."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from telephony_emulator.apis.bandwidth_messaging_v2.callbacks import MessagingCallbacks
from telephony_emulator.apis.bandwidth_messaging_v2.errors import MESSAGING
from telephony_emulator.apis.bandwidth_messaging_v2.render import (
    list_item,
    media_url,
)
from telephony_emulator.apis.bandwidth_messaging_v2.schemas import (
    MAX_RESULTS,
    SEARCH_WINDOW,
    FieldError,
    ListQuery,
    MessageRequest,
    field_errors,
)
from telephony_emulator.core.accounts import Account, Application
from telephony_emulator.core.media_store import MediaItem
from telephony_emulator.core.messages import (
    DeliveryStatus,
    FailureReason,
    Message,
    MessageDirection,
    Recipient,
)
from telephony_emulator.core.segments import count_segments
from telephony_emulator.core_services import Core
from telephony_emulator.errors import Forbidden, InvalidRequest, NotFound

#: Uploads are limited to 3.75 MB [docs]; list pages hold at most 1000 items [docs].
MAX_MEDIA_BYTES = 3_932_160
MEDIA_PAGE_SIZE = 1000


@dataclass(frozen=True)
class InboundMedia:
    """A file arriving with an inbound MMS: stored in the receiving account's media."""

    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ListPage:
    items: list[tuple[Message, Recipient]]
    total: int
    offset: int
    next_offset: int | None


class MessagingService:
    """The operations of Messaging v2, on the neutral message core.

    Not emulated: createMultiChannelMessage (RBM needs agents and a beta feature; the account
    is treated as not enabled for it); media URLs outside the emulator are not fetched; no
    carrier names, campaigns, latencies or products are known (those filters match nothing);
    the text is kept (the vendor discards it; its callbacks still carry it empty).
    """

    def __init__(self, core: Core, callbacks: MessagingCallbacks) -> None:
        self._accounts = core.state.accounts
        self._delivery = core.messages
        self.store = core.messages.store
        self._media = core.media
        self._clock = core.clock
        self._ids = core.ids
        self._callbacks = callbacks

    # -- messages -------------------------------------------------------------------------

    def _message_id(self) -> str:
        """13 digits of epoch milliseconds and 16 lowercase alphanumerics (§7)."""
        return f"{int(self._clock.time() * 1000):013d}{self._ids.token(16)}"

    def _application(self, account: Account, application_id: str) -> Application:
        application = self._accounts.application(application_id)
        if application is not None and application.account_id != account.id:
            raise Forbidden()
        if application is None or application.service_type != "messaging":
            raise field_errors(
                [FieldError("applicationId", f"'{application_id}' is not a valid application id")]
            )
        return application

    async def create_message(self, account: Account, request: MessageRequest, base: str) -> Message:
        application = self._application(account, request.application_id)
        owner = self._accounts.owner_of(request.from_)
        if request.from_.startswith("+") and (owner is None or owner.account_id != account.id):
            raise field_errors(
                [
                    FieldError(
                        "from",
                        f"'{request.from_}' must be a telephone number hosted by Bandwidth "
                        "and linked to this account",
                    )
                ]
            )
        if not request.text and not request.media:
            raise field_errors([FieldError("text", "'text' or 'media' must be provided")])
        message = Message(
            id=self._message_id(),
            account_id=account.id,
            surface=MESSAGING.name,
            direction=MessageDirection.OUTBOUND,
            from_=request.from_,
            owner=request.from_,
            recipients=[Recipient(number, DeliveryStatus.QUEUED) for number in request.to],
            created_at=self._clock.now(),
            # An MMS is one segment whatever its text; an SMS as its encoding needs.
            segments=1 if request.media else count_segments(request.text).count,
            application_id=application.id,
            text=request.text,
            media=request.media,
            tag=request.tag,
            priority=request.priority,
            expiration=request.expiration,
        )
        await self.store.add(message)
        self._callbacks.watch(message, application)
        self._delivery.send(message, self._media_refusal(account, message, base))
        return message

    def _media_refusal(self, account: Account, message: Message, base: str) -> FailureReason | None:
        """Media on the emulator's own store must exist; other URLs are not fetched."""
        now = self._clock.now()
        own = urlsplit(base)
        for url in message.media:
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
                continue
            for prefix in (f"/api/v2/users/{account.id}/media/", f"/users/{account.id}/media/"):
                if parts.path.startswith(prefix):
                    name = unquote(parts.path.removeprefix(prefix))
                    if self._media.find(account.id, name, now) is None:
                        return FailureReason.MEDIA_UNAVAILABLE
        return None

    async def receive(
        self,
        from_: str,
        to: list[str],
        text: str,
        media: list[InboundMedia | str],
        base: str,
    ) -> list[Message]:
        """A message from ``from_`` to ``to`` (a group when several): one message per owned
        recipient, each with its own id (§6); none owned is a 400."""
        owned = [self._accounts.owner_of(number) for number in to]
        receivers = [number for number in owned if number is not None]
        if not receivers:
            raise InvalidRequest(f"none of {', '.join(to)} is a number an account owns")
        messages = []
        for number in receivers:
            application = next(
                (
                    app
                    for app in self._accounts.applications_of(number.account_id)
                    if app.service_type == "messaging"
                ),
                None,
            )
            if application is None:
                raise InvalidRequest(f"account {number.account_id} has no messaging application")
            message_id = self._message_id()
            urls = []
            for index, item in enumerate(media):
                if isinstance(item, str):
                    urls.append(item)
                    continue
                name = f"{message_id}/{index}/{item.name}"
                await self._media.put(
                    number.account_id, name, item.content_type, item.content, self._clock.now()
                )
                urls.append(media_url(base, number.account_id, name))
            message = Message(
                id=message_id,
                account_id=number.account_id,
                surface=MESSAGING.name,
                direction=MessageDirection.INBOUND,
                from_=from_,
                owner=number.number,
                recipients=[Recipient(n, DeliveryStatus.QUEUED) for n in to],
                created_at=self._clock.now(),
                segments=1 if urls else count_segments(text).count,
                application_id=application.id,
                text=text,
                media=tuple(urls),
            )
            await self.store.add(message)
            self._callbacks.watch(message, application)
            self._delivery.receive(message)
            messages.append(message)
        return messages

    def list_messages(self, account: Account, query: ListQuery) -> ListPage:
        """The account's messages matching every filter, one entry per recipient, sorted."""
        earliest = self._clock.now() - SEARCH_WINDOW
        entries = [
            (message, recipient)
            for message in self.store.of_account(account.id)
            if message.created_at >= earliest
            for recipient in _entries(message)
            if _matches(message, recipient, query.filters)
        ]
        if query.sort_field != "receiveTime" or query.descending:
            entries.sort(
                key=lambda entry: _sort_key(list_item(*entry)[query.sort_field]),
                reverse=query.descending,
            )
        offset = 0 if query.page_token is None else _decode_offset(query.page_token)
        if offset + query.limit > MAX_RESULTS:
            raise InvalidRequest(f"The sum of limit and offset cannot be more than {MAX_RESULTS}")
        page = entries[offset : offset + query.limit]
        more = offset + query.limit < len(entries)
        total = min(len(entries), MAX_RESULTS) if query.limit_total_count else len(entries)
        return ListPage(page, total, offset, offset + query.limit if more else None)

    # -- media ----------------------------------------------------------------------------

    async def upload_media(
        self,
        account: Account,
        name: str,
        content_type: str | None,
        content: bytes,
        cache_control: str | None,
    ) -> None:
        if len(content) > MAX_MEDIA_BYTES:
            raise InvalidRequest(f"Media size must be {MAX_MEDIA_BYTES} bytes (3.75 MB) or less")
        stored_type = content_type or "application/octet-stream"
        await self._media.put(
            account.id, name, stored_type, content, self._clock.now(), cache_control
        )

    def list_media(self, account: Account, token: str | None) -> tuple[list[MediaItem], str | None]:
        """One page of the account's media by name, and the token of the next page."""
        items = self._media.listing(account.id, self._clock.now())
        if token is not None:
            after = _decode_name(token)
            items = [item for item in items if item.name > after]
        page = items[:MEDIA_PAGE_SIZE]
        more = len(items) > MEDIA_PAGE_SIZE
        return page, (_encode(page[-1].name) if more else None)

    def get_media(self, account: Account, name: str) -> MediaItem:
        item = self._media.find(account.id, name, self._clock.now())
        if item is None:
            raise NotFound(f"Media {name} not found")
        return item

    async def delete_media(self, account: Account, name: str) -> None:
        written = self._media.delete(account.id, name, self._clock.now())
        if written is None:
            raise NotFound(f"Media {name} not found")
        await written


def _entries(message: Message) -> list[Recipient]:
    """An outbound message is listed once per recipient, an inbound one once (its owner)."""
    if message.direction is MessageDirection.OUTBOUND:
        return message.recipients
    return [message.recipient(message.owner)]


def _tn(found: str, wanted: tuple[str, object]) -> bool:
    how, value = wanted
    return found in value if how == "any" else str(value) in found  # type: ignore[operator]


Check = Callable[[Message, Recipient, dict[str, Any], Any], bool]
_SAME = (
    "messageId",
    "messageDirection",
    "messageType",
    "callingNumberCountryA3",
    "calledNumberCountryA3",
)


def _same(name: str) -> Check:
    return lambda message, recipient, item, wanted: bool(item[name] == wanted)


#: How each filter is applied; the rest (carrier, campaign, latency, product, location) are
#: unknown to the emulator, so they match nothing.
_CHECKS: dict[str, Check] = {
    "sourceTn": lambda m, r, item, want: _tn(item["sourceTn"], want),
    "destinationTn": lambda m, r, item, want: _tn(item["destinationTn"], want),
    "messageStatus": lambda m, r, item, want: item["messageStatus"] == want,
    "errorCode": lambda m, r, item, want: item["errorCode"] == want,
    "fromDateTime": lambda m, r, item, want: m.created_at >= want,
    "toDateTime": lambda m, r, item, want: m.created_at <= want,
    "bwQueued": lambda m, r, item, want: (r.status is DeliveryStatus.QUEUED) == want,
    "fromSegmentCount": lambda m, r, item, want: m.segments >= want,
    "toSegmentCount": lambda m, r, item, want: m.segments <= want,
    "fromMessageSize": lambda m, r, item, want: item["messageSize"] >= want,
    "toMessageSize": lambda m, r, item, want: item["messageSize"] <= want,
    **{name: _same(name) for name in _SAME},
}


def _matches(message: Message, recipient: Recipient, filters: dict[str, Any]) -> bool:
    item = list_item(message, recipient)
    return all(
        name in _CHECKS and _CHECKS[name](message, recipient, item, wanted)
        for name, wanted in filters.items()
    )


def _sort_key(value: object) -> tuple[bool, str | int]:
    if value is None:
        return (True, "")
    return (False, value if isinstance(value, int) else str(value))


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(token: str) -> str:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


def _decode_offset(token: str) -> int:
    try:
        kind, _, offset = _decode(token).partition(":")
        if kind != "messages":
            raise ValueError(kind)
        return int(offset)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRequest(f"Invalid pageToken: {token}") from None


def page_token(offset: int) -> str:
    return _encode(f"messages:{offset}")


def _decode_name(token: str) -> str:
    try:
        return _decode(token)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRequest(f"Invalid Continuation-Token: {token}") from None
