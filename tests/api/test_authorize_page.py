"""TikTok's authorize page over HTTP: when it redirects back, and when it shows its own
error page instead ("We couldn't log in with TikTok… correct the following: …")."""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox import Account, Portal, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock

from .login_kit_client import CALLBACK, LOG_ID, LoginKitClient, error_page_type, raw_query, redirect_params, tokens_of


# -- error pages: no redirect -----------------------------------------------------------------------
def test_an_unknown_client_key_gets_the_client_key_error_page(login_kit: LoginKitClient) -> None:
    page = LoginKitClient("sbawunknownkey0000", "secret").authorize()
    assert error_page_type(page) == "client_key"
    assert LOG_ID.match(page.headers["x-tt-logid"])


def test_a_production_key_without_a_live_version_gets_the_error_page(tiktok_sandbox: Sandbox) -> None:
    app = tiktok_sandbox.app
    assert error_page_type(LoginKitClient(app.client_key, app.client_secret).authorize()) == "client_key"


def test_a_missing_client_key_gets_the_error_page(login_kit: LoginKitClient) -> None:
    assert error_page_type(login_kit.authorize(client_key=None)) == "client_key"


@pytest.mark.parametrize(
    "redirect_uri",
    [
        pytest.param("https://evil.example/auth/tiktok/callback", id="other-host"),
        pytest.param(CALLBACK + "/", id="trailing-slash"),
        pytest.param(CALLBACK.rstrip("k"), id="prefix"),
        pytest.param(CALLBACK.replace("https://", "http://"), id="http"),
        pytest.param(CALLBACK.upper(), id="case"),
        pytest.param(CALLBACK + "?next=/home", id="query"),
        pytest.param("https://example.com/auth/tiktok/callback#x", id="fragment"),
        pytest.param("https://example.com:443/auth/tiktok/callback", id="explicit-port"),
        pytest.param("", id="empty"),
    ],
)
def test_a_redirect_uri_not_registered_exactly_gets_the_error_page(login_kit: LoginKitClient, redirect_uri) -> None:
    assert error_page_type(login_kit.authorize(redirect_uri=redirect_uri)) == "redirect_uri"


def test_a_missing_redirect_uri_gets_the_error_page(login_kit: LoginKitClient) -> None:
    assert error_page_type(login_kit.authorize(redirect_uri=None)) == "redirect_uri"


@pytest.mark.parametrize(
    "scope",
    [
        pytest.param("video.publish", id="not-enabled"),
        pytest.param("user.info.basic,video.publish", id="one-not-enabled"),
        pytest.param("video.upload", id="product-not-added"),
        pytest.param("user.info.email", id="unknown"),
        pytest.param("user.info.basic,user_info", id="one-unknown"),
        pytest.param("", id="empty"),
    ],
)
def test_a_scope_not_enabled_or_unknown_gets_the_scope_error_page(login_kit: LoginKitClient, scope) -> None:
    assert error_page_type(login_kit.authorize(scope)) == "scope"


def test_a_missing_scope_gets_the_scope_error_page(login_kit: LoginKitClient) -> None:
    assert error_page_type(login_kit.authorize(None)) == "scope"


def test_a_user_who_is_not_a_target_user_gets_the_client_key_error_page(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, tiktok_portal: Portal
) -> None:
    stranger = tiktok_portal.create_account(is_private=True)
    tiktok_api.login(stranger)
    assert error_page_type(login_kit.authorize()) == "client_key"


def test_a_target_user_of_another_sandbox_gets_the_client_key_error_page(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, other_sandbox: Sandbox
) -> None:
    tiktok_api.login(other_sandbox.all_target_users[0])
    assert error_page_type(login_kit.authorize()) == "client_key"


