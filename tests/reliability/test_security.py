"""Security properties of the fake, each a test that fails if the rule is loosened.

Several are also covered where their feature is tested; here they are checked across every
endpoint that takes a user token, so that a new endpoint cannot forget one.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any

import pytest
import requests

from pytest_tiktok_sandbox import (
    Account,
    App,
    AuthorizationRefused,
    Clock,
    Portal,
    ProductNotAvailableInSandbox,
    Sandbox,
    ScopeRequiresProduct,
    pkce_challenge,
)
from pytest_tiktok_sandbox.api import oauth

CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
API = "https://open.tiktokapis.com"
ALL_SCOPES = "user.info.basic,user.info.profile,user.info.stats,video.list,video.publish,video.upload"

pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api"],
    scopes=["user.info.profile", "user.info.stats", "video.list", "video.publish", "video.upload"],
    direct_post=True,
    redirect_uris={"web": [CALLBACK], "desktop": ["http://localhost:8080/callback"]},
    target_users=2,
)

# Every endpoint that takes a user token, with a valid request for it.
USER_ENDPOINTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/v2/user/info/?fields=open_id,display_name", None),
    ("POST", "/v2/video/list/?fields=id", {"max_count": 5}),
    ("POST", "/v2/video/query/?fields=id", {"filters": {"video_ids": ["1"]}}),
    ("POST", "/v2/post/publish/creator_info/query/", None),
    (
        "POST",
        "/v2/post/publish/inbox/video/init/",
        {"source_info": {"source": "FILE_UPLOAD", "video_size": 10, "chunk_size": 10, "total_chunk_count": 1}},
    ),
    ("POST", "/v2/post/publish/status/fetch/", {"publish_id": "v_pub_file~v2.1"}),
]
ENDPOINT_IDS = [path.split("?")[0] for _, path, _ in USER_ENDPOINTS]


def code_for(sandbox: Sandbox | App, user: Account, redirect_uri: str = CALLBACK, **pkce: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    if isinstance(sandbox, App):
        url = sandbox.portal.login_kit.authorize(sandbox, user, ALL_SCOPES, redirect_uri, **pkce)  # type: ignore[arg-type]
    else:
        url = sandbox.authorize(user, ALL_SCOPES, redirect_uri, **pkce)  # type: ignore[arg-type]
    return parse_qs(urlsplit(url).query)["code"][0]


def exchange(client: Sandbox | App, code: str, redirect_uri: str = CALLBACK, **extra: str) -> dict[str, Any]:
    form = {
        "client_key": client.client_key,
        "client_secret": client.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
        **extra,
    }
    return dict(requests.post(TOKEN_URL, data=form, timeout=5).json())


def refresh(client: Sandbox | App, refresh_token: str, **extra: str) -> dict[str, Any]:
    """The token endpoint's answer to a refresh of ``refresh_token`` with ``client``'s key."""
    form = {
        "client_key": client.client_key,
        "client_secret": client.client_secret,
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        **extra,
    }
    return dict(requests.post(TOKEN_URL, data=form, timeout=5).json())


def call(method: str, path: str, body: dict[str, Any] | None, token: str) -> requests.Response:
    return requests.request(method, API + path, headers={"Authorization": f"Bearer {token}"}, json=body, timeout=5)


@pytest.fixture
def tokens(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> dict[str, Any]:
    return tiktok_sandbox.sign_in(tiktok_target_users[0], ALL_SCOPES)


def assert_refused_everywhere(token: str, code: str = "access_token_invalid") -> None:
    for method, path, body in USER_ENDPOINTS:
        response = call(method, path, body, token)
        assert response.status_code == 401, (path, response.text)
        assert response.json()["error"]["code"] == code, (path, response.text)


def test_a_live_token_works_on_every_endpoint(tokens: dict[str, Any]) -> None:
    for method, path, body in USER_ENDPOINTS:
        response = call(method, path, body, tokens["access_token"])
        assert response.status_code != 401, (path, response.text)


# -- codes -----------------------------------------------------------------------------------------------
def test_a_code_works_once(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    assert "access_token" in exchange(tiktok_sandbox, code)
    assert exchange(tiktok_sandbox, code)["error"] == "invalid_grant"


def test_a_code_is_bound_to_its_client(
    tiktok_sandbox: Sandbox, tiktok_app: App, tiktok_target_users: list[Account]
) -> None:
    other = tiktok_app.create_sandbox("other")
    other.configure(products=["login_kit"], redirect_uris={"web": [CALLBACK]})
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    assert exchange(other, code)["error"] == "invalid_grant"
    assert "access_token" in exchange(tiktok_sandbox, code)  # the failed attempt did not burn it for its owner


def test_a_code_is_bound_to_its_redirect_uri(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    assert exchange(tiktok_sandbox, code, redirect_uri="https://example.com/other")["error"] == "invalid_grant"


def test_a_code_is_bound_to_its_pkce_challenge(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    verifier = "v" * 43
    desktop = "http://localhost:8080/callback"
    code = code_for(
        tiktok_sandbox,
        tiktok_target_users[0],
        desktop,
        code_challenge=pkce_challenge(verifier),
        code_challenge_method="S256",
    )
    # TikTok's answer to a verifier that does not match: invalid_request, "Code verifier or code challenge is invalid."
    assert exchange(tiktok_sandbox, code, desktop, code_verifier="w" * 43)["error"] == "invalid_request"
    assert exchange(tiktok_sandbox, code, desktop)["error"] == "invalid_request"  # no verifier at all
    assert "access_token" in exchange(tiktok_sandbox, code, desktop, code_verifier=verifier)


def test_a_code_expires(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    tiktok_clock.advance(601)
    assert exchange(tiktok_sandbox, code)["error"] == "invalid_grant"


# -- client secret ------------------------------------------------------------------------------------------
def test_the_client_secret_is_compared_in_constant_time(
    tiktok_sandbox: Sandbox, tokens: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bytes, bytes]] = []
    compare_digest = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return compare_digest(a, b)

    monkeypatch.setattr(oauth.hmac, "compare_digest", spy)
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret[:-1] + "x",
        "grant_type": "client_credentials",
    }
    assert requests.post(TOKEN_URL, data=form, timeout=5).json()["error"] == "invalid_client"
    assert (form["client_secret"].encode(), tiktok_sandbox.client_secret.encode()) in seen


# -- tokens --------------------------------------------------------------------------------------------------
def test_refresh_never_escalates_scope(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    first = tiktok_sandbox.sign_in(tiktok_target_users[0], "user.info.basic")
    refreshed = refresh(tiktok_sandbox, first["refresh_token"], scope=ALL_SCOPES)
    assert refreshed.get("scope", "user.info.basic") == "user.info.basic"
    stats = call("GET", "/v2/user/info/?fields=follower_count", None, refreshed["access_token"])
    assert stats.json()["error"]["code"] == "scope_not_authorized"


def test_a_revoked_token_is_refused_everywhere(tiktok_sandbox: Sandbox, tokens: dict[str, Any]) -> None:
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "token": tokens["access_token"],
    }
    assert requests.post(API + "/v2/oauth/revoke/", data=form, timeout=5).json() == {}
    assert_refused_everywhere(tokens["access_token"])


def test_an_expired_token_is_refused_everywhere(tokens: dict[str, Any], tiktok_clock: Clock) -> None:
    tiktok_clock.advance(tokens["expires_in"])
    assert_refused_everywhere(tokens["access_token"])


@pytest.mark.parametrize(
    "garbage",
    ["", "act.", "act." + "x" * 68, "clt." + "x" * 68, "Bearer", "rft." + "x" * 68],
    ids=["empty", "prefix", "made-up", "client-token-shape", "word", "refresh-shape"],
)
def test_made_up_tokens_are_refused_everywhere(garbage: str) -> None:
    assert_refused_everywhere(garbage)


def test_a_refresh_token_is_not_an_access_token(tokens: dict[str, Any]) -> None:
    assert_refused_everywhere(tokens["refresh_token"])


def test_a_client_token_is_not_a_user_token(tiktok_sandbox: Sandbox) -> None:
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "grant_type": "client_credentials",
    }
    client_token = requests.post(TOKEN_URL, data=form, timeout=5).json()["access_token"]
    assert_refused_everywhere(client_token)


def test_a_deleted_sandboxs_tokens_die(tiktok_sandbox: Sandbox, tiktok_app: App, tokens: dict[str, Any]) -> None:
    tiktok_app.delete_sandbox(tiktok_sandbox)
    assert_refused_everywhere(tokens["access_token"])


def test_tokens_of_one_sandbox_are_refused_by_anothers_token_endpoint(
    tiktok_sandbox: Sandbox, tiktok_app: App, tokens: dict[str, Any]
) -> None:
    other = tiktok_app.create_sandbox("other")
    other.configure(products=["login_kit"], redirect_uris={"web": [CALLBACK]})
    assert refresh(other, tokens["refresh_token"])["error"] == "invalid_grant"


# -- who may authorize ---------------------------------------------------------------------------------------
def test_only_target_users_can_authorize(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    stranger = tiktok_portal.create_account(is_private=True)
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_sandbox.authorize(stranger, "user.info.basic", CALLBACK)
    assert refused.value.error_type == "client_key"


def test_removing_a_target_user_ends_their_access(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tokens: dict[str, Any]
) -> None:
    user = tiktok_target_users[0]
    pending_code = code_for(tiktok_sandbox, user)
    tiktok_sandbox.remove_target_user(user)
    assert_refused_everywhere(tokens["access_token"])
    assert exchange(tiktok_sandbox, pending_code)["error"] == "invalid_grant"
    assert refresh(tiktok_sandbox, tokens["refresh_token"])["error"] == "invalid_grant"
    with pytest.raises(AuthorizationRefused):
        tiktok_sandbox.authorize(user, "user.info.basic", CALLBACK)


# -- products a sandbox does not offer -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("enable", "refusal"),
    [
        (lambda s: s.enable_product("data_portability_api"), ProductNotAvailableInSandbox),
        (lambda s: s.add_scope("portability.all.single"), ScopeRequiresProduct),
    ],
    ids=["product", "scope"],
)
def test_a_sandbox_never_reaches_data_portability(
    tiktok_sandbox: Sandbox, tokens: dict[str, Any], enable: Callable[[Sandbox], None], refusal: type[Exception]
) -> None:
    with pytest.raises(refusal):
        enable(tiktok_sandbox)
    response = call("POST", "/v2/user/data/add/?fields=request_id", {"data_format": "json"}, tokens["access_token"])
    assert (response.status_code, response.json()["error"]["code"]) == (401, "scope_not_authorized")


def test_a_sandbox_never_posts_publicly(tiktok_sandbox: Sandbox, tiktok_portal: Portal) -> None:
    public = tiktok_portal.create_account(is_private=False)
    tiktok_sandbox.add_target_user(public, public.password)
    token = exchange(tiktok_sandbox, code_for(tiktok_sandbox, public))["access_token"]
    body = {
        "post_info": {"privacy_level": "PUBLIC_TO_EVERYONE"},
        "source_info": {"source": "FILE_UPLOAD", "video_size": 10, "chunk_size": 10, "total_chunk_count": 1},
    }
    response = call("POST", "/v2/post/publish/video/init/", body, token)
    assert (response.status_code, response.json()["error"]["code"]) == (
        403,
        "unaudited_client_can_only_post_to_private_accounts",
    )
