"""The portal clock: moves forward only, can be frozen and unfrozen; no real sleeps (a fake
monotonic clock stands in for the passing of real time)."""

from __future__ import annotations

import datetime as dt
import time
from datetime import timedelta, timezone

import pytest

from pytest_tiktok_sandbox import Clock, Portal
from pytest_tiktok_sandbox.portal import clock as clock_module

START = 1_700_000_000.0


class FakeMonotonic:
    """``time.monotonic`` as the clock reads it, moved by hand."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def sleep(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def monotonic(monkeypatch: pytest.MonkeyPatch) -> FakeMonotonic:
    """Real time passing, without sleeping: the clock's monotonic source, moved by ``sleep``."""
    fake = FakeMonotonic()
    monkeypatch.setattr(clock_module, "_REAL", (clock_module._REAL[0], fake))
    return fake


@pytest.fixture
def clock() -> Clock:
    return Clock(START, frozen=True)


def test_a_frozen_clock_stands_still(clock: Clock, monotonic: FakeMonotonic) -> None:
    assert clock.frozen
    assert clock.now() == START
    monotonic.sleep(30)
    assert clock.now() == START


def test_datetime_is_aware_utc(clock: Clock) -> None:
    now = clock.datetime()
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)
    assert now == dt.datetime.fromtimestamp(START, tz=timezone.utc)


def test_a_clock_can_start_at_a_datetime() -> None:
    aware = dt.datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    assert Clock(aware, frozen=True).now() == aware.timestamp()
    naive = dt.datetime(2025, 1, 1, 12)
    assert Clock(naive, frozen=True).now() == aware.timestamp(), "a naive datetime is UTC"
    paris = dt.datetime(2025, 1, 1, 13, tzinfo=timezone(timedelta(hours=1)))
    assert Clock(paris, frozen=True).now() == aware.timestamp()


def test_a_default_clock_ticks_from_the_wall_time(monotonic: FakeMonotonic) -> None:
    clock = Clock()
    assert not clock.frozen
    assert abs(clock.now() - time.time()) < 5
    first = clock.now()
    monotonic.sleep(0.25)
    assert clock.now() == first + 0.25


def test_advance_by_seconds(clock: Clock) -> None:
    assert clock.advance(30) == START + 30
    assert clock.now() == START + 30
    assert clock.advance(0.5) == START + 30.5
    assert clock.advance(seconds=10) == START + 40.5


def test_advance_by_a_timedelta(clock: Clock) -> None:
    assert clock.advance(timedelta(hours=1)) == START + 3600
    assert clock.advance(timedelta(days=1, seconds=1)) == START + 3600 + 86_401


def test_advance_by_keyword_units(clock: Clock) -> None:
    assert clock.advance(minutes=10) == START + 600
    assert clock.advance(hours=2) == START + 600 + 7200
    assert clock.advance(days=1) == START + 600 + 7200 + 86_400
    assert clock.advance(30, minutes=1) == START + 600 + 7200 + 86_400 + 90


def test_advance_zero_changes_nothing(clock: Clock) -> None:
    assert clock.advance() == START
    assert clock.advance(0) == START


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((-1,), {}),
        ((-0.001,), {}),
        ((timedelta(seconds=-1),), {}),
        ((), {"minutes": -1}),
        ((30,), {"minutes": -1}),
    ],
)
def test_advance_refuses_to_go_backwards(clock: Clock, args: tuple[object, ...], kwargs: dict[str, float]) -> None:
    clock.advance(100)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(*args, **kwargs)  # type: ignore[arg-type]
    assert clock.now() == START + 100


def test_set_moves_to_a_later_time(clock: Clock) -> None:
    clock.set(START + 500)
    assert clock.now() == START + 500
    later = dt.datetime.fromtimestamp(START + 1000, tz=timezone.utc)
    clock.set(later)
    assert clock.now() == START + 1000
    assert clock.datetime() == later
    clock.set(START + 1000)
    assert clock.now() == START + 1000, "setting the current time is allowed"


def test_set_reads_a_naive_datetime_as_utc(clock: Clock) -> None:
    clock.set(dt.datetime(2030, 1, 1))
    assert clock.datetime() == dt.datetime(2030, 1, 1, tzinfo=timezone.utc)


def test_set_refuses_to_go_backwards(clock: Clock) -> None:
    clock.advance(100)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.set(START + 99)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.set(dt.datetime.fromtimestamp(START, tz=timezone.utc))
    assert clock.now() == START + 100


def test_freeze_stops_a_ticking_clock(monotonic: FakeMonotonic) -> None:
    clock = Clock(START)
    monotonic.sleep(2)
    clock.freeze()
    assert clock.frozen
    assert clock.now() == START + 2
    monotonic.sleep(30)
    assert clock.now() == START + 2
    assert clock.advance(60) == START + 62


def test_unfreeze_ticks_again_from_where_it_stood(clock: Clock, monotonic: FakeMonotonic) -> None:
    clock.advance(100)
    monotonic.sleep(50)
    clock.unfreeze()
    assert not clock.frozen
    assert clock.now() == START + 100, "no jump to the wall time"
    monotonic.sleep(0.5)
    assert clock.now() == START + 100.5


def test_a_ticking_clock_still_advances_by_exact_steps(monotonic: FakeMonotonic) -> None:
    clock = Clock(START)
    monotonic.sleep(1)
    assert clock.advance(3600) == START + 3601
    monotonic.sleep(1)
    assert clock.now() == START + 3602


def test_a_portal_reads_its_own_clock(clock: Clock) -> None:
    portal = Portal(clock=clock)
    assert portal.clock is clock
    account = portal.create_account()
    assert account.created_at == START
    clock.advance(60)
    assert portal.create_account().created_at == START + 60


def test_a_portal_has_a_ticking_wall_clock_by_default() -> None:
    portal = Portal()
    assert isinstance(portal.clock, Clock)
    assert not portal.clock.frozen
    assert abs(portal.clock.now() - time.time()) < 5
