"""The samples of docs/how-to/xdist.md: the same data with or without pytest-xdist."""

from __future__ import annotations

import json

import pytest

# --8<-- [start:suite]
pytest_plugins = ["pytester"]  # the pytester fixture: runs the suite below in a temporary folder

SUITE = """
import json, pathlib

def record(name, sandbox, users):
    out = pathlib.Path(OUT) / f"{name}.json"
    out.write_text(json.dumps([sandbox.client_key, [u.open_id for u in users], users[0].display_name]))

def test_one(tiktok_sandbox, tiktok_target_users):
    record("one", tiktok_sandbox, tiktok_target_users)

def test_two(tiktok_sandbox, tiktok_target_users):
    record("two", tiktok_sandbox, tiktok_target_users)
"""


def run_suite(pytester: pytest.Pytester, *args: str) -> dict[str, object]:
    out = pytester.mkdir(f"out-{len(list(pytester.path.glob('out-*')))}")
    pytester.makepyfile(test_suite=f"OUT = {str(out)!r}\n" + SUITE)
    result = pytester.runpytest("-p", "no:cacheprovider", *args)
    result.assert_outcomes(passed=2)
    return {path.stem: json.loads(path.read_text()) for path in out.glob("*.json")}


def test_every_test_gets_the_same_data_in_parallel(pytester: pytest.Pytester) -> None:
    serial = run_suite(pytester, "--tiktok-seed=42")
    parallel = run_suite(pytester, "--tiktok-seed=42", "-n", "2")
    assert serial == parallel  # each test's data depends on the seed and the test's id only
    assert serial["one"] != serial["two"]  # and differs between tests
    # --8<-- [end:suite]
