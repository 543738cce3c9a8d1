"""Sending faxes: each recipient's transmission is a call on the shared call engine.

The far end's scenario rule decides what happens (reference ringcentral.md §2.4 for the error
codes): it answers → the pages go through at ``PAGE_SECONDS`` each → ``Sent``; busy →
``LineBusy``; never answers → ``NoAnswer``; rejects → ``CallDeclined``; an answering machine
(``machine``) → ``NoFaxMachine``; a hang-up mid-transmission → ``SentPartially`` (or
``CallerHungUp`` before the first page). International numbers without international calling
and prohibited numbers fail without dialling.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from telephony_emulator.apis.ringcentral_common import dialing
from telephony_emulator.apis.ringcentral_common import fax as f
from telephony_emulator.apis.ringcentral_common.fax_documents import Document, page_count
from telephony_emulator.apis.ringcentral_common.ids import RingCentralIds
from telephony_emulator.apis.ringcentral_common.state import FAX_SURFACE, FaxCallState
from telephony_emulator.core.accounts import Account, AccountRegistry
from telephony_emulator.core.calls import CallDirection
from telephony_emulator.core.engine import CallEngine
from telephony_emulator.core.live_call import RING_CAUSES, Ending, LiveCall, RingOutcome
from telephony_emulator.core.scheduler import TimerHandle
from telephony_emulator.errors import Conflict

SURFACE = FAX_SURFACE
#: RingCentral's docs: a text page takes about a minute to transmit (reference §2.4).
PAGE_SECONDS = 60.0
#: How long a fax call rings before it counts as not answered.
RING_SECONDS = 60.0
_RING_ERRORS: dict[RingOutcome, str] = {
    "busy": f.LINE_BUSY,
    "reject": f.CALL_DECLINED,
    "timeout": f.NO_ANSWER,
}
_BARRIER_ERRORS = {
    dialing.DialBarrier.INTERNATIONAL_DISABLED: f.INTERNATIONAL_DISABLED,
    dialing.DialBarrier.DESTINATION_BLOCKED: f.PROHIBITED_NUMBER,
}


@dataclass(frozen=True)
class FaxOrder:
    """A validated request to send a fax; documents carry their resolved media types."""

    recipients: list[tuple[str, str | None]]  # (E.164 number, name on the cover page)
    documents: list[Document]
    resolution: str = "Low"
    cover_index: int | None = None
    cover_page_text: str | None = None
    send_at: datetime | None = None


class FaxService:
    """Takes faxes, dials their recipients when due, and records each transmission's end."""

    def __init__(self, store: f.FaxStore, engine: CallEngine, accounts: AccountRegistry) -> None:
        self.store = store
        self.engine = engine
        self.ids = RingCentralIds(engine.ids)
        self.accounts = accounts
        self._timers: dict[str, TimerHandle] = {}
        #: Failures decided while a recipient's call was still up, by recipient id.
        self._pending: dict[str, str] = {}

    def clear(self) -> None:
        self.store.clear()
        self._timers.clear()
        self._pending.clear()

    async def load(self) -> None:
        """Index stored faxes. A fax scheduled for later is armed again; a transmission the
        stop interrupted cannot resume, so it failed."""
        now = self.engine.clock.now()
        for message in await self.store.load():
            if message.status is not f.MessageStatus.QUEUED:
                continue
            dialled = any(r.call_id is not None for r in message.recipients)
            if not dialled and message.send_at is not None and message.send_at > now:
                self._arm(message)
                continue
            for recipient in message.recipients:
                if recipient.status is f.MessageStatus.QUEUED:
                    recipient.fail(f.INTERNAL_ERROR)
            self.store.changed(message, now)

    async def close(self) -> None:
        await self.store.close()

    # -- taking a fax ---------------------------------------------------------------------

    async def submit(self, account: Account, order: FaxOrder, origin: str) -> f.FaxMessage:
        """Store a new fax (durably) and schedule its sending."""
        ids, now = self.engine.ids, self.engine.clock.now()
        contents: dict[str, bytes] = {}
        attachments = []
        for document in order.documents:
            attachment_id = ids.digits(12)
            contents[attachment_id] = document.content
            attachments.append(
                f.FaxAttachment(
                    id=attachment_id,
                    file_name=document.file_name,
                    content_type=document.content_type,
                    size=len(document.content),
                    pages=page_count(document.content, document.content_type),
                )
            )
        message = f.FaxMessage(
            id=ids.digits(12),
            account_id=account.id,
            origin=origin,
            from_number=account.ringcentral.username,
            recipients=[
                f.FaxRecipient(id=ids.digits(9), phone_number=number, name=name)
                for number, name in order.recipients
            ],
            attachments=attachments,
            resolution=order.resolution,
            created_at=now,
            modified_at=now,
            cover_index=order.cover_index,
            cover_page_text=order.cover_page_text,
            send_at=order.send_at,
        )
        await self.store.add(message, contents)
        self._arm(message)
        return message

    def _arm(self, message: f.FaxMessage) -> None:
        when = self.engine.clock.time()
        if message.send_at is not None:
            when = max(when, message.send_at.timestamp())
        self._timers[message.id] = self.engine.scheduler.call_at(
            when, functools.partial(self._dispatch, message)
        )

    def _dispatch(self, message: f.FaxMessage) -> None:
        self._timers.pop(message.id, None)
        account = self.accounts.get(message.account_id)
        for recipient in message.recipients:
            if recipient.status is f.MessageStatus.QUEUED and recipient.call_id is None:
                self._send(message, recipient, account)
        self.store.changed(message, self.engine.clock.now())

    def _send(
        self, message: f.FaxMessage, recipient: f.FaxRecipient, account: Account | None
    ) -> None:
        if account is None:
            recipient.fail(f.INTERNAL_ERROR)
            return
        if message.page_count is None:
            recipient.fail(f.RENDERING_FAILED)
            return
        barrier = dialing.barrier(recipient.phone_number, account.ringcentral_settings)
        if barrier is not None:
            recipient.fail(_BARRIER_ERRORS[barrier])
            return
        call = self.engine.new_call(
            call_id=self.ids.call_id(),
            account_id=account.id,
            surface=SURFACE,
            direction=CallDirection.OUTBOUND,
            from_=message.from_number,
            to=recipient.phone_number,
            state=FaxCallState(fax_message_id=message.id, fax_recipient_id=recipient.id),
        )
        recipient.call_id = call.id
        self.engine.start(
            call,
            self.engine.far_end_for(account.id, recipient.phone_number),
            functools.partial(self._transmit, message, recipient),
            functools.partial(self._ended, message, recipient),
        )

    # -- one transmission -----------------------------------------------------------------

    async def _transmit(
        self, message: f.FaxMessage, recipient: f.FaxRecipient, live: LiveCall
    ) -> None:
        outcome = await live.ring(RING_SECONDS)
        if outcome != "answer":
            self._pending[recipient.id] = _RING_ERRORS[outcome]
            live.end(RING_CAUSES[outcome])
            return
        live.mark_answered()
        if live.far_end.action == "machine":  # a voice answers: no fax tone, hang up
            self._pending[recipient.id] = f.NO_FAX_MACHINE
            return
        for _ in range(message.page_count or 0):
            await live.pause(PAGE_SECONDS)
            recipient.pages_sent += 1
            self.store.changed(message, self.engine.clock.now())

    def _ended(
        self, message: f.FaxMessage, recipient: f.FaxRecipient, live: LiveCall, ending: Ending
    ) -> None:
        error = self._pending.pop(recipient.id, None)
        if recipient.status is f.MessageStatus.QUEUED:
            if error is None and recipient.pages_sent >= (message.page_count or 0):
                recipient.status = f.MessageStatus.SENT
            elif message.cancelled:
                recipient.fail(None)
            elif error is not None:
                recipient.fail(error)
            elif recipient.pages_sent:
                recipient.fail(f.SENT_PARTIALLY)
            else:
                recipient.fail(f.CALLER_HUNG_UP if live.answered else f.CALL_FAILED)
        self.store.changed(message, self.engine.clock.now())

    # -- changes from the APIs ------------------------------------------------------------

    def cancel(self, message: f.FaxMessage) -> None:
        """Stop a fax that is still queued: undialled recipients are dropped, calls in
        progress hang up; each such recipient ends ``SendingFailed`` without an error code."""
        if message.status is not f.MessageStatus.QUEUED:
            return
        message.cancelled = True
        timer = self._timers.pop(message.id, None)
        if timer is not None:
            timer.cancel()
        for recipient in message.recipients:
            if recipient.status is not f.MessageStatus.QUEUED:
                continue
            live = self.engine.live.get(recipient.call_id or "")
            if live is not None and not live.ended:
                live.end("cancel")
            else:
                recipient.fail(None)
        self.store.changed(message, self.engine.clock.now())

    async def delete(self, message: f.FaxMessage, *, purge: bool) -> None:
        """The first delete moves a record to ``Deleted``, the next (or ``purge``) purges it;
        deleting a queued fax cancels it (reference §2.4)."""
        self.cancel(message)
        if purge or message.availability is not f.Availability.ALIVE:
            await self.store.purge(message, self.engine.clock.now())
        else:
            message.availability = f.Availability.DELETED
            self.store.changed(message, self.engine.clock.now())

    def update(
        self, message: f.FaxMessage, *, read_status: str | None, restore: bool = False
    ) -> None:
        if read_status is not None:
            message.read_status = read_status
        if restore and message.availability is f.Availability.DELETED:
            message.availability = f.Availability.ALIVE
        self.store.changed(message, self.engine.clock.now())

    def fail_recipient(self, message: f.FaxMessage, index: int, error_code: str) -> None:
        """The control API's driver: the recipient's transmission fails now with ``error_code``."""
        if not 0 <= index < len(message.recipients):
            raise Conflict(f"fax {message.id} has no recipient {index}")
        recipient = message.recipients[index]
        if recipient.status is not f.MessageStatus.QUEUED:
            raise Conflict(f"recipient {index} of fax {message.id} is already {recipient.status}")
        live = self.engine.live.get(recipient.call_id or "")
        if live is not None and not live.ended:
            self._pending[recipient.id] = error_code
            live.end("error", f"fax transmission failed: {error_code}")
            return
        recipient.fail(error_code)
        self.store.changed(message, self.engine.clock.now())
