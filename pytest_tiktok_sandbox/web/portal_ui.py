"""The developer portal in a browser: TikTok's "Add a Sandbox" workflow at ``/portal/``.

Pages (every form posts back to the page it is on, with an ``action`` and a CSRF token):

- ``/portal/``: Manage apps (developers, organizations, their apps; Connect an app);
- ``/portal/apps/<client key>/``: an app's page. With the production client key: the
  Production/Sandbox toggle, the sandboxes in a left navigation with [+] Create Sandbox, and in
  Production mode the Draft with Import, Revert to Live version, Submit for review, the review
  status and Recall. With a sandbox's client key: its App details, platforms, products,
  scopes, redirect URIs and URL properties, edited as staged changes (Apply changes, Discard),
  its credentials (the secret behind Reveal) and its Target users;
- ``/portal/apps/<sandbox key>/target-users/add``: Add account, the TikTok login form of a
  fake account, then the Developer Terms of Service;
- ``/portal/activity``: the API call log and the webhook events (refreshing itself).

Every action calls the portal model's public methods under the portal's lock, so the API
sees a change at once and every rule is the model's: a refusal shows the model's own message
(:class:`PortalRuleError`) with status 400. The client secret appears only in the answer to
a Reveal (a POST). Forms carry a token bound to a cookie (double submit, HMAC): a POST
without it is refused with 403.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from ..portal.apps import App
from ..portal.config import PLATFORMS
from ..portal.developers import Developer, Organization
from ..portal.errors import PortalRuleError, SubmissionIncomplete, TermsNotAccepted
from ..portal.products import MAX_SANDBOXES_PER_APP, MAX_TARGET_USERS_PER_SANDBOX, PRODUCTS
from ..portal.review import DemoVideo
from ..portal.sandbox import Sandbox
from ..portal.versions import AppVersion
from .templating import render, stylesheet

if TYPE_CHECKING:
    from ..accounts import Account
    from ..api.service import FakeTikTokAPI
    from ..portal.portal import Portal

PREFIX = "/portal"
CSRF_COOKIE = "tt_portal_csrf"
MAX_PENDING_LOGINS = 64
"""Add-account log-ins waiting for the terms to be accepted (the oldest are forgotten)."""
ACTIVITY_ROWS = 200
"""The newest calls and events the Activity page lists."""
MAX_FORM_BYTES = 64 * 1024
"""The largest form a page takes (the biggest field, App details, is a few hundred bytes)."""
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
}
"""On every page: no caching (a revealed secret), no framing, no script, forms post here only."""

_DETAIL_FIELDS = ("name", "category", "description", "icon", "terms_of_service_url", "privacy_policy_url")
_PLATFORM_FIELDS = ("website_url", "package_name", "play_store_url", "signatures", "app_store_url", "bundle_id")
_PLATFORM_TITLES = {"web": "Web", "desktop": "Desktop", "android": "Android", "ios": "iOS"}


class PageError(Exception):
    """A request the UI answers with an error page (404, 403, 405)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(slots=True)
class _PendingLogin:
    """An account logged in on the Add account form, waiting for the terms."""

    client_key: str
    open_id: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"_PendingLogin(client_key={self.client_key!r}, open_id={self.open_id!r}, password=***)"


