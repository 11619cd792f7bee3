"""Checks behind docs/differences.md: each difference from TikTok the page states is true of the fake."""

from __future__ import annotations

import warnings
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, App, Portal, Sandbox, TikTokMock, TikTokSandbox

CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
REVOKE_URL = "https://open.tiktokapis.com/v2/oauth/revoke/"


def token_for(sandbox: Sandbox, user: Account) -> dict[str, str]:
    code = parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    return dict(requests.post(TOKEN_URL, data=form, timeout=10).json())


def second_sandbox(app: App, portal: Portal, user: Account) -> Sandbox:
    other = app.create_sandbox("other")
    other.configure(products=["login_kit"], redirect_uris={"web": [CALLBACK]})
    other.add_target_user(user, user.password)
    return other


def test_oauth_errors_are_http_200_by_default(tiktok_sandbox: Sandbox) -> None:
    answer = requests.post(TOKEN_URL, data={"grant_type": "password"}, timeout=10)
    assert answer.status_code == 200
    assert sorted(answer.json()) == ["error", "error_description", "log_id"]


# --8<-- [start:unknown_path]
def test_an_unknown_path_is_explained(tiktok_api: object) -> None:
    answer = requests.get("https://open.tiktokapis.com/v2/oauth/token", timeout=10)  # no trailing slash
    assert answer.status_code == 404
    error = answer.json()["error"]
    assert error["code"] == "invalid_params"
    assert "did you mean https://open.tiktokapis.com/v2/oauth/token/ ?" in error["message"]
    # --8<-- [end:unknown_path]


def test_a_wrong_method_answers_405(tiktok_api: object) -> None:
    answer = requests.get(TOKEN_URL, timeout=10)
    assert answer.status_code == 405
    assert answer.json()["error"]["code"] == "invalid_params"


def test_the_authorize_error_page_is_http_200(tiktok_sandbox: Sandbox) -> None:
    page = requests.get(
        "https://www.tiktok.com/v2/auth/authorize/",
        params={"client_key": "nobody", "scope": "user.info.basic", "response_type": "code", "redirect_uri": CALLBACK},
        allow_redirects=False,
        timeout=10,
    )
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


