"""The live authorize page, as form posts: what it shows, who may log in, and where it sends
the browser (Login Kit's rules, exactly as the in-process page applies them)."""

from __future__ import annotations

import pytest
import requests
from live_helpers import CALLBACK, DESKTOP_CALLBACK, PageClient, error_type, exchange, pkce_pair, redirect_query

from pytest_tiktok_sandbox import Account, Portal, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.server import LiveServer

SCOPES = "user.info.basic,user.info.profile,video.list"


@pytest.fixture
def url(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> str:
    return tiktok_server.authorize_url(tiktok_sandbox, SCOPES, CALLBACK, "state-1")


# -- what the page shows -------------------------------------------------------------------------------
@pytest.mark.tiktok_sandbox(app_name="Clip <Uploader> & Co", target_users=2)
def test_the_login_form_shows_the_app_the_scopes_and_the_target_users(
    person: PageClient, url: str, tiktok_target_users: list[Account]
) -> None:
    page = person.open(url)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<h1>Log in to Clip &lt;Uploader&gt; &amp; Co</h1>" in page.text
    for scope in SCOPES.split(","):
        assert f'data-scope="{scope}"' in page.text
    for user in tiktok_target_users:
        assert f'value="{user.username}"' in page.text
        assert user.password not in page.text
    assert 'type="password"' in page.text
    assert "Set-Cookie" not in page.headers


def test_a_good_password_opens_a_session_and_the_consent_screen(
    person: PageClient, url: str, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    consent = person.log_in(url, user)
    assert consent.status_code == 200 and 'id="consent"' in consent.text
    assert f'data-open-id="{user.open_id}"' in consent.text
    assert 'value="user.info.basic" checked disabled' in consent.text
    assert "tt_sandbox_session=" in consent.headers["Set-Cookie"]
    again = person.open(url)  # the session skips the log-in form
    assert 'id="consent"' in again.text


def test_switch_account_logs_out(person: PageClient, url: str, tiktok_target_users: list[Account]) -> None:
    person.log_in(url, tiktok_target_users[0])
    switched = person.answer(url, "switch")
    assert 'id="login"' in switched.text and "Max-Age=0" in switched.headers["Set-Cookie"]
    assert 'id="login"' in person.open(url).text


def test_a_wrong_password_shows_the_form_again_with_an_error(
    person: PageClient, url: str, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    page = person.log_in(url, tiktok_target_users[0], "not-the-password")
    assert page.status_code == 200 and 'id="login"' in page.text
    assert 'role="alert">Incorrect username or password.' in page.text
    assert "Set-Cookie" not in page.headers
    assert tiktok_api.calls[-1].error_code == "login_failed"
    unknown = person.log_in(url, "nobody-at-all", "x")
    assert "Incorrect username or password." in unknown.text
    empty = person.log_in(url, "", "")
    assert "Enter a username and a password." in empty.text


def test_an_account_that_is_not_a_target_user_gets_the_client_key_error_page(
    person: PageClient, url: str, tiktok_portal: Portal
) -> None:
    stranger = tiktok_portal.create_account(is_private=True, username="stranger")
    page = person.log_in(url, stranger)
    assert error_type(page) == "client_key"
    assert 'data-error="unauthorized_client"' in page.text
    assert error_type(person.answer(url)) == "client_key"  # approving anyway changes nothing


# -- where it sends the browser --------------------------------------------------------------------------
def test_approving_redirects_with_a_code_the_token_endpoint_takes(
    person: PageClient, url: str, tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users
) -> None:
    person.log_in(url, tiktok_target_users[0])
    query = redirect_query(person.answer(url))
    assert query["state"] == "state-1" and query["scopes"] == SCOPES
    assert "*" in query["code"] and "!" in query["code"]
    tokens = exchange(tiktok_server, tiktok_sandbox, query["code"])
    assert tokens["open_id"] == tiktok_target_users[0].open_id and tokens["scope"] == SCOPES


def test_unticking_scopes_grants_the_rest_and_always_the_basic_one(
    person: PageClient, url: str, tiktok_target_users: list[Account]
) -> None:
    person.log_in(url, tiktok_target_users[0])
    assert redirect_query(person.answer(url, scopes=["video.list"]))["scopes"] == "user.info.basic,video.list"


def test_declining_redirects_with_access_denied(
    person: PageClient, url: str, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    person.log_in(url, tiktok_target_users[0])
    response = person.answer(url, "decline")
    assert response.headers["Location"].startswith(CALLBACK + "?")
    query = redirect_query(response)
    assert query["error"] == "access_denied" and query["state"] == "state-1" and "code" not in query
    assert tiktok_api.calls[-1].error_code == "access_denied"


def test_approving_without_a_session_shows_the_login_form(person: PageClient, url: str) -> None:
    page = person.answer(url)
    assert 'id="login"' in page.text and "Your session has ended" in page.text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"client_key": "sbawunknownkey0000"}, "client_key", id="unknown-client"),
        pytest.param({"redirect_uri": "https://evil.example/cb"}, "redirect_uri", id="redirect-uri"),
        pytest.param({"scope": "video.publish"}, "scope", id="scope-not-enabled"),
        pytest.param({"scope": ""}, "scope", id="no-scope"),
    ],
)
def test_a_bad_request_gets_the_error_page_before_any_login(
    person: PageClient, tiktok_server: LiveServer, tiktok_sandbox: Sandbox, change, expected
) -> None:
    query = {"client_key": tiktok_sandbox.client_key, "scope": SCOPES, "redirect_uri": CALLBACK, **change}
    url = tiktok_server.authorize_url(query.pop("client_key"), query.pop("scope"), query.pop("redirect_uri"))
    page = person.open(url)
    assert page.status_code == 200 and error_type(page) == expected
    assert "Log in" not in page.text


