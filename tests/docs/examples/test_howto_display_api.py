"""The samples of docs/how-to/display-api.md: profile fields, video paging, video query."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, Sandbox, TikTokSandbox, Video

API = "https://open.tiktokapis.com/v2"
CALLBACK = "https://example.com/auth/tiktok/callback"


# --8<-- [start:token]
def access_token(sandbox: Sandbox, user: Account, scope: str) -> str:
    """Sign ``user`` in (the browser step, then the code exchange)."""
    code = parse_qs(urlsplit(sandbox.authorize(user, scope, CALLBACK)).query)["code"][0]
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
    }
    return str(requests.post(f"{API}/oauth/token/", data=form, timeout=10).json()["access_token"])


# --8<-- [end:token]


# --8<-- [start:user_info]
def test_profile_fields_need_their_scope(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]
    token = access_token(tiktok_sandbox, user, "user.info.basic,user.info.profile")
    headers = {"Authorization": f"Bearer {token}"}

    answer = requests.get(f"{API}/user/info/", params={"fields": "open_id,username"}, headers=headers, timeout=10)
    assert answer.json()["data"]["user"] == {"open_id": user.open_id, "username": user.username}

    # follower_count needs user.info.stats, which this user did not grant
    refused = requests.get(f"{API}/user/info/", params={"fields": "follower_count"}, headers=headers, timeout=10)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "scope_not_authorized"


# --8<-- [end:user_info]


# --8<-- [start:paging]
def all_videos(token: str, page_size: int) -> list[dict[str, Any]]:
    """Walk /v2/video/list/ with its millisecond cursor until has_more is false."""
    videos: list[dict[str, Any]] = []
    body: dict[str, Any] = {"max_count": page_size}
    while True:
        answer = requests.post(
            f"{API}/video/list/",
            params={"fields": "id,title,create_time"},
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["data"]
        videos += answer["videos"]
        if not answer["has_more"]:
            return videos
        body["cursor"] = answer["cursor"]


def test_paging_walks_every_public_video_once(tiktok_sandbox: Sandbox, tiktok_portal: Any) -> None:
    user = tiktok_portal.create_account(is_private=False, video_count=23)
    tiktok_sandbox.add_target_user(user, user.password)
    token = access_token(tiktok_sandbox, user, "user.info.basic,video.list")

    listed: list[Video] = [v for v in user.videos if v.is_listed]  # newest first, SELF_ONLY left out
    assert [v["id"] for v in all_videos(token, page_size=5)] == [v.id for v in listed]


# --8<-- [end:paging]


# --8<-- [start:short_pages]
def first_page(token: str, max_count: int) -> dict[str, Any]:
    answer = requests.post(
        f"{API}/video/list/",
        params={"fields": "id"},
        json={"max_count": max_count},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return dict(answer.json()["data"])


def test_a_page_may_hold_fewer_than_max_count(tiktok_sandbox: Sandbox, tiktok_portal: Any) -> None:
    user = tiktok_portal.create_account(is_private=False, video_count=23)
    tiktok_sandbox.add_target_user(user, user.password)
    page = first_page(access_token(tiktok_sandbox, user, "user.info.basic,video.list"), max_count=10)
    assert len(page["videos"]) < 10 and page["has_more"]  # not the end: follow the cursor


def test_without_short_pages() -> None:
    with TikTokSandbox(settings=ApiSettings(short_pages=False)) as tt:  # or override tiktok_api_settings
        user = tt.portal.create_account(is_private=False, video_count=23)
        tt.sandbox.add_target_user(user, user.password)
        page = first_page(access_token(tt.sandbox, user, "user.info.basic,video.list"), max_count=10)
    assert len(page["videos"]) == 10 and page["has_more"]


# --8<-- [end:short_pages]


# --8<-- [start:query]
def test_query_returns_only_the_users_own_videos(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]
    token = access_token(tiktok_sandbox, user, "user.info.basic,video.list")
    mine = [v.id for v in user.videos if v.is_listed][:2]
    answer = requests.post(
        f"{API}/video/query/",
        params={"fields": "id,cover_image_url"},
        json={"filters": {"video_ids": [*mine, "7000000000000000001"]}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()["data"]
    assert [v["id"] for v in answer["videos"]] == mine


# --8<-- [end:query]


@pytest.mark.tiktok_sandbox(scopes=["user.info.basic"])
def test_without_the_video_list_scope_the_sandbox_refuses_it(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    from pytest_tiktok_sandbox import AuthorizationRefused

    with pytest.raises(AuthorizationRefused):
        tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic,video.list", CALLBACK)


# --8<-- [start:oembed]
def test_embed_a_public_video(tiktok_portal: Any, tiktok_api: Any) -> None:
    creator = tiktok_portal.create_account(is_private=False, username="cooking.daily")
    video = creator.videos[0]
    embed = requests.get(
        "https://www.tiktok.com/oembed",
        params={"url": f"https://www.tiktok.com/@cooking.daily/video/{video.id}"},
        timeout=10,
    )
    assert embed.status_code == 200
    assert embed.json()["author_url"] == "https://www.tiktok.com/@cooking.daily"
    assert f'data-video-id="{video.id}"' in embed.json()["html"]  # paste it into your page

    video.privacy_level = "SELF_ONLY"  # no longer public: no longer embeddable
    gone = requests.get("https://www.tiktok.com/oembed", params={"url": video.share_url}, timeout=10)
    assert gone.status_code == 400
    assert gone.json() == {"status_code": 10101, "status_msg": "Something went wrong"}


# --8<-- [end:oembed]
