"""Persisting and loading accounts, their credentials, applications and numbers."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.core.accounts import (
    Account,
    AccountBundle,
    Application,
    BandwidthCredentials,
    CatapultCredentials,
    CredentialKind,
    OwnedNumber,
    RingCentralCredentials,
    RingCentralSettings,
    VoiceLimits,
)
from telephony_emulator.storage.models import (
    AccountRow,
    ApplicationRow,
    CredentialRow,
    PhoneNumberRow,
    table,
)


async def insert_bundle(session: AsyncSession, bundle: AccountBundle) -> None:
    """Core inserts, one statement per table: the ORM's flush costs several times more CPU."""
    connection = await session.connection()
    account = bundle.account
    rc = account.ringcentral
    await connection.execute(
        insert(table(AccountRow)).values(
            id=account.id,
            name=account.name,
            catapult_user_id=account.catapult.user_id,
            ringcentral_account_id=rc.account_id,
            ringcentral_extension_id=rc.extension_id,
            limits=dataclasses.asdict(account.limits),
            ringcentral_settings=account.ringcentral_settings.to_json(),
            created_at=account.created_at,
        )
    )
    logins = [
        (CredentialKind.BANDWIDTH, account.bandwidth.username, account.bandwidth.password, ""),
        (CredentialKind.CATAPULT, account.catapult.api_token, account.catapult.api_secret, ""),
        (CredentialKind.RINGCENTRAL_USER, rc.username, rc.password, rc.extension),
        (CredentialKind.RINGCENTRAL_APP, rc.client_id, rc.client_secret, ""),
    ]
    await connection.execute(
        insert(table(CredentialRow)),
        [
            {
                "account_id": account.id,
                "kind": kind,
                "principal": principal,
                "secret": secret,
                "extension": extension,
            }
            for kind, principal, secret, extension in logins
        ],
    )
    if bundle.applications:
        await connection.execute(
            insert(table(ApplicationRow)),
            [
                {
                    "id": app.id,
                    "account_id": app.account_id,
                    "name": app.name,
                    "service_type": app.service_type,
                    "settings": dict(app.settings),
                }
                for app in bundle.applications
            ],
        )
    if bundle.numbers:
        await connection.execute(
            insert(table(PhoneNumberRow)),
            [
                {
                    "number": num.number,
                    "account_id": num.account_id,
                    "application_id": num.application_id,
                    "label": num.label,
                    "created_at": account.created_at,
                }
                for num in bundle.numbers
            ],
        )


async def update_limits(session: AsyncSession, account: Account) -> None:
    await session.execute(
        update(AccountRow)
        .where(AccountRow.id == account.id)
        .values(limits=dataclasses.asdict(account.limits))
    )


async def update_ringcentral_settings(session: AsyncSession, account: Account) -> None:
    await session.execute(
        update(AccountRow)
        .where(AccountRow.id == account.id)
        .values(ringcentral_settings=account.ringcentral_settings.to_json())
    )


async def update_application(session: AsyncSession, application: Application) -> None:
    row = await session.get(ApplicationRow, application.id)
    if row is None:
        raise LookupError(application.id)
    row.name = application.name
    row.settings = dict(application.settings)


async def insert_application(session: AsyncSession, application: Application) -> None:
    session.add(
        ApplicationRow(
            id=application.id,
            account_id=application.account_id,
            name=application.name,
            service_type=application.service_type,
            settings=dict(application.settings),
        )
    )


async def delete_application(session: AsyncSession, application_id: str) -> None:
    """The application's row; numbers that pointed at it are detached."""
    await session.execute(
        update(PhoneNumberRow)
        .where(PhoneNumberRow.application_id == application_id)
        .values(application_id=None)
    )
    await session.execute(delete(ApplicationRow).where(ApplicationRow.id == application_id))


async def upsert_number(session: AsyncSession, number: OwnedNumber, now: datetime) -> None:
    row = await session.get(PhoneNumberRow, number.number)
    if row is None:
        session.add(
            PhoneNumberRow(
                number=number.number,
                account_id=number.account_id,
                application_id=number.application_id,
                label=number.label,
                created_at=now,
            )
        )
    else:
        row.application_id = number.application_id
        row.label = number.label


async def delete_number(session: AsyncSession, number: str) -> None:
    await session.execute(delete(PhoneNumberRow).where(PhoneNumberRow.number == number))


async def load_bundles(session: AsyncSession) -> list[AccountBundle]:
    """Every account with its logins, applications and numbers."""
    credentials: dict[tuple[str, str], CredentialRow] = {
        (row.account_id, row.kind): row for row in await session.scalars(select(CredentialRow))
    }
    applications: dict[str, list[Application]] = {}
    for app_row in await session.scalars(select(ApplicationRow).order_by(ApplicationRow.name)):
        applications.setdefault(app_row.account_id, []).append(
            Application(
                app_row.id,
                app_row.account_id,
                app_row.name,
                app_row.service_type,
                dict(app_row.settings),
            )
        )
    numbers: dict[str, list[OwnedNumber]] = {}
    for num_row in await session.scalars(
        select(PhoneNumberRow).order_by(PhoneNumberRow.created_at, PhoneNumberRow.number)
    ):
        numbers.setdefault(num_row.account_id, []).append(
            OwnedNumber(num_row.number, num_row.account_id, num_row.application_id, num_row.label)
        )
    bundles = []
    for row in await session.scalars(select(AccountRow).order_by(AccountRow.created_at)):

        def cred(kind: CredentialKind, account_id: str = row.id) -> CredentialRow:
            return credentials[(account_id, kind)]

        rc_user = cred(CredentialKind.RINGCENTRAL_USER)
        rc_app = cred(CredentialKind.RINGCENTRAL_APP)
        account = Account(
            id=row.id,
            name=row.name,
            created_at=row.created_at,
            bandwidth=BandwidthCredentials(
                row.id,
                cred(CredentialKind.BANDWIDTH).principal,
                cred(CredentialKind.BANDWIDTH).secret,
            ),
            catapult=CatapultCredentials(
                row.catapult_user_id,
                cred(CredentialKind.CATAPULT).principal,
                cred(CredentialKind.CATAPULT).secret,
            ),
            ringcentral=RingCentralCredentials(
                account_id=row.ringcentral_account_id,
                extension_id=row.ringcentral_extension_id,
                username=rc_user.principal,
                extension=rc_user.extension,
                password=rc_user.secret,
                client_id=rc_app.principal,
                client_secret=rc_app.secret,
            ),
            limits=VoiceLimits(**(row.limits or {})),
            ringcentral_settings=RingCentralSettings.from_json(row.ringcentral_settings),
        )
        bundles.append(
            AccountBundle(account, applications.get(row.id, []), numbers.get(row.id, []))
        )
    return bundles
