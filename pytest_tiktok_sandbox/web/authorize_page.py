"""TikTok's authorize page for a person with a browser (served by the live server; its HTML
is ``templates/authorize/``).

``GET /v2/auth/authorize/?client_key=…`` first checks the request as TikTok does (client key,
redirect URI, scopes: refusals render TikTok's error page, no redirect), then shows a log-in
form: pick one of the sandbox's target users (or type another account's username) and give
its password. A wrong password shows the form again with an error; a good one opens a
session (a cookie) and the consent screen, where the person unticks scopes, approves or
declines. The answer is then exactly what :meth:`LoginKit.decide_params` decides: a redirect
to the ``redirect_uri`` with ``code``/``scopes``/``state`` (a :class:`CodeGrant`) or
``error=access_denied`` (a :class:`RedirectRefusal`), or TikTok's error page (a user who is
not a target user, a missing PKCE challenge…).

The forms post back to the same URL (``POST /v2/auth/authorize/?<the same query>``) with an
``action`` field: ``login`` (``username``, ``password``), ``approve`` or ``decline`` (the
ticked ``scope`` values when ``scope_form`` is sent; every requested scope otherwise) and
``switch`` (log out). The consent form is bound to the account it showed: it carries that
account's ``open_id`` and its session's ``form_token``, and an answer from a page shown before
the browser logged in again (as another account in another tab, or anew) authorizes nobody: it
shows the consent screen of whoever is logged in now, with a notice (call log:
``session_changed``). An error page shown to a logged-in account (not a target user…) offers
to log in with another account. The in-process mock keeps its own page, driven by
``FakeTikTokAPI.login()``.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from ..api import envelope
from ..api.http import ApiRequest, ApiResponse
from ..api.oauth import AUTHORIZE_PATH, consent_redirect, refused_page
from ..portal.errors import AuthorizationRefused
from ..portal.tokens import parse_scopes
from .templating import render

if TYPE_CHECKING:
    from ..accounts import Account
    from ..api.fake_api import FakeTikTokAPI
    from ..portal.consent import Consent
    from ..portal.portal import AppOrSandbox

SESSION_COOKIE = "tt_sandbox_session"

SCOPE_DESCRIPTIONS = {
    "user.info.basic": "Access your profile info (avatar and display name)",
    "user.info.profile": "Read your profile information (bio, profile links, verified status)",
    "user.info.stats": "Read your statistics (likes, followers, following and video counts)",
    "video.list": "Read your public videos on TikTok",
    "video.publish": "Post content directly to your TikTok profile",
    "video.upload": "Share content to TikTok as a draft for you to review and post",
}


class AuthorizePage:
    """The authorize page of one live server: its log-in sessions and its answers."""

    def __init__(self, api: FakeTikTokAPI) -> None:
        self.api = api
        self.portal = api.portal
        self._sessions: dict[str, _Session] = {}
        """Session id (the cookie) to the account logged in with it and its consent forms' token."""

    # -- entry point (the caller holds the portal's lock) ----------------------------------------
    def handle(self, request: ApiRequest, log_id: str) -> ApiResponse:
        params = {k: v[0] for k, v in request.query.items()}
        client = self.portal.client(params.get("client_key", ""))
        checked = self._check_request(client, params, log_id)
        if isinstance(checked, ApiResponse):
            return checked
        client = checked
        session_id, account = self._session(request)
        if request.method in ("GET", "HEAD"):
            if account is None:
                return self._login_form(client, request, log_id)
            return self._after_login(client, account, request, params, log_id, self._form_token(session_id))
        if request.method != "POST":
            page = render("authorize/method_not_allowed.html", title="TikTok")
            return envelope.html(405, page, log_id, "method_not_allowed")
        form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        action = (form.get("action") or [""])[0]
        if action == "login":
            return self._log_in(client, request, params, form, log_id)
        if action == "switch":
            if session_id is not None:
                self._sessions.pop(session_id, None)
            response = self._login_form(client, request, log_id)
            response.headers["Set-Cookie"] = _cookie("", max_age=0)
            return response
        if action in ("approve", "decline"):
            if account is None or session_id is None:
                return self._login_form(client, request, log_id, "Your session has ended: log in again.")
            changed = self._session_changed(session_id, account, form)
            if changed:  # the page was shown for another account, or before a new log-in
                token = self._form_token(session_id)
                response = self._after_login(client, account, request, params, log_id, token, changed)
                response.error_code = response.error_code or "session_changed"
                return response
            grant = form.get("scope", []) if "scope_form" in form else None
            decided = self._decide(client, account, request, params, log_id, decline=action == "decline", grant=grant)
            return decided if isinstance(decided, ApiResponse) else consent_redirect(decided, log_id)
        return self._login_form(client, request, log_id, f"Unknown action {action!r}.")

    # -- steps --------------------------------------------------------------------------------
    def _check_request(
        self, client: AppOrSandbox | None, params: dict[str, str], log_id: str
    ) -> AppOrSandbox | ApiResponse:
        """Login Kit's checks that need no account: the client, the redirect URI and the
        scopes. The error page or a redirect (``unsupported_response_type``) when they fail."""
        try:
            consent = self.portal.login_kit.decide_params(client, None, params)
        except AuthorizationRefused as refusal:
            config = client.api_config if client is not None else None
            needs_account = refusal.error_type == "client_key" and config is not None and "login_kit" in config.products
            if not needs_account or client is None:
                return refused_page(refusal, log_id)
            return client
        return consent_redirect(consent, log_id)

    def _log_in(
        self,
        client: AppOrSandbox,
        request: ApiRequest,
        params: dict[str, str],
        form: dict[str, list[str]],
        log_id: str,
    ) -> ApiResponse:
        username = (form.get("username") or [""])[0].strip() or (form.get("other_username") or [""])[0].strip()
        password = (form.get("password") or [""])[0]
        account = self.portal.find_account(username.lstrip("@")) if username else None
        if account is None or not hmac.compare_digest(password.encode(), account.password.encode()):
            why = "Enter a username and a password." if not username else "Incorrect username or password."
            response = self._login_form(client, request, log_id, why, username)
            response.error_code = "login_failed"
            return response
        session_id = secrets.token_urlsafe(24)
        session = self._sessions[session_id] = _Session(account.open_id, secrets.token_urlsafe(16))
        response = self._after_login(client, account, request, params, log_id, session.form_token)
        response.headers["Set-Cookie"] = _cookie(session_id)
        return response

    def _after_login(
        self,
        client: AppOrSandbox,
        account: Account,
        request: ApiRequest,
        params: dict[str, str],
        log_id: str,
        form_token: str,
        alert: str = "",
    ) -> ApiResponse:
        """The consent screen, or the error page when this account cannot authorize the
        request (not a target user, no PKCE challenge…): the rules, tried with a decline.
        The error page offers to log in with another account."""
        checked = self._decide(client, account, request, params, log_id, decline=True)
        if isinstance(checked, ApiResponse):
            return checked
        page = _consent_page(client, account, request, params, form_token, alert)
        return envelope.html(200, page, log_id)

    def _session_changed(self, session_id: str, account: Account, form: dict[str, list[str]]) -> str:
        """Why a consent form cannot be answered by this session ("" when it can): the form
        names the account it was shown for and carries its session's token."""
        shown = (form.get("open_id") or [""])[0]
        token = (form.get("form_token") or [""])[0]
        expected = self._form_token(session_id)
        if shown == account.open_id and hmac.compare_digest(token.encode(), expected.encode()):
            return ""
        try:
            whose = f"@{self.portal.account(shown).username}" if shown else "no account"
        except KeyError:
            whose = "an unknown account"
        now = f"@{account.username}"
        if shown == account.open_id:
            return (
                f"That page was shown to {now} before logging in again: nothing was authorized. "
                "Check the request below and answer it again."
            )
        return (
            f"That page was shown for {whose}, but this browser is now logged in as {now}: nothing was "
            f"authorized. Authorize as {now} below, or switch account."
        )

    def _decide(
        self,
        client: AppOrSandbox,
        account: Account,
        request: ApiRequest,
        params: dict[str, str],
        log_id: str,
        *,
        decline: bool,
        grant: list[str] | None = None,
    ) -> Consent | ApiResponse:
        """Login Kit's decision for a logged-in ``account``, or TikTok's error page offering to
        log in with another account."""
        try:
            return self.portal.login_kit.decide_params(client, account, params, decline=decline, grant=grant)
        except AuthorizationRefused as refusal:
            switch = render("authorize/switch.html", action=_form_action(request))
            return refused_page(refusal, log_id, extra=switch)

    # -- sessions -----------------------------------------------------------------------------------
    def _session(self, request: ApiRequest) -> tuple[str | None, Account | None]:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(request.headers.get("cookie", ""))
        except CookieError:
            return None, None
        morsel = cookies.get(SESSION_COOKIE)
        session_id = morsel.value if morsel is not None else None
        session = self._sessions.get(session_id or "")
        if session_id is None or session is None:
            return None, None
        try:
            return session_id, self.portal.account(session.open_id)
        except KeyError:
            return None, None

    def _form_token(self, session_id: str | None) -> str:
        session = self._sessions.get(session_id or "")
        return session.form_token if session is not None else ""

    def _login_form(
        self, client: AppOrSandbox, request: ApiRequest, log_id: str, error: str = "", username: str = ""
    ) -> ApiResponse:
        return envelope.html(200, _login_page(client, request, error, username), log_id)


