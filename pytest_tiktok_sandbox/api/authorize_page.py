"""TikTok's authorize page for a person with a browser (served by the live server).

``GET /v2/auth/authorize/?client_key=…`` first checks the request as TikTok does (client key,
redirect URI, scopes: refusals render TikTok's error page, no redirect), then shows a log-in
form: pick one of the sandbox's target users (or type another account's username) and give
its password. A wrong password shows the form again with an error; a good one opens a
session (a cookie) and the consent screen, where the person unticks scopes, approves or
declines. The answer is then exactly what :meth:`LoginKit.authorize` says: a redirect to the
``redirect_uri`` with ``code``/``scopes``/``state`` or ``error=access_denied``, or TikTok's
error page (a user who is not a target user, a missing PKCE challenge…).

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
from html import escape
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from ..portal.authorization import parse_scopes
from ..portal.errors import AuthorizationRefused
from . import envelope
from .http import ApiRequest, ApiResponse
from .oauth import AUTHORIZE_PATH, _error_page

if TYPE_CHECKING:
    from ..accounts import Account
    from ..portal.apps import App
    from ..portal.sandbox import Sandbox
    from .service import FakeTikTokAPI

SESSION_COOKIE = "tt_sandbox_session"

SCOPE_DESCRIPTIONS = {
    "user.info.basic": "Access your profile info (avatar and display name)",
    "user.info.profile": "Read your profile information (bio, profile links, verified status)",
    "user.info.stats": "Read your statistics (likes, followers, following and video counts)",
    "video.list": "Read your public videos on TikTok",
    "video.publish": "Post content directly to your TikTok profile",
    "video.upload": "Share content to TikTok as a draft for you to review and post",
}

_STYLE = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;background:#f1f1f2;margin:0;color:#161823}
header{background:#000;color:#fff;padding:14px 24px;font-weight:700;font-size:20px;letter-spacing:.5px}
header span{color:#fe2c55}
main{max-width:440px;margin:32px auto;background:#fff;border-radius:8px;padding:28px 32px;
box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 12px}
ul.scopes{padding-left:20px}
label{display:block;margin:8px 0}
fieldset{border:1px solid #e3e3e4;border-radius:6px;margin:12px 0;padding:8px 12px}
input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #ccc;
border-radius:4px;font-size:15px}
button{font-size:15px;padding:10px 18px;border-radius:4px;border:0;cursor:pointer;margin:12px 8px 0 0}
button.primary{background:#fe2c55;color:#fff}
button.secondary{background:#f1f1f2;color:#161823}
.error{color:#c0002d;background:#fff0f3;border-radius:4px;padding:8px 12px}
.note{color:#6b6c73;font-size:13px}
"""


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
            return envelope.html(405, _page("TikTok", "<h1>Method not allowed</h1>"), log_id, "method_not_allowed")
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
            return self._answer(client, account, request, params, log_id, decline=action == "decline", grant=grant)
        return self._login_form(client, request, log_id, f"Unknown action {action!r}.")

    # -- steps --------------------------------------------------------------------------------
    def _check_request(
        self, client: App | Sandbox | None, params: dict[str, str], log_id: str
    ) -> App | Sandbox | ApiResponse:
        """Login Kit's checks that need no account: the client, the redirect URI and the
        scopes. The error page or a redirect (``unsupported_response_type``) when they fail."""
        try:
            location = self._authorize(client, None, params)
        except AuthorizationRefused as refusal:
            config = client.api_config if client is not None else None
            needs_account = refusal.error_type == "client_key" and config is not None and "login_kit" in config.products
            if not needs_account or client is None:
                return _refused(refusal, log_id)
            return client
        return _redirect(location, log_id)

    def _log_in(
        self,
        client: App | Sandbox,
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
        client: App | Sandbox,
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
        try:
            self._authorize(client, account, params, decline=True)
        except AuthorizationRefused as refusal:
            return _refused(refusal, log_id, switch=request)
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

    def _answer(
        self,
        client: App | Sandbox,
        account: Account,
        request: ApiRequest,
        params: dict[str, str],
        log_id: str,
        *,
        decline: bool,
        grant: list[str] | None,
    ) -> ApiResponse:
        try:
            location = self._authorize(client, account, params, decline=decline, grant=grant)
        except AuthorizationRefused as refusal:
            return _refused(refusal, log_id, switch=request)
        return _redirect(location, log_id)

    def _authorize(
        self,
        client: App | Sandbox | None,
        account: Account | None,
        params: dict[str, str],
        *,
        decline: bool = False,
        grant: list[str] | None = None,
    ) -> str:
        return self.portal.login_kit.authorize_params(client, account, params, decline=decline, grant=grant)

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
        self, client: App | Sandbox, request: ApiRequest, log_id: str, error: str = "", username: str = ""
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
def _refused(refusal: AuthorizationRefused, log_id: str, *, switch: ApiRequest | None = None) -> ApiResponse:
    """TikTok's error page; with ``switch`` (someone is logged in), a button to log in with
    another account, so that a person who picked the wrong one is not stuck on it."""
    page = _error_page(refusal)
    if switch is not None:
        form = (
            f'<form method="post" action="{_form_action(switch)}" id="switch">'
            '<button type="submit" name="action" value="switch">Log in with another account</button></form>'
        )
        page = page.replace("</body>", form + "</body>", 1)
    return envelope.html(200, page, log_id, f"{refusal.error}:{refusal.error_type}")


def _redirect(location: str, log_id: str) -> ApiResponse:
    query = parse_qs(location.partition("?")[2])
    code = query["error"][0] if "error" in query else None
    return envelope.html(302, "", log_id, code, {"Location": location})


def _cookie(value: str, *, max_age: int | None = None) -> str:
    cookie = f"{SESSION_COOKIE}={value}; Path={AUTHORIZE_PATH}; HttpOnly; SameSite=Lax"
    return cookie if max_age is None else f"{cookie}; Max-Age={max_age}"


# -- pages ----------------------------------------------------------------------------------------
def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body><header>Tik<span>Tok</span> <small>sandbox</small></header>"
        f"<main>{body}</main></body></html>"
    )


