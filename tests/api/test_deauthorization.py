"""Authorization removed while posts are in flight, and by the user away from the app.

TikTok's pages this file pins:

- webhooks-events, ``authorization.removed``: "Fired when the user's account deauthorized
  from your application. The access_token for the user will have been already revoked when
  you receive the disconnect callback message", with ``reason`` 0 unknown, 1 "User
  disconnects from TikTok app", 2 "User's account got deleted", 3 "User's age changed",
  4 "User's account got banned", 5 "Developer revoke authorization".
- content-posting-api-reference-get-video-status: a post ends ``FAILED`` with
  ``fail_reason`` ``auth_removed`` when the user's authorization is removed while it is
  processing; webhooks-events: ``post.publish.failed`` carries that ``reason``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import (
    Account,
    AccountClosed,
    App,
    AuthorizationRefused,
    Clock,
    InvalidConfiguration,
    NotAuthorized,
    Portal,
    Sandbox,
    TikTokMock,
    WebhookOutbox,
)

from .login_kit_client import CALLBACK, LoginKitClient, error_page_type
from .posting_client import MB, Poster, data, error, put_chunk, upload_whole

CDN = "https://cdn.example.com/media/"
HOOK = "https://example.com/tiktok/webhooks"
SCOPES = "user.info.basic,video.publish,video.upload"
USER_INFO = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"
pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["video.publish", "video.upload"],
    direct_post=True,
    url_properties=[CDN],
    webhook_callback_url=HOOK,
    target_users=2,
)


def sign_in(client: Sandbox, account: Account) -> dict[str, Any]:
    """The token endpoint's answer for ``account`` on ``client`` (access and refresh tokens)."""
    code = parse_qs(urlsplit(client.authorize(account, SCOPES, CALLBACK)).query)["code"][0]
    body = LoginKitClient(client.client_key, client.client_secret).exchange(code).json()
    assert "access_token" in body, body
    return dict(body)


def user_info(access_token: str) -> requests.Response:
    return requests.get(USER_INFO, headers={"Authorization": f"Bearer {access_token}"}, timeout=5)


def events_of(webhooks: WebhookOutbox, client: Sandbox) -> list[tuple[str, dict[str, Any]]]:
    return [(e.event, e.content) for e in webhooks.events if e.client_key == client.client_key]


@pytest.fixture
def user(tiktok_target_users: list[Account]) -> Account:
    return tiktok_target_users[0]


@pytest.fixture
def tokens(tiktok_sandbox: Sandbox, user: Account) -> dict[str, Any]:
    return sign_in(tiktok_sandbox, user)


@pytest.fixture
def poster(tokens: dict[str, Any]) -> Poster:
    return Poster(tokens["access_token"])


@pytest.fixture
def second_sandbox(tiktok_app: App, tiktok_sandbox: Sandbox, user: Account) -> Sandbox:
    """Another client the same user authorized: a sandbox cloned from the first, with the
    same webhook callback URL."""
    other = tiktok_app.create_sandbox("second", clone_from=tiktok_sandbox)
    other.add_target_user(user, user.password)
    return other


# -- item: access removed while a post is processing -----------------------------------------------------
def test_revoking_the_token_mid_upload_fails_the_post_with_auth_removed(
    tiktok_sandbox: Sandbox,
    user: Account,
    tokens: dict[str, Any],
    poster: Poster,
    tiktok_clock: Clock,
    tiktok_webhooks: WebhookOutbox,
) -> None:
    tiktok_clock.freeze()
    videos_before = user.video_count
    init = data(poster.direct_file(video_size=20 * MB, chunk_size=10 * MB))
    assert put_chunk(init["upload_url"], 0, 10 * MB - 1, 20 * MB).status_code == 206
    LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).revoke(tokens["access_token"])
    # the rest of the upload is refused: the post has ended
    assert put_chunk(init["upload_url"], 10 * MB, 20 * MB - 1, 20 * MB).status_code == 403
    tiktok_clock.advance(120)
    # the app signs the user in again and polls the post it started
    again = Poster(sign_in(tiktok_sandbox, user)["access_token"])
    status = data(again.status(init["publish_id"]))
    assert (status["status"], status["fail_reason"]) == ("FAILED", "auth_removed")
    assert status["uploaded_bytes"] == 10 * MB
    assert user.video_count == videos_before  # nothing was posted
    assert events_of(tiktok_webhooks, tiktok_sandbox) == [
        ("authorization.removed", {"reason": 5}),
        (
            "post.publish.failed",
            {"publish_id": init["publish_id"], "reason": "auth_removed", "publish_type": "DIRECT_PUBLISH"},
        ),
    ]