@dataclass(frozen=True, slots=True)
class _Session:
    open_id: str
    """The account logged in."""
    form_token: str
    """Carried by this session's consent forms: a form shown before a new log-in (in another
    tab, as another account) is refused instead of authorizing whoever is logged in now."""

    def __repr__(self) -> str:
        return f"_Session(open_id={self.open_id!r}, form_token=***)"


# -- answers ---------------------------------------------------------------------------------------
def _cookie(value: str, *, max_age: int | None = None) -> str:
    cookie = f"{SESSION_COOKIE}={value}; Path={AUTHORIZE_PATH}; HttpOnly; SameSite=Lax"
    return cookie if max_age is None else f"{cookie}; Max-Age={max_age}"


# -- pages (templates/authorize/) ---------------------------------------------------------------
def _app_name(client: AppOrSandbox) -> str:
    config = client.api_config
    return config.details.name if config is not None else client.app.name


def _form_action(request: ApiRequest) -> str:
    return f"{AUTHORIZE_PATH}?{request.query_string}"


def _login_page(client: AppOrSandbox, request: ApiRequest, error: str, username: str) -> str:
    users: list[Account] = list(getattr(client, "all_target_users", []))
    chosen = username or (users[0].username if users else "")
    other = chosen not in {u.username for u in users}
    return render(
        "authorize/login.html",
        title="Log in | TikTok",
        name=_app_name(client),
        scopes=parse_scopes(request.query_value("scope")),
        descriptions=SCOPE_DESCRIPTIONS,
        error=error,
        action=_form_action(request),
        users=users,
        chosen=chosen,
        other=other,
        other_value=chosen if other else "",
    )


def _consent_page(
    client: AppOrSandbox, account: Account, request: ApiRequest, params: dict[str, str], form_token: str, alert: str
) -> str:
    return render(
        "authorize/consent.html",
        title="Authorize | TikTok",
        name=_app_name(client),
        account=account,
        alert=alert,
        action=_form_action(request),
        form_token=form_token,
        scopes=parse_scopes(params.get("scope")),
        descriptions=SCOPE_DESCRIPTIONS,
        redirect_uri=params.get("redirect_uri", ""),
    )
