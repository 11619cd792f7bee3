"""The samples of docs/how-to/content-posting.md: creator info, Direct Post with a chunked
upload, status on the portal clock, pulls from verified URLs, the sandbox's refusals."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, App, Clock, Portal, Sandbox

API = "https://open.tiktokapis.com/v2"
CALLBACK = "https://example.com/auth/tiktok/callback"
MB = 1024 * 1024

# --8<-- [start:marker]
posting = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["video.publish", "video.upload"],
    direct_post=True,  # the Direct Post toggle of the Content Posting API
    url_properties=["https://cdn.example.com/videos/"],  # where PULL_FROM_URL may fetch from
)
# --8<-- [end:marker]


def bearer(sandbox: Sandbox, user: Account) -> dict[str, str]:
    scope = "user.info.basic,video.publish,video.upload"
    code = parse_qs(urlsplit(sandbox.authorize(user, scope, CALLBACK)).query)["code"][0]
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
    }
    token = requests.post(f"{API}/oauth/token/", data=form, timeout=10).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"}


def call(path: str, headers: dict[str, str], body: Any = None) -> dict[str, Any]:
    return dict(requests.post(f"{API}{path}", json=body, headers=headers, timeout=10).json())


# --8<-- [start:direct_post]
@posting
def test_direct_post_with_a_chunked_upload(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock
) -> None:
    headers = bearer(tiktok_sandbox, tiktok_target_users[0])
    creator = call("/post/publish/creator_info/query/", headers)["data"]
    assert "SELF_ONLY" in creator["privacy_level_options"]

    size, chunk = 12 * MB, 5 * MB  # floor(12 / 5) = 2 chunks; the last one takes the remainder
    init = call(
        "/post/publish/video/init/",
        headers,
        {
            "post_info": {"title": "from the sandbox", "privacy_level": "SELF_ONLY"},
            "source_info": {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk, "total_chunk_count": 2},
        },
    )["data"]

    for first, last in [(0, chunk - 1), (chunk, size - 1)]:
        answer = requests.put(
            init["upload_url"],
            data=bytes(last - first + 1),  # only sizes matter: the fake counts bytes, keeps none
            headers={"Content-Type": "video/mp4", "Content-Range": f"bytes {first}-{last}/{size}"},
            timeout=10,
        )
        assert answer.status_code == (201 if last == size - 1 else 206)

    status = call("/post/publish/status/fetch/", headers, {"publish_id": init["publish_id"]})["data"]
    assert status["status"] == "PROCESSING_UPLOAD"  # processing takes a few seconds...
    tiktok_clock.advance(seconds=30)  # ...of the portal's clock, not yours
    status = call("/post/publish/status/fetch/", headers, {"publish_id": init["publish_id"]})["data"]
    assert status["status"] == "PUBLISH_COMPLETE"
    assert status["publicaly_available_post_id"] == []  # SELF_ONLY posts never become public


# --8<-- [end:direct_post]


# --8<-- [start:sandbox_rules]
@posting
def test_a_sandbox_posts_only_self_only_to_private_accounts(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    headers = bearer(tiktok_sandbox, tiktok_target_users[0])  # target users are private by default
    body = {
        "post_info": {"privacy_level": "FOLLOWER_OF_CREATOR"},
        "source_info": {"source": "PULL_FROM_URL", "video_url": "https://cdn.example.com/videos/a.mp4"},
    }
    refused = call("/post/publish/video/init/", headers, body)
    assert refused["error"]["code"] == "unaudited_client_can_only_post_to_private_accounts"


# --8<-- [end:sandbox_rules]


# --8<-- [start:posting_audit]
@pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["user.info.basic", "video.publish"],
    direct_post=True,
    app_live=True,  # approved: the production key serves anyone...
)
def test_an_approved_app_posts_publicly_only_after_the_posting_audit(tiktok_app: App, tiktok_portal: Portal) -> None:
    creator = tiktok_portal.create_account(is_private=False)  # any account: production needs no target users
    url = tiktok_portal.login_kit.authorize(tiktok_app, creator, "user.info.basic,video.publish", CALLBACK)
    form = {
        "client_key": tiktok_app.client_key,
        "client_secret": tiktok_app.client_secret,
        "code": parse_qs(urlsplit(url).query)["code"][0],
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
    }
    token = requests.post(f"{API}/oauth/token/", data=form, timeout=10).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"}
    source = {"source": "FILE_UPLOAD", "video_size": MB, "chunk_size": MB, "total_chunk_count": 1}
    body = {"post_info": {"privacy_level": "PUBLIC_TO_EVERYONE"}, "source_info": source}

    refused = call("/post/publish/video/init/", headers, body)  # ...but it is not audited yet
    assert refused["error"]["code"] == "unaudited_client_can_only_post_to_private_accounts"

    tiktok_app.pass_posting_audit()  # or posting_audited=True in the marker
    assert call("/post/publish/video/init/", headers, body)["error"]["code"] == "ok"


# --8<-- [end:posting_audit]


# --8<-- [start:pull_failure]
@posting
def test_a_pull_of_a_too_long_video_fails(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_portal: Portal, tiktok_clock: Clock
) -> None:
    url = "https://cdn.example.com/videos/long.mp4"
    tiktok_portal.posting.host_media(url, duration=1200)  # 20 minutes: over any creator's maximum
    headers = bearer(tiktok_sandbox, tiktok_target_users[0])
    body = {"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": {"source": "PULL_FROM_URL", "video_url": url}}
    publish_id = call("/post/publish/video/init/", headers, body)["data"]["publish_id"]
    tiktok_clock.advance(seconds=30)
    status = call("/post/publish/status/fetch/", headers, {"publish_id": publish_id})["data"]
    assert (status["status"], status["fail_reason"]) == ("FAILED", "duration_check_failed")


# --8<-- [end:pull_failure]


# --8<-- [start:auth_removed]
@posting
def test_a_post_fails_when_the_user_removes_access_mid_upload(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_portal: Portal
) -> None:
    creator = tiktok_target_users[0]
    headers = bearer(tiktok_sandbox, creator)
    source = {"source": "FILE_UPLOAD", "video_size": 1000, "chunk_size": 1000, "total_chunk_count": 1}
    body = {"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": source}
    publish_id = call("/post/publish/video/init/", headers, body)["data"]["publish_id"]

    creator.disconnect(tiktok_sandbox)  # the user removes the app in TikTok's settings

    headers = bearer(tiktok_sandbox, creator)  # the old token is dead: sign in again
    status = call("/post/publish/status/fetch/", headers, {"publish_id": publish_id})["data"]
    assert (status["status"], status["fail_reason"]) == ("FAILED", "auth_removed")


# --8<-- [end:auth_removed]


# --8<-- [start:creator_settings]
@posting
def test_the_creators_settings_come_from_the_account(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_portal: Portal, tiktok_clock: Clock
) -> None:
    creator = tiktok_target_users[0]
    creator.comment_disabled = True  # comments set to "No one" in the creator's privacy settings
    creator.max_video_post_duration_sec = 180  # this creator may post 3 minutes at most
    headers = bearer(tiktok_sandbox, creator)
    info = call("/post/publish/creator_info/query/", headers)["data"]
    assert (info["comment_disabled"], info["max_video_post_duration_sec"]) == (True, 180)
    assert info["duet_disabled"] and info["stitch_disabled"]  # always, for a private account

    url = "https://cdn.example.com/videos/four-minutes.mp4"
    tiktok_portal.posting.host_media(url, duration=240)
    body = {
        "post_info": {"privacy_level": "SELF_ONLY", "disable_comment": False},  # asks for comments...
        "source_info": {"source": "PULL_FROM_URL", "video_url": url},
    }
    publish_id = call("/post/publish/video/init/", headers, body)["data"]["publish_id"]
    publish = tiktok_portal.posting.get(publish_id)
    assert publish is not None and publish.disable_comment  # ...which TikTok turns off
    tiktok_clock.advance(seconds=30)
    status = call("/post/publish/status/fetch/", headers, {"publish_id": publish_id})["data"]
    assert (status["status"], status["fail_reason"]) == ("FAILED", "duration_check_failed")


# --8<-- [end:creator_settings]


# --8<-- [start:strict_settings]
class TestStrictPostInfo:
    @pytest.fixture
    def tiktok_api_settings(self) -> ApiSettings:
        return ApiSettings(require_brand_content_toggle=True, refuse_disabled_interactions=True)

    @posting
    def test_a_post_info_that_ignores_the_creator_is_refused(
        self, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
    ) -> None:
        headers = bearer(tiktok_sandbox, tiktok_target_users[0])  # private: no duets
        source = {"source": "PULL_FROM_URL", "video_url": "https://cdn.example.com/videos/a.mp4"}
        body = {"post_info": {"privacy_level": "SELF_ONLY", "disable_duet": False}, "source_info": source}
        refused = call("/post/publish/video/init/", headers, body)["error"]
        assert refused["code"] == "invalid_params"
        assert "brand_content_toggle" in refused["message"]
        body["post_info"] = {"privacy_level": "SELF_ONLY", "brand_content_toggle": False, "disable_duet": False}
        refused = call("/post/publish/video/init/", headers, body)["error"]
        assert (refused["code"], "disable_duet" in refused["message"]) == ("invalid_params", True)


# --8<-- [end:strict_settings]
