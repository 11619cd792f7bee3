"""Posting a video from the example app, the sandbox's refusals, webhooks and retries.

Only the plugin's public fixtures and markers are used, as in a team's own suite.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tiktok_app.app import create_app
from tiktok_app.browser import follow_back, sign_in

CALLBACK = "https://example.com/auth/tiktok/callback"
MB = 1024 * 1024

posting = pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api", "webhooks"],
    scopes=["user.info.profile", "user.info.stats", "video.list", "video.publish"],
    direct_post=True,
    webhook_callback_url="https://example.com/webhooks/tiktok",
)


@pytest.fixture
def client(tiktok_sandbox) -> FlaskClient:
    app = create_app(tiktok_sandbox.client_key, tiktok_sandbox.client_secret, CALLBACK)
    app.extensions["tiktok"].sleep = lambda seconds: None  # no real back-off waits in tests
    flask_client = app.test_client()
    follow_back(flask_client, sign_in(flask_client, posting=True))
    return flask_client


def post(client: FlaskClient, size: int, privacy_level: str = "SELF_ONLY"):
    query = {"title": "my first post", "privacy_level": privacy_level}
    return client.post("/posts", query_string=query, data=bytes(size), content_type="video/mp4")


@posting
def test_post_a_video_in_chunks_and_poll_until_published(client, tiktok_clock, tiktok_api, tiktok_target_users):
    answer = post(client, 12 * MB)  # floor(12 / 10) = 1 chunk: the last (only) chunk takes all 12 MB
    assert answer.status_code == 202, answer.get_json()
    publish_id = answer.get_json()["publish_id"]
    assert client.get(f"/posts/{publish_id}").get_json()["status"] == "PROCESSING_UPLOAD"
    tiktok_clock.advance(seconds=30)
    assert client.get(f"/posts/{publish_id}").get_json() == {"status": "PUBLISH_COMPLETE", "reason": None}
    assert tiktok_target_users[0].videos[0].title == "my first post"
    assert len(tiktok_api.calls.to("/video/", "PUT")) == 1


@posting
def test_a_big_video_goes_up_in_several_chunks(client, tiktok_api):
    assert post(client, 25 * MB).status_code == 202  # floor(25 / 10) = 2 chunks, the last one 15 MB
    uploads = tiktok_api.calls.to("/video/", "PUT")
    assert [c.status for c in uploads] == [206, 201]


@posting
def test_the_app_offers_only_the_creators_privacy_options(client):
    answer = post(client, 1 * MB, privacy_level="PUBLIC_TO_EVERYONE")  # a private account has no such option
    assert answer.status_code == 400 and "not offered" in answer.get_json()["error"]


@pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api"],
    scopes=["user.info.profile", "user.info.stats", "video.list", "video.publish"],
    direct_post=True,
    private_target_users=False,
)
def test_a_sandbox_cannot_post_for_a_public_account(client):
    answer = post(client, 1 * MB, privacy_level="SELF_ONLY")
    assert answer.status_code == 403
    assert answer.get_json() == {"error": "unaudited_client_can_only_post_to_private_accounts"}


@posting
def test_the_webhook_receiver_checks_tiktoks_signature(client, tiktok_clock, tiktok_webhooks):
    publish_id = post(client, 1 * MB).get_json()["publish_id"]
    tiktok_clock.advance(seconds=30)
    assert client.get(f"/posts/{publish_id}").get_json()["status"] == "PUBLISH_COMPLETE"

    def to_our_app(delivery):
        return client.post("/webhooks/tiktok", data=delivery.body, headers=delivery.headers).status_code

    attempts = tiktok_webhooks.deliver(to_our_app)
    assert [a.status for a in attempts] == [200]
    received = client.application.extensions["tiktok_events"]
    assert [e["event"] for e in received] == ["post.publish.complete"]

    forged = tiktok_webhooks.delivery(tiktok_webhooks.events[0])
    forged.headers["TikTok-Signature"] = forged.headers["TikTok-Signature"][:-4] + "0000"
    assert to_our_app(forged) == 401


@pytest.mark.tiktok_fault("/v2/user/info/", 429, times=2)
def test_the_app_retries_when_rate_limited(tiktok_sandbox, tiktok_api, tiktok_target_users):
    app = create_app(tiktok_sandbox.client_key, tiktok_sandbox.client_secret, CALLBACK)
    waits: list[float] = []
    app.extensions["tiktok"].sleep = waits.append
    flask_client = app.test_client()
    follow_back(flask_client, sign_in(flask_client))
    assert flask_client.get("/profile").get_json()["username"] == tiktok_target_users[0].username
    assert [c.status for c in tiktok_api.calls.to("/v2/user/info/")] == [429, 429, 200]
    assert waits == [0.5, 1.0]  # exponential back-off
