"""The portal clock follows the wall time a suite fakes with freezegun or time-machine, and
``advance`` still adds to it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timezone

import freezegun
import pytest
import time_machine

from pytest_tiktok_sandbox import Clock, Portal

FROZEN = dt.datetime(2030, 6, 1, 12, tzinfo=timezone.utc)


class Faked:
    """One time tool's frozen wall time, moved the tool's way."""

    def __init__(self, move: Callable[[float], None]) -> None:
        self.move = move


@contextmanager
def with_freezegun() -> Iterator[Faked]:
    with freezegun.freeze_time(FROZEN) as frozen:
        yield Faked(lambda seconds: frozen.tick(dt.timedelta(seconds=seconds)))


@contextmanager
def with_time_machine() -> Iterator[Faked]:
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield Faked(traveller.shift)


TOOLS: list[Callable[[], AbstractContextManager[Faked]]] = [with_freezegun, with_time_machine]


@pytest.fixture(params=TOOLS, ids=["freezegun", "time-machine"])
def faking(request: pytest.FixtureRequest) -> Callable[[], AbstractContextManager[Faked]]:
    tool: Callable[[], AbstractContextManager[Faked]] = request.param
    return tool


def test_a_clock_made_before_the_freeze_reads_the_frozen_time(
    faking: Callable[[], AbstractContextManager[Faked]],
) -> None:
    clock = Clock()
    with faking() as faked:
        assert clock.now() == FROZEN.timestamp()
        assert clock.datetime() == FROZEN
        faked.move(90)
        assert clock.now() == FROZEN.timestamp() + 90, "the clock follows the faked time"
    assert abs(clock.now() - time.time()) < 5, "back on the real time once the tool stops"


def test_a_clock_made_during_the_freeze_starts_at_the_frozen_time(
    faking: Callable[[], AbstractContextManager[Faked]],
) -> None:
    with faking() as faked:
        portal = Portal()
        assert portal.clock.now() == FROZEN.timestamp()
        assert portal.create_account().created_at == FROZEN.timestamp()
        faked.move(-3600)
        assert portal.clock.now() == FROZEN.timestamp() - 3600, "a travel back in time is followed too"


def test_advance_still_moves_the_clock_on_top_of_the_faked_time(
    faking: Callable[[], AbstractContextManager[Faked]],
) -> None:
    clock = Clock()
    with faking() as faked:
        assert clock.advance(minutes=10) == FROZEN.timestamp() + 600
        faked.move(5)
        assert clock.now() == FROZEN.timestamp() + 605
        clock.set(FROZEN + dt.timedelta(hours=1))
        assert clock.now() == FROZEN.timestamp() + 3600
    assert 590 < clock.now() - time.time() < 3610, "what advance and set added stays after the tool stops"


def test_a_clock_with_its_own_start_keeps_its_distance_from_the_faked_time(
    faking: Callable[[], AbstractContextManager[Faked]],
) -> None:
    with faking() as faked:
        clock = Clock(FROZEN - dt.timedelta(days=1))
        assert clock.now() == FROZEN.timestamp() - 86_400
        faked.move(30)
        assert clock.now() == FROZEN.timestamp() - 86_400 + 30


def test_a_frozen_clock_ignores_the_time_tools(faking: Callable[[], AbstractContextManager[Faked]]) -> None:
    clock = Clock(1_700_000_000, frozen=True)
    with faking() as faked:
        faked.move(3600)
        assert clock.now() == 1_700_000_000
        assert clock.advance(1) == 1_700_000_001