def test_revoking_while_the_uploaded_video_is_processing_fails_it(
    tiktok_sandbox: Sandbox, user: Account, tokens: dict[str, Any], poster: Poster, tiktok_clock: Clock
) -> None:
    tiktok_clock.freeze()
    init = data(poster.direct_file())
    assert upload_whole(init["upload_url"], 1000, 1000) == [201]  # processing takes a few seconds
    LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).revoke(tokens["access_token"])
    tiktok_clock.advance(120)
    status = data(Poster(sign_in(tiktok_sandbox, user)["access_token"]).status(init["publish_id"]))
    assert (status["status"], status["fail_reason"]) == ("FAILED", "auth_removed")


def test_a_post_that_finished_before_the_revoke_keeps_its_end(
    tiktok_sandbox: Sandbox, user: Account, tokens: dict[str, Any], poster: Poster, tiktok_clock: Clock
) -> None:
    init = data(poster.direct_file())
    upload_whole(init["upload_url"], 1000, 1000)
    tiktok_clock.advance(60)  # processed and posted, though nobody looked
    LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).revoke(tokens["access_token"])
    status = data(Poster(sign_in(tiktok_sandbox, user)["access_token"]).status(init["publish_id"]))
    assert status["status"] == "PUBLISH_COMPLETE"


def test_removing_the_target_user_mid_pull_fails_the_post(
    tiktok_sandbox: Sandbox, user: Account, poster: Poster, tiktok_portal: Portal, tiktok_webhooks: WebhookOutbox
) -> None:
    tiktok_portal.posting.host_media(CDN + "big.mp4", size=500 * MB)  # 10 s to download
    publish_id = data(poster.direct_pull(CDN + "big.mp4"))["publish_id"]
    tiktok_sandbox.remove_target_user(user)
    publish = tiktok_portal.posting.get(publish_id)
    assert publish is not None
    assert (publish.status, publish.fail_reason) == ("FAILED", "auth_removed")
    assert (
        "post.publish.failed",
        {"publish_id": publish_id, "reason": "auth_removed", "publish_type": "DIRECT_PUBLISH"},
    ) in (events_of(tiktok_webhooks, tiktok_sandbox))


def test_deleting_the_sandbox_mid_upload_fails_the_post(
    tiktok_app: App, tiktok_sandbox: Sandbox, user: Account, poster: Poster, tiktok_portal: Portal
) -> None:
    init = data(poster.inbox_file())
    tiktok_app.delete_sandbox(tiktok_sandbox)
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    assert (publish.status, publish.fail_reason) == ("FAILED", "auth_removed")
    assert put_chunk(init["upload_url"], 0, 999, 1000).status_code == 403


# -- item: the user removes the authorization -------------------------------------------------------------
USER_ACTIONS: dict[str, tuple[Callable[[Account, Sandbox], None], int]] = {
    "disconnect": (lambda account, client: account.disconnect(client), 1),
    "delete": (lambda account, client: account.delete(), 2),
    "change_age": (lambda account, client: account.change_age(), 3),
    "ban": (lambda account, client: account.ban(), 4),
}


@pytest.mark.parametrize("action", list(USER_ACTIONS))
def test_the_user_removing_access_kills_every_token_and_fails_posts_in_flight(
    action: str,
    tiktok_sandbox: Sandbox,
    user: Account,
    tiktok_clock: Clock,
    tiktok_webhooks: WebhookOutbox,
    tiktok_portal: Portal,
) -> None:
    do, reason = USER_ACTIONS[action]
    first, second = sign_in(tiktok_sandbox, user), sign_in(tiktok_sandbox, user)  # two sign-ins, two grants
    init = data(Poster(first["access_token"]).direct_file())
    do(user, tiktok_sandbox)
    for tokens in (first, second):
        assert error(user_info(tokens["access_token"]), 401) == "access_token_invalid"
        refreshed = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).refresh(
            tokens["refresh_token"]
        )
        assert refreshed.json()["error"] == "invalid_grant"
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    assert (publish.status, publish.fail_reason) == ("FAILED", "auth_removed")
    # one event for the client (however many grants ended), sent before the post's failure
    assert events_of(tiktok_webhooks, tiktok_sandbox) == [
        ("authorization.removed", {"reason": reason}),
        (
            "post.publish.failed",
            {"publish_id": init["publish_id"], "reason": "auth_removed", "publish_type": "DIRECT_PUBLISH"},
        ),
    ]
    (removed,) = [e for e in tiktok_webhooks.events if e.event == "authorization.removed"]
    assert removed.user_openid == user.open_id
    assert tiktok_webhooks.delivery(removed).json()["content"] == f'{{"reason":{reason}}}'


