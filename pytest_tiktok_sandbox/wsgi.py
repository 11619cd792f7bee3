"""The whole fake as a WSGI application: TikTok's three hosts answered from one
:class:`FakeTikTokAPI`, routed by the path exactly as the client sent it.

One server answers for TikTok's three hosts, so requests are routed by path:
``/v2/auth/authorize/`` is www.tiktok.com's authorize page (a real one a person can use:
see ``web/authorize_page.py``), ``/video/`` is the upload host's ``PUT {upload_url}``,
``/portal/`` the developer portal's pages (``web/portal_ui.py``), and every other path is
open.tiktokapis.com. Routing uses the raw request target (``%2F`` stays ``%2F``), as the
in-process mock sees it; a body whose framing is broken is answered in the shape of the
endpoint asked. :class:`~pytest_tiktok_sandbox.server.LiveServer` serves it on a socket.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import quote

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from .api import envelope
from .api.envelope import ApiError
from .api.hosts import API_HOST, UPLOAD_HOST, WEB_HOST
from .api.http import ApiRequest, ApiResponse
from .api.oauth import AUTHORIZE_PATH, REVOKE_PATH, TOKEN_PATH
from .api.oembed import OEMBED_PATH
from .api.pages import bad_request_page
from .api.upload import UPLOAD_PATH
from .web.authorize_page import AuthorizePage
from .web.portal_ui import PREFIX as PORTAL_UI_PREFIX, PortalUI
from .web.templating import render

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .api.fake_api import FakeTikTokAPI


def tiktok_host(path: str) -> str:
    """Which of TikTok's hosts answers ``path`` on the live server."""
    if path in (AUTHORIZE_PATH, OEMBED_PATH):
        return WEB_HOST
    if path == UPLOAD_PATH:
        return UPLOAD_HOST
    return API_HOST


class SandboxWSGIApp:
    """A WSGI application answering TikTok's hosts from ``api`` (routing by path).

    ``authorize_page``: serve the page a person logs in on (default); False answers the
    authorize path as the in-process mock does, from ``api.login()``'s browser session.
    ``portal_ui``: serve the developer portal's pages at ``/portal/`` (``web/portal_ui.py``);
    :class:`LiveServer` sets :attr:`serve_portal_ui` once it knows the address it listens on.
    """

    def __init__(self, api: FakeTikTokAPI, *, authorize_page: bool = True, portal_ui: bool = True) -> None:
        self.api = api
        self.page = AuthorizePage(api) if authorize_page else None
        self.portal_ui = PortalUI(api) if portal_ui else None
        self.serve_portal_ui = portal_ui
        """False: ``/portal/`` answers that the pages are off (a server not on loopback)."""

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        path, query = raw_target(environ)
        if path == "/favicon.ico":  # a browser's, not a TikTok call: not logged
            return Response(status=204)(environ, start_response)
        if self.portal_ui is not None and (path == PORTAL_UI_PREFIX or path.startswith(PORTAL_UI_PREFIX + "/")):
            return self._portal_page(request, path)(environ, start_response)
        url = f"https://{tiktok_host(path)}{path}" + (f"?{query}" if query else "")
        headers = {name.lower(): value for name, value in request.headers.items()}
        origin = request.host_url.rstrip("/")  # the address the client used, for messages
        try:
            body = request.get_data(cache=False)
        except (OSError, ValueError, HTTPException) as broken:  # chunked framing, a short body
            api_request = ApiRequest(request.method.upper(), url, headers, origin=origin)
            answer = self.api.handle(api_request, partial(_unreadable_body, str(broken)))
            answer.headers["Connection"] = "close"  # the rest of the stream cannot be framed
        else:
            api_request = ApiRequest(request.method.upper(), url, headers, body, origin)
            if self.page is not None and path == AUTHORIZE_PATH and request.method in ("GET", "HEAD", "POST"):
                answer = self.api.handle(api_request, self.page.handle)
            else:
                answer = self.api.handle(api_request)
        response = Response(answer.body, status=answer.status, headers=list(answer.headers.items()))
        return response(environ, start_response)

    def _portal_page(self, request: Request, path: str) -> Response:
        """The developer portal's page at ``path`` (not a TikTok call: not in the call log)."""
        assert self.portal_ui is not None
        if not self.serve_portal_ui:
            return Response(render("portal/off.html"), status=404, mimetype="text/html")
        return self.portal_ui(request, path)

    def unparsable(self, status: int, reason: str) -> ApiResponse:
        """The answer to a request the HTTP server could not parse (no route, no call log)."""
        portal = self.api.portal
        with portal.lock:
            log_id = portal.ids.log_id(portal.clock.now())
        message = f"The request could not be read as HTTP: {reason}."
        return envelope.error(ApiError(status, "invalid_params", message), log_id)


_PATH_SAFE = "/:@!$&'()*+,;=-._~"
"""What a path may hold unescaped (RFC 3986)."""


def raw_target(environ: WSGIEnvironment) -> tuple[str, str]:
    """The path and query exactly as the client sent them: ``%2F``, ``%3F`` and ``%23`` stay
    escaped, as in the URL the in-process mock sees (WSGI's ``PATH_INFO`` is decoded)."""
    raw: str | None = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:  # a WSGI server that keeps no raw target: re-escape the decoded path
        decoded = str(environ.get("PATH_INFO", "")).encode("latin-1")
        return quote(decoded, safe=_PATH_SAFE) or "/", str(environ.get("QUERY_STRING", ""))
    if not raw.startswith("/") and "://" in raw:  # absolute form: GET http://host/path HTTP/1.1
        raw = "/" + raw.partition("://")[2].partition("/")[2]
    path, _, query = raw.partition("?")
    script = quote(str(environ.get("SCRIPT_NAME", "")).encode("latin-1"), safe=_PATH_SAFE)
    if script and path.startswith(script + "/"):  # mounted under a prefix
        path = path[len(script) :]
    return path.replace("#", "%23") or "/", query  # a raw "#" would end the path of the URL built from it


def _unreadable_body(reason: str, request: ApiRequest, log_id: str) -> ApiResponse:
    """The answer to a body that cannot be read (broken chunked framing, a short body), in the
    shape of the endpoint asked: the flat OAuth body, an HTML page, or the v2 envelope."""
    message = f"The request body's chunked framing is malformed or the body is incomplete ({reason})."
    if request.path in (TOKEN_PATH, REVOKE_PATH):
        return envelope.oauth_error(400, "invalid_request", message, log_id)
    if request.path == AUTHORIZE_PATH:
        return envelope.html(400, bad_request_page(message), log_id, "invalid_request")
    return envelope.error(ApiError(400, "invalid_params", message), log_id)
