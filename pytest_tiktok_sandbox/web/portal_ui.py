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

This module routes a request to its page (``portal_pages.py``) or form (``portal_forms.py``)
behind the guards of ``portal_security.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from ..portal.apps import App
from ..portal.sandbox import Sandbox
from .portal_forms import MAX_PENDING_LOGINS, AddAccountForm, app_post, apps_post, sandbox_post
from .portal_pages import (
    ACTIVITY_ROWS,
    PREFIX,
    PageContext,
    PageError,
    activity_page,
    add_account_page,
    app_page,
    apps_page,
    redirect,
    sandbox_page,
)
from .portal_security import CSRF_COOKIE, MAX_FORM_BYTES, SECURITY_HEADERS, CsrfTokens, loopback_host
from .templating import stylesheet

if TYPE_CHECKING:
    from ..api.fake_api import FakeTikTokAPI
    from ..portal.portal import Portal

__all__ = [
    "ACTIVITY_ROWS",
    "CSRF_COOKIE",
    "MAX_FORM_BYTES",
    "MAX_PENDING_LOGINS",
    "PREFIX",
    "SECURITY_HEADERS",
    "PageError",
    "PortalUI",
]


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
        self._csrf = CsrfTokens()
        self._add_account = AddAccountForm()

    def __call__(self, request: Request, path: str) -> Response:
        """The answer to ``path`` (which starts with ``/portal``)."""
        if path == PREFIX:
            return redirect(PREFIX + "/")
        if path == PREFIX + "/static/portal.css":
            return Response(stylesheet(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})
        request.max_content_length = MAX_FORM_BYTES  # a larger form is a 413 page
        cookie, fresh = self._csrf.cookie(request.cookies.get(CSRF_COOKIE, ""))
        ctx = PageContext(self.portal, request, self._csrf.token(cookie))
        try:
            if not self.any_host and not loopback_host(request.host):
                raise PageError(
                    403,
                    f"The portal's pages answer requests for this machine only (127.0.0.1, localhost), not for"
                    f" {request.host!r}. Start the server with --portal-ui (LiveServer(portal_ui=True)) to serve"
                    " them to other hosts.",
                )
            if request.method not in ("GET", "HEAD", "POST"):
                raise PageError(405, f"{request.method} is not a method of the portal's pages.")
            if request.method == "POST" and (fresh or not self._csrf.matches(request.form.get("csrf", ""), ctx.csrf)):
                raise PageError(
                    403,
                    "This form did not come from this portal page, or it expired (its CSRF token is missing or"
                    " wrong): nothing was changed. Reload the page and try again.",
                )
            with self.portal.lock:
                response = self._route(ctx, path)
        except PageError as error:
            response = ctx.page("error.html", error.status, title="Error", message=error.message)
        except HTTPException as error:  # a form too large, a body that cannot be read
            status = error.code or 400
            message = f"The form could not be read: {error.description or error.name}"
            response = ctx.page("error.html", status, title="Error", message=message)
        if fresh:
            response.set_cookie(CSRF_COOKIE, cookie, path=PREFIX + "/", httponly=True, samesite="Strict")
        response.headers.update(SECURITY_HEADERS)
        return response

    def _route(self, ctx: PageContext, path: str) -> Response:
        parts = [p for p in path[len(PREFIX) :].split("/") if p]
        post = ctx.request.method == "POST"
        if not parts:
            return apps_post(ctx) if post else apps_page(ctx)
        if parts == ["activity"]:
            if post:
                raise PageError(405, "The Activity page has no form.")
            return activity_page(ctx, self.api)
        if parts[0] == "apps" and len(parts) >= 2:
            client = self.portal.client(parts[1])
            if client is None:
                raise PageError(404, f"No app or sandbox has the client key {parts[1]!r} on this portal.")
            if len(parts) == 2:
                if isinstance(client, App):
                    return app_post(ctx, client) if post else app_page(ctx, client)
                return sandbox_post(ctx, client) if post else sandbox_page(ctx, client)
            if parts[2:] == ["target-users", "add"] and isinstance(client, Sandbox):
                return self._add_account.post(ctx, client) if post else add_account_page(ctx, client)
        raise PageError(404, f"There is no portal page at {path}.")