def test_the_helper_refuses_what_the_page_refuses(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    from pytest_tiktok_sandbox import AuthorizationRefused

    user = tiktok_sandbox.all_target_users[0]
    stranger = tiktok_portal.create_account()
    cases = [
        ((user, "user.info.basic", CALLBACK + "/"), "redirect_uri"),
        ((user, "video.publish", CALLBACK), "scope"),
        ((stranger, "user.info.basic", CALLBACK), "client_key"),
    ]
    for args, error_type in cases:
        with pytest.raises(AuthorizationRefused) as refused:
            tiktok_sandbox.authorize(*args)
        assert refused.value.error_type == error_type


def test_nobody_logged_in_shows_a_login_page_not_a_redirect(login_kit: LoginKitClient, tiktok_api: TikTokMock) -> None:
    tiktok_api.login(None)
    page = login_kit.authorize()
    assert page.status_code == 200
    assert "Location" not in page.headers
    assert "code=" not in page.text


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": ["http://localhost:*/callback"]})
def test_a_plain_code_challenge_method_gets_the_error_page(login_kit: LoginKitClient) -> None:
    page = login_kit.authorize(
        redirect_uri="http://localhost:8080/callback", code_challenge="x" * 43, code_challenge_method="plain"
    )
    assert error_page_type(page) == "code_challenge"


# -- redirects back ------------------------------------------------------------------------------
@pytest.mark.parametrize("response_type", ["token", "id_token", "CODE", ""])
def test_a_response_type_other_than_code_redirects_with_unsupported_response_type(
    login_kit: LoginKitClient, response_type: str
) -> None:
    params = redirect_params(login_kit.authorize(response_type=response_type, state="st"))
    assert params["error"] == "unsupported_response_type"
    assert params["state"] == "st"
    assert "code" not in params


def test_a_missing_response_type_redirects_with_unsupported_response_type(login_kit: LoginKitClient) -> None:
    params = redirect_params(login_kit.authorize(response_type=None))
    assert params["error"] == "unsupported_response_type"
    assert "code" not in params


def test_a_bad_response_type_with_an_unregistered_uri_does_not_redirect(login_kit: LoginKitClient) -> None:
    page = login_kit.authorize(response_type="token", redirect_uri="https://evil.example/cb")
    assert error_page_type(page) == "redirect_uri"


def test_declining_redirects_with_access_denied_and_the_state(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, target_user: Account
) -> None:
    tiktok_api.login(target_user, decline=True)
    params = redirect_params(login_kit.authorize("user.info.basic,video.list", state="keep-me"))
    assert params["error"] == "access_denied"
    assert params["state"] == "keep-me"
    assert params.get("error_description")
    assert "code" not in params and "scopes" not in params


def test_declining_through_the_helper(tiktok_sandbox: Sandbox, target_user: Account) -> None:
    redirect = tiktok_sandbox.authorize(target_user, "user.info.basic", CALLBACK, state="s", decline=True)
    assert "error=access_denied" in redirect and "state=s" in redirect and "code=" not in redirect


def test_a_partial_grant_redirects_with_the_granted_scopes_and_tokens_carry_them(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, target_user: Account
) -> None:
    tiktok_api.login(target_user, grant=["user.info.basic"])
    params = redirect_params(login_kit.authorize("user.info.basic,user.info.profile,video.list"))
    assert params["scopes"] == "user.info.basic"
    tokens = tokens_of(login_kit.exchange(params["code"]))
    assert tokens["scope"] == "user.info.basic"


def test_a_partial_grant_keeps_the_ticked_scopes(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, target_user: Account
) -> None:
    tiktok_api.login(target_user, grant=["user.info.basic", "video.list"])
    params = redirect_params(login_kit.authorize("user.info.basic,user.info.profile,video.list"))
    assert params["scopes"].split(",") == ["user.info.basic", "video.list"]
    assert tokens_of(login_kit.exchange(params["code"]))["scope"] == "user.info.basic,video.list"


def test_a_grant_cannot_add_a_scope_that_was_not_requested(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, target_user: Account
) -> None:
    tiktok_api.login(target_user, grant=["user.info.basic", "user.info.stats"])
    params = redirect_params(login_kit.authorize("user.info.basic"))
    assert params["scopes"] == "user.info.basic"
    assert tokens_of(login_kit.exchange(params["code"]))["scope"] == "user.info.basic"


@pytest.mark.parametrize(
    "scope",
    [
        "user.info.basic video.list",
        "user.info.basic+video.list",
        "video.list,user.info.basic",
        "video.list user.info.basic",
        "user.info.basic, video.list",
    ],
)
def test_scopes_separated_by_commas_in_any_order_or_by_spaces_are_accepted(
    login_kit: LoginKitClient, scope: str
) -> None:
    params = redirect_params(login_kit.authorize(scope.replace("+", " ")))
    assert set(params["scopes"].split(",")) == {"user.info.basic", "video.list"}
    assert tokens_of(login_kit.exchange(params["code"]))["scope"] == "user.info.basic,video.list"


def test_an_empty_state_is_echoed_back_empty(login_kit: LoginKitClient) -> None:
    page = login_kit.authorize(state="")
    params = redirect_params(page)
    assert params["state"] == ""
    assert "state=" in raw_query(page).split("&")


def test_a_state_with_special_characters_comes_back_unchanged(login_kit: LoginKitClient) -> None:
    state = "a b&c=d/é?#+%"
    assert redirect_params(login_kit.authorize(state=state))["state"] == state


def test_no_state_no_state_param(login_kit: LoginKitClient) -> None:
    assert "state" not in redirect_params(login_kit.authorize(state=None))


def test_every_registered_uri_redirects_to_itself(tiktok_sandbox: Sandbox, login_kit: LoginKitClient) -> None:
    second = "https://example.com/other/callback"
    tiktok_sandbox.add_redirect_uri("web", second)
    tiktok_sandbox.apply_changes()
    code = redirect_params(login_kit.authorize(redirect_uri=second), second)["code"]
    assert tokens_of(login_kit.exchange(code, redirect_uri=second))


# -- only the applied configuration counts ---------------------------------------------------------
@pytest.mark.tiktok_sandbox(products=["login_kit", "display_api", "content_posting_api"])
def test_a_scope_added_but_not_applied_is_refused_until_applied(
    tiktok_sandbox: Sandbox, login_kit: LoginKitClient
) -> None:
    tiktok_sandbox.add_scope("video.upload")
    assert tiktok_sandbox.has_unapplied_changes
    assert error_page_type(login_kit.authorize("user.info.basic,video.upload")) == "scope"
    tiktok_sandbox.apply_changes()
    params = redirect_params(login_kit.authorize("user.info.basic,video.upload"))
    assert params["scopes"] == "user.info.basic,video.upload"
    assert tokens_of(login_kit.exchange(params["code"]))["scope"] == "user.info.basic,video.upload"


def test_a_redirect_uri_added_but_not_applied_is_refused_until_applied(
    tiktok_sandbox: Sandbox, login_kit: LoginKitClient
) -> None:
    second = "https://example.com/other/callback"
    tiktok_sandbox.add_redirect_uri("web", second)
    assert error_page_type(login_kit.authorize(redirect_uri=second)) == "redirect_uri"
    tiktok_sandbox.apply_changes()
    assert redirect_params(login_kit.authorize(redirect_uri=second), second)["code"]


def test_a_scope_removed_but_not_applied_still_works(tiktok_sandbox: Sandbox, login_kit: LoginKitClient) -> None:
    tiktok_sandbox.remove_scope("video.list")
    assert redirect_params(login_kit.authorize("video.list"))["scopes"] == "video.list"
    tiktok_sandbox.apply_changes()
    assert error_page_type(login_kit.authorize("video.list")) == "scope"


def test_a_removed_target_user_can_no_longer_authorize(
    tiktok_sandbox: Sandbox, login_kit: LoginKitClient, target_user: Account
) -> None:
    assert redirect_params(login_kit.authorize())["code"]
    tiktok_sandbox.remove_target_user(target_user)
    assert error_page_type(login_kit.authorize()) == "client_key"


def test_a_deleted_sandbox_gets_the_client_key_error_page(
    tiktok_app, tiktok_sandbox: Sandbox, login_kit: LoginKitClient
) -> None:
    tiktok_app.delete_sandbox(tiktok_sandbox)
    assert error_page_type(login_kit.authorize()) == "client_key"


def test_nobody_logged_in_and_a_client_without_login_kit_gets_the_error_page(
    tiktok_sandbox: Sandbox, tiktok_api: TikTokMock
) -> None:
    tiktok_api.login(None)
    tiktok_sandbox.disable_product("login_kit")
    tiktok_sandbox.apply_changes()
    page = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).authorize()
    assert error_page_type(page) == "client_key"  # not a login page: there is nothing to log in to