def _app_name(client: App | Sandbox) -> str:
    config = client.api_config
    return config.details.name if config is not None else client.app.name


def _scope_list(params_scope: str | None) -> str:
    items = "".join(
        f'<li data-scope="{escape(s)}">{escape(SCOPE_DESCRIPTIONS.get(s, s))} <code>{escape(s)}</code></li>'
        for s in parse_scopes(params_scope)
    )
    return f'<ul class="scopes">{items}</ul>'


def _form_action(request: ApiRequest) -> str:
    return escape(f"{AUTHORIZE_PATH}?{request.query_string}", quote=True)


def _login_page(client: App | Sandbox, request: ApiRequest, error: str, username: str) -> str:
    name = _app_name(client)
    scope = request.query_value("scope")
    users: list[Account] = list(getattr(client, "all_target_users", []))
    chosen = username or (users[0].username if users else "")
    known = {u.username for u in users}
    radios = "".join(
        f'<label><input type="radio" name="username" value="{escape(u.username)}"'
        f'{" checked" if u.username == chosen else ""} data-open-id="{escape(u.open_id)}"> '
        f"{escape(u.display_name)} <span class=note>@{escape(u.username)}</span></label>"
        for u in users
    )
    other_checked = " checked" if chosen not in known else ""
    other_value = escape(chosen if chosen not in known else "", quote=True)
    who = (
        f"<fieldset><legend>Target users of this sandbox</legend>{radios}"
        f'<label><input type="radio" name="username" value=""{other_checked}> Another account: '
        f'<input type="text" name="other_username" value="{other_value}" placeholder="Username"'
        ' autocomplete="username"></label></fieldset>'
        if users
        else '<label>Username <input type="text" name="other_username" '
        f'value="{other_value}" autocomplete="username"></label>'
    )
    alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = (
        f"<h1>Log in to {escape(name)}</h1>"
        f"<p><strong>{escape(name)}</strong> would like to:</p>{_scope_list(scope)}{alert}"
        f'<form method="post" action="{_form_action(request)}" id="login">'
        f'<input type="hidden" name="action" value="login">{who}'
        '<label>Password <input type="password" name="password" autocomplete="current-password"></label>'
        '<button type="submit" class="primary">Log in</button></form>'
        '<p class="note">pytest-tiktok-sandbox: every account and password here is fake.</p>'
    )
    return _page("Log in | TikTok", body)


def _consent_page(
    client: App | Sandbox, account: Account, request: ApiRequest, params: dict[str, str], form_token: str, alert: str
) -> str:
    name = _app_name(client)
    notice = f'<p class="error" role="alert">{escape(alert)}</p>' if alert else ""
    boxes = "".join(
        f'<label><input type="checkbox" name="scope" value="{escape(s)}" checked'
        f"{' disabled' if s == 'user.info.basic' else ''}> {escape(SCOPE_DESCRIPTIONS.get(s, s))} "
        f"<code>{escape(s)}</code></label>"
        for s in parse_scopes(params.get("scope"))
    )
    body = (
        f"<h1>{escape(name)} would like to access your TikTok account</h1>"
        f'<p>Logged in as <strong data-open-id="{escape(account.open_id)}">{escape(account.display_name)}</strong>'
        f" <span class=note>@{escape(account.username)}</span></p>"
        f"{notice}"
        f'<form method="post" action="{_form_action(request)}" id="consent">'
        f'<input type="hidden" name="open_id" value="{escape(account.open_id)}">'
        f'<input type="hidden" name="form_token" value="{escape(form_token)}">'
        f'<input type="hidden" name="scope_form" value="1"><fieldset><legend>Allow access to</legend>{boxes}'
        "</fieldset>"
        '<button type="submit" name="action" value="approve" class="primary">Authorize</button>'
        '<button type="submit" name="action" value="decline" class="secondary">Cancel</button>'
        '<button type="submit" name="action" value="switch" class="secondary">Switch account</button></form>'
        f'<p class="note">You will be sent back to {escape(params.get("redirect_uri", ""))}</p>'
    )
    return _page("Authorize | TikTok", body)