def test_disconnecting_one_app_leaves_the_others(
    tiktok_sandbox: Sandbox, second_sandbox: Sandbox, user: Account, tiktok_webhooks: WebhookOutbox
) -> None:
    mine, theirs = sign_in(tiktok_sandbox, user), sign_in(second_sandbox, user)
    user.disconnect(second_sandbox)
    assert error(user_info(theirs["access_token"]), 401) == "access_token_invalid"
    data(user_info(mine["access_token"]))
    assert events_of(tiktok_webhooks, second_sandbox) == [("authorization.removed", {"reason": 1})]
    assert events_of(tiktok_webhooks, tiktok_sandbox) == []
    sign_in(second_sandbox, user)  # the user may connect the app again


@pytest.mark.parametrize(("action", "reason"), [("delete", 2), ("change_age", 3), ("ban", 4)])
def test_account_wide_removals_reach_every_app_the_user_authorized(
    action: str,
    reason: int,
    tiktok_sandbox: Sandbox,
    second_sandbox: Sandbox,
    user: Account,
    tiktok_webhooks: WebhookOutbox,
) -> None:
    tokens = [sign_in(tiktok_sandbox, user), sign_in(second_sandbox, user)]
    USER_ACTIONS[action][0](user, tiktok_sandbox)
    for each in tokens:
        assert error(user_info(each["access_token"]), 401) == "access_token_invalid"
    for client in (tiktok_sandbox, second_sandbox):
        assert events_of(tiktok_webhooks, client) == [("authorization.removed", {"reason": reason})]


@pytest.mark.parametrize("action", ["delete", "ban"])
def test_a_deleted_or_banned_account_can_no_longer_log_in(
    action: str, tiktok_sandbox: Sandbox, tiktok_app: App, user: Account, tiktok_portal: Portal, tiktok_api: TikTokMock
) -> None:
    code = parse_qs(urlsplit(tiktok_sandbox.authorize(user, SCOPES, CALLBACK)).query)["code"][0]
    USER_ACTIONS[action][0](user, tiktok_sandbox)
    assert user.status == ("deleted" if action == "delete" else "banned")
    # a code the user got before is worthless, and the authorize page refuses the account
    answer = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).exchange(code)
    assert answer.json()["error"] == "invalid_grant"
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_sandbox.authorize(user, SCOPES, CALLBACK)
    assert refused.value.error_type == "account"
    assert tiktok_portal.find_account(user.username) is None  # the login form knows no such account
    tiktok_api.login(user)  # a browser still logged in as the account: TikTok's error page
    page = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).authorize(SCOPES)
    assert error_page_type(page) == "account"
    with pytest.raises(AccountClosed):
        tiktok_app.create_sandbox("later").add_target_user(user, user.password)
    with pytest.raises(AccountClosed):
        user.delete()


def test_after_an_age_change_the_user_may_authorize_again(tiktok_sandbox: Sandbox, user: Account) -> None:
    sign_in(tiktok_sandbox, user)
    user.change_age()
    assert user.status == "active"
    data(user_info(sign_in(tiktok_sandbox, user)["access_token"]))


def test_disconnecting_an_app_never_authorized_is_refused(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_portal: Portal
) -> None:
    with pytest.raises(NotAuthorized):
        tiktok_target_users[1].disconnect(tiktok_sandbox)
    with pytest.raises(InvalidConfiguration):
        tiktok_portal.deauthorize(tiktok_target_users[1], 7)


def test_reason_0_through_the_portal(tiktok_sandbox: Sandbox, user: Account, tiktok_portal: Portal) -> None:
    tokens = sign_in(tiktok_sandbox, user)
    (ended,) = tiktok_portal.deauthorize(user, 0, tiktok_sandbox)
    assert ended.account is user
    assert error(user_info(tokens["access_token"]), 401) == "access_token_invalid"
