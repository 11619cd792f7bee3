"""Login Kit's web flow over HTTP: authorize, exchange, refresh, revoke, client credentials.

Only plain ``requests`` calls to TikTok's URLs (and ``sandbox.authorize``), the way an
app's backend talks to TikTok. The refusals of the authorize page are in
``test_authorize_page.py``, the code and client rules in ``test_tokens.py``, PKCE in
``test_pkce.py``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, Clock, Sandbox, TikTokSandbox
from pytest_tiktok_sandbox.mock import TikTokMock

from .login_kit_client import (
    CALLBACK,
    LOG_ID,
    REVOKE_URL,
    TOKEN_KEYS,
    TOKEN_URL,
    LoginKitClient,
    oauth_error,
    raw_query,
    redirect_params,
    tokens_of,
)


def test_readme_example_web_login(tiktok_sandbox, tiktok_target_users):
    """Sign a target user in through TikTok's authorize page, exchange the code, refresh
    the access token and revoke it: all with plain ``requests``, as your backend would."""
    user = tiktok_target_users[0]  # a target user of the sandbox, logged in to tiktok.com
    callback = "https://example.com/auth/tiktok/callback"  # registered by default

    # 1. The browser goes to TikTok's authorize page; the user consents and TikTok
    #    redirects back to your redirect URI with a code.
    page = requests.get(
        "https://www.tiktok.com/v2/auth/authorize/",
        params={
            "client_key": tiktok_sandbox.client_key,
            "scope": "user.info.basic,video.list",
            "response_type": "code",
            "redirect_uri": callback,
            "state": "xyz",
        },
        allow_redirects=False,
    )
    assert page.status_code == 302
    back = parse_qs(urlsplit(page.headers["Location"]).query)  # parse_qs URL-decodes the code
    assert back["state"] == ["xyz"]
    assert back["scopes"] == ["user.info.basic,video.list"]
    code = back["code"][0]

    # 2. Your backend exchanges the code (form-encoded, with the same redirect URI).
    keys = {"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret}
    token_url = "https://open.tiktokapis.com/v2/oauth/token/"
    tokens = requests.post(
        token_url,
        data={**keys, "grant_type": "authorization_code", "code": code, "redirect_uri": callback},
    ).json()
    assert tokens["open_id"] == user.open_id
    assert tokens["scope"] == "user.info.basic,video.list"
    assert tokens["access_token"].startswith("act.")
    assert tokens["expires_in"] == 7200  # 2 hours ("Manage OAuth Access Tokens", Nov 2026)

    # 3. A day later, the refresh token gets a new access token (and a new refresh token:
    #    keep the latest one).
    refreshed = requests.post(
        token_url, data={**keys, "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    ).json()
    assert refreshed["access_token"] != tokens["access_token"]

    # 4. Sign out: revoke the access token. TikTok answers 200; the refresh token is dead.
    revoked = requests.post(
        "https://open.tiktokapis.com/v2/oauth/revoke/", data={**keys, "token": refreshed["access_token"]}
    )
    assert revoked.status_code == 200
    again = requests.post(
        token_url, data={**keys, "grant_type": "refresh_token", "refresh_token": refreshed["refresh_token"]}
    ).json()
    assert again["error"] == "invalid_grant"  # OAuth errors come back as HTTP 200 bodies


# -- authorize ----------------------------------------------------------------------------------
def test_authorize_redirects_to_the_redirect_uri_with_code_scopes_and_state(login_kit: LoginKitClient) -> None:
    page = login_kit.authorize("user.info.basic,video.list", state="my-state")
    assert page.status_code == 302
    assert page.text == ""
    assert page.headers["Location"].startswith(CALLBACK + "?")
    params = redirect_params(page)
    assert sorted(params) == ["code", "scopes", "state"]
    assert params["scopes"] == "user.info.basic,video.list"
    assert params["state"] == "my-state"


def test_the_code_ends_in_star_0_bang_and_arrives_percent_encoded(login_kit: LoginKitClient) -> None:
    page = login_kit.authorize()
    code = redirect_params(page)["code"]
    assert "*0!" in code
    suffix = code.rpartition("*0!")[2]
    assert suffix[:4].isdigit()
    # parse_qs decodes: look at the query as TikTok sent it.
    raw_code = dict(pair.split("=", 1) for pair in raw_query(page).split("&"))["code"]
    assert "%2A0%21" in raw_code
    assert "*" not in raw_code and "!" not in raw_code


def test_the_helper_gives_the_same_redirect_as_the_page(tiktok_sandbox: Sandbox, target_user: Account) -> None:
    redirect = tiktok_sandbox.authorize(target_user, "user.info.basic,video.list", CALLBACK, state="s")
    base, _, query = redirect.partition("?")
    assert base == CALLBACK
    assert "%2A0%21" in query
    params = {k: v[0] for k, v in parse_qs(query).items()}
    assert params["scopes"] == "user.info.basic,video.list" and params["state"] == "s"
    client = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret)
    assert tokens_of(client.exchange(params["code"]))["open_id"] == target_user.open_id


# -- the token exchange ---------------------------------------------------------------------------
def test_token_exchange_answers_exactly_tiktoks_keys(login_kit: LoginKitClient, target_user: Account) -> None:
    response = login_kit.exchange(login_kit.code("video.list,user.info.basic"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == "application/json"
    tokens = response.json()
    assert list(tokens) == TOKEN_KEYS
    assert tokens["access_token"].startswith("act.")
    assert tokens["refresh_token"].startswith("rft.")
    assert tokens["access_token"] != tokens["refresh_token"]
    # TikTok's "Manage OAuth Access Tokens" and "Refresh a User Access Token" pages (updated
    # November 2026): an access token lives 2 hours, a refresh token 180 days.
    assert tokens["expires_in"] == 7200
    assert tokens["refresh_expires_in"] == 15552000
    assert tokens["open_id"] == target_user.open_id
    assert tokens["scope"] == "user.info.basic,video.list"
    assert tokens["token_type"] == "Bearer"


def test_token_shapes_match_real_captures(login_kit: LoginKitClient) -> None:
    tokens = login_kit.sign_in()
    for key, prefix in (("access_token", "act."), ("refresh_token", "rft.")):
        token = tokens[key]
        assert len(token) == 72, token
        body, _, region = token[4:].rpartition(".")
        alnum, _, digits = body.partition("!")
        assert token.startswith(prefix) and len(alnum) == 60 and alnum.isalnum()
        assert len(digits) == 4 and digits.isdigit() and region


# -- refresh --------------------------------------------------------------------------------------
def test_refresh_issues_a_new_access_token_and_rotates_the_refresh_token(
    login_kit: LoginKitClient, target_user: Account
) -> None:
    first = login_kit.sign_in("user.info.basic,video.list")
    response = login_kit.refresh(first["refresh_token"])
    second = tokens_of(response)
    assert list(second) == TOKEN_KEYS
    assert second["access_token"].startswith("act.") and second["access_token"] != first["access_token"]
    assert second["refresh_token"].startswith("rft.") and second["refresh_token"] != first["refresh_token"]
    assert second["open_id"] == target_user.open_id
    assert second["scope"] == first["scope"]
    assert second["expires_in"] == 7200 and second["token_type"] == "Bearer"

    # The old refresh token is dead; the new one works (and rotates again).
    assert oauth_error(login_kit.refresh(first["refresh_token"]))[0] == "invalid_grant"
    third = tokens_of(login_kit.refresh(second["refresh_token"]))
    assert third["refresh_token"] not in (first["refresh_token"], second["refresh_token"])
    assert oauth_error(login_kit.refresh(second["refresh_token"]))[0] == "invalid_grant"


def test_refresh_expires_in_counts_down_from_the_first_grant(login_kit: LoginKitClient, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    days_180 = 15_552_000
    first = login_kit.sign_in()
    assert first["refresh_expires_in"] == days_180
    tiktok_clock.advance(days=30)
    second = tokens_of(login_kit.refresh(first["refresh_token"]))
    assert second["refresh_expires_in"] == days_180 - 30 * 86_400
    tiktok_clock.advance(days=100, seconds=7)
    third = tokens_of(login_kit.refresh(second["refresh_token"]))
    assert third["refresh_expires_in"] == days_180 - 130 * 86_400 - 7
    assert third["expires_in"] == 7_200  # the access token's lifetime does not count down


def test_refresh_expires_in_counts_down_on_the_ticking_clock_too(
    login_kit: LoginKitClient, tiktok_clock: Clock
) -> None:
    first = login_kit.sign_in()
    tiktok_clock.advance(days=30)
    second = tokens_of(login_kit.refresh(first["refresh_token"]))
    # The default clock ticks with real time, so allow the test's own run time.
    assert 15_552_000 - 30 * 86_400 - 5 <= second["refresh_expires_in"] <= 15_552_000 - 30 * 86_400


def test_a_refresh_token_dies_180_days_after_the_first_grant(login_kit: LoginKitClient, tiktok_clock: Clock) -> None:
    # "Refresh a User Access Token" (November 2026): a refresh token is valid for 180 days.
    tiktok_clock.freeze()
    first = login_kit.sign_in()
    tiktok_clock.advance(days=100)
    second = tokens_of(login_kit.refresh(first["refresh_token"]))  # rotated, but not renewed
    tiktok_clock.advance(80 * 86_400 - 1)
    third = tokens_of(login_kit.refresh(second["refresh_token"]))  # one second left
    assert third["refresh_expires_in"] == 1
    tiktok_clock.advance(seconds=1)
    assert oauth_error(login_kit.refresh(third["refresh_token"]))[0] == "invalid_grant"


def test_an_access_token_dies_2_hours_after_it_is_issued(login_kit: LoginKitClient, tiktok_clock: Clock) -> None:
    # "Manage OAuth Access Tokens" (November 2026): an access token is valid for 2 hours;
    # clients must refresh it before then, on the schedule expires_in gives.
    tiktok_clock.freeze()
    tokens = login_kit.sign_in("user.info.basic")

    def user_info(token: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id", headers=headers, timeout=10)

    assert user_info(tokens["access_token"]).status_code == 200
    tiktok_clock.advance(7_199)
    assert user_info(tokens["access_token"]).status_code == 200
    tiktok_clock.advance(1)
    assert user_info(tokens["access_token"]).json()["error"]["code"] == "access_token_invalid"
    fresh = tokens_of(login_kit.refresh(tokens["refresh_token"]))
    assert user_info(fresh["access_token"]).status_code == 200


def test_refresh_never_widens_the_scope(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, target_user: Account
) -> None:
    tiktok_api.login(target_user, grant=["user.info.basic"])
    first = login_kit.sign_in("user.info.basic,video.list")
    assert first["scope"] == "user.info.basic"
    # Even with more scopes on the client and a scope asked for at refresh time.
    tiktok_sandbox.configure(products=["content_posting_api"], scopes=["video.upload"])
    second = tokens_of(login_kit.refresh(first["refresh_token"], scope="user.info.basic,video.list,video.upload"))
    assert second["scope"] == "user.info.basic"
    third = tokens_of(login_kit.refresh(second["refresh_token"]))
    assert third["scope"] == "user.info.basic"


def test_refresh_needs_a_refresh_token(login_kit: LoginKitClient) -> None:
    assert oauth_error(login_kit.refresh(None))[0] == "invalid_request"
    assert oauth_error(login_kit.refresh("rft.not-a-token"))[0] == "invalid_grant"


def test_an_access_token_is_not_a_refresh_token(login_kit: LoginKitClient) -> None:
    tokens = login_kit.sign_in()
    assert oauth_error(login_kit.refresh(tokens["access_token"]))[0] == "invalid_grant"


# -- revoke ---------------------------------------------------------------------------------------
def test_revoke_answers_200_with_an_empty_object_and_kills_the_refresh_token(login_kit: LoginKitClient) -> None:
    tokens = login_kit.sign_in()
    assert tokens_of(login_kit.refresh(tokens["refresh_token"]))  # alive before
    tokens = login_kit.sign_in()
    response = login_kit.revoke(tokens["access_token"])
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == "application/json"
    assert response.json() == {}
    assert oauth_error(login_kit.refresh(tokens["refresh_token"])) == (
        "invalid_grant",
        "Refresh token is invalid or expired.",
    )


def test_revoke_after_refresh_kills_the_latest_refresh_token(login_kit: LoginKitClient) -> None:
    first = login_kit.sign_in()
    second = tokens_of(login_kit.refresh(first["refresh_token"]))
    assert login_kit.revoke(second["access_token"]).json() == {}
    assert oauth_error(login_kit.refresh(second["refresh_token"]))[0] == "invalid_grant"


def test_revoke_needs_the_token_and_the_clients_credentials(login_kit: LoginKitClient) -> None:
    tokens = login_kit.sign_in()
    assert oauth_error(login_kit.revoke(None))[0] == "invalid_request"
    assert oauth_error(login_kit.revoke(tokens["access_token"], client_secret="x" * 32))[0] == "invalid_client"
    assert oauth_error(login_kit.revoke(tokens["access_token"], client_key="sbawunknownkey0000"))[0] == (
        "invalid_client"
    )
    # None of the refused calls revoked anything.
    assert tokens_of(login_kit.refresh(tokens["refresh_token"]))


def test_another_sandboxs_revoke_refuses_the_token_and_leaves_it_alive(
    login_kit: LoginKitClient, other_login_kit: LoginKitClient, other_sandbox: Sandbox
) -> None:
    tokens = login_kit.sign_in()
    error, _ = oauth_error(other_login_kit.revoke(tokens["access_token"]))
    assert error in ("invalid_request", "invalid_client", "invalid_grant")
    assert tokens_of(login_kit.refresh(tokens["refresh_token"]))["open_id"] == tokens["open_id"]


def test_another_sandboxs_tokens_are_not_valid_here(
    login_kit: LoginKitClient, other_login_kit: LoginKitClient, other_sandbox: Sandbox
) -> None:
    (other_user,) = other_sandbox.all_target_users
    code = parse_qs(urlsplit(other_sandbox.authorize(other_user, "user.info.basic", CALLBACK)).query)["code"][0]
    theirs = tokens_of(other_login_kit.exchange(code))
    assert theirs["open_id"] == other_user.open_id
    assert oauth_error(login_kit.refresh(theirs["refresh_token"]))[0] == "invalid_grant"
    assert oauth_error(login_kit.revoke(theirs["access_token"]))[0] != ""
    assert tokens_of(other_login_kit.refresh(theirs["refresh_token"]))


# -- client credentials ----------------------------------------------------------------------------
def test_client_credentials_give_a_client_token(login_kit: LoginKitClient) -> None:
    response = login_kit.client_credentials()
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == "application/json"
    body = response.json()
    assert list(body) == ["access_token", "expires_in", "token_type"]
    assert body["access_token"].startswith("clt.")
    assert body["expires_in"] == 7200
    assert body["token_type"] == "Bearer"
    assert "refresh_token" not in body and "open_id" not in body
    assert login_kit.client_credentials().json()["access_token"] != body["access_token"]


def test_client_credentials_need_the_right_secret(login_kit: LoginKitClient) -> None:
    assert oauth_error(login_kit.client_credentials(client_secret="wrong"))[0] == "invalid_client"
    assert oauth_error(login_kit.client_credentials(client_secret=None))[0] == "invalid_client"


def test_a_client_token_is_not_a_refresh_token(login_kit: LoginKitClient) -> None:
    token = login_kit.client_credentials().json()["access_token"]
    assert oauth_error(login_kit.refresh(token))[0] == "invalid_grant"


# -- log ids and content types ----------------------------------------------------------------------
def test_every_answer_carries_a_34_character_log_id(login_kit: LoginKitClient, tiktok_api: TikTokMock) -> None:
    redirect = login_kit.authorize()
    error_page = login_kit.authorize(scope="video.publish")
    tokens = login_kit.exchange(redirect_params(redirect)["code"])
    refused = login_kit.exchange("bogus")
    refreshed = login_kit.refresh(tokens.json()["refresh_token"])
    client = login_kit.client_credentials()
    revoked = login_kit.revoke(refreshed.json()["access_token"])
    revoke_refused = login_kit.revoke(None)
    answers = [redirect, error_page, tokens, refused, refreshed, client, revoked, revoke_refused]
    log_ids = [a.headers["x-tt-logid"] for a in answers]
    for log_id in log_ids:
        assert len(log_id) == 34 and LOG_ID.match(log_id), log_id
    assert len(set(log_ids)) == len(log_ids)  # one per request
    assert [c.status for c in tiktok_api.calls] == [a.status_code for a in answers]


def test_the_log_id_starts_with_the_portal_clocks_utc_time(login_kit: LoginKitClient, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    tiktok_clock.advance(days=3)
    response = login_kit.client_credentials()
    assert response.headers["x-tt-logid"][:14] == tiktok_clock.datetime().strftime("%Y%m%d%H%M%S")


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.exchange("bogus"), id="exchange"),
        pytest.param(lambda c: c.refresh("rft.bogus"), id="refresh"),
        pytest.param(lambda c: c.token(grant_type="password"), id="grant_type"),
        pytest.param(lambda c: c.client_credentials(client_secret="wrong"), id="client_credentials"),
        pytest.param(lambda c: c.revoke(None), id="revoke"),
        pytest.param(lambda c: requests.post(TOKEN_URL, json={"grant_type": "client_credentials"}), id="json"),
        pytest.param(lambda c: requests.post(REVOKE_URL, data={}), id="empty"),
    ],
)
def test_oauth_errors_are_flat_json_with_the_headers_log_id(login_kit: LoginKitClient, call) -> None:
    response = call(login_kit)
    error, description = oauth_error(response)  # checks the shape, the status and the log_id
    assert error and description
    assert "data" not in response.json()


def test_every_json_answer_says_application_json(login_kit: LoginKitClient) -> None:
    tokens = login_kit.sign_in()
    answers = [
        login_kit.refresh(tokens["refresh_token"]),
        login_kit.client_credentials(),
        login_kit.exchange("bogus"),
        login_kit.revoke("act.unknown"),
        requests.post(TOKEN_URL, json={}),
    ]
    for answer in answers:
        assert answer.headers["Content-Type"].split(";")[0].strip() == "application/json", answer.headers
        answer.json()


@pytest.mark.parametrize("field", ["access_token_lifetime", "refresh_token_lifetime"])
@pytest.mark.parametrize("bad", [0, -1, 7200.5, "7200", True, None])
def test_token_lifetime_settings_are_positive_seconds(field: str, bad: object) -> None:
    with pytest.raises(ValueError, match=field):
        ApiSettings(**{field: bad})  # type: ignore[arg-type]


def test_the_lifetime_settings_reach_the_refresh_too() -> None:
    settings = ApiSettings(access_token_lifetime=60, refresh_token_lifetime=600)
    with TikTokSandbox(settings=settings) as tt:
        tt.clock.freeze()
        client = LoginKitClient(tt.sandbox.client_key, tt.sandbox.client_secret)
        first = client.sign_in()
        assert (first["expires_in"], first["refresh_expires_in"]) == (60, 600)
        tt.clock.advance(100)
        second = tokens_of(client.refresh(first["refresh_token"]))
        assert (second["expires_in"], second["refresh_expires_in"]) == (60, 500)
