"""The fake beside requests-mock: TikTok's calls it has no route for go to the fake, in either
start order; everything else (its routes, its NoMockAddress for other hosts, a mounted adapter,
its behaviour with no TikTok mock active) is requests-mock's own."""

from __future__ import annotations

import pytest
import requests
import requests_mock as requests_mock_module
from requests_mock import Mocker

from pytest_tiktok_sandbox import Portal, Sandbox, TikTokMock

USER_INFO = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"
NoMockAddress = requests_mock_module.exceptions.NoMockAddress


def test_the_fixture_set_up_first(requests_mock: Mocker, tiktok_sandbox: Sandbox) -> None:
    requests_mock.get("https://api.example.com/me", json={"ok": 1})
    assert requests.get(USER_INFO, timeout=5).json()["error"]["code"] == "access_token_invalid"
    assert requests.get("https://api.example.com/me", timeout=5).json() == {"ok": 1}
    with pytest.raises(NoMockAddress):
        requests.get("https://api.example.com/not-routed", timeout=5)


def test_the_fixture_set_up_after(tiktok_sandbox: Sandbox, requests_mock: Mocker) -> None:
    user = tiktok_sandbox.all_target_users[0]
    token = tiktok_sandbox.sign_in(user, ["user.info.basic"])["access_token"]
    answer = requests.get(USER_INFO, headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert answer.json()["data"]["user"]["open_id"] == user.open_id
    assert requests_mock.last_request.url == USER_INFO  # its history records TikTok's calls too


def test_a_route_of_the_user_for_a_tiktok_url_answers_first(requests_mock: Mocker, tiktok_sandbox: Sandbox) -> None:
    requests_mock.get("https://open.tiktokapis.com/v2/user/info/", json={"mine": True})
    assert requests.get(USER_INFO, timeout=5).json() == {"mine": True}
    assert requests.get("https://open.tiktokapis.com/v2/video/list/", timeout=5).status_code == 405


def test_a_mounted_adapter(tiktok_sandbox: Sandbox) -> None:
    session = requests.Session()
    session.mount("https://", requests_mock_module.Adapter())
    assert session.get(USER_INFO, timeout=5).status_code == 401
    with pytest.raises(NoMockAddress):
        session.get("https://api.example.com/not-routed", timeout=5)


def test_without_a_tiktok_mock_requests_mock_answers_as_always() -> None:
    with Mocker(), pytest.raises(NoMockAddress):
        requests.get(USER_INFO, timeout=5)


def test_the_patch_goes_when_the_last_tiktok_mock_stops() -> None:
    original = requests_mock_module.Adapter.send
    mock = TikTokMock(Portal(seed=1)).start()
    try:
        assert requests_mock_module.Adapter.send is not original
        with Mocker():
            assert requests.get(USER_INFO, timeout=5).status_code == 401
    finally:
        mock.stop()
    assert requests_mock_module.Adapter.send is original
