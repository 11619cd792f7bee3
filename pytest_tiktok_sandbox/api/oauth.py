"""Login Kit over HTTP: the authorize page, ``/v2/oauth/token/`` and ``/v2/oauth/revoke/``."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from ..portal.authorization import CLIENT_TOKEN_LIFETIME, OAuthError, TokenSet
from ..portal.consent import Consent, RedirectRefusal
from ..portal.errors import AuthorizationRefused
from . import envelope
from .hosts import API_HOST, WEB_HOST
from .http import ApiRequest, ApiResponse, BodyError
from .pages import authorize_error_page, login_needed_page
from .router import Router

if TYPE_CHECKING:
    from ..portal.clients import ApiClient
    from .context import ApiContext
    from .settings import BrowserSession

FORM = "application/x-www-form-urlencoded"
AUTHORIZE_PATH = "/v2/auth/authorize/"
TOKEN_PATH = "/v2/oauth/token/"
REVOKE_PATH = "/v2/oauth/revoke/"


class OAuthEndpoints:
    def __init__(self, service: ApiContext) -> None:
        self.service = service
        self.portal = service.portal

    def register(self, router: Router) -> None:
        router.add("GET", WEB_HOST, AUTHORIZE_PATH, self.authorize, "authorize")
        router.add("POST", API_HOST, TOKEN_PATH, self.token, "oauth.token")
        router.add("POST", API_HOST, REVOKE_PATH, self.revoke, "oauth.revoke")

    # -- the browser step -------------------------------------------------------------------
    def authorize(self, request: ApiRequest, log_id: str, browser: BrowserSession | None = None) -> ApiResponse:
        """The authorize page, for the test's browser (or ``browser``: ``sign_in``'s user)."""
        q = request.query
        first = {k: v[0] for k, v in q.items()}
        client_key = first.get("client_key", "")
        browser = browser or self.service.browser
        client = self.portal.client(client_key)
        try:
            consent = self.portal.login_kit.decide_params(
                client, browser.account, first, decline=browser.decline, grant=browser.grant
            )
        except AuthorizationRefused as refusal:
            if browser.account is None and refusal.error_type == "client_key" and _serves_login_kit(client):
                assert client is not None and client.api_config is not None
                page = login_needed_page(client.api_config.details.name)  # who is it? log in first
                return envelope.html(200, page, log_id)
            return refused_page(refusal, log_id)
        return consent_redirect(consent, log_id)

    # -- the token endpoint -------------------------------------------------------------------
    def token(self, request: ApiRequest, log_id: str) -> ApiResponse:
        try:
            form = self.read_form(request)
            grant_type = form.get("grant_type", "")
            if grant_type not in ("authorization_code", "refresh_token", "client_credentials"):
                raise OAuthError("unsupported_grant_type", "The grant type is not supported.")
            client = self.client_of(form)
            login_kit = self.portal.login_kit
            settings = self.service.settings
            if grant_type == "authorization_code":
                tokens = login_kit.exchange_code(
                    client,
                    form.get("code"),
                    form.get("redirect_uri"),
                    form.get("code_verifier"),
                    access_lifetime=settings.access_token_lifetime,
                    refresh_lifetime=settings.refresh_token_lifetime,
                )
                return envelope.json_response(200, _token_body(tokens), log_id)
            if grant_type == "refresh_token":
                tokens = login_kit.refresh(
                    client, form.get("refresh_token"), access_lifetime=settings.access_token_lifetime
                )
                return envelope.json_response(200, _token_body(tokens), log_id)
            token = login_kit.client_token(client)
            body = {"access_token": token.token, "expires_in": CLIENT_TOKEN_LIFETIME, "token_type": "Bearer"}
            return envelope.json_response(200, body, log_id)  # ClientTokenResponse's keys, in its order
        except OAuthError as refusal:
            return self.refuse(refusal, log_id)

    def revoke(self, request: ApiRequest, log_id: str) -> ApiResponse:
        try:
            form = self.read_form(request)
            client = self.client_of(form)
            self.portal.login_kit.revoke(client, form.get("token"))
        except OAuthError as refusal:
            return self.refuse(refusal, log_id)
        return envelope.json_response(200, {}, log_id)

    # -- what the form-encoded OAuth endpoints share (QR code login's too) -----------------------
    def refuse(self, refusal: OAuthError, log_id: str) -> ApiResponse:
        """TikTok's flat OAuth error body, with ``ApiSettings.oauth_error_status``."""
        status = self.service.settings.oauth_error_status
        return envelope.oauth_error(status, refusal.error, refusal.description, log_id, refusal.reason)

    @staticmethod
    def read_form(request: ApiRequest) -> dict[str, str]:
        """The form-encoded body: ``invalid_request`` for another content type or a bad body."""
        if request.content_type != FORM:
            raise OAuthError("invalid_request", "The request parameters are malformed.")
        try:
            return request.form()
        except BodyError:
            raise OAuthError("invalid_request", "The request parameters are malformed.") from None

    def client_of(self, form: dict[str, str], *, check_secret: bool = True) -> ApiClient:
        """The client the form's ``client_key`` names, its ``client_secret`` checked (unless
        ``check_secret=False``), or TikTok's ``invalid_request``/``invalid_client`` refusal."""
        key = form.get("client_key")
        if not key:
            raise OAuthError("invalid_request", "Client key is missed in request.")
        client = self.portal.client(key)
        if client is None:
            raise OAuthError("invalid_client", "Client key is invalid.")
        if not check_secret:
            return client
        secret = form.get("client_secret")
        if not secret:
            raise OAuthError("invalid_client", "Client secret is missed in request.")
        if not hmac.compare_digest(secret.encode(), client.client_secret.encode()):
            raise OAuthError("invalid_client", "Client secret is invalid.")
        return client


def _token_body(tokens: TokenSet) -> dict[str, object]:
    """TikTok's token answer: exactly its keys, in its order (``payloads.oauth.TokenResponse``'s
    fields; a test holds the two together). Built as a dict: no pydantic model on a sign-in."""
    return {
        "access_token": tokens.access_token,
        "expires_in": tokens.expires_in,
        "open_id": tokens.open_id,
        "refresh_expires_in": tokens.refresh_expires_in,
        "refresh_token": tokens.refresh_token,
        "scope": tokens.scope,
        "token_type": "Bearer",
    }


def consent_redirect(consent: Consent, log_id: str) -> ApiResponse:
    """The authorize page's redirect for its decision (the call log's code: the refusal's)."""
    code = consent.reason.value if isinstance(consent, RedirectRefusal) else None
    return envelope.html(302, "", log_id, code, {"Location": consent.location})


def refused_page(refusal: AuthorizationRefused, log_id: str, *, extra: str = "") -> ApiResponse:
    """TikTok's error page for ``refusal`` (``extra``: markup appended to its body)."""
    return envelope.html(
        200, authorize_error_page(refusal, extra=extra), log_id, f"{refusal.error}:{refusal.error_type}"
    )


def _serves_login_kit(client: ApiClient | None) -> bool:
    """Whether the authorize page would ask this client's users to log in (else: error page)."""
    config = client.api_config if client is not None else None
    return config is not None and "login_kit" in config.products
