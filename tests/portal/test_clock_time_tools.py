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
import requests
import time_machine
from time_machine import TimeMachineFixture

from pytest_tiktok_sandbox import Account, Clock, Portal, Sandbox

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


# -- in a pytest suite: TikTok's rules follow the faked time -------------------------------------
def user_info(token: str) -> requests.Response:
    return requests.get(
        "https://open.tiktokapis.com/v2/user/info/",
        params={"fields": "open_id"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )


def test_a_token_expires_when_freezegun_moves_time(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    with freezegun.freeze_time(FROZEN) as frozen:
        token = tiktok_sandbox.sign_in(tiktok_target_users[0])["access_token"]
        frozen.tick(dt.timedelta(seconds=7199))
        assert user_info(token).status_code == 200, "2 hours less a second: still alive"
        frozen.tick(dt.timedelta(seconds=2))
        refused = user_info(token)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "access_token_invalid"


def test_a_token_expires_when_time_machine_moves_time(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(FROZEN, tick=False)
    token = tiktok_sandbox.sign_in(tiktok_target_users[0])["access_token"]
    time_machine.shift(7199)
    assert user_info(token).status_code == 200
    time_machine.shift(2)
    assert user_info(token).json()["error"]["code"] == "access_token_invalid"


def test_tiktok_clock_advance_still_works_under_a_frozen_time(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock
) -> None:
    with freezegun.freeze_time(FROZEN):
        token = tiktok_sandbox.sign_in(tiktok_target_users[0])["access_token"]
        assert tiktok_clock.now() == FROZEN.timestamp()
        tiktok_clock.advance(hours=2, seconds=1)
        assert tiktok_clock.now() == FROZEN.timestamp() + 7201
        assert user_info(token).json()["error"]["code"] == "access_token_invalid"
