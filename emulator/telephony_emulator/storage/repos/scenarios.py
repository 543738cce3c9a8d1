"""Persisting far-end scenario rules."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from telephony_emulator.core.scenarios import FarEndRule
from telephony_emulator.storage.models import ScenarioRuleRow


async def upsert_rule(
    session: AsyncSession, account_id: str, number: str, rule: FarEndRule
) -> None:
    await session.merge(
        ScenarioRuleRow(account_id=account_id, number=number, rule=rule.model_dump(mode="json"))
    )


async def delete_rule(session: AsyncSession, account_id: str, number: str) -> None:
    await session.execute(
        delete(ScenarioRuleRow).where(
            ScenarioRuleRow.account_id == account_id, ScenarioRuleRow.number == number
        )
    )


async def delete_account_rules(session: AsyncSession, account_id: str) -> None:
    await session.execute(delete(ScenarioRuleRow).where(ScenarioRuleRow.account_id == account_id))


async def load_rules(session: AsyncSession) -> list[tuple[str, str, FarEndRule]]:
    rows = await session.scalars(select(ScenarioRuleRow))
    return [(row.account_id, row.number, FarEndRule.model_validate(row.rule)) for row in rows]
