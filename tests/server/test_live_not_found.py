"""The live server's 404 and 405 speak of the address the client used, not TikTok's."""

from __future__ import annotations

import requests

from pytest_tiktok_sandbox import LiveServer, TikTokMock


def test_an_unknown_path_names_the_live_servers_address(tiktok_server: LiveServer) -> None:
    answer = requests.get(f"{tiktok_server.url}/v2/user/infos/", timeout=10)
    assert answer.status_code == 404
    message = answer.json()["error"]["message"]
    assert f"no endpoint GET {tiktok_server.url}/v2/user/infos/." in message
    assert f"The live server at {tiktok_server.url} answered it; nothing was sent to TikTok." in message
    assert "https://open.tiktokapis.com/v2/user/infos/" not in message
    assert "not sent to the network" not in message


def test_a_missing_slash_suggests_the_live_servers_path(tiktok_server: LiveServer) -> None:
    message = requests.post(f"{tiktok_server.url}/v2/oauth/token", timeout=10).json()["error"]["message"]
    assert f"did you mean {tiktok_server.url}/v2/oauth/token/ ?" in message


def test_a_wrong_method_names_the_live_servers_address(tiktok_server: LiveServer) -> None:
    answer = requests.delete(f"{tiktok_server.url}/v2/user/info/", timeout=10)
    assert answer.status_code == 405
    assert f"DELETE is not allowed on {tiktok_server.url}/v2/user/info/" in answer.json()["error"]["message"]


def test_the_in_process_mock_still_speaks_of_tiktoks_url(tiktok_api: TikTokMock) -> None:
    message = requests.get("https://open.tiktokapis.com/v2/user/infos/", timeout=10).json()["error"]["message"]
    assert "no endpoint GET https://open.tiktokapis.com/v2/user/infos/." in message
    assert "The request was not sent to the network." in message
