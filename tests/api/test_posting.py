"""The Content Posting API through ``requests``: creator info, Direct Post and inbox uploads,
photos, status progression on the portal clock, cancel, the sandbox's unaudited-client
rules and daily caps, and the Data Portability API a sandbox cannot reach."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pytest_tiktok_sandbox import Account, App, Clock, Portal, PostingRefused, Sandbox, WebhookOutbox
from pytest_tiktok_sandbox.payloads.posting import CreatorInfo, PublishInit, PublishStatus

from .posting_client import MB, Poster, cancelled, data, error, token_for, upload_whole

CDN = "https://cdn.example.com/media/"
pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["video.publish", "video.upload"],
    direct_post=True,
    url_properties=[CDN, "media.example.org"],
    webhook_callback_url="https://example.com/tiktok/webhooks",
    target_users=2,
)


@pytest.fixture
def poster(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> Poster:
    return Poster(token_for(tiktok_sandbox, tiktok_target_users[0]))


def finish(poster: Poster, publish_id: str, clock: Clock, seconds: float = 120) -> dict[str, Any]:
    """Let the portal clock run on, then fetch the status."""
    clock.advance(seconds)
    return data(poster.status(publish_id))


def events(webhooks: WebhookOutbox, publish_id: str) -> list[str]:
    return [e.event for e in webhooks.events if e.content.get("publish_id") == publish_id]


# -- creator info -------------------------------------------------------------------------------------
def test_creator_info_of_a_private_account(poster: Poster, tiktok_target_users: list[Account]) -> None:
    info = CreatorInfo.model_validate(data(poster.creator_info()))
    account = tiktok_target_users[0]
    assert info.creator_username == account.username
    assert info.creator_nickname == account.display_name
    assert info.creator_avatar_url == account.avatar_url
    assert info.privacy_level_options == ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
    assert info.duet_disabled and info.stitch_disabled  # a private account has neither
    assert info.comment_disabled is account.comment_disabled
    assert info.max_video_post_duration_sec == account.max_video_post_duration_sec


def test_creator_info_of_a_public_account(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    public = tiktok_portal.create_account(is_private=False, duet_disabled=False)
    tiktok_sandbox.add_target_user(public, public.password)
    info = data(Poster(token_for(tiktok_sandbox, public)).creator_info())
    assert info["privacy_level_options"] == ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
    assert info["duet_disabled"] is False
    assert info["stitch_disabled"] is public.stitch_disabled


# -- Direct Post, FILE_UPLOAD ---------------------------------------------------------------------------
def test_a_direct_post_moves_from_upload_to_complete(
    poster: Poster, tiktok_clock: Clock, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    tiktok_clock.freeze()
    init = PublishInit.model_validate(data(poster.direct_file(video_size=1000, title="hello #sandbox")))
    assert init.publish_id.startswith("v_pub_file~v2.")
    assert init.upload_url is not None and init.upload_url.startswith("https://open-upload.tiktokapis.com/video/?")
    first = PublishStatus.model_validate(data(poster.status(init.publish_id)))
    assert (first.status, first.uploaded_bytes, first.publicaly_available_post_id) == ("PROCESSING_UPLOAD", 0, [])

    assert upload_whole(init.upload_url, 1000, 1000) == [201]
    assert data(poster.status(init.publish_id))["status"] == "PROCESSING_UPLOAD"  # still processing
    done = finish(poster, init.publish_id, tiktok_clock, 10)
    assert done == {"status": "PUBLISH_COMPLETE", "publicaly_available_post_id": [], "uploaded_bytes": 1000}
    video = tiktok_target_users[0].videos[0]
    assert (video.title, video.privacy_level, video.is_listed) == ("hello #sandbox", "SELF_ONLY", False)
    assert events(tiktok_webhooks, init.publish_id) == ["post.publish.complete"]


def test_a_chunked_upload_follows_the_media_transfer_rules(poster: Poster, tiktok_clock: Clock) -> None:
    size, chunk = 12 * MB + 123, 5 * MB  # floor(12.x / 5) = 2 chunks, the last one 7 MB + 123
    init = data(poster.direct_file(video_size=size, chunk_size=chunk, total_chunk_count=2))
    url = init["upload_url"]
    out_of_order = requests.put(
        url, data=bytes(10), headers={"Content-Type": "video/mp4", "Content-Range": f"bytes {chunk}-{chunk + 9}/{size}"}
    )
    assert out_of_order.status_code == 416
    first = requests.put(
        url, data=bytes(chunk), headers={"Content-Type": "video/mp4", "Content-Range": f"bytes 0-{chunk - 1}/{size}"}
    )
    assert first.status_code == 206
    assert first.headers["Content-Range"] == f"bytes 0-{chunk - 1}/{size}"
    assert first.json() == {}
    assert data(poster.status(init["publish_id"]))["uploaded_bytes"] == chunk
    last = requests.put(
        url,
        data=bytes(size - chunk),
        headers={"Content-Type": "video/webm", "Content-Range": f"bytes {chunk}-{size - 1}/{size}"},
    )
    assert last.status_code == 201
    assert finish(poster, init["publish_id"], tiktok_clock)["status"] == "PUBLISH_COMPLETE"


@pytest.mark.parametrize(
    ("video_size", "chunk_size", "count", "says"),
    [
        pytest.param(12 * MB, 5 * MB, 3, "floor(video_size / chunk_size) = 2", id="count-rounded-up"),
        pytest.param(20 * MB, 4 * MB, 5, "between 5 MB and 64 MB", id="chunk-too-small"),
        pytest.param(200 * MB, 100 * MB, 2, "between 5 MB and 64 MB", id="chunk-too-big"),
        pytest.param(100 * MB, 100 * MB, 1, "over 64 MB must be uploaded in chunks", id="big-file-whole"),
        pytest.param(3 * MB, 1 * MB, 3, "under 5 MB is uploaded whole", id="small-file-chunked"),
        pytest.param(5 * 1024 * MB, 64 * MB, 80, "4 GB", id="over-4-GB"),
        pytest.param(0, 0, 1, "video_size", id="empty"),
        pytest.param(10 * MB, 20 * MB, 1, "cannot exceed video_size", id="chunk-over-size"),
    ],
)
def test_init_refuses_chunks_that_break_the_rules(
    poster: Poster, video_size: int, chunk_size: int, count: int, says: str
) -> None:
    response = poster.direct_file(video_size=video_size, chunk_size=chunk_size, total_chunk_count=count)
    assert error(response, 400) == "invalid_params"
    assert says in response.json()["error"]["message"]


# -- sandbox (unaudited client) rules -----------------------------------------------------------------------
def test_a_public_account_cannot_be_posted_to_from_a_sandbox(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    public = tiktok_portal.create_account(is_private=False)
    tiktok_sandbox.add_target_user(public, public.password)
    response = Poster(token_for(tiktok_sandbox, public)).direct_file(privacy_level="SELF_ONLY")
    assert error(response, 403) == "unaudited_client_can_only_post_to_private_accounts"


@pytest.mark.parametrize(
    ("privacy_level", "code"),
    [
        ("PUBLIC_TO_EVERYONE", "privacy_level_option_mismatch"),
        ("FOLLOWER_OF_CREATOR", "unaudited_client_can_only_post_to_private_accounts"),
        ("MUTUAL_FOLLOW_FRIENDS", "unaudited_client_can_only_post_to_private_accounts"),
    ],
)
def test_a_sandbox_posts_only_self_only(poster: Poster, privacy_level: str, code: str) -> None:
    assert error(poster.direct_file(privacy_level=privacy_level), 403) == code
    assert error(poster.direct_pull(CDN + "a.mp4", privacy_level=privacy_level), 403) == code


def test_at_most_five_creators_post_through_a_sandbox_a_day(
    tiktok_sandbox: Sandbox, tiktok_portal: Portal, tiktok_clock: Clock
) -> None:
    posters = []
    for _ in range(6):
        account = tiktok_portal.create_account(is_private=True)
        tiktok_sandbox.add_target_user(account, account.password)
        posters.append(Poster(token_for(tiktok_sandbox, account)))
    for poster in posters[:5]:
        data(poster.direct_file())
    assert error(posters[5].direct_file(), 403) == "unaudited_client_can_only_post_to_private_accounts"
    data(posters[0].direct_file())  # a creator already counted may post again
    tiktok_clock.advance(86_400)  # a day later (and a fresh token: access tokens live 2 hours)
    assert error(posters[5].direct_file(), 401) == "access_token_invalid"
    data(Poster(token_for(tiktok_sandbox, tiktok_sandbox.all_target_users[-1])).direct_file())


def test_about_fifteen_posts_a_day_per_creator(
    poster: Poster, tiktok_clock: Clock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    for _ in range(15):
        data(poster.direct_file())
        tiktok_clock.advance(11)  # under 6 inits a minute
    assert error(poster.direct_file(), 403) == "spam_risk_too_many_posts"
    capped = poster.creator_info()
    assert capped.status_code == 200  # documented: creator_info answers this with HTTP 200
    assert capped.json()["error"]["code"] == "spam_risk_too_many_posts"
    tiktok_clock.advance(86_400)
    data(Poster(token_for(tiktok_sandbox, tiktok_target_users[0])).direct_file())


def test_six_inits_a_minute_per_token_on_each_init_endpoint(
    poster: Poster, tiktok_clock: Clock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    # Each reference page (content-posting-api-reference-direct-post, -upload-video,
    # -photo-post) says of its own endpoint: "Each user access_token is limited to 6 requests
    # per minute"; and tiktok-api-v2-rate-limit: "Limits for each API are set and enforced
    # separately". Six Direct Posts leave the inbox and photo inits untouched.
    tiktok_clock.freeze()
    for _ in range(6):
        data(poster.direct_file())
    assert error(poster.direct_file(), 429) == "rate_limit_exceeded"
    for _ in range(5):  # the 5-a-day pending inbox cap comes before a 6th inbox init
        data(poster.inbox_file())
    for _ in range(6):
        data(poster.photos([CDN + "a.jpg"]))
    assert error(poster.photos([CDN + "a.jpg"]), 429) == "rate_limit_exceeded"
    assert error(poster.direct_file(), 429) == "rate_limit_exceeded"
    # per token: the other target user's token has its own six
    other = Poster(token_for(tiktok_sandbox, tiktok_target_users[1]))
    data(other.direct_file())
    tiktok_clock.advance(60)
    data(poster.direct_file())


@pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"], scopes=["video.publish", "video.upload"], direct_post=False
)
def test_without_the_direct_post_toggle_only_inbox_uploads_work(poster: Poster) -> None:
    assert error(poster.creator_info(), 401) == "scope_not_authorized"
    assert error(poster.direct_file(), 401) == "scope_not_authorized"
    data(poster.inbox_file())


def test_a_token_without_video_publish_cannot_direct_post(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    poster = Poster(token_for(tiktok_sandbox, tiktok_target_users[0], scope="user.info.basic,video.upload"))
    assert error(poster.direct_file(), 401) == "scope_not_authorized"
    assert error(poster.creator_info(), 401) == "scope_not_authorized"
    data(poster.inbox_file())


def test_removing_the_product_stops_posting(poster: Poster, tiktok_sandbox: Sandbox) -> None:
    data(poster.direct_file())
    tiktok_sandbox.disable_product("content_posting_api")
    data(poster.direct_file())  # not applied yet
    tiktok_sandbox.apply_changes()
    assert error(poster.direct_file(), 401) == "scope_not_authorized"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({}, id="empty"),
        pytest.param({"post_info": {"title": "x"}, "source_info": {"source": "FILE_UPLOAD"}}, id="no-sizes"),
        pytest.param({"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": {"source": "X"}}, id="bad-source"),
        pytest.param(
            {
                "post_info": {"privacy_level": "PRIVATE"},
                "source_info": {"source": "PULL_FROM_URL", "video_url": CDN + "a.mp4"},
            },
            id="bad-privacy",
        ),
        pytest.param(
            {
                "post_info": {"privacy_level": "SELF_ONLY"},
                "source_info": {
                    "source": "FILE_UPLOAD",
                    "video_size": "1000",
                    "chunk_size": 1000,
                    "total_chunk_count": 1,
                },
            },
            id="size-as-string",
        ),
        pytest.param(
            {
                "post_info": {"privacy_level": "SELF_ONLY", "title": "😀" * 1101},
                "source_info": {"source": "PULL_FROM_URL", "video_url": CDN + "a.mp4"},
            },
            id="caption-over-2200-utf16",
        ),
        pytest.param([], id="not-an-object"),
    ],
)
def test_bad_bodies_are_invalid_params(poster: Poster, body: Any) -> None:
    assert error(poster.post("video/init/", body), 400) == "invalid_params"


def test_a_body_that_is_not_json_is_invalid_params(poster: Poster) -> None:
    response = requests.post(
        "https://open.tiktokapis.com/v2/post/publish/video/init/", headers=poster.headers, data=b"\xff{", timeout=5
    )
    assert error(response, 400) == "invalid_params"


def test_missing_privacy_level_is_privacy_level_option_mismatch(poster: Poster) -> None:
    # Direct Post reference: 403 privacy_level_option_mismatch, "privacy_level is not specified or not among
    # the options" (more in test_posting_post_info.py).
    response = poster.direct_file(privacy_level=None)
    assert error(response, 403) == "privacy_level_option_mismatch"
    assert "privacy_level" in response.json()["error"]["message"]


def test_no_token_is_access_token_invalid(poster: Poster) -> None:
    response = requests.post("https://open.tiktokapis.com/v2/post/publish/video/init/", json={}, timeout=5)
    assert error(response, 401) == "access_token_invalid"


# -- inbox uploads -----------------------------------------------------------------------------------------
def test_an_inbox_upload_waits_for_the_creator(
    poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock, tiktok_webhooks: WebhookOutbox
) -> None:
    init = data(poster.inbox_file(2000))
    assert init["publish_id"].startswith("v_inbox_file~v2.")
    assert upload_whole(init["upload_url"], 2000, 2000) == [201]
    assert finish(poster, init["publish_id"], tiktok_clock)["status"] == "SEND_TO_USER_INBOX"
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    publish.post_from_inbox()
    assert data(poster.status(init["publish_id"]))["status"] == "PUBLISH_COMPLETE"
    assert events(tiktok_webhooks, init["publish_id"]) == ["post.publish.inbox_delivered", "post.publish.complete"]


def test_five_pending_inbox_shares_a_day(poster: Poster, tiktok_clock: Clock) -> None:
    for _ in range(5):
        data(poster.inbox_file())
        tiktok_clock.advance(11)
    assert error(poster.inbox_file(), 403) == "spam_risk_too_many_pending_share"


# -- PULL_FROM_URL ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/media/a.mp4",
        "https://cdn.example.com/other/a.mp4",  # outside the verified prefix
        "http://cdn.example.com/media/a.mp4",  # https only
        "https://203.0.113.7/media/a.mp4",
        "https://notmedia.example.org/a.mp4",
    ],
)
def test_a_pull_needs_a_verified_url_property(poster: Poster, url: str) -> None:
    assert error(poster.direct_pull(url), 403) == "url_ownership_unverified"


def test_a_pull_downloads_then_completes(poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    tiktok_portal.posting.host_media("https://videos.media.example.org/big.mp4", size=500 * MB)
    init = data(poster.direct_pull("https://videos.media.example.org/big.mp4"))  # a subdomain of a verified domain
    assert init["publish_id"].startswith("v_pub_url~v2.") and "upload_url" not in init
    assert data(poster.status(init["publish_id"])) == {
        "status": "PROCESSING_DOWNLOAD",
        "publicaly_available_post_id": [],
        "downloaded_bytes": 0,
    }
    tiktok_clock.advance(5)
    halfway = data(poster.status(init["publish_id"]))
    assert halfway["status"] == "PROCESSING_DOWNLOAD" and 0 < halfway["downloaded_bytes"] < 500 * MB
    done = finish(poster, init["publish_id"], tiktok_clock)
    assert done["status"] == "PUBLISH_COMPLETE" and done["downloaded_bytes"] == 500 * MB


@pytest.mark.parametrize(
    ("media", "reason"),
    [
        ({"duration": 900}, "duration_check_failed"),
        ({"frame_rate": 15}, "frame_rate_check_failed"),
        ({"width": 200}, "picture_size_check_failed"),
        ({"format": "avi"}, "file_format_check_failed"),
        ({"reachable": False}, "video_pull_failed"),
    ],
)
def test_a_pull_of_bad_media_fails_with_its_reason(
    poster: Poster,
    tiktok_portal: Portal,
    tiktok_clock: Clock,
    tiktok_webhooks: WebhookOutbox,
    media: dict[str, Any],
    reason: str,
) -> None:
    tiktok_portal.posting.host_media(CDN + "bad.mp4", **media)
    init = data(poster.direct_pull(CDN + "bad.mp4"))
    assert finish(poster, init["publish_id"], tiktok_clock) == {
        "status": "FAILED",
        "fail_reason": reason,
        "publicaly_available_post_id": [],
        "downloaded_bytes": 0 if reason == "video_pull_failed" else 10 * MB,
    }
    failed = [e for e in tiktok_webhooks.events if e.event == "post.publish.failed"]
    assert [e.content for e in failed] == [
        {"publish_id": init["publish_id"], "reason": reason, "publish_type": "DIRECT_PUBLISH"}
    ]


def test_a_pull_can_be_cancelled_while_downloading(poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    tiktok_portal.posting.host_media(CDN + "slow.mp4", size=1024 * MB)
    init = data(poster.direct_pull(CDN + "slow.mp4"))
    cancelled(poster.cancel(init["publish_id"]))
    status = data(poster.status(init["publish_id"]))
    assert (status["status"], status["fail_reason"]) == ("FAILED", "publish_cancelled")
    assert error(poster.cancel(init["publish_id"]), 400) == "publish_not_cancellable"


def test_a_file_upload_cannot_be_cancelled(poster: Poster) -> None:
    init = data(poster.direct_file())
    assert error(poster.cancel(init["publish_id"]), 400) == "publish_not_cancellable"


# -- photos --------------------------------------------------------------------------------------------------
def test_photos_direct_post_and_inbox(poster: Poster, tiktok_clock: Clock) -> None:
    direct = data(poster.photos([CDN + "1.jpg", CDN + "2.jpg"]))
    assert direct["publish_id"].startswith("p_pub_url~v2.")
    inbox = data(poster.photos([CDN + "1.jpg"], post_mode="MEDIA_UPLOAD"))
    assert inbox["publish_id"].startswith("p_inbox_url~v2.")
    tiktok_clock.advance(60)
    assert data(poster.status(direct["publish_id"]))["status"] == "PUBLISH_COMPLETE"
    assert data(poster.status(inbox["publish_id"]))["status"] == "SEND_TO_USER_INBOX"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"photo_images": [CDN + f"{i}.jpg" for i in range(36)]}, id="36-images"),
        pytest.param({"photo_images": []}, id="no-images"),
        pytest.param({"source": "FILE_UPLOAD"}, id="file-upload"),
        pytest.param({"photo_cover_index": 3}, id="cover-out-of-range"),
    ],
)
def test_bad_photo_posts_are_invalid_params(poster: Poster, change: dict[str, Any]) -> None:
    body = {
        "media_type": "PHOTO",
        "post_mode": "DIRECT_POST",
        "post_info": {"privacy_level": "SELF_ONLY"},
        "source_info": {"source": "PULL_FROM_URL", "photo_images": [CDN + "1.jpg"], "photo_cover_index": 0, **change},
    }
    assert error(poster.post("content/init/", body), 400) == "invalid_params"


def test_photos_from_an_unverified_host(poster: Poster) -> None:
    assert error(poster.photos([CDN + "1.jpg", "https://elsewhere.example/2.jpg"]), 403) == "url_ownership_unverified"


# -- status fetch -------------------------------------------------------------------------------------------
def test_status_of_an_unknown_or_foreign_publish(
    poster: Poster, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    assert error(poster.status("v_pub_file~v2.123"), 400) == "invalid_publish_id"
    assert error(poster.post("status/fetch/", {}), 400) == "invalid_params"
    mine = data(poster.direct_file())["publish_id"]
    other = Poster(token_for(tiktok_sandbox, tiktok_target_users[1]))
    assert error(other.status(mine), 400) == "token_not_authorized_for_specified_publish_id"
    assert error(other.cancel(mine), 400) == "token_not_authorized_for_specified_publish_id"


def test_thirty_status_fetches_a_minute(poster: Poster, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    publish_id = data(poster.direct_file())["publish_id"]
    for _ in range(30):
        data(poster.status(publish_id))
    assert error(poster.status(publish_id), 429) == "rate_limit_exceeded"


def test_a_publish_can_be_made_to_fail(poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock) -> None:
    init = data(poster.direct_file())
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    publish.fail("spam_risk_text")
    upload_whole(init["upload_url"], 1000, 1000)
    status = finish(poster, init["publish_id"], tiktok_clock)
    assert (status["status"], status["fail_reason"]) == ("FAILED", "spam_risk_text")


def test_a_revoked_token_stops_posting(poster: Poster, tiktok_sandbox: Sandbox) -> None:
    from .login_kit_client import LoginKitClient

    token = poster.headers["Authorization"].split()[1]
    LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).revoke(token)
    assert error(poster.direct_file(), 401) == "access_token_invalid"


# -- production after review --------------------------------------------------------------------------------
def test_an_audited_production_app_posts_publicly(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_portal: Portal, tiktok_clock: Clock, tiktok_webhooks: WebhookOutbox
) -> None:
    tiktok_app.import_sandbox(tiktok_sandbox)
    tiktok_app.approve()
    tiktok_app.pass_posting_audit()
    public = tiktok_portal.create_account(is_private=False)  # not a target user: production needs none
    poster = Poster(token_for(tiktok_app, public))
    init = data(poster.direct_pull(CDN + "a.mp4", privacy_level="PUBLIC_TO_EVERYONE"))
    tiktok_clock.freeze()
    assert data(poster.status(init["publish_id"]))["status"] == "PROCESSING_DOWNLOAD"
    done = finish(poster, init["publish_id"], tiktok_clock, 7)
    assert done["status"] == "PUBLISH_COMPLETE" and done["publicaly_available_post_id"] == []  # in moderation
    public_post = finish(poster, init["publish_id"], tiktok_clock, 10)["publicaly_available_post_id"]
    assert len(public_post) == 1 and isinstance(public_post[0], int) and len(str(public_post[0])) == 19
    assert public.videos[0].id == str(public_post[0]) and public.videos[0].is_listed
    assert events(tiktok_webhooks, init["publish_id"]) == ["post.publish.complete", "post.publish.publicly_available"]


# -- Data Portability -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["add", "check", "cancel", "download"])
def test_data_portability_is_not_available_in_a_sandbox(poster: Poster, path: str) -> None:
    response = requests.post(
        f"https://open.tiktokapis.com/v2/user/data/{path}/?fields=request_id",
        headers=poster.headers,
        json={},
        timeout=5,
    )
    assert error(response, 401) == "scope_not_authorized"


def test_events_keep_the_time_they_happened_even_when_noticed_later(
    poster: Poster, tiktok_clock: Clock, tiktok_webhooks: WebhookOutbox, tiktok_portal: Portal
) -> None:
    tiktok_clock.freeze()
    init = data(poster.direct_file())
    upload_whole(init["upload_url"], 1000, 1000)
    uploaded_at = tiktok_clock.now()
    tiktok_clock.advance(hours=2)  # nobody looks for two hours
    complete = [e for e in tiktok_webhooks.events if e.event == "post.publish.complete"]
    assert len(complete) == 1
    assert uploaded_at < complete[0].create_time < uploaded_at + 60  # processing took seconds, not hours
    video = tiktok_portal.posting.get(init["publish_id"]).account.videos[0]  # type: ignore[union-attr]
    assert video.create_time == complete[0].create_time


def test_a_deeply_nested_body_is_invalid_params(poster: Poster) -> None:
    response = requests.post(
        "https://open.tiktokapis.com/v2/post/publish/video/init/",
        headers=poster.headers,
        data=b"[" * 100_000 + b"]" * 100_000,
        timeout=5,
    )
    assert error(response, 400) == "invalid_params"


def test_a_finished_post_cannot_be_made_to_fail(poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock) -> None:
    init = data(poster.direct_file())
    upload_whole(init["upload_url"], 1000, 1000)
    assert finish(poster, init["publish_id"], tiktok_clock)["status"] == "PUBLISH_COMPLETE"
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    with pytest.raises(PostingRefused):
        publish.fail("internal")
    assert publish.status == "PUBLISH_COMPLETE"


def test_a_cancelled_pull_keeps_the_bytes_it_had(poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    tiktok_portal.posting.host_media(CDN + "big.mp4", size=500 * MB)
    publish_id = data(poster.direct_pull(CDN + "big.mp4"))["publish_id"]
    tiktok_clock.advance(1)  # 50 MB in
    cancelled(poster.cancel(publish_id))
    tiktok_clock.advance(60)
    assert data(poster.status(publish_id))["downloaded_bytes"] == 50 * MB


def test_failed_posts_do_not_count_against_the_pending_inbox_cap(
    poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock
) -> None:
    tiktok_portal.posting.host_media(CDN + "gone.mp4", reachable=False)
    for _ in range(5):
        body = {"source_info": {"source": "PULL_FROM_URL", "video_url": CDN + "gone.mp4"}}
        data(poster.post("inbox/video/init/", body))
        tiktok_clock.advance(11)
    data(poster.inbox_file())  # the five pulls failed: nothing is pending
