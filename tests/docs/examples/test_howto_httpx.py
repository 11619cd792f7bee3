"""The samples of docs/how-to/httpx.md: httpx clients, sync and async, reach the same fake."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import httpx

from pytest_tiktok_sandbox import Account, Sandbox, TikTokMock

CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"


def exchange_form(sandbox: Sandbox, user: Account) -> dict[str, str]:
    code = parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
    return {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }


# --8<-- [start:sync]
def test_httpx_client(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock) -> None:
    with httpx.Client() as client:
        answer = client.post(TOKEN_URL, data=exchange_form(tiktok_sandbox, tiktok_target_users[0]))
    assert answer.status_code == 200
    assert answer.json()["open_id"] == tiktok_target_users[0].open_id
    assert [str(call) for call in tiktok_api.calls] == ["POST open.tiktokapis.com/v2/oauth/token/ -> 200"]
    # --8<-- [end:sync]


# --8<-- [start:async]
def test_httpx_async_client(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    form = exchange_form(tiktok_sandbox, tiktok_target_users[0])

    async def sign_in() -> str:
        async with httpx.AsyncClient() as client:
            answer = await client.post(TOKEN_URL, data=form)
            return str(answer.json()["access_token"])

    assert asyncio.run(sign_in()).startswith("act.")
    # --8<-- [end:async]


# --8<-- [start:other_hosts]
def test_your_own_mock_transport_keeps_working(tiktok_api: TikTokMock) -> None:
    def my_api(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"host": request.url.host})

    with httpx.Client(transport=httpx.MockTransport(my_api)) as client:
        assert client.get("https://api.example.com/me").json() == {"host": "api.example.com"}
    assert len(tiktok_api.calls) == 0
    # --8<-- [end:other_hosts]


# --8<-- [start:custom_transport]
def test_a_configured_http_transport_is_covered(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    transport = httpx.HTTPTransport(retries=3)  # still httpx's own transport class
    with httpx.Client(transport=transport) as client:
        answer = client.post(TOKEN_URL, data=exchange_form(tiktok_sandbox, tiktok_target_users[0]))
    assert answer.status_code == 200
    # --8<-- [end:custom_transport]