class PortalUI:
    """The portal's pages over one fake API (its portal, call log and events)."""

    def __init__(self, api: FakeTikTokAPI, *, any_host: bool = False) -> None:
        self.api = api
        self.portal: Portal = api.portal
        self.any_host = any_host
        """False: only a request naming a loopback host (``127.0.0.1``, ``localhost``, ``[::1]``)
        in its ``Host`` header is answered, so that a web page whose domain an attacker points
        at 127.0.0.1 (DNS rebinding) cannot drive the portal. :class:`LiveServer` sets it when
        asked to serve the pages on any address."""
        self._key = secrets.token_bytes(32)
        self._pending: OrderedDict[str, _PendingLogin] = OrderedDict()

    # -- entry point ----------------------------------------------------------------------------
    def __call__(self, request: Request, path: str) -> Response:
        """The answer to ``path`` (which starts with ``/portal``)."""
        if path == PREFIX:
            return _redirect(PREFIX + "/")
        if path == PREFIX + "/static/portal.css":
            return Response(stylesheet(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})
        request.max_content_length = MAX_FORM_BYTES  # a larger form is a 413 page
        cookie = request.cookies.get(CSRF_COOKIE, "")
        fresh = not _good_cookie(cookie)
        if fresh:
            cookie = secrets.token_urlsafe(24)
        context = _Context(self, request, self._token(cookie))
        try:
            if not self.any_host and not _loopback_host(request.host):
                raise PageError(
                    403,
                    f"The portal's pages answer requests for this machine only (127.0.0.1, localhost), not for"
                    f" {request.host!r}. Start the server with --portal-ui (LiveServer(portal_ui=True)) to serve"
                    " them to other hosts.",
                )
            if request.method not in ("GET", "HEAD", "POST"):
                raise PageError(405, f"{request.method} is not a method of the portal's pages.")
            if request.method == "POST" and (
                fresh or not hmac.compare_digest(request.form.get("csrf", "").encode(), context.csrf.encode())
            ):
                raise PageError(
                    403,
                    "This form did not come from this portal page, or it expired (its CSRF token is missing or"
                    " wrong): nothing was changed. Reload the page and try again.",
                )
            with self.portal.lock:
                response = self._route(context, path)
        except PageError as error:
            response = context.page("error.html", error.status, title="Error", message=error.message)
        except HTTPException as error:  # a form too large, a body that cannot be read
            status = error.code or 400
            message = f"The form could not be read: {error.description or error.name}"
            response = context.page("error.html", status, title="Error", message=message)
        if fresh:
            response.set_cookie(CSRF_COOKIE, cookie, path=PREFIX + "/", httponly=True, samesite="Strict")
        response.headers.update(SECURITY_HEADERS)
        return response

    def _token(self, cookie: str) -> str:
        return hmac.new(self._key, cookie.encode(), hashlib.sha256).hexdigest()

    def _route(self, ctx: _Context, path: str) -> Response:
        parts = [p for p in path[len(PREFIX) :].split("/") if p]
        post = ctx.request.method == "POST"
        if not parts:
            return self._apps_post(ctx) if post else self._apps_page(ctx)
        if parts == ["activity"]:
            if post:
                raise PageError(405, "The Activity page has no form.")
            return self._activity_page(ctx)
        if parts[0] == "apps" and len(parts) >= 2:
            client = self.portal.client(parts[1])
            if client is None:
                raise PageError(404, f"No app or sandbox has the client key {parts[1]!r} on this portal.")
            if len(parts) == 2:
                if isinstance(client, App):
                    return self._app_post(ctx, client) if post else self._app_page(ctx, client)
                return self._sandbox_post(ctx, client) if post else self._sandbox_page(ctx, client)
            if parts[2:] == ["target-users", "add"] and isinstance(client, Sandbox):
                return self._add_account_post(ctx, client) if post else self._add_account_page(ctx, client)
        raise PageError(404, f"There is no portal page at {path}.")

    # -- Manage apps ----------------------------------------------------------------------------
    def _apps_page(self, ctx: _Context, status: int = 200, error: str = "") -> Response:
        owners = self._owners()
        return ctx.page("apps.html", status, title="Manage apps", owners=owners, error=error)

    def _owners(self) -> list[tuple[str, str, Developer | Organization, list[App]]]:
        """Every possible owner: its form value, its label, itself and its apps."""
        apps = self.portal.apps
        owners: list[tuple[str, str, Developer | Organization, list[App]]] = []
        for developer in self.portal.developers:
            mine = [a for a in apps if a.owner is developer]
            owners.append((f"developer:{developer.email}", developer.email, developer, mine))
        for index, organization in enumerate(self.portal.organizations):
            mine = [a for a in apps if a.owner is organization]
            owners.append((f"organization:{index}", f"{organization.name} (organization)", organization, mine))
        return owners

    def _apps_post(self, ctx: _Context) -> Response:
        action = ctx.form("action")
        try:
            if action == "signup":
                self.portal.signup(ctx.form("email").strip())
            elif action == "organization":
                owner = self._owner(ctx.form("owner"))
                if not isinstance(owner, Developer):
                    raise PageError(400, "An organization is created by a developer.")
                self.portal.create_organization(ctx.form("name").strip(), owner)
            elif action == "connect":
                app = self.portal.create_app(self._owner(ctx.form("owner")), ctx.form("name").strip())
                return _redirect(_app_url(app))
            else:
                raise PageError(400, f"Unknown action {action!r}.")
        except PortalRuleError as refusal:
            return self._apps_page(ctx, 400, str(refusal))
        return _redirect(PREFIX + "/")

    def _owner(self, value: str) -> Developer | Organization:
        for form_value, _, owner, _ in self._owners():
            if form_value == value:
                return owner
        raise PageError(400, f"Choose the app's owner (a developer or an organization), got {value!r}.")

    # -- an app (production client key) ----------------------------------------------------------
    def _app_page(
        self, ctx: _Context, app: App, status: int = 200, error: str = "", problems: tuple[str, ...] = ()
    ) -> Response:
        return ctx.page(
            "app.html",
            status,
            title=app.name,
            app=app,
            current=app,
            error=error,
            problems=problems,
            revealed=ctx.form("action") == "reveal" and status == 200,
            draft=app.draft,
            live=app.live,
            reviews=app.reviews,
            pending_review=app.pending_review,
            explain_keys=_explain_keys(app.draft),
            **self._app_context(app),
        )

    def _app_context(self, app: App) -> dict[str, Any]:
        return {
            "sandboxes": app.sandboxes,
            "max_sandboxes": MAX_SANDBOXES_PER_APP,
            "versions": app.versions,
            "url_properties": app.url_properties,
        }

    def _app_post(self, ctx: _Context, app: App) -> Response:
        action = ctx.form("action")
        if action == "reveal":
            return self._app_page(ctx, app)
        try:
            target = self._app_action(ctx, app, action)
        except SubmissionIncomplete as refusal:
            return self._app_page(ctx, app, 400, refusal.rule, refusal.problems)
        except PortalRuleError as refusal:
            return self._app_page(ctx, app, 400, str(refusal))
        return _redirect(target)

    def _app_action(self, ctx: _Context, app: App, action: str) -> str:
        """Do ``action`` on ``app``; where to go next."""
        if action == "mode":
            app.mode = ctx.form("mode")  # type: ignore[assignment]  # the model refuses other values
            if app.mode == "sandbox" and app.sandboxes:
                return _app_url(app.sandboxes[0])
        elif action == "create_sandbox":
            source = self._clone_source(app, ctx.form("clone_from"))
            created = app.create_sandbox(ctx.form("name").strip(), clone_from=source)
            app.mode = "sandbox"
            return _app_url(created)
        elif action == "import":
            chosen = self.portal.client(ctx.form("sandbox"))
            if not isinstance(chosen, Sandbox):
                raise PageError(400, "Choose the sandbox to import.")
            app.import_sandbox(chosen)
        elif action == "revert":
            app.revert_draft_to_live()
        elif action == "explain":
            draft = app.draft
            texts = {k: ctx.form(f"explain:{k}").strip() for k in _explain_keys(draft)}
            app.set_product_explanations({k: v for k, v in texts.items() if v})
        elif action == "submit":
            names = [n.strip() for n in ctx.form("demo_videos").replace("\n", ",").split(",") if n.strip()]
            app.submit_for_review([DemoVideo(n) for n in names])
        elif action == "recall":
            app.recall()
        elif action == "approve_review":
            app.approve_review()
        elif action == "reject_review":
            app.reject_review([c.strip() for c in ctx.form("comments").splitlines() if c.strip()])
        elif action == "create_revision":
            app.create_revision()
        elif self._url_property_action(app, action, ctx):
            pass
        else:
            raise PageError(400, f"Unknown action {action!r}.")
        return _app_url(app)

    def _clone_source(self, app: App, value: str) -> Sandbox | AppVersion | None:
        kind, _, which = value.partition(":")
        if kind == "sandbox":
            source = self.portal.client(which)
            if isinstance(source, Sandbox):
                return source
        elif kind == "version":
            for version in app.versions:
                if str(version.number) == which:
                    return version
        elif not value:
            return None
        raise PageError(400, f"Clone from an existing version or sandbox, got {value!r}.")

    @staticmethod
    def _url_property_action(app: App, action: str, ctx: _Context) -> bool:
        if action == "verify_url_property":
            app.verify_url_property(ctx.form("value").strip())
        elif action == "remove_url_property":
            app.remove_url_property(ctx.form("value"))
        else:
            return False
        return True

    # -- a sandbox ----------------------------------------------------------------------------
    def _sandbox_page(self, ctx: _Context, sandbox: Sandbox, status: int = 200, error: str = "") -> Response:
        app = sandbox.app
        pending = sandbox.pending
        added = ctx.request.args.get("added", "")
        return ctx.page(
            "sandbox.html",
            status,
            title=f"{sandbox.name} | {app.name}",
            app=app,
            current=sandbox,
            sandbox=sandbox,
            error=error,
            revealed=ctx.form("action") == "reveal" and status == 200,
            pending=pending,
            applied=sandbox.config,
            changes=sorted(sandbox.unapplied_changes()),
            products=[(p.value, spec) for p, spec in PRODUCTS.items()],
            scopes=[s for p in pending.products for s in PRODUCTS[p].scopes],
            default_scopes={s for p in pending.products for s in PRODUCTS[p].default_scopes},
            platforms=PLATFORMS,
            platform_titles=_PLATFORM_TITLES,
            target_users=sandbox.target_users,
            waiting=len(sandbox.all_target_users) - len(sandbox.target_users),
            max_target_users=MAX_TARGET_USERS_PER_SANDBOX,
            added=added,
            **self._app_context(app),
        )

    def _sandbox_post(self, ctx: _Context, sandbox: Sandbox) -> Response:
        action = ctx.form("action")
        if action == "reveal":
            return self._sandbox_page(ctx, sandbox)
        try:
            target = self._sandbox_action(ctx, sandbox, action)
        except PortalRuleError as refusal:
            return self._sandbox_page(ctx, sandbox, 400, str(refusal))
        anchor = {"remove_target_user": "#target-users"}.get(action, "")
        return _redirect(target or _app_url(sandbox) + anchor)

    def _sandbox_action(self, ctx: _Context, sandbox: Sandbox, action: str) -> str | None:
        """Do ``action`` on ``sandbox``; where to go next when it is not the sandbox's page."""
        platform: Any = ctx.form("platform")  # the model refuses a platform it does not know
        if action == "details":
            fields = {name: ctx.form(name).strip() or None for name in _DETAIL_FIELDS}
            fields["name"] = fields["name"] or ""
            sandbox.update_details(**fields)
        elif action == "add_platform":
            settings: dict[str, Any] = {}
            for name in _PLATFORM_FIELDS:
                value = ctx.form(f"{platform}:{name}").strip()
                if value:
                    settings[name] = tuple(value.replace(",", " ").split()) if name == "signatures" else value
            sandbox.add_platform(platform, **settings)
        elif action == "remove_platform":
            sandbox.remove_platform(platform)
        elif action == "enable_product":
            sandbox.enable_product(ctx.form("product"))
        elif action == "disable_product":
            sandbox.disable_product(ctx.form("product"))
        elif action == "add_scope":
            sandbox.add_scope(ctx.form("scope"))
        elif action == "remove_scope":
            sandbox.remove_scope(ctx.form("scope"))
        elif action == "add_redirect_uri":
            sandbox.add_redirect_uri(platform, ctx.form("uri").strip())
        elif action == "remove_redirect_uri":
            sandbox.remove_redirect_uri(platform, ctx.form("uri"))
        elif action == "direct_post":
            sandbox.set_direct_post(ctx.form("enabled") == "on")
        elif action == "webhook_callback_url":
            sandbox.set_webhook_callback_url(ctx.form("url").strip() or None)
        elif action == "apply":
            sandbox.apply_changes()
        elif action == "discard":
            sandbox.discard_changes()
        elif action == "remove_target_user":
            sandbox.remove_target_user(self._account(ctx.form("open_id")))
        elif action == "mode":
            sandbox.app.mode = ctx.form("mode")  # type: ignore[assignment]  # the model refuses other values
            if sandbox.app.mode == "production":
                return _app_url(sandbox.app)
        elif not self._url_property_action(sandbox.app, action, ctx):
            raise PageError(400, f"Unknown action {action!r}.")
        return None

    def _account(self, open_id: str) -> Account:
        try:
            return self.portal.account(open_id)
        except KeyError:
            raise PageError(400, f"No TikTok account has the open_id {open_id!r}.") from None

    # -- Target users: Add account ------------------------------------------------------------
    def _add_account_page(
        self, ctx: _Context, sandbox: Sandbox, status: int = 200, error: str = "", username: str = ""
    ) -> Response:
        return ctx.page(
            "add_account.html",
            status,
            title=f"Add account | {sandbox.name}",
            app=sandbox.app,
            sandbox=sandbox,
            error=error,
            username=username,
        )

    def _add_account_post(self, ctx: _Context, sandbox: Sandbox) -> Response:
        action = ctx.form("action")
        if action == "login":
            username = ctx.form("username").strip().lstrip("@")
            account = self.portal.find_account(username) if username else None
            if account is None:
                why = "Enter a username and a password." if not username else "Incorrect username or password."
                return self._add_account_page(ctx, sandbox, 400, why, username)
            password = ctx.form("password")
            try:  # the model checks the password (and the account) before the terms
                sandbox.add_target_user(account, password, accept_terms=False)
            except TermsNotAccepted:
                pass  # the credentials are right: the terms come next
            except PortalRuleError as refusal:
                return self._add_account_page(ctx, sandbox, 400, str(refusal), username)
            token = secrets.token_urlsafe(24)
            self._pending[token] = _PendingLogin(sandbox.client_key, account.open_id, password)
            while len(self._pending) > MAX_PENDING_LOGINS:
                self._pending.popitem(last=False)
            return self._terms_page(ctx, sandbox, account, token)
        if action == "terms":
            token = ctx.form("login")
            login = self._pending.get(token)
            if login is None or login.client_key != sandbox.client_key:
                return self._add_account_page(ctx, sandbox, 400, "Your log-in has expired: log in again.")
            account = self._account(login.open_id)
            try:
                sandbox.add_target_user(account, login.password, accept_terms=ctx.form("agree") == "yes")
            except TermsNotAccepted as refusal:
                return self._terms_page(ctx, sandbox, account, token, 400, str(refusal))
            except PortalRuleError as refusal:
                del self._pending[token]
                return self._sandbox_page(ctx, sandbox, 400, str(refusal))
            del self._pending[token]
            return _redirect(f"{_app_url(sandbox)}?added={quote(account.username)}#target-users")
        raise PageError(400, f"Unknown action {action!r}.")

    def _terms_page(
        self, ctx: _Context, sandbox: Sandbox, account: Account, token: str, status: int = 200, error: str = ""
    ) -> Response:
        return ctx.page(
            "terms.html",
            status,
            title="TikTok Developer Terms of Service",
            app=sandbox.app,
            sandbox=sandbox,
            account=account,
            login=token,
            error=error,
        )

    # -- Activity -----------------------------------------------------------------------------------
    def _activity_page(self, ctx: _Context) -> Response:
        calls = list(self.api.calls)[-ACTIVITY_ROWS:]
        events = list(self.portal.events)[-ACTIVITY_ROWS:]
        refresh = ctx.request.args.get("refresh", "5")
        seconds = int(refresh) if refresh.isdigit() and 0 < int(refresh) <= 3600 else 0
        return ctx.page(
            "activity.html",
            200,
            title="Activity",
            calls=[
                {
                    "time": _when(c.time),
                    "method": c.method,
                    "url": f"{c.request.host}{c.path}",
                    "status": c.status,
                    "error": c.error_code or "",
                }
                for c in reversed(calls)
            ],
            events=[
                {
                    "time": _when(e.create_time),
                    "client_key": e.client_key,
                    "event": e.event,
                    "user_openid": e.user_openid,
                    "callback_url": e.callback_url,
                    "content": json.dumps(e.content, sort_keys=True),
                }
                for e in reversed(events)
            ],
            total_calls=len(self.api.calls),
            total_events=len(self.portal.events),
            refresh=seconds,
        )


