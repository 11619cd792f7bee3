"""Samples of docs/how-to/other-mocks.md: the fake beside responses, pytest-httpx, requests-mock,
other TikTok mocks and unittest. Each block between snippet markers is included in the page."""

from __future__ import annotations

import unittest

import httpx
import requests
import responses
from pytest_httpx import HTTPXMock
from requests_mock import Mocker

from pytest_tiktok_sandbox import Portal, Sandbox, TikTokMock, TikTokSandbox

TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"


def client_form(sandbox: Sandbox) -> dict[str, str]:
    return {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "client_credentials",
    }


# --8<-- [start:responses]
@responses.activate(assert_all_requests_are_fired=True)
def test_my_own_responses_routes_beside_the_fake(tiktok_sandbox: Sandbox) -> None:
    responses.get("https://api.example.com/me", json={"name": "me"})  # your route, your host

    token = requests.post(TOKEN_URL, data=client_form(tiktok_sandbox), timeout=10)
    me = requests.get("https://api.example.com/me", timeout=10)

    assert token.json()["token_type"] == "Bearer"  # answered by the fake
    assert me.json() == {"name": "me"}  # answered by your route
    assert len(responses.registered()) == 1  # your registry holds only your routes
    assert len(responses.calls) == 1  # and records only your calls
    # --8<-- [end:responses]


# --8<-- [start:pytest_httpx]
def test_pytest_httpx_beside_the_fake(httpx_mock: HTTPXMock, tiktok_sandbox: Sandbox) -> None:
    httpx_mock.add_response(url="https://api.example.com/me", json={"name": "me"})

    token = httpx.post(TOKEN_URL, data=client_form(tiktok_sandbox))
    me = httpx.get("https://api.example.com/me")

    assert token.json()["token_type"] == "Bearer"  # answered by the fake
    assert me.json() == {"name": "me"}  # answered by pytest-httpx
    # --8<-- [end:pytest_httpx]


# --8<-- [start:requests_mock]
def test_requests_mock_beside_the_fake(requests_mock: Mocker, tiktok_sandbox: Sandbox) -> None:
    requests_mock.get("https://api.example.com/me", json={"name": "me"})

    token = requests.post(TOKEN_URL, data=client_form(tiktok_sandbox), timeout=10)
    me = requests.get("https://api.example.com/me", timeout=10)

    assert token.json()["token_type"] == "Bearer"  # answered by the fake
    assert me.json() == {"name": "me"}  # answered by requests-mock
    # --8<-- [end:requests_mock]


# --8<-- [start:stacked]
def test_the_newest_mock_answers_and_any_may_stop_first() -> None:
    older = TikTokMock(Portal(seed=1)).start()
    newer = TikTokMock(Portal(seed=2)).start()
    requests.post(TOKEN_URL, data={}, timeout=10)
    assert (len(older.calls), len(newer.calls)) == (0, 1)  # the newest running mock answers

    newer.stop()
    requests.post(TOKEN_URL, data={}, timeout=10)
    assert (len(older.calls), len(newer.calls)) == (1, 1)  # the older one answers again

    older.stop()  # the last one out: nothing stays patched
    # --8<-- [end:stacked]


# --8<-- [start:unittest]
tiktok = TikTokSandbox(scopes=["user.info.basic"])


@tiktok  # each test* method runs with its own fresh sandbox, as with unittest.mock.patch
class TokenTests(unittest.TestCase):
    def test_client_token(self) -> None:
        answer = requests.post(TOKEN_URL, data=client_form(tiktok.sandbox), timeout=10)
        self.assertIn("access_token", answer.json())  # noqa: PT009 - a unittest suite
        # --8<-- [end:unittest]
