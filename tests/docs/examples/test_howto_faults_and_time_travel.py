"""The samples of docs/how-to/faults-and-time-travel.md: injected failures and the portal clock."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, Clock, Sandbox, TikTokMock, TikTokSandbox

CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"


def client_token(sandbox: Sandbox) -> requests.Response:
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "client_credentials",
    }
    return requests.post(TOKEN_URL, data=form, timeout=10)


def code_for(sandbox: Sandbox, user: Account) -> str:
    return parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]


def exchange(sandbox: Sandbox, code: str) -> requests.Response:
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    return requests.post(TOKEN_URL, data=form, timeout=10)


# --8<-- [start:retry]
def get_client_token_with_retries(sandbox: Sandbox, attempts: int = 5) -> requests.Response:
    """Your code under test: retry 429 and 5xx answers."""
    for _ in range(attempts):
        answer = client_token(sandbox)
        if answer.status_code != 429 and answer.status_code < 500:
            return answer
    return answer


def test_my_retries_get_through_two_failures(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", 503, times=2)  # the next two requests answer 503
    answer = get_client_token_with_retries(tiktok_sandbox)
    assert answer.json()["access_token"].startswith("clt.")
    assert [call.status for call in tiktok_api.calls] == [503, 503, 200]
    # --8<-- [end:retry]


# --8<-- [start:marker]
@pytest.mark.tiktok_fault("/v2/oauth/token/", 429, times=None)  # always
def test_my_retries_give_up(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    answer = get_client_token_with_retries(tiktok_sandbox, attempts=3)
    assert answer.status_code == 429
    assert answer.json()["error"] == "rate_limit_exceeded"  # the OAuth endpoints keep their flat shape
    assert tiktok_api.calls.count("/v2/oauth/token/") == 3
    # --8<-- [end:marker]


# --8<-- [start:latency]
def test_a_slow_answer(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", None, latency=0.2)  # status None: only slow, then a normal answer
    started = time.monotonic()
    assert client_token(tiktok_sandbox).status_code == 200
    assert time.monotonic() - started >= 0.2
    # --8<-- [end:latency]


# --8<-- [start:code_expiry]
def test_a_code_expires_after_ten_minutes(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock
) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    tiktok_clock.advance(minutes=10)
    answer = exchange(tiktok_sandbox, code).json()
    assert answer["error"] == "invalid_grant"
    assert answer["error_description"] == "Authorization code is expired."
    # --8<-- [end:code_expiry]


# --8<-- [start:refresh_expiry]
def test_an_access_token_lives_2_hours_and_a_refresh_token_180_days(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock
) -> None:
    tiktok_clock.freeze()  # only advance() moves it now: exact numbers
    tokens = exchange(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0])).json()
    assert (tokens["expires_in"], tokens["refresh_expires_in"]) == (7200, 180 * 86400)
    keys = {"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret}

    tiktok_clock.advance(hours=2)  # the access token has expired: refresh it
    tiktok_clock.advance(days=150)
    refreshed = requests.post(
        TOKEN_URL, data={**keys, "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}, timeout=10
    ).json()
    assert refreshed["expires_in"] == 7200  # a fresh access token
    assert refreshed["refresh_expires_in"] == 30 * 86400 - 7200  # counts down from the first grant

    tiktok_clock.advance(days=30)
    dead = requests.post(
        TOKEN_URL, data={**keys, "grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]}, timeout=10
    ).json()
    assert dead["error"] == "invalid_grant"
    # --8<-- [end:refresh_expiry]


# --8<-- [start:legacy_lifetimes]
def test_the_former_24_hour_and_365_day_lifetimes() -> None:
    settings = ApiSettings(access_token_lifetime=86_400, refresh_token_lifetime=365 * 86_400)
    with TikTokSandbox(settings=settings) as tt:  # or override the tiktok_api_settings fixture
        tokens = exchange(tt.sandbox, code_for(tt.sandbox, tt.target_users[0])).json()
    assert (tokens["expires_in"], tokens["refresh_expires_in"]) == (86_400, 31_536_000)
    # --8<-- [end:legacy_lifetimes]


# --8<-- [start:target_user_delay]
def test_a_new_target_user_shows_on_the_app_page_later(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    portal = tiktok_sandbox.app.portal
    portal.target_user_delay = 3600  # or --tiktok-target-user-delay=3600 for the whole run
    account = portal.create_account(is_private=True)
    tiktok_sandbox.add_target_user(account, account.password)

    assert account not in tiktok_sandbox.target_users  # the page does not list it yet...
    assert account in tiktok_sandbox.all_target_users
    assert "code=" in tiktok_sandbox.authorize(account, "user.info.basic", CALLBACK)  # ...but it can sign in
    tiktok_clock.advance(hours=1)
    assert account in tiktok_sandbox.target_users
    # --8<-- [end:target_user_delay]


# --8<-- [start:timeout]
def test_a_timeout_shorter_than_the_latency(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", None, latency=30)
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "grant_type": "client_credentials",
    }
    started = time.monotonic()
    with pytest.raises(requests.ReadTimeout):  # the client's own exception, after its 0.2 s
        requests.post("https://open.tiktokapis.com/v2/oauth/token/", data=form, timeout=0.2)
    assert time.monotonic() - started < 5
    # --8<-- [end:timeout]
