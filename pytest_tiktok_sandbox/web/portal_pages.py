"""The portal's pages as HTML (``templates/portal/``): what each shows of the portal model,
and the error page. Nothing here changes the model (the forms are ``portal_forms.py``)."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from ..portal.apps import App
from ..portal.config import PLATFORMS
from ..portal.developers import Developer, Organization
from ..portal.products import MAX_SANDBOXES_PER_APP, MAX_TARGET_USERS_PER_SANDBOX, PRODUCTS
from .templating import render

if TYPE_CHECKING:
    from ..accounts import Account
    from ..api.fake_api import FakeTikTokAPI
    from ..portal.portal import AppOrSandbox, Portal
    from ..portal.sandbox import Sandbox
    from ..portal.versions import AppVersion

PREFIX = "/portal"
ACTIVITY_ROWS = 200
"""The newest calls and events the Activity page lists."""

_PLATFORM_TITLES = {"web": "Web", "desktop": "Desktop", "android": "Android", "ios": "iOS"}

Owner = tuple[str, str, Developer | Organization, list[App]]
"""A possible owner of an app: its form value, its label, itself and its apps."""


class PageError(Exception):
    """A request the UI answers with an error page (404, 403, 405, 400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class PageContext:
    """One request: the portal, the request's form and the CSRF token its forms carry."""

    def __init__(self, portal: Portal, request: Request, csrf: str) -> None:
        self.portal = portal
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
            apps=self.portal.apps,
            app_url=app_url,
            **context,
        )
        return Response(html, status=status, mimetype="text/html")


def app_url(client: AppOrSandbox) -> str:
    return f"{PREFIX}/apps/{quote(client.client_key, safe='')}/"


def redirect(location: str) -> Response:
    return Response("", status=303, headers={"Location": location})


# -- Manage apps --------------------------------------------------------------------------------
def apps_page(ctx: PageContext, status: int = 200, error: str = "") -> Response:
    return ctx.page("apps.html", status, title="Manage apps", owners=owners(ctx.portal), error=error)


def owners(portal: Portal) -> list[Owner]:
    """Every possible owner of an app and its apps."""
    apps = portal.apps
    found: list[Owner] = []
    for developer in portal.developers:
        mine = [a for a in apps if a.owner is developer]
        found.append((f"developer:{developer.email}", developer.email, developer, mine))
    for index, organization in enumerate(portal.organizations):
        mine = [a for a in apps if a.owner is organization]
        found.append((f"organization:{index}", f"{organization.name} (organization)", organization, mine))
    return found


# -- an app (production client key) and a sandbox -----------------------------------------------
def app_page(
    ctx: PageContext, app: App, status: int = 200, error: str = "", problems: tuple[str, ...] = ()
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
        explain_keys=explain_keys(app.draft),
        **_app_context(app),
    )


def sandbox_page(ctx: PageContext, sandbox: Sandbox, status: int = 200, error: str = "") -> Response:
    app = sandbox.app
    pending = sandbox.pending
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
        added=ctx.request.args.get("added", ""),
        **_app_context(app),
    )


def _app_context(app: App) -> dict[str, Any]:
    return {
        "sandboxes": app.sandboxes,
        "max_sandboxes": MAX_SANDBOXES_PER_APP,
        "versions": app.versions,
        "url_properties": app.url_properties,
    }


def explain_keys(draft: AppVersion | None) -> list[str]:
    """The products and scopes of the Draft that review wants explained."""
    if draft is None:
        return []
    config = draft.config
    products = [p.value for p in PRODUCTS if p in config.products]
    return products + sorted(config.scopes)


# -- Target users: Add account ----------------------------------------------------------------
def add_account_page(
    ctx: PageContext, sandbox: Sandbox, status: int = 200, error: str = "", username: str = ""
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


def terms_page(
    ctx: PageContext, sandbox: Sandbox, account: Account, token: str, status: int = 200, error: str = ""
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
def activity_page(ctx: PageContext, api: FakeTikTokAPI) -> Response:
    calls = list(api.calls)[-ACTIVITY_ROWS:]
    events = list(ctx.portal.events)[-ACTIVITY_ROWS:]
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
        total_calls=len(api.calls),
        total_events=len(ctx.portal.events),
        refresh=seconds,
    )


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))