def test_one_open_id_per_account_across_clients(
    tiktok_app: App, tiktok_portal: Portal, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    other = second_sandbox(tiktok_app, tiktok_portal, user)
    assert token_for(tiktok_sandbox, user)["open_id"] == token_for(other, user)["open_id"] == user.open_id


def test_the_target_user_delay_does_not_delay_authorization(tiktok_sandbox: Sandbox) -> None:
    portal = tiktok_sandbox.app.portal
    portal.target_user_delay = 3600
    account = portal.create_account()
    tiktok_sandbox.add_target_user(account, account.password)
    assert tiktok_sandbox.target_users.count(account) == 0
    assert "access_token" in token_for(tiktok_sandbox, account)


def test_profile_and_stats_scopes_need_login_kit_only(tiktok_app: App) -> None:
    sandbox = tiktok_app.create_sandbox("login-only")
    sandbox.enable_product("login_kit")
    sandbox.add_scope("user.info.profile")
    sandbox.add_scope("user.info.stats")  # no Display API needed


def test_revoking_another_clients_token_is_invalid_request(
    tiktok_app: App, tiktok_portal: Portal, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    other = second_sandbox(tiktok_app, tiktok_portal, user)
    token = token_for(other, user)["access_token"]
    form = {"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret, "token": token}
    answer = requests.post(REVOKE_URL, data=form, timeout=10).json()
    assert answer["error"] == "invalid_request"
    unknown = requests.post(REVOKE_URL, data={**form, "token": "act.unknown"}, timeout=10)
    assert unknown.status_code == 200 and unknown.json() == {}


def test_sandboxes_can_be_created_in_either_mode(tiktok_app: App) -> None:
    tiktok_app.mode = "production"
    tiktok_app.create_sandbox("made-in-production-mode")
    tiktok_app.mode = "sandbox"
    tiktok_app.create_sandbox("made-in-sandbox-mode")


def test_cloning_drops_products_a_sandbox_cannot_have(tiktok_app: App) -> None:
    draft = tiktok_app.draft
    assert draft is not None
    tiktok_app.update_draft(draft.config.model_copy(update={"products": frozenset({"data_portability_api"})}))
    with pytest.warns(UserWarning, match="sandbox mode does not offer Data Portability API"):
        sandbox = tiktok_app.create_sandbox("clone", clone_from=draft)
    assert sandbox.config.products == frozenset()


def test_the_code_of_another_client_reads_as_expired(
    tiktok_app: App, tiktok_portal: Portal, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    other = second_sandbox(tiktok_app, tiktok_portal, user)
    code = parse_qs(urlsplit(other.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    answer = requests.post(TOKEN_URL, data=form, timeout=10).json()
    assert answer["error_description"] == "Authorization code is expired."


def test_removing_a_target_user_sends_no_webhook() -> None:
    with TikTokSandbox(webhook_callback_url="https://example.com/hooks") as tt:
        user = tt.target_users[0]
        token_for(tt.sandbox, user)
        tt.sandbox.remove_target_user(user)
        assert len(tt.portal.events) == 0
        assert tt.portal.login_kit.grants(tt.sandbox.client_key) == []


def test_production_keys_authorize_any_account_once_live(tiktok_app: App, tiktok_portal: Portal) -> None:
    draft = tiktok_app.draft
    assert draft is not None
    sandbox = tiktok_app.create_sandbox("to-import")
    sandbox.configure(products=["login_kit"], redirect_uris={"web": [CALLBACK]})
    tiktok_app.import_sandbox(sandbox)
    tiktok_app.approve()
    anyone = tiktok_portal.create_account()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        redirect = tiktok_portal.login_kit.authorize(tiktok_app, anyone, "user.info.basic", CALLBACK)
    assert "code=" in redirect


def test_web_pkce_is_optional_and_accepts_both_encodings(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    import base64
    import hashlib

    from pytest_tiktok_sandbox import pkce_challenge

    user = tiktok_target_users[0]
    verifier = "v" * 50
    rfc7636 = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    for challenge in (pkce_challenge(verifier), rfc7636):
        redirect = tiktok_sandbox.authorize(user, "user.info.basic", CALLBACK, code_challenge=challenge)
        code = parse_qs(urlsplit(redirect).query)["code"][0]
        form = {
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        }
        assert "access_token" in requests.post(TOKEN_URL, data=form, timeout=10).json()
    assert "access_token" in token_for(tiktok_sandbox, user)  # and without PKCE at all


def test_disable_auto_auth_is_ignored(tiktok_sandbox: Sandbox) -> None:
    page = requests.get(
        "https://www.tiktok.com/v2/auth/authorize/",
        params={
            "client_key": tiktok_sandbox.client_key,
            "scope": "user.info.basic",
            "response_type": "code",
            "redirect_uri": CALLBACK,
            "disable_auto_auth": "1",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert page.status_code == 302


def test_a_still_encoded_code_is_refused(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    redirect = tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic", CALLBACK)
    raw = dict(pair.split("=", 1) for pair in urlsplit(redirect).query.split("&"))["code"]
    assert "%2A0%21" in raw
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": raw,
        "redirect_uri": CALLBACK,
    }
    assert requests.post(TOKEN_URL, data=form, timeout=10).json()["error"] == "invalid_grant"


def test_nobody_logged_in_gets_a_login_page(tiktok_api: TikTokMock, tiktok_sandbox: Sandbox) -> None:
    tiktok_api.login(None)
    page = requests.get(
        "https://www.tiktok.com/v2/auth/authorize/",
        params={
            "client_key": tiktok_sandbox.client_key,
            "scope": "user.info.basic",
            "response_type": "code",
            "redirect_uri": CALLBACK,
        },
        allow_redirects=False,
        timeout=10,
    )
    assert page.status_code == 200 and "Location" not in page.headers
