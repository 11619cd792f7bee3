"""What an app's backend does against Login Kit, with nothing but ``requests``.

Shared by the Login Kit tests (``test_login_kit.py``, ``test_authorize_page.py`` and the
posting tests): the URLs, a client
bound to one client key and secret, and readers for TikTok's redirects, error pages and
OAuth error bodies.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
REVOKE_URL = "https://open.tiktokapis.com/v2/oauth/revoke/"
CALLBACK = "https://example.com/auth/tiktok/callback"
"""The web redirect URI the tiktok_sandbox fixture registers by default."""

TOKEN_KEYS = ["access_token", "expires_in", "open_id", "refresh_expires_in", "refresh_token", "scope", "token_type"]
LOG_ID = re.compile(r"\A[0-9]{14}[0-9A-F]{20}\Z")
"""34 characters: UTC ``YYYYMMDDhhmmss`` and 20 uppercase hex digits."""

_ERROR_TYPE = re.compile(r'data-error-type="([^"]*)"')


class LoginKitClient:
    """A backend holding one client key and secret (of a sandbox, usually)."""

    def __init__(self, client_key: str, client_secret: str, state: str = "state-123") -> None:
        self.client_key = client_key
        self.client_secret = client_secret
        self.state = state

    # -- the browser step ----------------------------------------------------------------------
    def authorize(
        self, scope: str | None = "user.info.basic", redirect_uri: str | None = CALLBACK, **params: str | None
    ) -> requests.Response:
        """GET the authorize page as the browser would (without following the redirect).
        Keyword arguments add or override query parameters; ``None`` leaves one out."""
        query: dict[str, str | None] = {
            "client_key": self.client_key,
            "scope": scope,
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "state": self.state,
            **params,
        }
        sent = {k: v for k, v in query.items() if v is not None}
        return requests.get(AUTHORIZE_URL, params=sent, allow_redirects=False, timeout=5)

    def code(self, scope: str | None = "user.info.basic", redirect_uri: str | None = CALLBACK, **params: str) -> str:
        """The (URL-decoded) code the authorize page redirects back with."""
        response = self.authorize(scope, redirect_uri, **params)
        return redirect_params(response, redirect_uri)["code"]

    # -- the token and revoke endpoints ----------------------------------------------------------
    def token(self, **fields: str | None) -> requests.Response:
        """POST the token endpoint form-encoded, with this client's key and secret unless
        overridden (``None`` leaves a field out)."""
        form = {"client_key": self.client_key, "client_secret": self.client_secret, **fields}
        return requests.post(TOKEN_URL, data={k: v for k, v in form.items() if v is not None}, timeout=5)

    def exchange(
        self, code: str | None, redirect_uri: str | None = CALLBACK, **fields: str | None
    ) -> requests.Response:
        return self.token(grant_type="authorization_code", code=code, redirect_uri=redirect_uri, **fields)

    def refresh(self, refresh_token: str | None, **fields: str | None) -> requests.Response:
        return self.token(grant_type="refresh_token", refresh_token=refresh_token, **fields)

    def client_credentials(self, **fields: str | None) -> requests.Response:
        return self.token(grant_type="client_credentials", **fields)

    def revoke(self, token: str | None, **fields: str | None) -> requests.Response:
        form = {"client_key": self.client_key, "client_secret": self.client_secret, "token": token, **fields}
        return requests.post(REVOKE_URL, data={k: v for k, v in form.items() if v is not None}, timeout=5)

    def sign_in(self, scope: str = "user.info.basic", **params: str) -> dict[str, Any]:
        """The whole web flow: authorize, then exchange the code; the token response."""
        return tokens_of(self.exchange(self.code(scope, **params)))


# -- readers ----------------------------------------------------------------------------------
def redirect_params(response: requests.Response, redirect_uri: str | None = CALLBACK) -> dict[str, str]:
    """The query of the authorize page's 302 to ``redirect_uri``, URL-decoded (blank values kept)."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}: {response.text[:300]}"
    location = response.headers["Location"]
    base, _, query = location.partition("?")
    if redirect_uri is not None:
        assert base == redirect_uri, location
    return {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}


def raw_query(response: requests.Response) -> str:
    """The redirect's query string exactly as TikTok sends it (still percent-encoded)."""
    return urlsplit(response.headers["Location"]).query


def error_page_type(response: requests.Response) -> str:
    """What TikTok's "We couldn't log in with TikTok" page asks to correct (``client_key``,
    ``redirect_uri``, ``scope``, ``code_challenge``). Checks that it is that page: HTTP 200,
    HTML, and no redirect anywhere."""
    assert response.status_code == 200, f"expected TikTok's error page, got {response.status_code}"
    assert "Location" not in response.headers, response.headers["Location"]
    assert response.headers["Content-Type"].startswith("text/html")
    assert "We couldn't log in with TikTok" in response.text, response.text
    found: list[str] = _ERROR_TYPE.findall(response.text)
    assert len(found) == 1, response.text
    return found[0]


def tokens_of(response: requests.Response) -> dict[str, Any]:
    """A successful token response's body (a failure is reported with its body)."""
    body = response.json()
    assert response.status_code == 200 and "error" not in body, body
    return dict(body)


def oauth_error(response: requests.Response, status: int = 200) -> tuple[str, str]:
    """``(error, error_description)`` of a flat OAuth error body, after checking its shape:
    exactly ``error``, ``error_description`` and ``log_id`` (the ``x-tt-logid`` header's),
    JSON, and ``status`` (TikTok answers 200 by default)."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].split(";")[0] == "application/json"
    body = response.json()
    assert sorted(body) == ["error", "error_description", "log_id"], body
    assert LOG_ID.match(body["log_id"]), body["log_id"]
    assert body["log_id"] == response.headers["x-tt-logid"]
    return body["error"], body["error_description"]