def test_an_unsupported_response_type_redirects_at_once(
    person: PageClient, tiktok_server: LiveServer, tiktok_sandbox: Sandbox
) -> None:
    url = tiktok_server.authorize_url(tiktok_sandbox, SCOPES, CALLBACK, "s", response_type="token")
    assert redirect_query(person.open(url))["error"] == "unsupported_response_type"


def test_a_production_key_without_a_live_version_gets_the_error_page(
    person: PageClient, tiktok_server: LiveServer, tiktok_sandbox: Sandbox
) -> None:
    url = tiktok_server.authorize_url(tiktok_sandbox.app.client_key, SCOPES, CALLBACK)
    assert error_type(person.open(url)) == "client_key"


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": [DESKTOP_CALLBACK]})
def test_desktop_needs_pkce_and_the_verifier_completes_the_exchange(
    person: PageClient, tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    redirect = "http://127.0.0.1:5555/callback"
    without = tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", redirect)
    assert error_type(person.log_in(without, tiktok_target_users[0])) == "code_challenge"

    verifier, challenge = pkce_pair()
    url = tiktok_server.authorize_url(
        tiktok_sandbox, "user.info.basic", redirect, "s", code_challenge=challenge, code_challenge_method="S256"
    )
    consent = person.open(url)  # already logged in: straight to consent
    assert 'id="consent"' in consent.text
    code = redirect_query(person.answer(url))["code"]
    tokens = exchange(tiktok_server, tiktok_sandbox, code, redirect, code_verifier=verifier)
    assert tokens["open_id"] == tiktok_target_users[0].open_id


def test_head_and_other_methods(tiktok_server: LiveServer, url: str) -> None:
    head = requests.head(url, timeout=10)
    assert head.status_code == 200 and head.content == b""
    put = requests.put(url, timeout=10)
    assert put.status_code == 405


def test_each_server_keeps_its_own_sessions(
    tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    with LiveServer(tiktok_api) as first:
        person = PageClient(first)
        url = first.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK)
        person.log_in(url, tiktok_target_users[0])
        with LiveServer(tiktok_api) as second:
            other = second.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK)
            assert 'id="login"' in person.open(other).text
        person.close()
