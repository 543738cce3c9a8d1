"""The database tables (SQLAlchemy 2 declarative); domain times come from the virtual clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: Bump when a table changes; a database written with another version is refused.
SCHEMA_VERSION = 7


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware UTC datetimes; SQLite keeps no zone, so it is put back on load."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use the virtual clock's now()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def table(model: type[Base]) -> Table:
    """The Core table of a mapped class, for bulk statements that skip the ORM."""
    return cast(Table, model.__table__)


class MetaRow(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AccountRow(Base):
    """A tenant. ``id`` is its Bandwidth account id; other surfaces' ids sit beside it."""

    __tablename__ = "account"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    catapult_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    ringcentral_account_id: Mapped[str] = mapped_column(String(32), unique=True)
    ringcentral_extension_id: Mapped[str] = mapped_column(String(32), unique=True)
    limits: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ringcentral_settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]


class CredentialRow(Base):
    """One login of an account on one surface (see ``core.accounts.CredentialKind``)."""

    __tablename__ = "credential"
    __table_args__ = (UniqueConstraint("kind", "principal", "extension"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    principal: Mapped[str] = mapped_column(String(200))
    secret: Mapped[str] = mapped_column(String(200))
    extension: Mapped[str] = mapped_column(String(16), default="")


class ApplicationRow(Base):
    """A voice or messaging application: where inbound webhooks of its numbers go."""

    __tablename__ = "application"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(String(32))
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PhoneNumberRow(Base):
    """A number an account owns; inbound calls and messages to it reach its application."""

    __tablename__ = "phone_number"
    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[str | None] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]


class AvailableNumberRow(Base):
    """The inventory numbers can be searched and ordered from (generated from the seed)."""

    __tablename__ = "available_number"
    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    number_type: Mapped[str] = mapped_column(String(16), index=True)
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(8), index=True)
    rate_center: Mapped[str] = mapped_column(String(32))
    zip_code: Mapped[str] = mapped_column(String(10))


class CallRow(Base):
    """One call leg, whichever surface placed it."""

    __tablename__ = "call"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    surface: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(16))
    from_number: Mapped[str] = mapped_column(String(200))
    to_number: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(32))
    parent_call_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ScenarioRuleRow(Base):
    """How the far end at ``number`` behaves for calls of one account."""

    __tablename__ = "scenario_rule"
    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[str] = mapped_column(String(200), primary_key=True)
    rule: Mapped[dict[str, Any]] = mapped_column()


class WebhookDeliveryRow(Base):
    """One attempt to deliver one webhook: the ledger."""

    __tablename__ = "webhook_delivery"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(String(64), index=True)
    account_id: Mapped[str | None] = mapped_column(String(32), index=True)
    call_id: Mapped[str | None] = mapped_column(String(80), index=True)
    surface: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(16))
    attempt: Mapped[int]
    url: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(8))
    request_headers: Mapped[dict[str, Any]] = mapped_column()
    request_body: Mapped[str] = mapped_column(Text)
    response_status: Mapped[int | None]
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    response_body: Mapped[str | None] = mapped_column(Text)
    latency_ms: Mapped[float]
    outcome: Mapped[str] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime]


class _AccountDataColumns:
    """The columns of tables whose changing state is one JSON ``data`` column (see
    storage/tables.py), owned by an account."""

    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RecordingRow(_AccountDataColumns, Base):
    """A recording's metadata (its media is generated on demand). A call or a conference owns
    it: ``call_id`` or ``conference_id`` is set."""

    __tablename__ = "recording"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    call_id: Mapped[str | None] = mapped_column(String(80), index=True)
    conference_id: Mapped[str | None] = mapped_column(String(80), index=True)
    started_at: Mapped[datetime]


class ConferenceRow(_AccountDataColumns, Base):
    """A Voice v2 conference: its settings, members and state live in ``data``."""

    __tablename__ = "conference"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime]


class RingCentralMessageRow(_AccountDataColumns, Base):
    """A RingCentral message-store record (an outbound fax); attachment bytes are apart."""

    __tablename__ = "ringcentral_message"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime]


class RingCentralAttachmentRow(Base):
    """The uploaded bytes of one message-store attachment."""

    __tablename__ = "ringcentral_attachment"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(
        ForeignKey("ringcentral_message.id", ondelete="CASCADE"), index=True
    )
    content: Mapped[bytes] = mapped_column(LargeBinary)


class MessageRow(_AccountDataColumns, Base):
    """A text or multimedia message: its recipients' states and its fields live in ``data``."""

    __tablename__ = "message"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime]


class MediaRow(_AccountDataColumns, Base):
    """One media file of an account (``id`` is the account id, a slash and its name)."""

    __tablename__ = "media"
    id: Mapped[str] = mapped_column(Text, primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class _CatapultColumns(_AccountDataColumns):
    """A Catapult v1 resource: its id, creation time and a JSON ``data`` column."""

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    created_at: Mapped[datetime]


class CatapultNumberRow(_CatapultColumns, Base):
    """A number allocated through Catapult (``n-…``); ownership itself is ``phone_number``."""

    __tablename__ = "catapult_number"


class CatapultDomainRow(_CatapultColumns, Base):
    """A Catapult SIP domain."""

    __tablename__ = "catapult_domain"


class CatapultEndpointRow(_CatapultColumns, Base):
    """A SIP endpoint of a Catapult domain."""

    __tablename__ = "catapult_endpoint"


class CatapultTransactionRow(_CatapultColumns, Base):
    """One charge, payment or credit on a Catapult account."""

    __tablename__ = "catapult_transaction"


class CatapultMessageRow(_CatapultColumns, Base):
    """Catapult's own settings of a message (callbacks, receipts); the message is ``message``."""

    __tablename__ = "catapult_message"


class CatapultErrorRow(_CatapultColumns, Base):
    """An asynchronous failure listed by Catapult's ``/errors``."""

    __tablename__ = "catapult_error"
