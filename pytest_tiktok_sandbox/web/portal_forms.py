"""The portal's forms: each ``action`` a page posts, done with the portal model's public
methods (the caller holds the portal's lock). A refusal shows the page again with the model's
own message (:class:`PortalRuleError`) and status 400; a success redirects (303)."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.wrappers import Response

from ..portal.apps import App
from ..portal.developers import Developer, Organization
from ..portal.errors import PortalRuleError, SubmissionIncomplete, TermsNotAccepted
from ..portal.review import DemoVideo
from ..portal.sandbox import Sandbox
from ..portal.versions import AppVersion
from .portal_pages import (
    PREFIX,
    PageContext,
    PageError,
    add_account_page,
    app_page,
    app_url,
    apps_page,
    explain_keys,
    owners,
    redirect,
    sandbox_page,
    terms_page,
)

if TYPE_CHECKING:
    from ..accounts import Account

MAX_PENDING_LOGINS = 64
"""Add-account log-ins waiting for the terms to be accepted (the oldest are forgotten)."""

_DETAIL_FIELDS = ("name", "category", "description", "icon", "terms_of_service_url", "privacy_policy_url")
_PLATFORM_FIELDS = ("website_url", "package_name", "play_store_url", "signatures", "app_store_url", "bundle_id")


# -- Manage apps --------------------------------------------------------------------------------
def apps_post(ctx: PageContext) -> Response:
    action = ctx.form("action")
    portal = ctx.portal
    try:
        if action == "signup":
            portal.signup(ctx.form("email").strip())
        elif action == "organization":
            owner = _owner(ctx, ctx.form("owner"))
            if not isinstance(owner, Developer):
                raise PageError(400, "An organization is created by a developer.")
            portal.create_organization(ctx.form("name").strip(), owner)
        elif action == "connect":
            app = portal.create_app(_owner(ctx, ctx.form("owner")), ctx.form("name").strip())
            return redirect(app_url(app))
        else:
            raise PageError(400, f"Unknown action {action!r}.")
    except PortalRuleError as refusal:
        return apps_page(ctx, 400, str(refusal))
    return redirect(PREFIX + "/")


def _owner(ctx: PageContext, value: str) -> Developer | Organization:
    for form_value, _, owner, _ in owners(ctx.portal):
        if form_value == value:
            return owner
    raise PageError(400, f"Choose the app's owner (a developer or an organization), got {value!r}.")


# -- an app's page and a sandbox's --------------------------------------------------------------
def app_post(ctx: PageContext, app: App) -> Response:
    return _post(ctx, partial(_app_action, ctx, app), partial(app_page, ctx, app))


def sandbox_post(ctx: PageContext, sandbox: Sandbox) -> Response:
    return _post(ctx, partial(_sandbox_action, ctx, sandbox), partial(sandbox_page, ctx, sandbox))


def _post(ctx: PageContext, act: Callable[[str], str], page: Callable[..., Response]) -> Response:
    """Do the form's action (``act`` answers where to go next), or show the page again: as it
    is for a Reveal (the secret shows in that answer only), with the refusal otherwise."""
    action = ctx.form("action")
    if action == "reveal":
        return page()
    try:
        target = act(action)
    except SubmissionIncomplete as refusal:  # an app's Submit for review: the problems listed
        return page(400, refusal.rule, problems=refusal.problems)
    except PortalRuleError as refusal:
        return page(400, str(refusal))
    return redirect(target)


def _app_action(ctx: PageContext, app: App, action: str) -> str:
    """Do ``action`` on ``app``; where to go next."""
    if action == "mode":
        app.mode = ctx.form("mode")  # type: ignore[assignment]  # the model refuses other values
        if app.mode == "sandbox" and app.sandboxes:
            return app_url(app.sandboxes[0])
    elif action == "create_sandbox":
        source = _clone_source(ctx, app, ctx.form("clone_from"))
        created = app.create_sandbox(ctx.form("name").strip(), clone_from=source)
        app.mode = "sandbox"
        return app_url(created)
    elif action == "import":
        chosen = ctx.portal.client(ctx.form("sandbox"))
        if not isinstance(chosen, Sandbox):
            raise PageError(400, "Choose the sandbox to import.")
        app.import_sandbox(chosen)
    elif action == "revert":
        app.revert_draft_to_live()
    elif action == "explain":
        texts = {k: ctx.form(f"explain:{k}").strip() for k in explain_keys(app.draft)}
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
    elif not _url_property_action(ctx, app, action):
        raise PageError(400, f"Unknown action {action!r}.")
    return app_url(app)


def _clone_source(ctx: PageContext, app: App, value: str) -> Sandbox | AppVersion | None:
    kind, _, which = value.partition(":")
    if kind == "sandbox":
        source = ctx.portal.client(which)
        if isinstance(source, Sandbox):
            return source
    elif kind == "version":
        for version in app.versions:
            if str(version.number) == which:
                return version
    elif not value:
        return None
    raise PageError(400, f"Clone from an existing version or sandbox, got {value!r}.")


def _url_property_action(ctx: PageContext, app: App, action: str) -> bool:
    if action == "verify_url_property":
        app.verify_url_property(ctx.form("value").strip())
    elif action == "remove_url_property":
        app.remove_url_property(ctx.form("value"))
    else:
        return False
    return True


def _sandbox_action(ctx: PageContext, sandbox: Sandbox, action: str) -> str:
    """Do ``action`` on ``sandbox``; where to go next."""
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
        sandbox.remove_target_user(_account(ctx, ctx.form("open_id")))
        return app_url(sandbox) + "#target-users"
    elif action == "mode":
        sandbox.app.mode = ctx.form("mode")  # type: ignore[assignment]  # the model refuses other values
        if sandbox.app.mode == "production":
            return app_url(sandbox.app)
    elif not _url_property_action(ctx, sandbox.app, action):
        raise PageError(400, f"Unknown action {action!r}.")
    return app_url(sandbox)


def _account(ctx: PageContext, open_id: str) -> Account:
    try:
        return ctx.portal.account(open_id)
    except KeyError:
        raise PageError(400, f"No TikTok account has the open_id {open_id!r}.") from None


# -- Target users: Add account ------------------------------------------------------------------
@dataclass(slots=True)
class _PendingLogin:
    """An account logged in on the Add account form, waiting for the terms."""

    client_key: str
    open_id: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"_PendingLogin(client_key={self.client_key!r}, open_id={self.open_id!r}, password=***)"


class AddAccountForm:
    """Add account: a fake account's TikTok log-in, then the Developer Terms of Service. The
    log-ins waiting for the terms are kept here (the newest :data:`MAX_PENDING_LOGINS`)."""

    def __init__(self) -> None:
        self._pending: OrderedDict[str, _PendingLogin] = OrderedDict()

    def post(self, ctx: PageContext, sandbox: Sandbox) -> Response:
        action = ctx.form("action")
        if action == "login":
            return self._log_in(ctx, sandbox)
        if action == "terms":
            return self._accept_terms(ctx, sandbox)
        raise PageError(400, f"Unknown action {action!r}.")

    def _log_in(self, ctx: PageContext, sandbox: Sandbox) -> Response:
        username = ctx.form("username").strip().lstrip("@")
        account = ctx.portal.find_account(username) if username else None
        if account is None:
            why = "Enter a username and a password." if not username else "Incorrect username or password."
            return add_account_page(ctx, sandbox, 400, why, username)
        password = ctx.form("password")
        try:  # the model checks the password (and the account) before the terms
            sandbox.add_target_user(account, password, accept_terms=False)
        except TermsNotAccepted:
            pass  # the credentials are right: the terms come next
        except PortalRuleError as refusal:
            return add_account_page(ctx, sandbox, 400, str(refusal), username)
        token = secrets.token_urlsafe(24)
        self._pending[token] = _PendingLogin(sandbox.client_key, account.open_id, password)
        while len(self._pending) > MAX_PENDING_LOGINS:
            self._pending.popitem(last=False)
        return terms_page(ctx, sandbox, account, token)

    def _accept_terms(self, ctx: PageContext, sandbox: Sandbox) -> Response:
        token = ctx.form("login")
        login = self._pending.get(token)
        if login is None or login.client_key != sandbox.client_key:
            return add_account_page(ctx, sandbox, 400, "Your log-in has expired: log in again.")
        account = _account(ctx, login.open_id)
        try:
            sandbox.add_target_user(account, login.password, accept_terms=ctx.form("agree") == "yes")
        except TermsNotAccepted as refusal:
            return terms_page(ctx, sandbox, account, token, 400, str(refusal))
        except PortalRuleError as refusal:
            del self._pending[token]
            return sandbox_page(ctx, sandbox, 400, str(refusal))
        del self._pending[token]
        return redirect(f"{app_url(sandbox)}?added={quote(account.username)}#target-users")
