"""The samples of docs/how-to/live-server.md: the fake over real HTTP, and scenario files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from pytest_tiktok_sandbox import Sandbox
from pytest_tiktok_sandbox.server import LiveServer


# --8<-- [start:server]
def test_a_client_with_a_configurable_base_url(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> None:
    # tiktok_server.url is http://127.0.0.1:<port>; every path is TikTok's own
    answer = requests.post(
        f"{tiktok_server.url}/v2/oauth/token/",
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "client_credentials",
        },
        timeout=10,
    )
    assert answer.json()["token_type"] == "Bearer"


# --8<-- [end:server]

SCENARIO = Path(__file__).with_name("howto_scenario.json")


# --8<-- [start:scenario]
@pytest.mark.tiktok_scenario("howto_scenario.json")  # relative to this test file
def test_seeded_from_a_scenario_file(tiktok_scenario) -> None:  # type: ignore[no-untyped-def]
    sandbox = tiktok_scenario.sandbox("dev")
    assert sandbox.config.direct_post
    assert [user.username for user in tiktok_scenario.target_users("dev")] == ["alice", "bob"]


# --8<-- [end:scenario]


def test_the_scenario_file_is_the_one_the_docs_show() -> None:
    scenario = json.loads(SCENARIO.read_text())
    assert scenario["apps"][0]["sandboxes"][0]["name"] == "dev"
