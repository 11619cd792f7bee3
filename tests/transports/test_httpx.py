"""httpx clients (sync and async) reach the same fake, and land in the same call log."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import httpx
import requests

CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"


def code_for(sandbox, user) -> str:
    return parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]


def grant(sandbox, code: str) -> dict[str, str]:
    return {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
    }


def test_sync_client_exchanges_a_code_and_the_code_is_then_spent(
    tiktok_sandbox, tiktok_target_users, tiktok_api
) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    with httpx.Client() as client:
        tokens = client.post(TOKEN_URL, data=grant(tiktok_sandbox, code))
        assert tokens.status_code == 200
        assert tokens.headers["content-type"] == "application/json"
        assert tokens.json()["open_id"] == tiktok_target_users[0].open_id
    # the same state is seen by requests: the code is single-use across client libraries
    again = requests.post(TOKEN_URL, data=grant(tiktok_sandbox, code))
    assert again.json()["error"] == "invalid_grant"
    assert [c.status for c in tiktok_api.calls] == [200, 200]
    assert [c.error_code for c in tiktok_api.calls] == [None, "invalid_grant"]


def test_async_client(tiktok_sandbox, tiktok_target_users, tiktok_api) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])

    async def exchange() -> dict[str, object]:
        async with httpx.AsyncClient() as client:
            answer = await client.post(TOKEN_URL, data=grant(tiktok_sandbox, code))
            return dict(answer.json())

    tokens = asyncio.run(exchange())
    assert str(tokens["access_token"]).startswith("act.")
    assert len(tiktok_api.calls) == 1


def test_authorize_page_redirect_through_httpx(tiktok_sandbox) -> None:
    params = {
        "client_key": tiktok_sandbox.client_key,
        "scope": "user.info.basic",
        "response_type": "code",
        "redirect_uri": CALLBACK,
        "state": "abc",
    }
    answer = httpx.get("https://www.tiktok.com/v2/auth/authorize/", params=params)
    assert answer.status_code == 302
    assert answer.headers["location"].startswith(CALLBACK + "?code=")


def test_unknown_tiktok_path_answers_tiktoks_error_shape(tiktok_api) -> None:
    answer = httpx.get("https://open.tiktokapis.com/v2/nothing/here/")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "invalid_params"


def test_other_hosts_go_to_the_transport_httpx_would_use(tiktok_api) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"host": request.url.host})

    # A user's own MockTransport for their own API keeps working beside ours.
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        assert client.get("https://api.example.com/x").json() == {"host": "api.example.com"}
    assert len(tiktok_api.calls) == 0


def test_httpx_is_restored_after_the_test() -> None:
    import httpcore

    from pytest_tiktok_sandbox.transports import httpx as ours

    assert httpx.HTTPTransport.handle_request.__module__ == "httpx._transports.default"
    assert httpx.AsyncHTTPTransport.handle_async_request.__module__ == "httpx._transports.default"
    assert httpcore.ConnectionPool.handle_request.__module__.startswith("httpcore.")
    assert httpcore.AsyncConnectionPool.handle_async_request.__module__.startswith("httpcore.")
    assert ours.HttpxInterceptor is not None
