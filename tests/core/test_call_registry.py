"""The call registry keeps its counts exact as calls end and leave its in-memory window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telephony_emulator.core.calls import Call, CallDirection, CallRegistry, CallStatus

T0 = datetime(2030, 1, 1, tzinfo=UTC)


def call(number: int, account: str = "a") -> Call:
    return Call(f"c{number}", account, "test", CallDirection.OUTBOUND, "+1", "+2", T0)


def end(registry: CallRegistry, item: Call, at: datetime) -> None:
    item.ended_at = at
    registry.set_status(item, CallStatus.DISCONNECTED, at)


def test_ended_calls_beyond_the_window_leave_memory_and_the_counts() -> None:
    changed: list[Call] = []
    registry = CallRegistry(changed.append, window=2)
    calls = [call(n) for n in range(4)]
    for item in calls:
        registry.add(item)
        registry.set_status(item, CallStatus.ANSWERED, T0)
    assert registry.count("a", CallStatus.ANSWERED) == 4
    for minute, item in enumerate(calls[:3]):
        end(registry, item, T0 + timedelta(minutes=minute))
    assert registry.get("c0") is None
    assert [c.id for c in registry.of_account("a")] == ["c1", "c2", "c3"]
    assert registry.count("a", CallStatus.ANSWERED) == 1
    assert registry.count("a", CallStatus.DISCONNECTED) == 2
    assert len(registry) == 3
    assert changed.count(calls[0]) == 2  # answered, ended: still persisted before leaving


def test_calls_ended_before_a_cutoff_are_evicted_oldest_first() -> None:
    registry = CallRegistry(lambda _: None)
    calls = [call(n, account=f"acct{n % 2}") for n in range(3)]
    for minute, item in enumerate(calls):
        registry.add(item)
        end(registry, item, T0 + timedelta(minutes=minute))
    assert registry.evict_ended_before(T0 + timedelta(minutes=1, seconds=30)) == 2
    assert [c.id for c in registry.of_account("acct0")] == ["c2"]
    assert [c.id for c in registry.of_account("acct1")] == []
    assert registry.get("c1") is None
    assert registry.count("acct0", CallStatus.DISCONNECTED) == 1
    assert registry.count("acct1", CallStatus.DISCONNECTED) == 0