class _Context:
    """One request: its form and the CSRF token its forms carry."""

    def __init__(self, ui: PortalUI, request: Request, csrf: str) -> None:
        self.ui = ui
        self.request = request
        self.csrf = csrf

    def form(self, name: str) -> str:
        return str(self.request.form.get(name, "")) if self.request.method == "POST" else ""

    def page(self, template: str, status: int, **context: Any) -> Response:
        context.setdefault("error", "")
        context.setdefault("app", None)
        html = render(
            f"portal/{template}",
            csrf=self.csrf,
            prefix=PREFIX,
            apps=self.ui.portal.apps,
            app_url=_app_url,
            **context,
        )
        return Response(html, status=status, mimetype="text/html")


def _loopback_host(host: str) -> bool:
    """Whether a ``Host`` header names this machine: a loopback address or ``localhost``."""
    if host.startswith("["):
        name = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        name = host.partition(":")[0]
    else:
        name = host
    name = name.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _good_cookie(value: str) -> bool:
    return 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()


def _app_url(client: App | Sandbox) -> str:
    return f"{PREFIX}/apps/{quote(client.client_key, safe='')}/"


def _redirect(location: str) -> Response:
    return Response("", status=303, headers={"Location": location})


def _explain_keys(draft: AppVersion | None) -> list[str]:
    """The products and scopes of the Draft that review wants explained."""
    if draft is None:
        return []
    config = draft.config
    products = [p.value for p in PRODUCTS if p in config.products]
    return products + sorted(config.scopes)


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))
