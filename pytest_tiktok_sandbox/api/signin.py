"""``Sandbox.sign_in`` and ``App.sign_in`` over the fake's own HTTP endpoints.

A test's set-up signs a user in with one call: the authorize page answers as if ``user`` were
logged in to tiktok.com and consented, then the code is exchanged at ``/v2/oauth/token/``. Both
requests go through :meth:`FakeTikTokAPI.handle`, so they are logged, rate-limited, and meet
injected faults like a client's calls. The portal reaches this through its
``sign_in_service`` (see ``portal/signin.py``), so it imports nothing from here.
"""

from __future__ import annotations

import re
import secrets
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from ..portal.authorization import pkce_challenge
from ..portal.config import PKCE_PLATFORMS
from ..portal.signin import SignInFailed
from .hosts import API_HOST, WEB_HOST
from .http import ApiRequest, ApiResponse
from .oauth import AUTHORIZE_PATH, FORM, TOKEN_PATH, OAuthEndpoints
from .settings import BrowserSession

if TYPE_CHECKING:
    from ..accounts import Account
    from ..portal.clients import ApiClient
    from .context import HandlingContext

_REFUSAL = re.compile(r"<!-- error=[^&]*&error_type=[^:]*: (.*?) -->", re.DOTALL)
STATE = "pytest-tiktok-sandbox-sign-in"


class ApiSignIn:
    """Signs users in through one fake API (the portal's ``sign_in_service``)."""

    def __init__(self, service: HandlingContext) -> None:
        self.service = service
        self.oauth = OAuthEndpoints(service)

    def sign_in(
        self, client: ApiClient, user: Account, scopes: tuple[str, ...] | None, redirect_uri: str | None
    ) -> dict[str, Any]:
        config = client.api_config
        if scopes is None:
            scopes = tuple(sorted(config.scopes)) if config is not None else ()
        uri, platform = _redirect_uri(client, redirect_uri)
        query = {"client_key": client.client_key, "scope": ",".join(scopes), "response_type": "code", "state": STATE}
        if uri is not None:
            query["redirect_uri"] = uri
        verifier = None
        if platform in PKCE_PLATFORMS:
            verifier = secrets.token_urlsafe(48)
            query.update(code_challenge=pkce_challenge(verifier), code_challenge_method="S256")
        authorize = ApiRequest.build("GET", f"https://{WEB_HOST}{AUTHORIZE_PATH}?{urlencode(query)}")
        browser = BrowserSession(user)
        page = self.service.handle(authorize, lambda request, log_id: self.oauth.authorize(request, log_id, browser))
        code = _code(page)
        form = {
            "client_key": client.client_key,
            "client_secret": client.client_secret,
            "code": code,
            "grant_type": "authorization_code",
        }
        if uri is not None:
            form["redirect_uri"] = uri
        if verifier is not None:
            form["code_verifier"] = verifier
        token = ApiRequest.build("POST", f"https://{API_HOST}{TOKEN_PATH}", {"Content-Type": FORM}, urlencode(form))
        answer = self.service.handle(token)
        body = _json(answer)
        if answer.status != 200 or not isinstance(body, dict) or "access_token" not in body:
            error, description = _error_of(body)
            raise SignInFailed(
                f"the token endpoint answered {answer.status} {error or answer.error_code}: {description}",
                error or answer.error_code or "",
                description,
            )
        return body


def _redirect_uri(client: ApiClient, wanted: str | None) -> tuple[str | None, str | None]:
    """The redirect URI to sign in with and its platform: ``wanted``, or the client's first web
    one (else its first of any platform, a desktop port ``*`` made 8080); None when it has none
    (the authorize page refuses)."""
    config = client.api_config
    if config is None:
        return wanted, None
    if wanted is not None:
        return wanted, config.platform_of(wanted)
    uris = config.redirect_uris
    for platform in sorted(uris, key=lambda p: p != "web"):
        if uris[platform]:
            return uris[platform][0].replace(":*", ":8080", 1), platform
    return None, None


def _code(page: ApiResponse) -> str:
    """The code of the authorize page's redirect, or :class:`SignInFailed` with its refusal."""
    if page.status != 302:
        if page.status == 200 and page.error_code:
            error, _, error_type = page.error_code.partition(":")
            found = _REFUSAL.search(page.body.decode("utf-8", "replace"))
            detail = unescape(found.group(1)) if found else ""
            raise SignInFailed(
                f"TikTok's authorize page refused it ({error}, correct the {error_type}): {detail}", error, detail
            )
        error, description = _error_of(_json(page))
        raise SignInFailed(f"the authorize page answered {page.status} {error}: {description}", error, description)
    params = parse_qs(urlsplit(page.headers.get("Location", "")).query)
    if "code" not in params:
        error = params.get("error", [""])[0]
        description = params.get("error_description", [""])[0]
        raise SignInFailed(f"the authorize page redirected with {error}: {description}", error, description)
    return params["code"][0]


def _json(response: ApiResponse) -> Any:
    """The answer's JSON body, or None when it has none (an HTML page, an empty body)."""
    try:
        return response.json()
    except ValueError:
        return None


def _error_of(body: Any) -> tuple[str, str]:
    """``(error, description)`` of a flat OAuth error body or a v2 envelope's error."""
    if not isinstance(body, dict):
        return "", ""
    if isinstance(body.get("error"), dict):
        return str(body["error"].get("code", "")), str(body["error"].get("message", ""))
    return str(body.get("error", "")), str(body.get("error_description", ""))
