"""The samples of docs/how-to/login-kit-desktop-pkce.md: Login Kit for desktop apps, with PKCE."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, AuthorizationRefused, Sandbox, pkce_challenge

TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"

# --8<-- [start:marker]
DESKTOP = "http://localhost:*/callback"  # any port: the wildcard desktop apps may register
desktop_app = pytest.mark.tiktok_sandbox(
    products=["login_kit"],
    scopes=["user.info.basic"],
    redirect_uris={"desktop": [DESKTOP]},
)
# --8<-- [end:marker]


# --8<-- [start:challenge]
def make_verifier() -> str:
    """43 to 128 characters of [A-Za-z0-9-._~], new for every sign-in."""
    return secrets.token_urlsafe(48)


def test_tiktoks_challenge_is_hex_not_base64url() -> None:
    verifier = "a" * 43
    challenge = pkce_challenge(verifier)  # hex(SHA-256(verifier)), lowercase, 64 characters
    assert len(challenge) == 64 and challenge == challenge.lower()
    # --8<-- [end:challenge]


# --8<-- [start:desktop_flow]
@desktop_app
def test_desktop_sign_in(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    redirect_uri = "http://localhost:53682/callback"  # the port your app listens on now
    verifier = make_verifier()
    page = requests.get(
        "https://www.tiktok.com/v2/auth/authorize/",
        params={
            "client_key": tiktok_sandbox.client_key,
            "scope": "user.info.basic",
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": "s",
            "code_challenge": pkce_challenge(verifier),
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert page.status_code == 302
    code = parse_qs(urlsplit(page.headers["Location"]).query)["code"][0]

    tokens = requests.post(
        TOKEN_URL,
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        timeout=10,
    ).json()
    assert tokens["open_id"] == tiktok_target_users[0].open_id
    # --8<-- [end:desktop_flow]


# --8<-- [start:refusals]
@desktop_app
def test_desktop_needs_pkce(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    user = tiktok_target_users[0]
    redirect_uri = "http://localhost:53682/callback"
    # Without code_challenge the authorize page shows its error page (no redirect).
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_sandbox.authorize(user, "user.info.basic", redirect_uri)
    assert refused.value.error_type == "code_challenge"

    # A wrong verifier at the token endpoint: invalid_request.
    redirect = tiktok_sandbox.authorize(
        user, "user.info.basic", redirect_uri, code_challenge=pkce_challenge(make_verifier())
    )
    code = parse_qs(urlsplit(redirect).query)["code"][0]
    answer = requests.post(
        TOKEN_URL,
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": make_verifier(),
        },
        timeout=10,
    ).json()
    assert answer["error"] == "invalid_request"
    assert answer["error_description"] == "Code verifier or code challenge is invalid."
    # --8<-- [end:refusals]


# --8<-- [start:rfc7636]
@desktop_app
def test_an_rfc7636_challenge_fails_at_the_token_endpoint(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    redirect_uri = "http://localhost:53682/callback"
    verifier = make_verifier()
    digest = hashlib.sha256(verifier.encode()).digest()
    rfc7636 = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()  # what most OAuth libraries send
    # The authorize page takes it...
    redirect = tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic", redirect_uri, code_challenge=rfc7636)
    code = parse_qs(urlsplit(redirect).query)["code"][0]
    # ...and the token endpoint refuses the verifier.
    answer = requests.post(
        TOKEN_URL,
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        timeout=10,
    ).json()
    assert answer["error"] == "invalid_request"
    # --8<-- [end:rfc7636]
