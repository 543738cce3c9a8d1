"""The emulator's price list and each user's statement of transactions."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from telephony_emulator.apis.bandwidth_v1.ids import CatapultIds
from telephony_emulator.apis.bandwidth_v1.model import Transaction
from telephony_emulator.apis.bandwidth_v1.storage import RecordStore
from telephony_emulator.core.accounts import Account
from telephony_emulator.core.clock import VirtualClock
from telephony_emulator.errors import Forbidden
from telephony_emulator.iso_time import to_millis

#: Every user starts with this much credit: a payment on the day its account was created.
OPENING_BALANCE = Decimal("500.00")
ACCOUNT_TYPE = "pre-pay"
#: Dollars per unit: a month of a number, a message, a started minute of a call, a lookup.
PRICES: dict[str, Decimal] = {
    "local-number-per-month": Decimal("0.60"),
    "toll-free-number-per-month": Decimal("2.00"),
    "sms-out": Decimal("0.0075"),
    "sms-in": Decimal("0.0075"),
    "mms-out": Decimal("0.0150"),
    "mms-in": Decimal("0.0150"),
    "call-out": Decimal("0.0100"),
    "call-in": Decimal("0.0085"),
    "sip-call-out": Decimal("0.0040"),
    "sip-call-in": Decimal("0.0040"),
    "transcription": Decimal("0.0500"),
    "cnam-search": Decimal("0.0100"),
}
TRANSACTION_TYPES = ("charge", "payment", "credit", "auto-recharge")
_CENTS = Decimal("0.00001")


def money(amount: Decimal) -> str:
    """Dollars as Catapult writes them: a string with five decimals, no symbol."""
    return str(amount.quantize(_CENTS, rounding=ROUND_HALF_UP))


class Billing:
    """Charges the user's statement at the prices above; the voice and message flows call
    :meth:`charge` as they bill (a call by the started minute, a message by the segment)."""

    def __init__(
        self, transactions: RecordStore[Transaction], ids: CatapultIds, clock: VirtualClock
    ) -> None:
        self.transactions = transactions
        self._ids = ids
        self._clock = clock
        #: Per account: the first stored transaction, how many were summed, and their sum.
        #: The statement only grows (oldest first) and a reset or load makes new objects, so
        #: a balance adds only what came since (it is checked before every charge).
        self._sums: dict[str, tuple[Transaction, int, Decimal]] = {}

    def charge(
        self,
        account_id: str,
        product_type: str,
        units: int = 1,
        *,
        number: str | None = None,
        resource_id: str | None = None,
    ) -> Transaction:
        """Bill ``units`` of ``product_type`` (a key of :data:`PRICES`) now."""
        return self._record(
            account_id,
            "charge",
            PRICES[product_type] * units,
            units=units,
            product_type=product_type,
            number=number,
            resource_id=resource_id,
        )

    def require(self, account: Account, product_type: str, units: int = 1) -> None:
        """Refuse (403 ``credit`` / ``insufficient-available-balance``) what a pre-pay user's
        balance cannot pay for: ``units`` of ``product_type`` at the price list."""
        cost = PRICES[product_type] * units
        balance = self.balance(account)
        if balance < cost:
            # The vendor's wording is not documented (§3 lists only the code); ours names both.
            raise Forbidden(
                f"The available balance {money(balance)} of user {account.catapult.user_id} "
                f"does not cover {money(cost)} of {product_type}",
                code="insufficient-available-balance",
            )

    def add(self, account: Account, type_: str, amount: Decimal) -> Transaction:
        """A payment or credit (or a charge) of ``amount`` dollars on the statement now."""
        return self._record(account.id, type_, amount)

    def _record(
        self,
        account_id: str,
        type_: str,
        amount: Decimal,
        *,
        units: int = 1,
        product_type: str | None = None,
        number: str | None = None,
        resource_id: str | None = None,
    ) -> Transaction:
        transaction = Transaction(
            id=self._ids.transaction_id(),
            account_id=account_id,
            created_at=self._clock.now(),
            type=type_,
            amount=amount,
            units=units,
            product_type=product_type,
            number=number,
            resource_id=resource_id,
        )
        self.transactions.add(transaction)
        self.transactions.changed(transaction)
        return transaction

    def balance(self, account: Account) -> Decimal:
        """The opening payment plus every stored payment and credit, less every charge."""
        stored = self.transactions.of_account(account.id)
        if not stored:
            return OPENING_BALANCE
        cached = self._sums.get(account.id)
        if cached is not None and cached[0] is stored[0] and cached[1] <= len(stored):
            counted, total = cached[1], cached[2]
        else:
            counted, total = 0, Decimal(0)
        for transaction in stored[counted:]:
            total += -transaction.amount if transaction.type == "charge" else transaction.amount
        self._sums[account.id] = (stored[0], len(stored), total)
        return OPENING_BALANCE + total

    def statement(
        self,
        account: Account,
        *,
        type_: str | None = None,
        number: str | None = None,
        from_date: datetime | None = None,
        to_date: datetime | None = None,
        max_items: int | None = None,
    ) -> Sequence[Transaction]:
        """The account's transactions, newest first, filtered (times to the millisecond, as
        they are shown)."""
        found = [
            item
            for item in reversed(self._all(account))
            if (type_ is None or item.type == type_.lower())
            and (number is None or item.number == number)
            and (from_date is None or to_millis(item.created_at) >= from_date)
            and (to_date is None or to_millis(item.created_at) <= to_date)
        ]
        return found if max_items is None else found[:max_items]

    def _all(self, account: Account) -> list[Transaction]:
        """The opening payment (never stored: it follows from the account), then the rest."""
        digest = hashlib.sha1(account.catapult.user_id.encode()).digest()
        opening = Transaction(
            id="pptx-" + base64.b32encode(digest).decode().lower()[:23],
            account_id=account.id,
            created_at=account.created_at,
            type="payment",
            amount=OPENING_BALANCE,
            units=1,
        )
        return [opening, *self.transactions.of_account(account.id)]
