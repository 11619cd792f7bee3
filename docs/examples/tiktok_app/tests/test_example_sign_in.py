"""The example app's tests: only the plugin's public fixtures, markers and options."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from tiktok_app.app import create_app
from tiktok_app.browser import follow_back, sign_in

CALLBACK = "https://example.com/auth/tiktok/callback"


@pytest.fixture
def client(tiktok_sandbox) -> FlaskClient:
    app = create_app(tiktok_sandbox.client_key, tiktok_sandbox.client_secret, CALLBACK)
    return app.test_client()


def test_sign_in_and_see_my_profile(client, tiktok_target_users):
    me = tiktok_target_users[0]
    landed = follow_back(client, sign_in(client))
    assert landed.headers["Location"] == "/profile"
    profile = client.get("/profile").get_json()
    assert profile == {"display_name": me.display_name, "username": me.username, "followers": me.follower_count}


def test_my_videos_newest_first(client, tiktok_target_users):
    follow_back(client, sign_in(client))
    page = client.get("/videos?max_count=3").get_json()
    listed = [v for v in tiktok_target_users[0].videos if v.is_listed][:3]
    assert page["titles"] == [v.title for v in listed]


def test_a_forged_state_is_refused(client, tiktok_sandbox):
    tiktok_page = sign_in(client)
    back = urlsplit(tiktok_page.headers["Location"])
    forged = back.query.replace("state=", "state=evil")
    assert client.get(f"{back.path}?{forged}").status_code == 400


def test_declining_on_tiktok_shows_a_message(client, tiktok_api, tiktok_target_users):
    tiktok_api.login(tiktok_target_users[0], decline=True)
    answer = follow_back(client, sign_in(client))
    assert answer.status_code == 403 and b"access_denied" in answer.data


def test_someone_who_is_not_a_target_user_cannot_sign_in(client, tiktok_api, tiktok_portal):
    stranger = tiktok_portal.create_account()
    tiktok_api.login(stranger)
    tiktok_page = sign_in(client)
    # TikTok shows its own error page: no redirect back to us.
    assert tiktok_page.status_code == 200 and "Location" not in tiktok_page.headers
    assert "client_key" in tiktok_page.text


def test_an_expired_token_is_refreshed(client, tiktok_clock, tiktok_api):
    follow_back(client, sign_in(client))
    tiktok_clock.advance(hours=3)  # the access token (2 h) is dead on TikTok's clock
    assert client.get("/profile").status_code == 200
    token_calls = [c for c in tiktok_api.calls if c.path == "/v2/oauth/token/"]
    assert len(token_calls) == 2  # the first exchange and one refresh


@pytest.mark.tiktok_sandbox(scopes=["user.info.basic", "video.list"])
def test_a_sandbox_without_the_profile_scope_refuses_sign_in(client):
    tiktok_page = sign_in(client)
    assert tiktok_page.status_code == 200 and "scope" in tiktok_page.text
