"""Fax records: the aggregated message status and page counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telephony_emulator.apis.ringcentral_common.fax import (
    FaxAttachment,
    FaxMessage,
    FaxRecipient,
    MessageStatus,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
Q, S, F = MessageStatus.QUEUED, MessageStatus.SENT, MessageStatus.SENDING_FAILED


def message(statuses: list[MessageStatus], pages: list[int | None]) -> FaxMessage:
    return FaxMessage(
        id="1",
        account_id="a",
        origin="ringcentral_rest",
        from_number="+16505550100",
        recipients=[FaxRecipient(str(n), "+16505550101", status=s) for n, s in enumerate(statuses)],
        attachments=[
            FaxAttachment(str(n), "f", "application/pdf", 1, p) for n, p in enumerate(pages)
        ],
        resolution="Low",
        created_at=NOW,
        modified_at=NOW,
    )


@pytest.mark.parametrize(
    ("statuses", "aggregate"),
    [([Q, F, S], Q), ([S, F], F), ([F, S, S], F), ([S, S], S), ([S], S)],
)
def test_status_aggregates_per_the_reference(
    statuses: list[MessageStatus], aggregate: MessageStatus
) -> None:
    assert message(statuses, [1]).status is aggregate


def test_page_count_sums_documents_unless_one_cannot_render() -> None:
    assert message([Q], [3, 1]).page_count == 4
    assert message([Q], [3, None]).page_count is None
