"""Nothing survives from one test into the next, in any order and on any pytest-xdist worker,
and the same seed gives the same data everywhere.

One suite of tests that each leave state behind (tokens, sandboxes, full rate-limit windows,
a moved clock, webhook events, faults) and each check they start clean, run three ways:
in file order, reversed, and on two xdist workers. Every run passes, and the data each test
saw (usernames, keys, tokens) is identical across the three.
"""

from __future__ import annotations

import json

import pytest

SUITE = """
import json, os, time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

CALLBACK = "https://example.com/auth/tiktok/callback"
OUT = Path(os.environ["ISOLATION_OUT"])


def start_clean(portal, api, clock):
    assert len(list(portal)) == 1 and len(portal.accounts) <= 10
    assert len(api.calls) == 0
    assert len(list(portal.events)) == 0
    assert len(portal.posting) == 0
    assert abs(clock.now() - time.time()) < 60
    assert not api.api.faults
    assert len(responses.mock.registered()) == 0  # nothing of the fake in the user's registry


def dirty(n, sandbox, users, portal, api, clock, webhooks_url=None):
    token = sandbox.sign_in(users[0], "user.info.basic")
    clock.freeze()
    for _ in range(n):
        requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id",
                     headers={"Authorization": "Bearer " + token["access_token"]})
    api.fail("/v2/user/info/", 503, times=None)
    for i in range(1, 5):
        sandbox.app.create_sandbox(f"extra-{i}")
    clock.advance(days=3)
    return token


def record(name, sandbox, users, token):
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps({
        "key": sandbox.client_key, "users": [u.username for u in users], "open_ids": [u.open_id for u in users],
        "token": token["access_token"],
    }))

"""

TEST = """
@pytest.mark.tiktok_sandbox(target_users={users}, webhook_callback_url="https://example.com/hook")
def test_{i}(tiktok_sandbox, tiktok_target_users, tiktok_portal, tiktok_api, tiktok_clock):
    start_clean(tiktok_portal, tiktok_api, tiktok_clock)
    token = dirty({calls}, tiktok_sandbox, tiktok_target_users, tiktok_portal, tiktok_api, tiktok_clock)
    record("test_{i}", tiktok_sandbox, tiktok_target_users, token)
"""

REVERSE = """
import os

def pytest_collection_modifyitems(items):
    if os.environ.get("ISOLATION_REVERSE"):
        items.reverse()
"""

COUNT = 24


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    tests = "".join(TEST.format(i=i, users=1 + i % 3, calls=600 if i % 4 == 0 else 3) for i in range(COUNT))
    pytester.makepyfile(test_isolation_suite=SUITE + tests)
    pytester.makeconftest(REVERSE)
    return pytester


def run_and_collect(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, name: str, *args: str
) -> dict[str, object]:
    out = pytester.path / name
    monkeypatch.setenv("ISOLATION_OUT", str(out))
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider", "--tiktok-seed=7", *args)
    result.assert_outcomes(passed=COUNT)
    return {path.stem: json.loads(path.read_text()) for path in sorted(out.iterdir())}


def test_any_order_and_any_worker_see_the_same_clean_world(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_order = run_and_collect(suite, monkeypatch, "in-order")
    monkeypatch.setenv("ISOLATION_REVERSE", "1")
    reversed_ = run_and_collect(suite, monkeypatch, "reversed")
    monkeypatch.delenv("ISOLATION_REVERSE")
    workers = run_and_collect(suite, monkeypatch, "xdist", "-n", "2")
    assert len(in_order) == COUNT
    assert in_order == reversed_ == workers
    keys = [entry["key"] for entry in in_order.values()]  # type: ignore[index]
    assert len(set(keys)) == COUNT, "each test gets its own data from the session seed"
