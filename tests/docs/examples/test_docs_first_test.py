"""The samples of docs/index.md: a first test, and the same set-up outside pytest fixtures."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, Sandbox, TikTokSandbox

# --8<-- [start:first_test]
CALLBACK = "https://example.com/auth/tiktok/callback"  # registered by default


def test_sign_in(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]
    # The browser step: the target user logs in and consents. `authorize` returns the
    # URL TikTok redirects the browser to (or raises where TikTok shows an error page).
    redirect = tiktok_sandbox.authorize(user, "user.info.basic,video.list", CALLBACK, state="xyz")
    code = parse_qs(urlsplit(redirect).query)["code"][0]  # URL-decoded, as TikTok requires

    # Your code exchanges the code exactly as it would against TikTok:
    tokens = requests.post(
        "https://open.tiktokapis.com/v2/oauth/token/",
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": CALLBACK,
        },
        timeout=10,
    ).json()
    assert tokens["open_id"] == user.open_id
    assert tokens["scope"] == "user.info.basic,video.list"
    # --8<-- [end:first_test]


# --8<-- [start:marker]
@pytest.mark.tiktok_sandbox(products=["login_kit"], scopes=["user.info.basic"], target_users=3)
def test_three_users(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    assert len(tiktok_target_users) == 3
    assert tiktok_sandbox.config.scopes == {"user.info.basic"}
    # --8<-- [end:marker]


# --8<-- [start:outside_pytest]
def test_without_fixtures() -> None:
    with TikTokSandbox(target_users=2, scopes=["user.info.basic"], seed=7) as tt:
        assert tt.sandbox.client_key.startswith("sbaw")  # a sandbox's own client key
        assert len(tt.target_users) == 2
        answer = requests.post(
            "https://open.tiktokapis.com/v2/oauth/token/",
            data={
                "client_key": tt.sandbox.client_key,
                "client_secret": tt.sandbox.client_secret,
                "grant_type": "client_credentials",
            },
            timeout=10,
        )
        assert answer.json()["access_token"].startswith("clt.")
        assert len(tt.api.calls) == 1
    # --8<-- [end:outside_pytest]
