"""``Sandbox.sign_in`` and ``App.sign_in``: a signed-in user in one call, through the fake's
own authorize page and token endpoint (logged, rate-limited and faulted like a client's calls)."""

from __future__ import annotations

import pytest
import requests

from pytest_tiktok_sandbox import (
    Account,
    App,
    Portal,
    PortalRuleError,
    Sandbox,
    SignInFailed,
    TikTokSandbox,
)
from pytest_tiktok_sandbox.mock import TikTokMock

from ..fresh_interpreter import modules_after

AUTHORIZE = "/v2/auth/authorize/"
TOKEN = "/v2/oauth/token/"
USER_INFO = "https://open.tiktokapis.com/v2/user/info/"


def test_sign_in_answers_the_token_exchange(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]
    tokens = tiktok_sandbox.sign_in(user)
    assert sorted(tokens) == [
        "access_token",
        "expires_in",
        "open_id",
        "refresh_expires_in",
        "refresh_token",
        "scope",
        "token_type",
    ]
    assert tokens["open_id"] == user.open_id
    assert tokens["scope"] == "user.info.basic,user.info.profile,user.info.stats,video.list", "the sandbox's scopes"
    me = requests.get(
        USER_INFO,
        params={"fields": "open_id,display_name"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=5,
    ).json()
    assert me["data"]["user"] == {"open_id": user.open_id, "display_name": user.display_name}


def test_sign_in_goes_through_the_http_endpoints(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    tiktok_sandbox.sign_in(tiktok_target_users[0], ["user.info.basic"])
    assert [(c.method, c.path, c.status) for c in tiktok_api.calls] == [("GET", AUTHORIZE, 302), ("POST", TOKEN, 200)]


def test_sign_in_takes_the_scopes_asked(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    assert tiktok_sandbox.sign_in(tiktok_target_users[0], ["video.list", "user.info.basic"])["scope"] == (
        "user.info.basic,video.list"
    )
    assert tiktok_sandbox.sign_in(tiktok_target_users[0], "user.info.basic,user.info.stats")["scope"] == (
        "user.info.basic,user.info.stats"
    )


@pytest.mark.tiktok_sandbox(target_users=2)
def test_sign_in_leaves_the_test_browser_alone(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    first, second = tiktok_target_users
    assert tiktok_sandbox.sign_in(second)["open_id"] == second.open_id
    assert tiktok_api.api.browser.account is first, "the browser's logged-in user is unchanged"


def test_each_sign_in_is_a_new_grant(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    one = tiktok_sandbox.sign_in(tiktok_target_users[0])
    two = tiktok_sandbox.sign_in(tiktok_target_users[0])
    assert one["access_token"] != two["access_token"]
    assert one["open_id"] == two["open_id"]


def test_sign_in_refuses_a_user_who_is_not_a_target_user(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    stranger = tiktok_portal.create_account()
    with pytest.raises(SignInFailed, match="only target users of a sandbox can authorize it") as refused:
        tiktok_sandbox.sign_in(stranger)
    assert refused.value.error == "unauthorized_client"
    assert isinstance(refused.value, PortalRuleError)
    assert tiktok_sandbox.client_secret not in str(refused.value)


@pytest.mark.parametrize("user", [None, "alice", 5])
def test_sign_in_says_it_takes_an_account(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, user: object) -> None:
    with pytest.raises(
        TypeError, match=r"sign_in signs in a TikTok Account \(a target user, such as tiktok_target_users\[0\]\), got"
    ):
        tiktok_sandbox.sign_in(user)  # type: ignore[arg-type]
    assert len(tiktok_api.calls) == 0  # refused before any request


def test_sign_in_refuses_a_scope_the_sandbox_lacks(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    with pytest.raises(SignInFailed, match=r"video\.publish") as refused:
        tiktok_sandbox.sign_in(tiktok_target_users[0], ["user.info.basic", "video.publish"])
    assert refused.value.error == "invalid_scope"


def test_sign_in_meets_injected_faults(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    tiktok_api.fail(TOKEN, 503)
    with pytest.raises(SignInFailed, match="the token endpoint answered 503 internal_error") as refused:
        tiktok_sandbox.sign_in(tiktok_target_users[0])
    assert refused.value.error == "internal_error"
    assert tiktok_sandbox.sign_in(tiktok_target_users[0])["access_token"], "the fault fired once"
    tiktok_api.fail(AUTHORIZE, 429)
    with pytest.raises(SignInFailed, match="the authorize page answered 429 rate_limit_exceeded"):
        tiktok_sandbox.sign_in(tiktok_target_users[0])
    assert [c.status for c in tiktok_api.calls] == [302, 503, 302, 200, 429]


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": ["http://localhost:5173/callback"]})
def test_a_desktop_sandbox_signs_in_with_pkce(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    tokens = tiktok_sandbox.sign_in(tiktok_target_users[0])
    assert tokens["open_id"] == tiktok_target_users[0].open_id
    assert "code_challenge=" in tiktok_api.calls.to(AUTHORIZE)[0].request.url


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": ["http://localhost:*/callback"]})
def test_a_desktop_redirect_uri_with_any_port_signs_in(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    assert tiktok_sandbox.sign_in(tiktok_target_users[0])["open_id"] == tiktok_target_users[0].open_id
    assert "localhost%3A8080%2Fcallback" in tiktok_api.calls.to(AUTHORIZE)[0].request.url
    tiktok_sandbox.sign_in(tiktok_target_users[0], redirect_uri="http://localhost:5173/callback")
    assert "localhost%3A5173%2Fcallback" in tiktok_api.calls.to(AUTHORIZE)[1].request.url


@pytest.mark.tiktok_sandbox(
    redirect_uris={"web": ["https://example.com/auth/tiktok/callback", "https://example.com/other"]}
)
def test_sign_in_with_another_redirect_uri(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    tiktok_sandbox.sign_in(tiktok_target_users[0], redirect_uri="https://example.com/other")
    assert "example.com%2Fother" in tiktok_api.calls.to(AUTHORIZE)[0].request.url
    with pytest.raises(SignInFailed, match="redirect_uri"):
        tiktok_sandbox.sign_in(tiktok_target_users[0], redirect_uri="https://example.com/unregistered")


@pytest.mark.tiktok_sandbox(app_live=True)
def test_an_app_signs_anyone_in_with_its_production_key(tiktok_app: App, tiktok_portal: Portal) -> None:
    anyone = tiktok_portal.create_account()
    tokens = tiktok_app.sign_in(anyone, ["user.info.basic"])
    assert tokens["open_id"] == anyone.open_id
    assert tiktok_portal.login_kit.grants(tiktok_app.client_key)[0].account is anyone


def test_an_app_without_a_live_version_cannot_sign_in(
    tiktok_app: App, tiktok_target_users: list[Account], tiktok_sandbox: Sandbox
) -> None:
    with pytest.raises(SignInFailed, match="client_key") as refused:
        tiktok_app.sign_in(tiktok_target_users[0])
    assert refused.value.error


def test_sign_in_without_a_fake_api_says_how_to_get_one() -> None:
    portal = Portal()
    app = portal.create_app(portal.signup("dev@example.com"), "Test app")
    app.mode = "sandbox"
    sandbox = app.create_sandbox("dev")
    account = portal.create_account()
    with pytest.raises(SignInFailed, match="no fake TikTok API serves this portal"):
        sandbox.sign_in(account)


def test_tiktok_sandbox_outside_pytest_signs_in() -> None:
    with TikTokSandbox(seed=7) as tt:
        tokens = tt.sandbox.sign_in(tt.target_users[0])
        assert tokens["open_id"] == tt.target_users[0].open_id
        assert tt.api.calls.count(TOKEN) == 1


def test_the_portal_signs_in_without_importing_the_http_layer() -> None:
    """The dependency points down: the portal holds the service the fake API registers, and
    imports nothing of ``api/`` (nor an HTTP client) to sign in or to refuse."""
    script = """
from pytest_tiktok_sandbox.portal import Portal, SignInFailed
portal = Portal()
app = portal.create_app(portal.signup("dev@example.com"), "Test app")
app.mode = "sandbox"
try:
    app.create_sandbox("dev").sign_in(portal.create_account())
except SignInFailed:
    pass
"""
    modules = modules_after(script)
    loaded = [m for m in modules if m.startswith(("pytest_tiktok_sandbox.api", "pytest_tiktok_sandbox.transports"))]
    loaded += [m for m in ("requests", "responses", "httpx", "urllib.request") if m in modules]
    assert loaded == []
