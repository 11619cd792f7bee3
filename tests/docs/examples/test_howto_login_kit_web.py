"""The samples of docs/how-to/login-kit-web.md: Login Kit's web flow with plain ``requests``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, AuthorizationRefused, Portal, Sandbox, TikTokMock

# --8<-- [start:constants]
AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
REVOKE_URL = "https://open.tiktokapis.com/v2/oauth/revoke/"
CALLBACK = "https://example.com/auth/tiktok/callback"  # the marker's default redirect URI
# --8<-- [end:constants]


# --8<-- [start:authorize]
def authorize(sandbox: Sandbox, scope: str, state: str = "xyz") -> requests.Response:
    """What the browser does: open TikTok's authorize page (without following the redirect)."""
    return requests.get(
        AUTHORIZE_URL,
        params={
            "client_key": sandbox.client_key,
            "scope": scope,  # comma-separated
            "response_type": "code",
            "redirect_uri": CALLBACK,
            "state": state,
        },
        allow_redirects=False,
        timeout=10,
    )


# --8<-- [end:authorize]


# --8<-- [start:web_flow]
def test_sign_in_refresh_and_sign_out(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]  # logged in to tiktok.com in the test's "browser"
    keys = {"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret}

    # 1. The authorize page redirects back to your redirect URI with a code.
    page = authorize(tiktok_sandbox, "user.info.basic,video.list")
    assert page.status_code == 302
    back = parse_qs(urlsplit(page.headers["Location"]).query)  # parse_qs URL-decodes the code
    assert back["state"] == ["xyz"]
    assert back["scopes"] == ["user.info.basic,video.list"]  # the scopes the user granted
    code = back["code"][0]

    # 2. Your backend exchanges the code, form-encoded, with the same redirect URI.
    tokens = requests.post(
        TOKEN_URL,
        data={**keys, "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK},
        timeout=10,
    ).json()
    assert tokens["open_id"] == user.open_id
    assert tokens["access_token"].startswith("act.")
    assert tokens["expires_in"] == 7200  # 2 hours: refresh before then

    # 3. Refresh: a new access token and a new refresh token (keep the latest).
    refreshed = requests.post(
        TOKEN_URL, data={**keys, "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}, timeout=10
    ).json()
    assert refreshed["refresh_token"] != tokens["refresh_token"]

    # 4. Sign out: revoke the access token; the refresh token dies with it.
    revoked = requests.post(REVOKE_URL, data={**keys, "token": refreshed["access_token"]}, timeout=10)
    assert revoked.status_code == 200 and revoked.json() == {}
    again = requests.post(
        TOKEN_URL, data={**keys, "grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]}, timeout=10
    )
    assert again.status_code == 200  # OAuth errors are HTTP 200 bodies by default
    assert again.json()["error"] == "invalid_grant"
    # --8<-- [end:web_flow]


# --8<-- [start:consent]
def test_the_user_declines(tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    tiktok_api.login(tiktok_target_users[0], decline=True)
    page = authorize(tiktok_sandbox, "user.info.basic")
    back = parse_qs(urlsplit(page.headers["Location"]).query)
    assert back["error"] == ["access_denied"]
    assert back["state"] == ["xyz"]


def test_the_user_unticks_a_scope(
    tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    tiktok_api.login(tiktok_target_users[0], grant=["user.info.basic"])
    page = authorize(tiktok_sandbox, "user.info.basic,video.list")
    assert parse_qs(urlsplit(page.headers["Location"]).query)["scopes"] == ["user.info.basic"]
    # --8<-- [end:consent]


# --8<-- [start:error_page]
def test_only_target_users_can_authorize(
    tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, tiktok_portal: Portal
) -> None:
    stranger = tiktok_portal.create_account()  # a TikTok account, not a target user
    tiktok_api.login(stranger)
    page = authorize(tiktok_sandbox, "user.info.basic")
    # No redirect: TikTok shows its own error page, with HTTP 200.
    assert page.status_code == 200 and "Location" not in page.headers
    assert "We couldn't log in with TikTok" in page.text

    # The same refusal without HTTP, naming what to correct:
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_sandbox.authorize(stranger, "user.info.basic", CALLBACK)
    assert (refused.value.error, refused.value.error_type) == ("unauthorized_client", "client_key")
    # --8<-- [end:error_page]


# --8<-- [start:apply_changes]
@pytest.mark.tiktok_sandbox(products=["login_kit"], scopes=["user.info.basic"])
def test_a_scope_works_only_once_applied(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]
    tiktok_sandbox.add_scope("user.info.profile")  # staged, like an edit in the portal
    with pytest.raises(AuthorizationRefused):
        tiktok_sandbox.authorize(user, "user.info.profile", CALLBACK)
    tiktok_sandbox.apply_changes()  # "Apply changes"
    assert "code=" in tiktok_sandbox.authorize(user, "user.info.profile", CALLBACK)
    # --8<-- [end:apply_changes]
