"""The samples of docs/how-to/testing-guide.md: the failure modes worth a test of their own."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, Clock, Portal, Sandbox

API = "https://open.tiktokapis.com/v2"
CALLBACK = "https://example.com/auth/tiktok/callback"


# --8<-- [start:client]
def redirect_code(sandbox: Sandbox, user: Account, scope: str) -> str:
    """The browser step: the code of the redirect, decoded as a web framework decodes it."""
    return parse_qs(urlsplit(sandbox.authorize(user, scope, CALLBACK)).query)["code"][0]


def exchange(sandbox: Sandbox, code: str) -> dict[str, Any]:
    """Your backend's code exchange."""
    form = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
    form |= {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    return dict(requests.post(f"{API}/oauth/token/", data=form, timeout=10).json())


def refresh(sandbox: Sandbox, refresh_token: str) -> dict[str, Any]:
    """Your backend's refresh."""
    form = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
    form |= {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return dict(requests.post(f"{API}/oauth/token/", data=form, timeout=10).json())


def user_info(token: str, retries: int = 2) -> requests.Response:
    """Your client's profile call: retried on 429 (a real client waits first)."""
    for _ in range(retries + 1):
        answer = requests.get(
            f"{API}/user/info/", params={"fields": "open_id"}, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        if answer.status_code != 429:
            break
    return answer


# --8<-- [end:client]


# --8<-- [start:expired]
def test_an_access_token_dies_after_two_hours(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock
) -> None:
    tokens = exchange(tiktok_sandbox, redirect_code(tiktok_sandbox, tiktok_target_users[0], "user.info.basic"))
    assert tokens["expires_in"] == 7200
    tiktok_clock.advance(hours=2, seconds=1)
    expired = user_info(tokens["access_token"])
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "access_token_invalid"  # your code refreshes here
    fresh = refresh(tiktok_sandbox, tokens["refresh_token"])
    assert user_info(fresh["access_token"]).status_code == 200


# --8<-- [end:expired]


# --8<-- [start:rotation]
def test_a_refresh_token_works_once(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    tokens = exchange(tiktok_sandbox, redirect_code(tiktok_sandbox, tiktok_target_users[0], "user.info.basic"))
    first = refresh(tiktok_sandbox, tokens["refresh_token"])
    assert first["refresh_token"] != tokens["refresh_token"]  # store the new one
    again = refresh(tiktok_sandbox, tokens["refresh_token"])  # the old one is gone
    assert again["error"] == "invalid_grant"


# --8<-- [end:rotation]


# --8<-- [start:rate_limit]
@pytest.mark.tiktok_fault("/v2/user/info/", 429)  # the next call answers 429 rate_limit_exceeded
def test_your_client_retries_a_429(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    tokens = exchange(tiktok_sandbox, redirect_code(tiktok_sandbox, tiktok_target_users[0], "user.info.basic"))
    assert user_info(tokens["access_token"], retries=0).json()["error"]["code"] == "rate_limit_exceeded"
    assert user_info(tokens["access_token"]).status_code == 200  # the fault fired once


# --8<-- [end:rate_limit]


# --8<-- [start:percent_encoded]
def test_a_code_copied_raw_from_the_redirect_is_refused(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    location = tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic", CALLBACK)
    raw = urlsplit(location).query.partition("code=")[2].partition("&")[0]  # still %2A, %21...
    assert exchange(tiktok_sandbox, raw)["error"] == "invalid_grant"  # the report adds a hint
    decoded = parse_qs(urlsplit(location).query)["code"][0]
    assert "access_token" in exchange(tiktok_sandbox, decoded)


# --8<-- [end:percent_encoded]


# --8<-- [start:private_only]
@pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["user.info.basic", "video.publish"],
    direct_post=True,
    private_target_users=False,  # a public creator
)
def test_an_unaudited_client_posts_only_to_private_accounts(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    tokens = exchange(tiktok_sandbox, redirect_code(tiktok_sandbox, tiktok_target_users[0], "video.publish"))
    answer = requests.post(
        f"{API}/post/publish/video/init/",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        json={
            "post_info": {"privacy_level": "SELF_ONLY"},
            "source_info": {"source": "FILE_UPLOAD", "video_size": 1024, "chunk_size": 1024, "total_chunk_count": 1},
        },
        timeout=10,
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "unaudited_client_can_only_post_to_private_accounts"


# --8<-- [end:private_only]


# --8<-- [start:short_pages]
def test_walk_every_page_even_short_ones(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    user = tiktok_portal.create_account(is_private=False, video_count=23)
    tiktok_sandbox.add_target_user(user, user.password)
    token = exchange(tiktok_sandbox, redirect_code(tiktok_sandbox, user, "user.info.basic,video.list"))["access_token"]
    sizes, body = [], {"max_count": 10}
    while True:
        page = requests.post(
            f"{API}/video/list/",
            params={"fields": "id"},
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["data"]
        sizes.append(len(page["videos"]))
        if not page["has_more"]:  # the end is has_more, never a short page
            break
        body = {"max_count": 10, "cursor": page["cursor"]}
    assert sum(sizes) == 23
    assert any(size < 10 for size in sizes[:-1])  # a short page that is not the last


# --8<-- [end:short_pages]
